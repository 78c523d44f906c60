"""RPC endpoints of tacker-conductor; thin, each hands off to a workflow
module of this package."""
import oslo_messaging as messaging

from tacker.common import exceptions
from tacker.conductor import lcm
from tacker.conductor import packages
from tacker.conductor import rpcapi
from tacker.conductor import vims


class ConductorManager:
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf, host):
        self.host = host
        self.packages = packages.PackageWorkflows(conf, host)
        self.lcm = lcm.LcmWorkflows(conf, host)
        self.vims = vims.VimWorkflows(conf)

    def ping(self, context, payload=None):
        """Answer so callers can prove the broker path end to end; the
        request id shows the caller's context arrived with the message."""
        return {'host': self.host, 'payload': payload,
                'request_id': context.request_id}

    def onboard_package(self, context, package_id):
        self.packages.onboard(context, package_id)

    def upload_package_from_uri(self, context, package_id, address,
                                user_name=None, password=None):
        self.packages.upload_from_uri(context, package_id, address,
                                      user_name, password)

    def start_lcm_op(self, context, op_id):
        self.lcm.start(context, op_id)

    def retry_lcm_op(self, context, op_id):
        self.lcm.retry(context, op_id)

    @messaging.expected_exceptions(exceptions.RollbackNotAllowed)
    def rollback_lcm_op(self, context, op_id):
        self.lcm.rollback(context, op_id)

    def cancel_lcm_op(self, context, op_id):
        self.lcm.cancel(context, op_id)

    # The caller waits for these and shows their refusals to its client.

    @messaging.expected_exceptions(exceptions.TackerException)
    def register_vim(self, context, vim):
        return self.vims.register(context, vim)

    @messaging.expected_exceptions(exceptions.TackerException)
    def update_vim(self, context, vim_id, changes):
        return self.vims.update(context, vim_id, changes)

    @messaging.expected_exceptions(exceptions.TackerException)
    def deregister_vim(self, context, vim_id):
        self.vims.deregister(context, vim_id)
