"""Tacker's own option of the ``[oslo_policy]`` group (the rest are
oslo.policy's): the enhanced policy's attributes."""
from oslo_config import cfg

GROUP = 'oslo_policy'

opts = [
    cfg.BoolOpt('enhanced_tacker_policy', default=False,
                help='Give rules the area, vendor and tenant of the '
                     'package, VNF instance, operation or VIM a request '
                     'names, and the caller\'s from its AREA_<area@region>'
                     ', VENDOR_<vendor> and TENANT_<tenant> roles (_all, '
                     'all@all and all@<region> standing for any), as '
                     'upstream Tacker\'s enhanced policy does: e.g. '
                     '"os_nfv_orchestration_api:vnf_instances:'
                     'instantiate": "vendor:%(vendor)s" lets a caller '
                     'instantiate only its vendors\' VNFs.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
