"""The sandbox OpenStack and the deployment the tests of the legacy API
share (test_legacy_vnfm, test_official_client_legacy: conftest's
``legacy_stack``): none of them stops a process or needs an empty
database, each finds what it made by the ids and names it gave.

The sandbox hands the VDUs management addresses from a loopback /24 of
its own, which the tests' servers standing for VDUs bind; the
deployment has that VIM as its default.
"""
import collections
import contextlib
import random

from tests.functional import deployment as deployment_lib
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vims as vims

# The config groups of a deployment of legacy VNFs: Keystone is waited
# for 5 s at most when a VIM is registered, the monitor goes over the
# VNFs every half second (not 10 s).
SECTIONS = {'openstack_vim': {'timeout': 5},
            'legacy_vnfm': {'monitor_interval': 0.5}}

LegacyStack = collections.namedtuple('LegacyStack',
                                     'pool sandbox deployment')


@contextlib.contextmanager
def started(workdir):
    """A LegacyStack in ``workdir``, stopped on exit."""
    pool = '127.%d.%d.0/24' % (random.randint(20, 250),
                               random.randint(0, 255))
    for name in ('vim', 'tacker'):
        (workdir / name).mkdir()
    with sandbox_lib.SandboxVim(workdir / 'vim', delay=0.1,
                                password=vims.PASSWORD,
                                address_pool=pool) as sandbox, \
            deployment_lib.sqlite_deployment(workdir / 'tacker',
                                             sections=SECTIONS) as deploy:
        vims.registered(deploy, sandbox, is_default=True)
        yield LegacyStack(pool, sandbox, deploy)
