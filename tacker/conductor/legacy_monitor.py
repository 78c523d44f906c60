"""The monitoring of legacy VNFs (their VNFD's ``monitoring_policy``),
in the conductors.

Every ``[legacy_vnfm] monitor_interval`` seconds each conductor adopts
the ACTIVE VNFs with monitoring policies that no live conductor watches
(``legacy_vnfs.adopt_monitoring``: each VNF is watched by one live
conductor, and by another within ``service_down_time`` once it dies),
then checks each VDU of those it watches on each of its management
addresses with the policy's monitor driver, in a pool of threads. A VDU
is checked once ``monitoring_delay`` seconds have passed since the VNF
became ACTIVE. A failed check is a MONITOR event; the policy its
``actions.failure`` names decides what follows (``on_vdu_failure``):
nothing more, or a task of the VNF (respawn, heal, delete) started as a
client's request starts one.
"""
import concurrent.futures
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.common import exceptions
from tacker.common import legacy_vnfd
from tacker.common import states
from tacker.conductor import rpcapi
from tacker.db import api as db_api
from tacker.db import legacy_vnfs as db_vnfs
from tacker.drivers import monitor
from tacker.drivers import policy as policy_drivers

LOG = logging.getLogger(__name__)
FAILURE = 'failure'
# The event of the task a monitoring action starts.
_EVENTS = {states.LEGACY_PENDING_HEAL: 'RESPAWN',
           states.LEGACY_PENDING_DELETE: 'DELETE',
           states.LEGACY_PENDING_SCALE_OUT: 'SCALE'}


def _targets(vnf):
    """(VDU, address, policy) of every check of the VNF."""
    for vdu, policy in (vnf['monitoring'] or {}).items():
        found = (vnf['mgmt_ip_address'] or {}).get(vdu) or []
        for address in [found] if isinstance(found, str) else found:
            yield vdu, address, policy


class LegacyMonitor:

    def __init__(self, conf, host, vnfm):
        """``vnfm``: the conductor's LegacyVnfm (the VNFDs of VNFs)."""
        self.conf = conf
        self.host = host
        self.vnfm = vnfm

    def run(self, context):
        """One round: adopt, check, act. Returns the failures found."""
        live = db_api.live_hostnames(context, self.conf.service_down_time)
        watched = db_vnfs.adopt_monitoring(context, self.host, live)
        now = timeutils.utcnow()
        checks = [(vnf, vdu, address, policy) for vnf in watched
                  for vdu, address, policy in _targets(vnf)
                  if self._due(vnf, policy, now)]
        if not checks:
            return []
        with concurrent.futures.ThreadPoolExecutor(
                self.conf.legacy_vnfm.monitor_workers) as pool:
            healths = list(pool.map(lambda check: self._check(*check[1:]),
                                    checks))
        failed = {}
        for (vnf, vdu, address, policy), health in zip(checks, healths):
            if not health.alive and vnf['id'] not in failed:
                failed[vnf['id']] = (vnf, vdu, address, policy, health)
        for vnf, vdu, address, policy, health in failed.values():
            self._act(context, vnf, vdu, address, policy, health)
        return list(failed)

    def _due(self, vnf, policy, now):
        delay = (policy.get('parameters') or {}).get(
            'monitoring_delay', self.conf.legacy_vnfm.monitoring_delay)
        return vnf['updated_at'] + datetime.timedelta(seconds=delay) <= now

    def _check(self, vdu, address, policy):
        driver = monitor.load(policy['name'], self.conf)
        return driver.check(address, driver.parameters(
            policy.get('parameters')))

    def _act(self, context, vnf, vdu, address, policy, health):
        """The failure told as an event, then the policy's action."""
        action_name = (policy.get('actions') or {}).get(FAILURE, 'log')
        details = 'VDU %s at %s: %s; action %s' % (
            vdu, address, health.detail, action_name)
        LOG.warning('Legacy VNF %s: %s', vnf['id'], details)
        db_vnfs.record_monitor_event(context, vnf, details)
        action = policy_drivers.load(action_name, self.conf).on_vdu_failure(
            vnf, vdu)
        if action.task == states.LEGACY_PENDING_SCALE_OUT:
            action = self._scale_out(context, vnf, action)
        if action.task is None:
            return
        try:
            db_vnfs.start_task(context, vnf['id'], None, action.task,
                               _EVENTS[action.task], action.attributes,
                               details)
        except exceptions.LegacyVnfBusy:
            return  # A client's task came first.
        rpcapi.conductor_api().run_legacy_vnf_task(context, vnf['id'])

    def _scale_out(self, context, vnf, action):
        """The scale out a VDU's failure asks for: by the scaling policy
        of that VDU, one step, unless it has none or is at its bound
        (then nothing)."""
        vdu = action.attributes['scale']['vdu']
        vnfd, _ = self.vnfm.vnfd_of(context, vnf)
        policy = legacy_vnfd.scaling_policy_of(vnfd, vdu)
        if policy is None:
            LOG.warning('Legacy VNF %s: VDU %s is in no scaling policy; no '
                        'scale out', vnf['id'], vdu)
            return policy_drivers.base.MonitorAction()
        current, size = legacy_vnfd.scaled_size(
            policy, (vnf['attributes'] or {}).get('scale_sizes'), 'out')
        if size == current:
            LOG.warning('Legacy VNF %s: %s is at its maximum; no scale out',
                        vnf['id'], policy.name)
            return policy_drivers.base.MonitorAction()
        return policy_drivers.base.MonitorAction(action.task, {'scale': {
            'type': 'out', 'policy': policy.name, 'size': size}})
