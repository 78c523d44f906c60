"""The ``[openstack_vim]`` group: how Tacker talks to OpenStack VIMs
(Keystone when a VIM is registered, Heat during LCM operations)."""
from oslo_config import cfg

GROUP = 'openstack_vim'

opts = [
    cfg.FloatOpt('timeout', default=20.0, min=0.1,
                 help='Seconds to connect to Keystone, and again to wait '
                      'for its answer, when a VIM is registered or '
                      'updated. The API waits for the conductor about '
                      'twice this long.'),
    cfg.IntOpt('stack_retries', default=60, min=1,
               help='How many times the OpenStack infra driver looks at '
                    'a Heat stack that is in progress before it gives '
                    'up on the operation.'),
    cfg.FloatOpt('stack_retry_wait', default=5.0, min=0.01,
                 help='Seconds between two looks at a Heat stack in '
                      'progress.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
