"""Monitor drivers: how the conductor checks the management address of a
legacy VNF's VDU (its VNFD's ``monitoring_policy.name``), found by name
through stevedore."""
from tacker.common import exceptions
from tacker import drivers
from tacker.drivers.monitor import base

NAMESPACE = 'tacker.monitor.drivers'

MonitorDriver = base.MonitorDriver
Health = base.Health


def load(name, conf):
    """The monitor driver registered in setup.cfg as ``name``.

    :raises NoDriver: no driver has that name.
    """
    return drivers.load(NAMESPACE, name, conf, exceptions.NoDriver(
        kind='monitor', field='monitoring_policy name', name=name))
