"""Mgmt drivers: how the conductor configures a legacy VNF's VDU once the
VNF is created or its config updated (the VDU's ``mgmt_driver``), found
by name through stevedore."""
from tacker.common import exceptions
from tacker import drivers
from tacker.drivers.mgmt import base

NAMESPACE = 'tacker.mgmt.drivers'

MgmtDriver = base.MgmtDriver
MgmtTarget = base.MgmtTarget


def load(name, conf):
    """The mgmt driver registered in setup.cfg as ``name``.

    :raises NoDriver: no driver has that name.
    """
    return drivers.load(NAMESPACE, name, conf, exceptions.NoDriver(
        kind='mgmt', field='mgmt_driver', name=name))
