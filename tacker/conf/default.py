"""Options of ``[DEFAULT]``: service identity, API listener and its TLS,
liveness, and which addresses Tacker's outbound HTTP calls may reach."""
import ipaddress
import socket

from oslo_config import cfg
from oslo_config import types

service_opts = [
    cfg.StrOpt('host', default=socket.gethostname(),
               sample_default='<hostname>',
               help='Name of this node. The conductor uses it as its RPC '
                    'server name and as its identity in the conductors '
                    'table, so it must be unique among conductors.'),
    cfg.StrOpt('state_path', default='/var/lib/tacker',
               help='Directory where Tacker keeps its state. The default '
                    'SQLite database ([database] connection unset) lives '
                    'here as tacker.sqlite.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between two heartbeats of a conductor.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='Seconds after its last heartbeat when a conductor is '
                    'considered dead. Should be several times '
                    'report_interval.'),
    cfg.IntOpt('graceful_shutdown_timeout', default=4, min=0,
               help='Seconds a stopping service waits for requests or RPC '
                    'calls in progress before it exits anyway.'),
]

api_opts = [
    cfg.HostAddressOpt('bind_host', default='0.0.0.0',
                       help='Address the API server listens on.'),
    cfg.PortOpt('bind_port', default=9890,
                help='Port the API server listens on.'),
    cfg.IntOpt('api_workers', default=1, min=1,
               help='Number of API server processes. With more than one, '
                    'a parent process holds the socket and forks this many '
                    'workers, restarting any that dies.'),
    cfg.StrOpt('auth_strategy', default='noauth',
               choices=[('noauth', 'No authentication; every request acts '
                                   'as an administrator. Local runs only.'),
                        ('keystone', 'Tokens are validated by '
                                     'keystonemiddleware (see '
                                     '[keystone_authtoken]).')],
               help='How API requests are authenticated.'),
    cfg.IntOpt('max_request_body_size', default=1024 * 1024, min=1,
               help='Largest JSON request body accepted, in bytes; larger '
                    'bodies are refused with 413. Package uploads have '
                    'their own limit.'),
    cfg.URIOpt('public_endpoint', schemes=['http', 'https'],
               help='Base URL clients reach the API at (e.g. behind a load '
                    'balancer), used in _links and notifications. Unset: '
                    'the URL of the request, or http://<host>:<bind_port> '
                    'where there is no request.'),
    cfg.IntOpt('wsgi_keep_alive_timeout', default=90, min=1,
               help='Seconds an idle HTTP keep-alive connection is kept '
                    'open by the API server.'),
]

# The names upstream Tacker and other OpenStack API services give them.
tls_opts = [
    cfg.BoolOpt('use_ssl', default=False,
                help='Serve the API over HTTPS (TLS 1.2 or later) with '
                     'ssl_cert_file and ssl_key_file. tacker-server does '
                     'not start when they are missing, unreadable or do '
                     'not match.'),
    cfg.StrOpt('ssl_cert_file',
               help='PEM file of the API server\'s certificate, '
                    'intermediate CA certificates following it. Used '
                    'with use_ssl.'),
    cfg.StrOpt('ssl_key_file',
               help='PEM file of the private key of ssl_cert_file. Used '
                    'with use_ssl.'),
    cfg.StrOpt('ssl_ca_file',
               help='PEM file of the CA certificates that sign clients\' '
                    'certificates. When set (with use_ssl), every client '
                    'must present a certificate one of them signed '
                    '(mutual TLS); unset, clients present none.'),
]

# Addresses that reach this host itself or a cloud's metadata service
# (169.254.169.254) rather than a remote peer.
DEFAULT_DENIED_NETWORKS = ['127.0.0.0/8', '::1/128', '169.254.0.0/16',
                           'fe80::/10', '0.0.0.0/8', '::/128']


class _Network(types.String):
    """A CIDR (a bare address is a /32 or /128), normalised; ValueError
    makes oslo.config refuse a malformed entry at startup."""

    def __call__(self, value):
        value = super().__call__(value)
        return str(ipaddress.ip_network(value.strip(), strict=False))


_NETWORKS = types.List(item_type=_Network())

outbound_opts = [
    cfg.Opt('outbound_allowed_networks', type=_NETWORKS, default=[],
            help='CIDRs that Tacker\'s outbound HTTP calls may reach: '
            'subscribers\' callback URIs (test GET, '
            'notifications), upload_from_uri downloads, the '
            'external NFVO and OAuth2 token endpoints. Empty: '
            'every address not in outbound_denied_networks. The '
            'addresses a name resolves to are checked, and the '
            'connection goes to the address checked. An '
            'IPv4-mapped IPv6 address (::ffff:a.b.c.d) is checked '
            'as a.b.c.d too.'),
    cfg.Opt('outbound_denied_networks', type=_NETWORKS,
            default=DEFAULT_DENIED_NETWORKS,
            help='CIDRs that outbound HTTP calls never reach, even when '
            'outbound_allowed_networks lists them (deny wins). The '
            'default denies loopback, link-local (with the cloud '
            'metadata address 169.254.169.254) and unspecified '
            'addresses; add private networks a client must not '
            'probe through Tacker. Development and test setups '
            'whose consumers run on 127.0.0.1 drop the loopback '
            'entries.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)
    conf.register_opts(api_opts)
    conf.register_opts(tls_opts)
    conf.register_opts(outbound_opts)


def list_opts():
    return [(None, service_opts + api_opts + tls_opts + outbound_opts)]
