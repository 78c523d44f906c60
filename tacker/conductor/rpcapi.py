"""Client side of the conductor's RPC API, used by tacker-server.

Version history:
    1.0 - ping
    1.1 - onboard_package, upload_package_from_uri
    1.2 - start_lcm_op, retry_lcm_op, rollback_lcm_op
    1.3 - cancel_lcm_op
    1.4 - register_vim, update_vim
    1.5 - deregister_vim
"""
import oslo_messaging as messaging

from tacker.common import rpc
from tacker.conf import CONF

TOPIC = 'tacker_conductor'
RPC_API_VERSION = '1.5'


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

    def ping(self, context, payload=None, timeout=None):
        """Round trip through the broker to any live conductor.

        :returns: ``{'host': <conductor that answered>, 'payload': payload,
                   'request_id': <the context's request id>}``
        :raises: oslo_messaging.MessagingTimeout when nobody answers.
        """
        cctxt = self.client.prepare(version='1.0', timeout=timeout)
        return cctxt.call(context, 'ping', payload=payload)

    def onboard_package(self, context, package_id):
        """Cast: onboard the uploaded CSAR of a PROCESSING package."""
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'onboard_package', package_id=package_id)

    def upload_package_from_uri(self, context, package_id, address,
                                user_name=None, password=None):
        """Cast: download the CSAR of an UPLOADING package, then onboard."""
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'upload_package_from_uri',
                   package_id=package_id, address=address,
                   user_name=user_name, password=password)

    def start_lcm_op(self, context, op_id):
        """Cast: run a STARTING LCM operation occurrence."""
        self.client.prepare(version='1.2').cast(
            context, 'start_lcm_op', op_id=op_id)

    def retry_lcm_op(self, context, op_id):
        """Cast: run a FAILED_TEMP occurrence's step again."""
        self.client.prepare(version='1.2').cast(
            context, 'retry_lcm_op', op_id=op_id)

    def rollback_lcm_op(self, context, op_id):
        """Cast: undo a FAILED_TEMP INSTANTIATE or SCALE_OUT; the
        conductor refuses any other (RollbackNotAllowed)."""
        self.client.prepare(version='1.2').cast(
            context, 'rollback_lcm_op', op_id=op_id)

    def cancel_lcm_op(self, context, op_id, host):
        """Cast to the conductor ``host`` that runs the occurrence: pass
        on the cancel the API recorded."""
        self.client.prepare(version='1.3', server=host).cast(
            context, 'cancel_lcm_op', op_id=op_id)


    def register_vim(self, context, vim, timeout):
        """Call: check a VIM with its driver, store it.

        :returns: its id.
        :raises: VimNameInUse, VimUnreachable, VimCredentialsRefused,
            VimRequestFailed; oslo_messaging.MessagingTimeout.
        """
        return self.client.prepare(version='1.4', timeout=timeout).call(
            context, 'register_vim', vim=vim)

    def update_vim(self, context, vim_id, changes, timeout):
        """Call: change a VIM, checking new credentials first.

        :returns: its id.
        :raises: as register_vim, and VimNotFound.
        """
        return self.client.prepare(version='1.4', timeout=timeout).call(
            context, 'update_vim', vim_id=vim_id, changes=changes)

    def deregister_vim(self, context, vim_id, timeout):
        """Call: delete a VIM no instance uses, its driver told.

        :raises: VimNotFound, VimInUse.
        """
        return self.client.prepare(version='1.5', timeout=timeout).call(
            context, 'deregister_vim', vim_id=vim_id)


_conductor_api = None


def conductor_api():
    """This process's ConductorAPI, made on first use: an API worker must
    build its RPC client after the fork, never inherit the parent's."""
    global _conductor_api
    if _conductor_api is None:
        _conductor_api = ConductorAPI()
    return _conductor_api
