"""The ``[legacy_vnfm]`` group: the VNFs of the legacy API (/v1.0/vnfs)
and the monitoring of their VDUs."""
from oslo_config import cfg

GROUP = 'legacy_vnfm'

opts = [
    cfg.FloatOpt('monitor_interval', default=10.0, min=0.1,
                 help='Seconds between two rounds of each conductor over '
                      'the legacy VNFs it watches, checking each VDU that '
                      'has a monitoring_policy.'),
    cfg.IntOpt('monitoring_delay', default=45, min=0,
               help='Seconds after a VNF became ACTIVE before its VDUs '
                    'are first checked, for a policy without '
                    'monitoring_delay (they are booting).'),
    cfg.IntOpt('monitor_workers', default=8, min=1,
               help='Checks each conductor runs at a time.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
