"""Respawn (Tacker's legacy action): a legacy VNF whose VDU failed its
monitoring is re-created whole, on the same VIM."""
from tacker.common import states
from tacker.drivers.policy import base


class Respawn(base.PolicyDriver):

    AUTOMATIC = False
    MONITOR_ACTION = True

    def on_vdu_failure(self, vnf, vdu_name):
        return base.MonitorAction(states.LEGACY_PENDING_HEAL,
                                  {'heal': {'respawn': vdu_name}})
