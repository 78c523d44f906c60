"""The ``[nfvo]`` group: which NFVO grants LCM operations (SOL003 v2.6.1
clause 9, Grant interface) - Tacker's own, or an external one."""
from oslo_config import cfg

GROUP = 'nfvo'

opts = [
    cfg.BoolOpt('use_external_nfvo', default=False,
                help='Ask the external NFVO at endpoint for a grant '
                     '(POST {endpoint}/grant/v1/grants) before an '
                     'operation changes VIM resources. Without it, '
                     'Tacker\'s local NFVO grants every request on the '
                     'VIM the request names.'),
    cfg.URIOpt('endpoint', schemes=['http', 'https'],
               help='API root of the external NFVO, e.g. '
                    'https://nfvo.example.com:9890.'),
    cfg.URIOpt('token_endpoint', schemes=['http', 'https'],
               help='OAuth2 token endpoint for the client-credentials '
                    'grant toward the NFVO; with client_id and '
                    'client_password. Takes precedence over username.'),
    cfg.StrOpt('client_id', help='OAuth2 client id toward the NFVO.'),
    cfg.StrOpt('client_password', secret=True,
               help='OAuth2 client secret toward the NFVO.'),
    cfg.StrOpt('username',
               help='HTTP Basic user toward the NFVO, when no OAuth2 '
                    'token endpoint is set.'),
    cfg.StrOpt('password', secret=True,
               help='HTTP Basic password toward the NFVO.'),
    cfg.FloatOpt('timeout', default=20.0, min=0.1,
                 help='Total deadline, in seconds, of one call to the NFVO '
                      '(or its token endpoint): connecting and receiving '
                      'the whole answer included. At most 1 MiB of a Grant '
                      'is read.'),
    cfg.FloatOpt('grant_timeout', default=300.0, min=1,
                 help='Longest wait in seconds for a grant the NFVO '
                      'decides asynchronously (202 Accepted); the '
                      'operation then ends FAILED_TEMP and can be '
                      'retried.'),
    cfg.FloatOpt('grant_poll_interval', default=2.0, min=0.05,
                 help='Seconds between two looks at an asynchronous '
                      'grant.'),
    cfg.BoolOpt('verify_tls', default=True,
                help='Verify the TLS certificate of an https NFVO.'),
    cfg.StrOpt('ca_file',
               help='CA bundle to verify the NFVO\'s certificate with, '
                    'instead of the system\'s. Used only with '
                    'verify_tls.'),
    cfg.StrOpt('client_cert_file',
               help='PEM file of the TLS client certificate Tacker presents '
                    'to the NFVO and its token endpoint when they ask for '
                    'one (mutual TLS).'),
    cfg.StrOpt('client_key_file',
               help='PEM file of the private key of client_cert_file; '
                    'leave it unset when that file holds the key too.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
