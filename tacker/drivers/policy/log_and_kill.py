"""Log and kill (Tacker's legacy action): a legacy VNF whose VDU failed
its monitoring is logged and deleted."""
from oslo_log import log as logging

from tacker.common import states
from tacker.drivers.policy import base

LOG = logging.getLogger(__name__)


class LogAndKill(base.PolicyDriver):

    AUTOMATIC = False
    MONITOR_ACTION = True

    def on_vdu_failure(self, vnf, vdu_name):
        LOG.warning('Policy log_and_kill on VNF %s: VDU %s failed its '
                    'monitoring; deleting the VNF', vnf['id'], vdu_name)
        return base.MonitorAction(states.LEGACY_PENDING_DELETE)
