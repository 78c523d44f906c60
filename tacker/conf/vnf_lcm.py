"""The ``[vnf_lcm]`` group: the VNF lifecycle management APIs."""
from oslo_config import cfg

GROUP = 'vnf_lcm'

opts = [
    cfg.IntOpt('page_size', default=100, min=0,
               help='Items per page of GET /vnf_instances, '
                    '/vnf_lcm_op_occs and /subscriptions of /vnflcm; 0 '
                    'returns all at once.'),
    cfg.IntOpt('coordination_timeout', default=600, min=1,
               help='Seconds a VNF package\'s coordination script '
                    '(lcm-operation-coordinate-new-vnf / -old-vnf of a '
                    'change_vnfpkg) may run for one VNFC before it is '
                    'killed and the operation fails.'),
    cfg.IntOpt('mgmt_script_timeout', default=1800, min=1,
               help='Seconds a VNF package\'s management script (the '
                    'implementation of a Vnflcm interface operation of '
                    'its VNFD, such as instantiate_start, run by the '
                    'vnf_script mgmt driver) may run before it is killed '
                    'and the operation fails.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
