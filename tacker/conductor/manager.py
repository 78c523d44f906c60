"""RPC endpoints of tacker-conductor; thin, each hands off to a workflow
module of this package. Each declares what it raises to its caller
(``rpcapi.RAISES``, through ``rpcapi.endpoint``)."""
import oslo_messaging as messaging

from tacker.conductor import lcm
from tacker.conductor import legacy_nfvo
from tacker.conductor import legacy_vnfm
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
        self.legacy = legacy_vnfm.LegacyVnfm(conf, host)
        self.legacy_ns = legacy_nfvo.LegacyNfvo(conf, host, self.legacy)

    @rpcapi.endpoint
    def ping(self, context, payload=None):
        """Answer so callers can prove the broker path end to end; the
        request id shows the caller's context arrived with the message.

        :raises: nothing.
        """
        return {'host': self.host, 'payload': payload,
                'request_id': context.request_id}

    # Casts: nobody waits, so their failures are recorded on the package
    # or the operation occurrence instead of being raised.

    @rpcapi.endpoint
    def onboard_package(self, context, package_id):
        """:raises: nothing; a failure is the package's
        onboardingFailureDetails."""
        self.packages.onboard(context, package_id)

    @rpcapi.endpoint
    def upload_package_from_uri(self, context, package_id, address,
                                user_name=None, password=None):
        """:raises: nothing; a failure is the package's
        onboardingFailureDetails."""
        self.packages.upload_from_uri(context, package_id, address,
                                      user_name, password)

    @rpcapi.endpoint
    def start_lcm_op(self, context, op_id):
        """:raises: nothing; a failure is the occurrence's error."""
        self.lcm.start(context, op_id)

    @rpcapi.endpoint
    def retry_lcm_op(self, context, op_id):
        """:raises: nothing; a failure is the occurrence's error."""
        self.lcm.retry(context, op_id)

    @rpcapi.endpoint
    def rollback_lcm_op(self, context, op_id):
        """:raises: RollbackNotAllowed for an operation that cannot be
        rolled back (the API refuses it first); any other failure is the
        occurrence's error."""
        self.lcm.rollback(context, op_id)

    @rpcapi.endpoint
    def cancel_lcm_op(self, context, op_id):
        """:raises: nothing; the step in progress ends as cancelled."""
        self.lcm.cancel(context, op_id)

    @rpcapi.endpoint
    def run_legacy_vnf_task(self, context, vnf_id):
        """:raises: nothing; a failure is the VNF's error_reason."""
        self.legacy.run(context, vnf_id)

    @rpcapi.endpoint
    def run_legacy_ns_task(self, context, ns_id):
        """:raises: nothing; a failure is the NS's error_reason."""
        self.legacy_ns.run(context, ns_id)

    # Calls: the caller waits and shows their refusals to its client.

    @rpcapi.endpoint
    def register_vim(self, context, vim):
        """:raises: ProjectScopeRequired, VimNameInUse; the VIM driver's
        NoDriver, VimUnreachable, VimCredentialsRefused,
        VimRequestFailed."""
        return self.vims.register(context, vim)

    @rpcapi.endpoint
    def update_vim(self, context, vim_id, changes):
        """:raises: VimNotFound, VimNameInUse; the VIM driver's
        NoDriver, VimUnreachable, VimCredentialsRefused,
        VimRequestFailed."""
        return self.vims.update(context, vim_id, changes)

    @rpcapi.endpoint
    def deregister_vim(self, context, vim_id):
        """:raises: VimNotFound, VimInUse."""
        self.vims.deregister(context, vim_id)

    @rpcapi.endpoint
    def legacy_vnf_resources(self, context, vnf_id):
        """:raises: LegacyVnfNotFound, VimOperationFailed."""
        return self.legacy.resources(context, vnf_id)

    @rpcapi.endpoint
    def check_legacy_vnfd(self, context, template, param_values, config):
        """:raises: InvalidLegacyVnfd."""
        self.legacy.check(template, param_values, config)
