"""The ``[prometheus_plugin]`` group: what Tacker does with the alerts
Prometheus raises through Alertmanager (fault management, auto-heal,
auto-scale), as Tacker's Prometheus plugin names it."""
from oslo_config import cfg

GROUP = 'prometheus_plugin'

opts = [
    cfg.FloatOpt('auto_heal_window', default=15.0, min=0,
                 help='Seconds the auto-heal alerts of one VNF instance '
                      'are gathered, from the first, before one HEAL of '
                      'every VNFC they name starts.'),
    cfg.FloatOpt('automatic_interval', default=2.0, min=0.1,
                 help='Seconds between two passes of each conductor over '
                      'the automatic operations (auto-heal, auto-scale) '
                      'that are due; one whose instance an operation '
                      'holds waits for the next pass.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
