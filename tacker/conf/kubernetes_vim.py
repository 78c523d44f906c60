"""The ``[kubernetes_vim]`` group: how Tacker talks to the API server of a
Kubernetes VIM when it is registered."""
from oslo_config import cfg

GROUP = 'kubernetes_vim'

opts = [
    cfg.FloatOpt('timeout', default=20.0, min=0.1,
                 help='Seconds to connect to the Kubernetes API server, '
                      'and again to wait for its answer, when a VIM is '
                      'registered or updated.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
