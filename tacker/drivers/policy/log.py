"""The log policy: every request, and every failure of a legacy VNF's
monitoring, written to the conductor's log; no operation."""
from oslo_log import log as logging

from tacker.drivers.policy import base

LOG = logging.getLogger(__name__)


class Log(base.PolicyDriver):

    MONITOR_ACTION = True

    def decide(self, instance, requests):
        for request in requests:
            LOG.warning('Policy log on VNF instance %s: %s', instance['id'],
                        request['params'])
        return base.Decision([request['id'] for request in requests])

    def on_vdu_failure(self, vnf, vdu_name):
        LOG.warning('Policy log on VNF %s: VDU %s failed its monitoring',
                    vnf['id'], vdu_name)
        return base.MonitorAction()
