"""VNF lifecycle operations in the conductor (ARCHITECTURE "State
machines", "Durability rules" 1-3).

The API has already taken the instance lock and written the STARTING
occurrence. Here: claim it, grant (local NFVO), PROCESSING, the infra
driver's step, then COMPLETED - or FAILED_TEMP with a ProblemDetails
``error``, from which retry, rollback and fail continue. Each change is
one transaction with its notification. ``recover`` settles what a dead
conductor left: STARTING -> ROLLED_BACK, PROCESSING/ROLLING_BACK ->
FAILED_TEMP.
"""
import datetime

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.common import exceptions
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import lcm_ops as db_ops
from tacker.db import packages as db_packages
from tacker.drivers import infra

LOG = logging.getLogger(__name__)

_DRIVER_STEPS = {'INSTANTIATE': 'instantiate', 'TERMINATE': 'terminate',
                 'SCALE': 'scale', 'HEAL': 'heal',
                 'CHANGE_EXT_CONN': 'change_ext_conn'}


def _problem(error):
    return exceptions.problem_details(
        error, 'The operation failed on an internal error (%s); see the '
        'conductor log.')


def vim_type(vim_connection_info):
    """The vimType of the first VimConnectionInfo (dict or list form)."""
    entries = vim_connection_info or []
    if isinstance(entries, dict):
        entries = list(entries.values())
    return entries[0]['vimType'] if entries else None


class LcmWorkflows:

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host

    def _notify(self, session, op, instance):
        lcm_notifications.op_changed(session, op, instance,
                                     links.base_url())

    def _move(self, context, op_id, target, owner=True, **kwargs):
        return db_ops.transition(
            context, op_id, target, owner=self.host if owner else None,
            on_change=self._notify, **kwargs)

    def start(self, context, op_id):
        """STARTING -> (grant) -> PROCESSING -> driver step."""
        if not db_ops.claim(context, op_id, self.host, [states.STARTING]):
            return
        # Local NFVO: the grant is recorded, every resource granted.
        if self._move(context, op_id, states.PROCESSING,
                      op_values={'grant_id': uuidutils.generate_uuid()}):
            self._run(context, op_id)

    def retry(self, context, op_id):
        if db_ops.claim(context, op_id, self.host, [states.FAILED_TEMP]) \
                and self._move(context, op_id, states.PROCESSING,
                               op_values={'error': None}):
            self._run(context, op_id)

    def rollback(self, context, op_id):
        if not (db_ops.claim(context, op_id, self.host,
                             [states.FAILED_TEMP])
                and self._move(context, op_id, states.ROLLING_BACK)):
            return
        op, instance = db_ops.get_with_instance(context, op_id)
        try:
            driver, request = self._prepare(context, op, instance)
            result = driver.rollback(request)
        except Exception as error:
            LOG.warning('Rollback of %s failed: %s', op_id, error)
            self._move(context, op_id, states.FAILED_TEMP,
                       op_values={'error': _problem(error)})
            return
        before = states.LCM_OPERATIONS[op['operation']][0]
        self._move(context, op_id, states.ROLLED_BACK,
                   op_values={'error': None,
                              'resource_changes': _changes(result)},
                   instance_values={
                       'instantiation_state': before,
                       'instantiated_vnf_info':
                           result.instantiated_vnf_info})

    def _prepare(self, context, op, instance):
        params = op['operation_params'] or {}
        vim = (params.get('vimConnectionInfo')
               or instance['vim_connection_info'])
        current = instance['instantiated_vnf_info']
        flavour_id = params.get('flavourId') if \
            op['operation'] == 'INSTANTIATE' else (current or {}).get(
                'flavourId')
        package = db_packages.get(context, instance['vnf_pkg_id'])
        flavour = (package['deployment_flavours'] or {}).get(flavour_id)
        if flavour is None:
            raise exceptions.BadRequest(
                'flavourId %s is not a deployment flavour of VNFD %s.' % (
                    flavour_id, instance['vnfd_id']))
        driver = infra.load(vim_type(vim) or 'noop', self.conf)
        request = infra.LcmRequest(
            operation=op['operation'], instance_id=instance['id'],
            flavour=flavour, flavour_id=flavour_id,
            vim_connection=(vim or [{}])[0]
            if isinstance(vim, list) else (vim or {}),
            params=params, current=current)
        return driver, request

    def _run(self, context, op_id):
        op, instance = db_ops.get_with_instance(context, op_id)
        try:
            driver, request = self._prepare(context, op, instance)
            driver.validate(request)
            result = getattr(driver, _DRIVER_STEPS[op['operation']])(
                request)
        except Exception as error:
            if not isinstance(error, exceptions.TackerException):
                LOG.exception('Operation %s failed', op_id)
            else:
                LOG.warning('Operation %s failed: %s', op_id, error)
            self._move(context, op_id, states.FAILED_TEMP,
                       op_values={'error': _problem(error)})
            return
        after = states.LCM_OPERATIONS[op['operation']][1]
        instance_values = {'instantiation_state': after,
                           'instantiated_vnf_info':
                               result.instantiated_vnf_info}
        params = op['operation_params'] or {}
        if op['operation'] == 'INSTANTIATE' and \
                params.get('vimConnectionInfo'):
            instance_values['vim_connection_info'] = \
                params['vimConnectionInfo']
        self._move(context, op_id, states.COMPLETED,
                   op_values={'resource_changes': _changes(result),
                              'changed_ext_connectivity':
                                  result.changed_ext_connectivity or None},
                   instance_values=instance_values)

    def recover(self, context, starting_up=False):
        """Settle operations whose conductor is dead (or whose cast was
        lost): nothing stays STARTING, PROCESSING or ROLLING_BACK. A
        conductor starting up also settles its own: whatever it ran
        before it restarted is no longer running."""
        live = [c['hostname'] for c in db_api.list_live_conductors(
            context, self.conf.service_down_time)
            if not (starting_up and c['hostname'] == self.host)]
        stale_before = timeutils.utcnow() - datetime.timedelta(
            seconds=self.conf.service_down_time)
        for orphan in db_ops.find_orphans(context, live, stale_before):
            error = exceptions.ServiceUnavailable(
                'The conductor running this operation stopped; retry, '
                'roll back or fail it.').to_problem_details()
            if orphan['operation_state'] == states.STARTING:
                target, values = states.ROLLED_BACK, {}
            else:
                target, values = states.FAILED_TEMP, {'error': error}
            LOG.warning('Operation %s was left %s; now %s', orphan['id'],
                        orphan['operation_state'], target)
            self._move(context, orphan['id'], target, owner=False,
                       op_values=values)


def _changes(result):
    """resourceChanges of VnfLcmOpOcc (SOL003 5.5.2.13)."""
    return {'affectedVnfcs': result.affected_vnfcs,
            'affectedVirtualLinks': result.affected_virtual_links,
            'affectedVirtualStorages': result.affected_virtual_storages}
