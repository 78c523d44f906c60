"""Entry point for oslo-config-generator: the options Tacker itself defines.

Options of libraries (oslo.db, oslo.messaging, oslo.log,
keystonemiddleware) come from their own generator namespaces.
"""
from tacker.conf import database
from tacker.conf import default
from tacker.conf import enhanced_policy
from tacker.conf import kubernetes_vim
from tacker.conf import legacy_vnfm
from tacker.conf import nfvo
from tacker.conf import notification
from tacker.conf import oauth2
from tacker.conf import openstack_vim
from tacker.conf import prometheus_plugin
from tacker.conf import vim_keys
from tacker.conf import vim_monitor
from tacker.conf import vnf_lcm
from tacker.conf import vnf_package

_MODULES = (database, default, enhanced_policy, kubernetes_vim,
            legacy_vnfm, nfvo, notification, oauth2, openstack_vim,
            prometheus_plugin, vim_keys, vim_monitor, vnf_lcm, vnf_package)


def list_opts():
    grouped = {}
    for module in _MODULES:
        for group, opts in module.list_opts():
            grouped.setdefault(group, []).extend(opts)
    return list(grouped.items())
