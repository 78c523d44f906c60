"""Client side of the conductor's RPC API, used by tacker-server.

Version history:
    1.0 - ping
    1.1 - onboard_package, upload_package_from_uri
    1.2 - start_lcm_op, retry_lcm_op, rollback_lcm_op
    1.3 - cancel_lcm_op
    1.4 - register_vim, update_vim
    1.5 - deregister_vim
    1.6 - run_legacy_vnf_task, legacy_vnf_resources, check_legacy_vnfd,
          run_legacy_ns_task
"""
import functools

from oslo_log import log as logging
import oslo_messaging as messaging

from tacker.common import exceptions
from tacker.common import rpc
from tacker.conf import CONF

LOG = logging.getLogger(__name__)

TOPIC = 'tacker_conductor'
RPC_API_VERSION = '1.6'

_VIM_CHECK = (exceptions.NoDriver, exceptions.VimUnreachable,
              exceptions.VimCredentialsRefused, exceptions.VimRequestFailed)

# What each RPC method raises to its caller: the one list both sides read.
# The conductor's endpoints declare these as oslo.messaging expected
# exceptions (``endpoint``); the client lets these through and turns any
# other error of the conductor into ConductorFailed (``ConductorAPI._call``).
# A cast has no caller to tell: its errors end up on the package or the
# operation.
RAISES = {
    'ping': (),
    'onboard_package': (),
    'upload_package_from_uri': (),
    'start_lcm_op': (),
    'retry_lcm_op': (),
    'rollback_lcm_op': (exceptions.RollbackNotAllowed,),
    'cancel_lcm_op': (),
    'register_vim': (exceptions.ProjectScopeRequired,
                     exceptions.VimNameInUse) + _VIM_CHECK,
    'update_vim': (exceptions.VimNotFound,
                   exceptions.VimNameInUse) + _VIM_CHECK,
    'deregister_vim': (exceptions.VimNotFound, exceptions.VimInUse),
    'run_legacy_vnf_task': (),
    'run_legacy_ns_task': (),
    'check_legacy_vnfd': (exceptions.InvalidLegacyVnfd,),
    'legacy_vnf_resources': (exceptions.LegacyVnfNotFound,
                             exceptions.VimOperationFailed),
}


def endpoint(method):
    """Declare the conductor's endpoint ``method`` to raise what
    ``RAISES`` lists for it: oslo.messaging then passes those to the
    caller as expected (logged without a traceback). The declared classes
    are kept in ``method.expected_exceptions``."""
    declared = RAISES[method.__name__]
    wrapped = functools.wraps(method)(
        messaging.expected_exceptions(*declared)(method))
    wrapped.expected_exceptions = declared
    return wrapped


def vim_call_timeout(conf=CONF):
    """Seconds the API waits for register_vim/update_vim: a VIM driver
    makes at most two requests to the VIM, each within its timeout."""
    return 2 * max(conf.openstack_vim.timeout,
                   conf.kubernetes_vim.timeout) + 5


class ConductorAPI:
    """Casts and calls to ``tacker-conductor`` over ``TOPIC``.

    Arguments are ids and small dicts; the conductor re-reads records
    from the database itself.
    """

    def __init__(self):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target, version_cap=RPC_API_VERSION)

    @staticmethod
    def _call(cctxt, context, method, **kwargs):
        """``cctxt.call`` of ``method``, its errors as its caller may see
        them: those ``RAISES`` declares for it, and the local messaging
        errors (MessagingTimeout, ...) as they are.

        :raises: ConductorFailed for any other error, which is logged
            here (with the conductor's traceback when it sent one) and
            told to no client.
        """
        try:
            return cctxt.call(context, method, **kwargs)
        except RAISES[method]:
            raise
        except messaging.RemoteError as error:
            failure = error
        except messaging.MessagingException:
            raise
        except Exception as error:
            failure = error
        LOG.error('RPC %s failed in the conductor with an undeclared '
                  '%s: %s', method, type(failure).__name__, failure)
        raise exceptions.ConductorFailed(method=method)

    def ping(self, context, payload=None, timeout=None):
        """Round trip through the broker to any live conductor.

        :returns: ``{'host': <conductor that answered>, 'payload': payload,
                   'request_id': <the context's request id>}``
        :raises: oslo_messaging.MessagingTimeout when nobody answers;
            ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.0', timeout=timeout),
                          context, 'ping', payload=payload)

    def onboard_package(self, context, package_id):
        """Cast: onboard the uploaded CSAR of a PROCESSING package.

        :raises: oslo_messaging errors of sending only; onboarding
            failures are the package's onboardingFailureDetails.
        """
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'onboard_package', package_id=package_id)

    def upload_package_from_uri(self, context, package_id, address,
                                user_name=None, password=None):
        """Cast: download the CSAR of an UPLOADING package, then onboard.

        :raises: as onboard_package.
        """
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'upload_package_from_uri',
                   package_id=package_id, address=address,
                   user_name=user_name, password=password)

    def start_lcm_op(self, context, op_id):
        """Cast: run a STARTING LCM operation occurrence.

        :raises: oslo_messaging errors of sending only; the step's
            failures are the occurrence's error.
        """
        self.client.prepare(version='1.2').cast(
            context, 'start_lcm_op', op_id=op_id)

    def retry_lcm_op(self, context, op_id):
        """Cast: run a FAILED_TEMP occurrence's step again.

        :raises: as start_lcm_op.
        """
        self.client.prepare(version='1.2').cast(
            context, 'retry_lcm_op', op_id=op_id)

    def rollback_lcm_op(self, context, op_id):
        """Cast: undo a FAILED_TEMP INSTANTIATE or SCALE_OUT.

        :raises: RollbackNotAllowed in the conductor for any other
            operation (the API refuses it first).
        """
        self.client.prepare(version='1.2').cast(
            context, 'rollback_lcm_op', op_id=op_id)

    def cancel_lcm_op(self, context, op_id, host):
        """Cast to the conductor ``host`` that runs the occurrence: pass
        on the cancel the API recorded.

        :raises: as start_lcm_op.
        """
        self.client.prepare(version='1.3', server=host).cast(
            context, 'cancel_lcm_op', op_id=op_id)

    def register_vim(self, context, vim, timeout):
        """Call: check a VIM with its driver, store it.

        :returns: its id.
        :raises: ProjectScopeRequired, VimNameInUse, NoDriver,
            VimUnreachable, VimCredentialsRefused, VimRequestFailed;
            oslo_messaging.MessagingTimeout; ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.4', timeout=timeout),
                          context, 'register_vim', vim=vim)

    def update_vim(self, context, vim_id, changes, timeout):
        """Call: change a VIM, checking new credentials first.

        :returns: its id.
        :raises: VimNotFound, VimNameInUse, NoDriver, VimUnreachable,
            VimCredentialsRefused, VimRequestFailed;
            oslo_messaging.MessagingTimeout; ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.4', timeout=timeout),
                          context, 'update_vim', vim_id=vim_id,
                          changes=changes)

    def deregister_vim(self, context, vim_id, timeout):
        """Call: delete a VIM no instance uses, its driver told.

        :raises: VimNotFound, VimInUse; MessagingTimeout;
            ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.5', timeout=timeout),
                          context, 'deregister_vim', vim_id=vim_id)

    def run_legacy_vnf_task(self, context, vnf_id):
        """Cast: run the PENDING_* task of a legacy VNF, unless a live
        conductor runs it.

        :raises: oslo_messaging errors of sending only; the task's
            failure is the VNF's error_reason.
        """
        self.client.prepare(version='1.6').cast(
            context, 'run_legacy_vnf_task', vnf_id=vnf_id)

    def run_legacy_ns_task(self, context, ns_id):
        """Cast: run the PENDING_* task of a legacy NS, unless a live
        conductor runs it.

        :raises: oslo_messaging errors of sending only; the task's
            failure is the NS's error_reason.
        """
        self.client.prepare(version='1.6').cast(
            context, 'run_legacy_ns_task', ns_id=ns_id)

    def legacy_vnf_resources(self, context, vnf_id, timeout):
        """Call: the Heat resources of a legacy VNF.

        :raises: LegacyVnfNotFound, VimOperationFailed; MessagingTimeout;
            ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.6', timeout=timeout),
                          context, 'legacy_vnf_resources', vnf_id=vnf_id)

    def check_legacy_vnfd(self, context, template, param_values, config,
                          timeout):
        """Call: whether a legacy VNFD, with a VNF's param_values and
        config, can be deployed and watched (its drivers take it).

        :raises: InvalidLegacyVnfd; MessagingTimeout; ConductorFailed.
        """
        return self._call(self.client.prepare(version='1.6', timeout=timeout),
                          context, 'check_legacy_vnfd', template=template,
                          param_values=param_values, config=config)


_conductor_api = None


def conductor_api():
    """This process's ConductorAPI, made on first use: an API worker must
    build its RPC client after the fork, never inherit the parent's."""
    global _conductor_api
    if _conductor_api is None:
        _conductor_api = ConductorAPI()
    return _conductor_api
