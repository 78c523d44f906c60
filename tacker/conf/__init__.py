"""Configuration options of Tacker, one module per option group.

Every module registers its options on the global ``CONF`` when imported, so
``from tacker.conf import CONF`` is all a caller needs.
"""
from oslo_config import cfg

from tacker.conf import database
from tacker.conf import default
from tacker.conf import enhanced_policy
from tacker.conf import kubernetes_vim
from tacker.conf import legacy_vnfm
from tacker.conf import nfvo
from tacker.conf import notification
from tacker.conf import oauth2
from tacker.conf import openstack_vim
from tacker.conf import package_store
from tacker.conf import prometheus_plugin
from tacker.conf import vim_keys
from tacker.conf import vim_monitor
from tacker.conf import vnf_lcm
from tacker.conf import vnf_package

CONF = cfg.CONF

default.register_opts(CONF)
database.register_opts(CONF)
vnf_package.register_opts(CONF)
package_store.register_opts(CONF)
notification.register_opts(CONF)
nfvo.register_opts(CONF)
vnf_lcm.register_opts(CONF)
openstack_vim.register_opts(CONF)
kubernetes_vim.register_opts(CONF)
vim_keys.register_opts(CONF)
vim_monitor.register_opts(CONF)
prometheus_plugin.register_opts(CONF)
legacy_vnfm.register_opts(CONF)
enhanced_policy.register_opts(CONF)
oauth2.register_opts(CONF)
