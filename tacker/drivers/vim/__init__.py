"""VIM drivers: one per VIM type of the legacy VIM API ("openstack",
"kubernetes"), found by name through stevedore."""
from tacker.common import exceptions
from tacker import drivers
from tacker.drivers.vim import base

NAMESPACE = 'tacker.vim.drivers'

VimDriver = base.VimDriver


def load(vim_type, conf):
    """The VIM driver registered in setup.cfg as ``vim_type``.

    :raises NoDriver: no driver has that name.
    """
    return drivers.load(NAMESPACE, vim_type, conf, exceptions.NoDriver(
        kind='VIM', field='type', name=vim_type))
