"""The ``[notification]`` group: how conductors deliver notifications
from the outbox to subscribers (at least once, with backoff)."""
from oslo_config import cfg

GROUP = 'notification'

opts = [
    cfg.FloatOpt('delivery_interval', default=1.0, min=0.01,
                 help='Seconds between two looks of a conductor\'s '
                      'delivery loop for notifications that are due. It is '
                      'also the longest delay before a new notification '
                      'is sent.'),
    cfg.IntOpt('batch_size', default=50, min=1,
               help='Most notifications a conductor claims in one pass.'),
    cfg.FloatOpt('timeout', default=10.0, min=0.1,
                 help='Total deadline, in seconds, of one call to a '
                      'subscriber - posting a notification, checking a '
                      'callback URI, fetching an OAuth2 token: connecting '
                      'and receiving the whole answer included. A callback '
                      'check with OAuth2 makes two calls, so a subscription '
                      'POST waits at most twice this. Of an answer, only '
                      'the status is used (a token answer: at most 64 KiB '
                      'read).'),
    cfg.FloatOpt('retry_backoff_base', default=2.0, min=0,
                 help='Seconds before the first retry of a failed '
                      'delivery; each further retry waits twice as long '
                      '(plus a little jitter), up to retry_backoff_max.'),
    cfg.FloatOpt('retry_backoff_max', default=300.0, min=0,
                 help='Longest wait in seconds between two delivery '
                      'attempts of one notification.'),
    cfg.IntOpt('max_attempts', default=20, min=1,
               help='Delivery attempts of one notification before it is '
                    'given up and marked FAILED, keeping the last error.'),
    cfg.FloatOpt('claim_lease', default=60.0, min=1,
                 help='Seconds a conductor owns the notifications it '
                      'claimed; those of a conductor that died are '
                      'delivered by another one after this. Keep it well '
                      'above twice timeout: a conductor only starts a '
                      'delivery while that much of its lease is left.'),
    cfg.BoolOpt('verify_tls', default=True,
                help='Verify the TLS certificate of https callback URIs '
                     'and OAuth2 token endpoints.'),
    cfg.StrOpt('ca_file',
               help='CA bundle to verify subscribers\' certificates with, '
                    'instead of the system\'s. Used only with '
                    'verify_tls, for mutual TLS too (upstream Tacker '
                    'has two options, [v2_vnfm] notification_ca_cert_file '
                    'and notification_mtls_ca_cert_file).'),
    cfg.StrOpt('client_cert_file',
               help='PEM file of the TLS client certificate Tacker presents '
                    'to subscribers and their token endpoints when they '
                    'ask for one. Without it, subscriptions that accept '
                    'no authType but TLS_CERT (mutual TLS) or '
                    'OAUTH2_CLIENT_CERT (an OAuth2 token obtained with '
                    'this certificate, RFC 8705) are refused. Upstream '
                    'Tacker\'s [v2_vnfm] notification_mtls_client_cert_file '
                    '(which holds the key too).'),
    cfg.StrOpt('client_key_file',
               help='PEM file of the private key of client_cert_file; '
                    'leave it unset when that file holds the key too.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
