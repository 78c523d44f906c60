"""The log policy: every request written to the conductor's log, no
operation."""
from oslo_log import log as logging

from tacker.drivers.policy import base

LOG = logging.getLogger(__name__)


class Log(base.PolicyDriver):

    def decide(self, instance, requests):
        for request in requests:
            LOG.warning('Policy log on VNF instance %s: %s', instance['id'],
                        request['params'])
        return base.Decision([request['id'] for request in requests])
