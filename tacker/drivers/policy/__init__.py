"""Policy drivers: what Tacker does of its own when monitoring alerts,
one per policy, found by name through stevedore."""
from tacker.common import exceptions
from tacker import drivers
from tacker.drivers.policy import base

NAMESPACE = 'tacker.policy.drivers'

PolicyDriver = base.PolicyDriver
Decision = base.Decision


def load(name, conf):
    """The policy driver registered in setup.cfg as ``name``.

    :raises NoDriver: no driver has that name.
    """
    return drivers.load(NAMESPACE, name, conf, exceptions.NoDriver(
        kind='policy', field='policy', name=name))
