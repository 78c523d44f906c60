"""TLS as the operator configures it: the API server's certificate (and
the clients' CA, for mutual TLS), and the peers Tacker's outbound calls
reach without verifying their certificate, an explicit choice said out
loud at start."""
import ssl

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Option groups whose verify_tls governs calls to one kind of peer.
PEER_GROUPS = {'notification': 'subscribers (callback URIs and their '
                               'OAuth2 token endpoints)',
               'nfvo': 'the external NFVO and its OAuth2 token endpoint'}


def configure_server(context, conf):
    """Set up the server-side ``context`` as ``[DEFAULT]`` says: TLS 1.2
    or later, ssl_cert_file with ssl_key_file, and, with ssl_ca_file,
    clients must present a certificate one of its CAs signed.

    :raises: SystemExit, once the reason is logged, when a file is not
        set, cannot be read or is not usable: a server meant to serve
        HTTPS does not start without it.
    """
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_files(conf, context.load_cert_chain,
                'ssl_cert_file', 'ssl_key_file')
    if conf.ssl_ca_file:
        _load_files(conf, context.load_verify_locations, 'ssl_ca_file')
        context.verify_mode = ssl.CERT_REQUIRED


def _load_files(conf, load, *options):
    """``load`` the files the ``options`` name; each is read first, so
    that the refusal names the one missing."""
    for option in options:
        if not conf[option]:
            _refuse('[DEFAULT] use_ssl needs %s' % option)
        try:
            with open(conf[option], 'rb'):
                pass
        except OSError as error:
            _refuse('[DEFAULT] %s %s cannot be read: %s' % (
                option, conf[option], error.strerror))
    try:
        load(*(conf[option] for option in options))
    except ssl.SSLError as error:
        _refuse('[DEFAULT] %s: not usable for TLS: %s' % (
            ', '.join('%s %s' % (option, conf[option])
                      for option in options), error))


def _refuse(reason):
    LOG.error('Cannot serve HTTPS: %s', reason)
    raise SystemExit(1)


def warn_unverified_peers(conf):
    """Log a warning for each kind of peer whose certificate is not
    verified, naming the option that says so."""
    for group, peers in PEER_GROUPS.items():
        if not conf[group].verify_tls:
            LOG.warning('[%s] verify_tls = False: the TLS certificates of '
                        '%s are not verified', group, peers)
