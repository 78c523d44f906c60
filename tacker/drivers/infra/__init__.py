"""Infra drivers: one per kind of VIM, found by name through stevedore."""
from tacker.common import exceptions
from tacker import drivers
from tacker.drivers.infra import base

NAMESPACE = 'tacker.infra.drivers'

# The contract, importable from the package the conductor already uses.
InfraDriver = base.InfraDriver
LcmRequest = base.LcmRequest
LcmResult = base.LcmResult

# The infra driver of the vimTypes of the ETSI NFV registry of VIM-related
# information (SOL003 v2.6.1 4.4.1.6); other vimTypes name their driver
# themselves ("openstack", "kubernetes", "noop").
DRIVER_OF_VIM_TYPE = {
    'ETSINFV.OPENSTACK_KEYSTONE.V_2': 'openstack',
    'ETSINFV.OPENSTACK_KEYSTONE.V_3': 'openstack',
    'ETSINFV.KUBERNETES.V_1': 'kubernetes',
}


def load(vim_type, conf):
    """The infra driver for ``vim_type``, registered in setup.cfg.

    :raises NoDriver: no driver serves that vimType.
    """
    return drivers.load(NAMESPACE, DRIVER_OF_VIM_TYPE.get(vim_type, vim_type),
                        conf, exceptions.NoDriver(kind='infra',
                                                  field='vimType',
                                                  name=vim_type))
