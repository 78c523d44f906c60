"""Auto-scale: one SCALE step per alert, in the order they came."""
from tacker.common import states
from tacker.drivers.policy import base


class Autoscaling(base.PolicyDriver):
    """Requests' params: {"type": SCALE_OUT|SCALE_IN, "aspectId"}."""

    def decide(self, instance, requests):
        first = requests[0]
        return base.Decision([first['id']], states.SCALE, {
            'type': first['params']['type'],
            'aspectId': first['params']['aspectId'], 'numberOfSteps': 1,
            'additionalParams': {}})
