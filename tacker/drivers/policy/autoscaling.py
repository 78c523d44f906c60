"""Auto-scale: one SCALE step per alert, in the order they came; of a
legacy VNF whose VDU failed its monitoring, a scale out by the scaling
policy of that VDU."""
from tacker.common import states
from tacker.drivers.policy import base


class Autoscaling(base.PolicyDriver):
    """Requests' params: {"type": SCALE_OUT|SCALE_IN, "aspectId"}."""

    MONITOR_ACTION = True

    def decide(self, instance, requests):
        first = requests[0]
        return base.Decision([first['id']], states.SCALE, {
            'type': first['params']['type'],
            'aspectId': first['params']['aspectId'], 'numberOfSteps': 1,
            'additionalParams': {}})

    def on_vdu_failure(self, vnf, vdu_name):
        return base.MonitorAction(states.LEGACY_PENDING_SCALE_OUT, {
            'scale': {'type': 'out', 'vdu': vdu_name}})
