"""The one place that turns a Kubernetes VIM's VimConnectionInfo into a
configured ``kubernetes.client.ApiClient``, for the VIM driver and the
Kubernetes infra driver alike.

The VimConnectionInfo (SOL003 v2.6.1 4.4.1.6) of a Kubernetes VIM, as
``tacker.drivers.vim.kubernetes`` makes it:

- interfaceInfo ``endpoint``: the API server's URL; ``ssl_ca_cert``: PEM
  text of the CA(s) its certificate must chain to (else the system's
  CAs); ``cert_verify`` false: the certificate is not verified;
- accessInfo ``bearer_token``, or ``username`` and ``password`` (HTTP
  basic, RFC 7617); ``namespace``: where CNFs go unless their manifests
  say otherwise ("default" when absent).
"""
import base64
import contextlib
import logging
import re

from cryptography import x509
from kubernetes import client

from tacker.common import exceptions
from tacker.drivers.vim import base

SERVICE = 'Kubernetes API server'
DEFAULT_NAMESPACE = 'default'

# RFC 6750 2.1 b64token: what an Authorization: Bearer header carries.
_B64TOKEN = re.compile(r'[A-Za-z0-9._~+/-]+=*\Z')
# RFC 7617 2: neither part holds a control character, the user-id no
# colon.
_CONTROL = re.compile(r'[\x00-\x1f\x7f]')
_PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----'


def namespace(connection):
    """The namespace a VimConnectionInfo names, or "default"."""
    return (connection.get('accessInfo') or {}).get('namespace') \
        or DEFAULT_NAMESPACE


def check_ca_cert(url, pem):
    """Refuse an ``ssl_ca_cert`` that holds no PEM certificate, before
    any request is made with it.

    :raises VimCaCertInvalid
    """
    if _PEM_CERTIFICATE not in pem:
        raise exceptions.VimCaCertInvalid(
            service=SERVICE, url=url,
            reason='no "%s" block in it' % _PEM_CERTIFICATE.strip('-'))
    try:
        x509.load_pem_x509_certificates(pem.encode())
    except (ValueError, UnicodeError):
        raise exceptions.VimCaCertInvalid(
            service=SERVICE, url=url,
            reason='a certificate in it does not parse') from None


def _unusable(url, reason):
    return exceptions.VimCredentialsUnusable(service=SERVICE, url=url,
                                             reason=reason)


def _authorization(url, access):
    """The Authorization header value for accessInfo ``access``.

    :raises VimCredentialsUnusable: it gives no credentials, both kinds,
        or ones an HTTP header cannot carry.
    """
    token = access.get('bearer_token')
    user, password = access.get('username'), access.get('password')
    if token and (user or password):
        raise _unusable(url, 'mix two kinds: give a bearer_token, or a '
                             'username and password, not both')
    if token:
        if not _B64TOKEN.match(token):
            raise _unusable(url, 'cannot be sent: the bearer token is not '
                                 'an RFC 6750 b64token')
        return 'Bearer ' + token
    if not (user and password):
        raise _unusable(url, 'are incomplete: give a bearer_token, or a '
                             'username and password')
    if ':' in user or _CONTROL.search(user + password):
        raise _unusable(url, 'cannot be sent: HTTP basic authentication '
                             '(RFC 7617) takes no colon in the username '
                             'and no control characters')
    return 'Basic ' + base64.b64encode(
        ('%s:%s' % (user, password)).encode()).decode()


class _ApiClient(client.ApiClient):
    """An ApiClient whose calls that set no ``_request_timeout`` get
    ``timeout``: no request to a VIM waits without a deadline."""

    def __init__(self, configuration, timeout, header):
        super().__init__(configuration, header_name='Authorization',
                         header_value=header)
        self.timeout = timeout

    def call_api(self, *args, **kwargs):
        if not kwargs.get('_request_timeout'):
            kwargs['_request_timeout'] = self.timeout
        try:
            return super().call_api(*args, **kwargs)
        except AttributeError as error:
            # The client turns a TLS failure into an ApiException with
            # status 0 and no body, then fails decoding that body.
            failure = error.__context__
            if not isinstance(failure, client.ApiException):
                raise
            raise failure from failure.__context__


def _configuration(url):
    """A client Configuration for the API server at ``url``. Making one
    sets the "urllib3" and "client" loggers to WARNING (the client's
    debug switch, off): their levels are put back, so that logging stays
    as the operator configured it."""
    loggers = [logging.getLogger(name) for name in ('urllib3', 'client')]
    levels = [logger.level for logger in loggers]
    configuration = client.Configuration(host=url.rstrip('/'))
    for logger, level in zip(loggers, levels):
        logger.setLevel(level)
    return configuration


@contextlib.contextmanager
def api_client(connection, timeout):
    """An ApiClient for the Kubernetes VimConnectionInfo ``connection``
    whose every request ends within ``timeout`` seconds (urllib3's total
    timeout) unless the call sets its own ``_request_timeout``, and is
    tried once (no retries: the caller decides). The CA certificate lives
    in a temporary file while the client does, and is removed after.

    :raises VimCaCertInvalid, VimCredentialsUnusable: before any request.
    """
    interface = connection['interfaceInfo']
    url = interface['endpoint']
    header = _authorization(url, connection.get('accessInfo') or {})
    if interface.get('ssl_ca_cert') and interface.get('cert_verify',
                                                      True):
        check_ca_cert(url, interface['ssl_ca_cert'])
    configuration = _configuration(url)
    configuration.retries = False
    with base.tls_verify(interface) as verify:
        configuration.verify_ssl = verify is not False
        if isinstance(verify, str):
            configuration.ssl_ca_cert = verify
        with _ApiClient(configuration, timeout, header) as api:
            yield api
