"""The ``[kubernetes_vim]`` group: how Tacker talks to the API server of a
Kubernetes VIM."""
from oslo_config import cfg

GROUP = 'kubernetes_vim'

opts = [
    cfg.FloatOpt('timeout', default=20.0, min=0.1,
                 help='Seconds each request to the API server of a '
                      'Kubernetes VIM may take during LCM operations; '
                      'and the deadline of the whole check of a VIM (its '
                      'requests together) when it is registered or '
                      'updated, and when the VIM monitor checks it.'),
    cfg.IntOpt('sync_interval', default=300, min=0,
               help='Seconds between two passes of one conductor that '
                    'records in instantiatedVnfInfo what the clusters did '
                    'on their own (a Pod replaced by a new one), for the '
                    'VNF instances no operation holds. 0: never.'),
    cfg.IntOpt('ready_timeout', default=300, min=1,
               help='Seconds an LCM step waits for the Kubernetes objects '
                    'it created, scaled or deleted to be ready (or gone) '
                    'before the operation fails with the reason the '
                    'cluster gives.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
