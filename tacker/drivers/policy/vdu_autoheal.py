"""Auto-heal: one HEAL of every VNFC the alerts of a window named; of a
legacy VNF, the VDU that failed its monitoring re-created alone."""
from oslo_log import log as logging

from tacker.common import sol003_v3
from tacker.common import states
from tacker.drivers.policy import base

LOG = logging.getLogger(__name__)


class VduAutoheal(base.PolicyDriver):
    """Requests' params: {"vnfcInfoId": the VNFC's vnfcInfo id}."""

    MONITOR_ACTION = True

    def decide(self, instance, requests):
        present = {sol003_v3.vnfc_info_id(vnfc) for vnfc in (
            instance['instantiated_vnf_info'] or {}).get(
                'vnfcResourceInfo') or []}
        wanted = sorted({request['params']['vnfcInfoId']
                         for request in requests} & present)
        served = [request['id'] for request in requests]
        if not wanted:
            LOG.info('Auto-heal of VNF instance %s: the VNFCs alerted on '
                     'are gone', instance['id'])
            return base.Decision(served)
        return base.Decision(served, states.HEAL, {
            'vnfcInstanceId': wanted,
            'cause': 'auto-heal: alerts on %d VNFC(s)' % len(wanted)})

    def on_vdu_failure(self, vnf, vdu_name):
        return base.MonitorAction(states.LEGACY_PENDING_HEAL,
                                  {'heal': {'vdu': vdu_name}})
