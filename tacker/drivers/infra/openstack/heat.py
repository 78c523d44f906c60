"""The Heat stacks of VNFs, through python-heatclient on a keystoneauth1
session made from a VimConnectionInfo (no hand-written HTTP).

Every wait polls with a growing interval (from a quarter second up to
``[openstack_vim] stack_retry_wait``) for at most ``stack_retries *
stack_retry_wait`` seconds, and a FORCEFUL cancel stops it.
"""
import contextlib
import time

from heatclient import client as heat_client
from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from oslo_log import log as logging

from tacker.common import exceptions
from tacker.drivers.vim import base as vim_base

LOG = logging.getLogger(__name__)

FIRST_POLL_S = 0.25
# What a call answers when Heat says 404 and the caller tolerates it.
GONE = object()


def stack_name(instance_id):
    return 'vnf-%s' % instance_id


class HeatStacks:
    """One VIM's orchestration service, for one LCM step."""

    def __init__(self, vim_connection, conf, cancellation):
        self.conf = conf.openstack_vim
        self.cancellation = cancellation
        # The CA file of the VIM's certificate, while the client lives.
        self._tls = contextlib.ExitStack()
        self.client = heat_client.Client(
            '1', session=self._session(vim_connection),
            region_name=(vim_connection.get('accessInfo') or {}).get(
                'region'), interface='public')

    def _session(self, vim_connection):
        interface = vim_connection.get('interfaceInfo') or {}
        access = vim_connection.get('accessInfo') or {}
        missing = [key for key in ('username', 'password', 'project')
                   if not access.get(key)]
        if not interface.get('endpoint') or missing:
            raise exceptions.VimConnectionIncomplete(
                'vimConnectionInfo %s needs interfaceInfo.endpoint and '
                'accessInfo username, password and project (missing: %s)'
                % (vim_connection.get('id'),
                   ', '.join(missing) or 'endpoint'))
        auth = v3.Password(
            auth_url=interface['endpoint'], username=access['username'],
            password=access['password'], project_name=access['project'],
            user_domain_name=access.get('userDomain') or 'Default',
            project_domain_name=access.get('projectDomain') or 'Default')
        return ks_session.Session(auth=auth, verify=self._verify(interface),
                                  timeout=self.conf.timeout)

    def _verify(self, interface):
        """``verify`` as the VIM's interfaceInfo says (its CA
        certificate, or cert_verify false: ``vim_base.tls_verify``)."""
        return self._tls.enter_context(vim_base.tls_verify(interface))

    def close(self):
        self._tls.close()

    # Calls, each turning a client error into a TackerException.

    def _call(self, what, method, *args, tolerate_missing=False,
              **kwargs):
        """``method(*args, **kwargs)``; with ``tolerate_missing`` a 404
        answers GONE, any other client error raises VimOperationFailed."""
        try:
            return method(*args, **kwargs)
        except heat_exc.HTTPNotFound as error:
            if tolerate_missing:
                return GONE
            raise _failure(what, error)
        except (heat_exc.HTTPException, ks_exc.ClientException) as error:
            raise _failure(what, error)

    def find(self, name):
        """The stack named ``name``, or None."""
        found = self._call('read stack %s' % name, self.client.stacks.get,
                           name, resolve_outputs=False,
                           tolerate_missing=True)
        return None if found is GONE else found

    def create(self, name, template, files, parameters):
        """Create the stack and wait for CREATE_COMPLETE; its id."""
        body = self._call('create stack %s' % name,
                          self.client.stacks.create, stack_name=name,
                          template=template, files=files,
                          parameters=parameters, disable_rollback=True)
        stack_id = body['stack']['id']
        self.wait(stack_id, 'CREATE')
        return stack_id

    def update(self, stack_id, parameters):
        """Update the stack's parameters (PATCH, the template kept) and
        wait for UPDATE_COMPLETE."""
        self._call('update stack %s' % stack_id, self.client.stacks.update,
                   stack_id, existing=True, parameters=parameters)
        self.wait(stack_id, 'UPDATE')

    def replace(self, stack_id, template, files, parameters=None):
        """Update the stack to ``template`` (text or dict) and ``files``
        (PUT: what is not given is dropped), and wait for
        UPDATE_COMPLETE. A nested stack may be updated so, on its own."""
        self._call('update stack %s' % stack_id, self.client.stacks.update,
                   stack_id, template=template, files=files,
                   parameters=parameters or {})
        self.wait(stack_id, 'UPDATE')

    def outputs(self, stack_id):
        """The stack's outputs: {output_key: output_value}."""
        stack = self._call('read the outputs of stack %s' % stack_id,
                           self.client.stacks.get, stack_id)
        return {output['output_key']: output.get('output_value')
                for output in stack.outputs or []}

    def template(self, stack_id):
        """The stack's template as a dict (a nested stack's too)."""
        return self._call('read the template of stack %s' % stack_id,
                          self.client.stacks.template, stack_id)

    def attributes(self, stack_id, resource_name):
        """The attributes of one resource of the stack."""
        return self._call(
            'read resource %s of stack %s' % (resource_name, stack_id),
            self.client.resources.get, stack_id,
            resource_name).attributes or {}

    def delete(self, stack_id):
        """Delete the stack and wait until it is gone."""
        if self._call('delete stack %s' % stack_id,
                      self.client.stacks.delete, stack_id,
                      tolerate_missing=True) is not GONE:
            self.wait(stack_id, 'DELETE')

    def mark_unhealthy(self, stack_id, resource_name, reason):
        self._call('mark %s unhealthy' % resource_name,
                   self.client.resources.mark_unhealthy, stack_id,
                   resource_name, True, reason)

    def resources(self, stack_id):
        """The resources of the stack and of its nested stacks (two
        levels: groups, then their members), as dicts."""
        return [resource.to_dict() for resource in self._call(
            'list resources of %s' % stack_id, self.client.resources.list,
            stack_id, nested_depth=2)]

    def wait(self, stack_id, action):
        """Until the stack's ``action`` completed (DELETE: or the stack is
        gone).

        :raises VimOperationFailed: <action>_FAILED with Heat's reason,
            or still in progress after stack_retries * stack_retry_wait.
        """
        deadline = time.monotonic() + (self.conf.stack_retries *
                                       self.conf.stack_retry_wait)
        interval = FIRST_POLL_S
        while True:
            stack = self.find(stack_id)
            status = stack.stack_status if stack else 'DELETE_COMPLETE'
            if status == action + '_COMPLETE':
                return
            if status.endswith('_FAILED'):
                raise exceptions.VimOperationFailed(
                    action='%s stack %s' % (action.lower(), stack_id),
                    reason='%s: %s' % (status, stack.stack_status_reason))
            if time.monotonic() >= deadline:
                raise exceptions.VimOperationFailed(
                    action='%s stack %s' % (action.lower(), stack_id),
                    reason='still %s after %g s' % (
                        status, self.conf.stack_retries *
                        self.conf.stack_retry_wait))
            self.cancellation.wait(min(interval,
                                       deadline - time.monotonic()))
            interval = min(interval * 2, self.conf.stack_retry_wait)


def _failure(what, error):
    """VimOperationFailed with the reason keystoneauth1 or Heat gave."""
    if isinstance(error, ks_exc.Unauthorized):
        reason = 'Keystone refused the credentials (%s)' % error
    elif isinstance(error, heat_exc.HTTPException):
        reason = (getattr(error, 'error', None) or {}).get(
            'error', {}).get('message') or str(error)
    else:
        reason = str(error)
    return exceptions.VimOperationFailed(action=what, reason=reason)
