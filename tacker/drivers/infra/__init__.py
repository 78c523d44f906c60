"""Infra drivers: one per VIM type, found by name through stevedore."""
from stevedore import driver as stevedore_driver
from stevedore import exception as stevedore_exception

from tacker.common import exceptions
from tacker.drivers.infra import base

NAMESPACE = 'tacker.infra.drivers'

# The contract, importable from the package the conductor already uses.
InfraDriver = base.InfraDriver
LcmRequest = base.LcmRequest
LcmResult = base.LcmResult


def load(vim_type, conf):
    """The infra driver registered in setup.cfg under ``vim_type``.

    :raises BadRequest: no driver has that name.
    """
    try:
        manager = stevedore_driver.DriverManager(
            namespace=NAMESPACE, name=vim_type, invoke_on_load=True,
            invoke_args=(conf,))
    except stevedore_exception.NoMatches as exc:
        raise exceptions.BadRequest(
            f'no infra driver for vimType {vim_type}') from exc
    return manager.driver
