"""``/vnflcm/v1/vnf_lcm_op_occs`` (SOL003 v2.6.1 clause 5.4.12 - 5.4.17)
and ``/vnflcm/v2/vnf_lcm_op_occs`` (SOL003 v3.3.1), each rendered by its
API's view.

Retry and rollback run in the conductor (202); fail only records the end,
so it is done here (200 with the occurrence). Cancel is recorded here and
passed to the conductor running the occurrence (202).
"""
from oslo_log import log as logging

from tacker.api import listing
from tacker.api.vnflcm import views
from tacker.api import wsgi
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.common import states
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import outbox

LOG = logging.getLogger(__name__)

_C = db_lcm_ops.OP.c
# An occurrence starts when it is created (db_lcm_ops.start writes one
# time to both), so startTime is filtered on created_at: the paging index
# then range-scans the filtered page instead of reading every row before
# the first match.
FILTER_COLUMNS = {
    'id': _C.id, 'operationState': _C.operation_state,
    'vnfInstanceId': _C.vnf_instance_id, 'operation': _C.operation,
    'stateEnteredTime': _C.state_entered_time, 'startTime': _C.created_at,
    'isAutomaticInvocation': _C.is_automatic_invocation,
    'isCancelPending': _C.is_cancel_pending, 'grantId': _C.grant_id,
}


class OpOccsController:

    def __init__(self, view=views):
        self.view = view

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        query = listing.ListQuery(
            req, self.view.VNF_LCM_OP_OCC, FILTER_COLUMNS,
            CONF.vnf_lcm.page_size, db_lcm_ops.ORDER)
        return query.respond(
            db_lcm_ops.list_page,
            lambda op: self.view.vnf_lcm_op_occ(op, base),
            project_scope(req.context),
            unread=query.unread(self.view.VNF_LCM_OP_OCC_COLUMNS))

    @wsgi.responds(200)
    def show(self, req, id):
        return self.view.vnf_lcm_op_occ(
            db_lcm_ops.get(req.context, id, project_scope(req.context)),
            links.base_url(req))

    def _failed_temp(self, req, id):
        op = db_lcm_ops.get(req.context, id, project_scope(req.context))
        if op['operation_state'] != states.FAILED_TEMP:
            raise exceptions.OpStateConflict(
                id=id, state=op['operation_state'], needed=states.FAILED_TEMP)
        return op

    @wsgi.responds(202, 409)
    def retry(self, req, id):
        self._failed_temp(req, id)
        rpcapi.conductor_api().retry_lcm_op(req.context, id)
        return wsgi.Result(status=202)

    @wsgi.responds(202, 409)
    def rollback(self, req, id):
        op = self._failed_temp(req, id)
        if not states.rollback_allowed(op['operation'],
                                       op['operation_params']):
            raise exceptions.RollbackNotAllowed(id=id,
                                                operation=op['operation'])
        rpcapi.conductor_api().rollback_lcm_op(req.context, id)
        return wsgi.Result(status=202)

    @wsgi.responds(200, 409)
    def fail(self, req, id):
        self._failed_temp(req, id)
        base = links.base_url(req)
        moved = db_lcm_ops.transition(req.context, id, states.FAILED,
                                      on_change=_notifier(base))
        if moved is None:
            raise exceptions.OpStateConflict(
                id=id, state='no longer FAILED_TEMP',
                needed=states.FAILED_TEMP)
        return self.view.vnf_lcm_op_occ(moved[0], base)

    @wsgi.responds(202, 409)
    def cancel(self, req, id, body):
        mode = body['cancelMode']
        op = db_lcm_ops.request_cancel(req.context, id,
                                       project_scope(req.context), mode)
        if op['owner_host'] is None and db_lcm_ops.transition(
                req.context, id, states.FAILED_TEMP, sources=[
                    states.STARTING], unclaimed=True,
                op_values={'error': exceptions.OperationCancelled(
                    mode=mode).to_problem_details()},
                on_change=_notifier(links.base_url(req))):
            # No conductor took it yet, so nothing runs: it ends here,
            # and the conductor that gets the cast finds it settled.
            return wsgi.Result(status=202)
        op = db_lcm_ops.get(req.context, id)
        if op['owner_host'] and op['operation_state'] in \
                states.LCM_OP_RUNNING:
            try:
                rpcapi.conductor_api().cancel_lcm_op(req.context, id,
                                                     op['owner_host'])
            except Exception:
                # The conductor also looks for pending cancels of its
                # own operations at every sweep.
                LOG.exception('Could not pass the cancel of %s to %s', id,
                              op['owner_host'])
        return wsgi.Result(status=202)


def _notifier(base):
    return outbox.notifier(lcm_notifications.op_changed, base)
