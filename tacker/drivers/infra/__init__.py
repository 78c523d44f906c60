"""Infra drivers: one per kind of VIM, found by name through stevedore."""
from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker import drivers
from tacker.drivers.infra import base

# The contract, importable from the package the conductor already uses.
InfraDriver = base.InfraDriver
LcmRequest = base.LcmRequest
LcmResult = base.LcmResult
RECONCILE = base.RECONCILE
reconciles = base.reconciles


def load(vim_type, conf):
    """The infra driver for ``vim_type``, registered in setup.cfg.

    :raises NoDriver: no driver serves that vimType.
    """
    return drivers.load(infra_requirements.NAMESPACE,
                        infra_requirements.driver_name(vim_type), conf,
                        exceptions.NoDriver(
                            kind='infra', field='vimType', name=vim_type))
