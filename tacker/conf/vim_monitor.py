"""The ``[vim_monitor]`` group: how conductors keep the status of
registered VIMs (REACHABLE/UNREACHABLE) current."""
from oslo_config import cfg

GROUP = 'vim_monitor'

opts = [
    cfg.FloatOpt('interval', default=300.0, min=0,
                 help='Seconds between two checks of every registered '
                      'VIM by each conductor (authenticating with its '
                      'credentials), which set the VIM\'s status to '
                      'REACHABLE or UNREACHABLE. 0 turns the checks '
                      'off.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
