"""VNF lifecycle operations in the conductor (ARCHITECTURE "State
machines", "Durability rules" 1-3).

The API has already taken the instance lock and written the STARTING
occurrence. Here: claim it, grant (``granting``), PROCESSING, the infra
driver's step (between the VNFD's management scripts, ``lcm_scripts``),
then COMPLETED - or FAILED_TEMP with a ProblemDetails ``error``, from
which retry, rollback and fail continue. Each change is one transaction
with its notification; the claim is made by the first move (with the
grant's record, for a local grant), and the rows read once are carried
from move to move, as only the owner changes them.

This conductor keeps the occurrences it runs in ``_running``, so a
client's cancel reaches the step in progress, and ``recover`` can tell
its own stuck occurrences from running ones: whatever nobody runs is
settled, STARTING -> ROLLED_BACK, PROCESSING/ROLLING_BACK -> FAILED_TEMP;
a STARTING occurrence no conductor ever claimed is sent again instead.
"""
import collections
import contextlib
import dataclasses
import datetime
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import lcm_notifications
from tacker.common import lcm_scripts
from tacker.common import links
from tacker.common import package_files
from tacker.common import states
from tacker.common import vim_order
from tacker.common import vim_secrets
from tacker.conductor import granting
from tacker.conductor import rpcapi
from tacker.conductor import vims
from tacker.conductor import vnf_info
from tacker.db import api as db_api
from tacker.db import grants as db_grants
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_ops
from tacker.db import outbox
from tacker.db import packages as db_packages
from tacker.drivers import infra
from tacker.drivers import mgmt

LOG = logging.getLogger(__name__)

# Errors that end a STARTING operation ROLLED_BACK: it was refused (by
# the infra driver's checks or the NFVO) before anything was done.
_REFUSALS = (exceptions.GrantRejected, exceptions.BadRequest,
             exceptions.PackageNotDeployable)

# Seconds a message for an occurrence waits while another thread here
# holds it: a stale start cast, delivered late, holds it only until its
# claim fails, and the client's retry behind it must not be dropped.
BUSY_WAIT = 10


def _problem(error):
    return exceptions.problem_details(
        error, 'The operation failed on an internal error (%s); see the '
        'conductor log.')


class _Vnfds:
    """The VNFDs (``db_packages.get_vnfd``) of the last ``SIZE`` ONBOARDED
    packages used here, by package id: onboarding is final
    (``states.PACKAGE_ONBOARDING``), so a package's VNFD never changes
    once an instance may use it, and every step of an operation needs
    its flavour."""

    SIZE = 256

    def __init__(self):
        self._lock = threading.Lock()
        self._vnfds = collections.OrderedDict()

    def flavour(self, context, package_id, flavour_id):
        """:raises: VnfPackageNotFound, UnknownFlavour"""
        return db_packages.flavour(self.get(context, package_id),
                                   flavour_id)

    def get(self, context, package_id):
        """:raises: VnfPackageNotFound"""
        with self._lock:
            vnfd = self._vnfds.get(package_id)
            if vnfd is not None:
                self._vnfds.move_to_end(package_id)
        if vnfd is None:
            vnfd = db_packages.get_vnfd(context, package_id)
            if vnfd['onboarding_state'] == states.ONBOARDED:
                with self._lock:
                    self._vnfds[package_id] = vnfd
                    while len(self._vnfds) > self.SIZE:
                        self._vnfds.popitem(last=False)
        return vnfd


@dataclasses.dataclass(frozen=True)
class _Step:
    """An infra driver's step: the driver, its request, and the VIMs of
    the operation (the request has the first)."""

    driver: infra.InfraDriver
    request: infra.LcmRequest
    connections: list

    def with_grant(self, grant):
        return dataclasses.replace(self, request=dataclasses.replace(
            self.request, grant=grant))


# What ``_prepare`` reads of an operation, for a request made outside
# any (``observation``).
_OBSERVATION = {'operation': infra.RECONCILE, 'operation_params': None,
                'grant_id': None, 'target_vnf_pkg_id': None}

# A grant as ``_grant`` got it: the NFVO's name, the GrantRequest and the
# Grant.
_Granted = collections.namedtuple('_Granted', 'nfvo request grant')


class LcmWorkflows:

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self._lock = threading.Lock()
        self._released = threading.Condition(self._lock)
        self._running = {}
        self._vnfds = _Vnfds()

    # Bookkeeping of what this conductor runs.

    @contextlib.contextmanager
    def _running_op(self, op_id):
        """Register the occurrence as run here, before claiming it, until
        its step is over; yields its Cancellation, or None when another
        thread here still holds it after ``BUSY_WAIT``."""
        cancellation = infra.base.Cancellation()
        with self._released:
            self._released.wait_for(lambda: op_id not in self._running,
                                    timeout=BUSY_WAIT)
            if op_id in self._running:
                cancellation = None
            else:
                self._running[op_id] = cancellation
        if cancellation is None:
            LOG.info('Operation %s is already running here', op_id)
            yield None
            return
        try:
            yield cancellation
        finally:
            with self._released:
                self._running.pop(op_id, None)
                self._released.notify_all()

    def cancel(self, context, op_id):
        """Pass a client's cancel to the step in progress (its mode is in
        the database, which the API wrote first)."""
        op = db_ops.get(context, op_id)
        if not op['is_cancel_pending']:
            return
        with self._lock:
            cancellation = self._running.get(op_id)
        if cancellation is not None:
            LOG.info('Cancelling operation %s (%s)', op_id,
                     op['cancel_mode'])
            cancellation.request(op['cancel_mode'])

    # State changes.

    def _notify(self, session, op, instance):
        outbox.add(session, lcm_notifications.op_changed(
            op, instance, links.base_url()))

    def _move(self, context, op_id, target, owner=True, claimed=True,
              **kwargs):
        """``db_ops.transition`` of an occurrence this conductor owns (or
        anyone's, without ``owner``); one it has not claimed yet
        (``claimed`` False) it claims in the same UPDATE, if nobody did."""
        kwargs.setdefault('on_change', self._notify)
        if not claimed:
            owner = False
            kwargs.update(unclaimed=True, claim=self.host)
        return db_ops.transition(
            context, op_id, target, owner=self.host if owner else None,
            **kwargs)

    def _advance(self, context, op_id, target, claimed=True, **kwargs):
        """A move toward the end of the operation, which a pending cancel
        turns into FAILED_TEMP."""
        moved = self._move(context, op_id, target, claimed=claimed,
                           unless_cancel_pending=True, **kwargs)
        if moved is None:
            self._end_if_cancelled(context, op_id, claimed)
        return moved

    def _end_if_cancelled(self, context, op_id, claimed=True):
        op = db_ops.get(context, op_id)
        if op['is_cancel_pending']:
            self._fail(context, op_id, exceptions.OperationCancelled(
                mode=op['cancel_mode']), claimed)

    def _fail(self, context, op_id, error, claimed=True):
        if not isinstance(error, exceptions.TackerException):
            LOG.error('Operation %s failed', op_id, exc_info=error)
        else:
            LOG.warning('Operation %s failed: %s', op_id, error)
        self._move(context, op_id, states.FAILED_TEMP, claimed=claimed,
                   op_values={'error': _problem(error)})

    # Workflows, one per RPC method.

    def start(self, context, op_id):
        """STARTING -> grant -> PROCESSING -> the step.

        The occurrence is read once, and claimed by its move to
        PROCESSING, which records the grant: one transaction. A start
        cast delivered twice may so compute a local grant twice, which
        costs nothing; an external NFVO is asked only after a claim of
        its own, so it is never asked twice.
        """
        with self._running_op(op_id) as cancellation:
            if cancellation is None:
                return
            rows = self._read(context, op_id)
            if rows is None:
                return
            op, instance = rows
            if op['operation_state'] != states.STARTING or \
                    op['owner_host'] is not None:
                return
            claimed = False
            try:
                op = self._seal_params(context, op)
                step = self._validate(context, op, instance, cancellation)
                granted = None
                if self._needs_grant(op):
                    nfvo = granting.nfvo(self.conf, links.base_url())
                    if nfvo.remote:
                        claimed = db_ops.claim(context, op_id, self.host,
                                               [states.STARTING],
                                               unowned=True)
                        if not claimed:
                            return
                    granted = self._grant(
                        context, op, instance, nfvo,
                        step.connections if step else [], cancellation)
            except _REFUSALS as error:
                # Nothing was done: the operation ends, the lock with it.
                LOG.warning('Operation %s: %s', op_id, error)
                self._move(context, op_id, states.ROLLED_BACK,
                           claimed=claimed,
                           op_values={'error': _problem(error)})
                return
            except Exception as error:
                self._fail(context, op_id, error, claimed)
                return
            moved = self._advance(
                context, op_id, states.PROCESSING, claimed=claimed,
                sources=[states.STARTING], rows=(op, instance),
                **self._recording(granted))
            if moved:
                self._run(context, *moved, cancellation, step,
                          granted.grant if granted else None)

    def retry(self, context, op_id):
        with self._running_op(op_id) as cancellation:
            if cancellation is None:
                return
            rows = self._read(context, op_id)
            if rows is None:
                return
            # Claimed from whichever conductor failed it, by its move.
            moved = self._move(context, op_id, states.PROCESSING,
                               owner=False, claim=self.host,
                               sources=[states.FAILED_TEMP],
                               op_values={'error': None}, rows=rows)
            if moved:
                self._run(context, *moved, cancellation)

    def rollback(self, context, op_id):
        """:raises: RollbackNotAllowed (the API refuses it first; a cast
        that got past an API of another release ends here)."""
        op, instance = db_ops.get_with_instance(context, op_id)
        if not states.rollback_allowed(op['operation'],
                                       op['operation_params']):
            raise exceptions.RollbackNotAllowed(id=op_id,
                                                operation=op['operation'])
        with self._running_op(op_id) as cancellation:
            if cancellation is None:
                return
            moved = self._move(context, op_id, states.ROLLING_BACK,
                               owner=False, claim=self.host,
                               sources=[states.FAILED_TEMP],
                               rows=(op, instance))
            if not moved:
                return
            op, instance = moved
            try:
                step = self._prepare(context, op, instance, cancellation)
                result = step.driver.rollback(step.request)
                cancellation.check()
            except Exception as error:
                self._fail(context, op_id, error)
                return
            before = states.LCM_OPERATIONS[op['operation']].needs
            self._advance(context, op_id, states.ROLLED_BACK,
                          rows=moved,
                          op_values={'error': None,
                                     'resource_changes': _changes(result)},
                          instance_values={
                              'instantiation_state': before,
                              'instantiated_vnf_info':
                                  result.instantiated_vnf_info})

    # Steps.

    @staticmethod
    def _read(context, op_id):
        """The occurrence and its instance; None when it is gone (its
        instance was deleted since the message was sent)."""
        try:
            return db_ops.get_with_instance(context, op_id)
        except exceptions.LcmOpOccNotFound:
            LOG.info('Operation %s no longer exists', op_id)
            return None

    def _seal_params(self, context, op):
        """Encrypt the VIM secrets of an operation an API server of an
        older release stored as sent (a rolling upgrade); the API seals
        them before writing now, so this writes nothing for its ops."""
        params = op['operation_params'] or {}
        entries = vim_order.entries(params.get('vimConnectionInfo'))
        sealed = vim_secrets.seal(self.conf, entries)
        if sealed == entries:
            return op
        params = dict(params, vimConnectionInfo=sealed)
        db_ops.set_params(context, op['id'], params)
        return dict(op, operation_params=params)

    def _validate(self, context, op, instance, cancellation):
        """The infra driver's ``validate``, before the grant (a request
        the driver refuses is never granted), when the VIM is known
        without the grant; returns the validated ``_Step``, else None
        and ``_run`` validates once the grant names the VIM."""
        if op['operation'] == states.MODIFY_INFO:
            return None
        if self.conf.nfvo.use_external_nfvo and not _vim_choice(
                op, instance, None, lambda: None).connections:
            return None  # The NFVO's grant names the VIM.
        connections = self._vim_connections(context, op, instance)
        if not connections:
            return None
        step = self._prepare(context, op, instance, cancellation,
                             connections=connections)
        step.driver.validate(step.request)
        return step

    @staticmethod
    def _needs_grant(op):
        """Operations that touch no VIM, and those granted before (a
        retry), need no grant."""
        return op['operation'] in states.GRANTED_OPERATIONS and \
            not op['grant_id']

    def _grant(self, context, op, instance, nfvo, connections,
               cancellation):
        """Ask ``nfvo`` for the operation's grant on the VIMs
        ``connections`` (a local NFVO grants them): a ``_Granted``."""
        base = links.base_url()
        flavour = self._flavour(context, op, instance, granted=True)
        request = granting.grant_request(op, instance, flavour, {
            'vnfLcmOpOcc': links.vnf_lcm_op_occ(base, op['id']),
            'vnfInstance': links.vnf_instance(base, instance['id'])})
        grant = nfvo.grant(request, vim_secrets.without_secrets(
            connections), cancellation)
        if isinstance(grant.get('vimConnections'), list):
            # An external NFVO may hand over VIM credentials.
            grant = dict(grant, vimConnections=vim_secrets.seal(
                self.conf, grant['vimConnections']))
        return _Granted(nfvo.name, request, grant)

    def _recording(self, granted):
        """``transition`` arguments that record ``granted`` (None: no
        grant) with the move, and notify it."""
        if granted is None:
            return {}

        def on_change(session, op, instance):
            db_grants.add(session, op['id'], granted.nfvo, granted.request,
                          granted.grant)
            self._notify(session, op, instance)
        return {'op_values': {'grant_id': granted.grant['id']},
                'on_change': on_change}

    def _vim_connections(self, context, op, instance, grant=None):
        """The VIMs of the operation (``vim_order``), secrets included;
        those named by vimId completed from the registered VIM
        (``vims.resolve``)."""
        choice = _vim_choice(op, instance, grant, lambda: (
            vims.default_connection(context, self.conf,
                                    instance['project_id'],
                                    _default_vim_type(op))))
        if choice.source == vim_order.DEFAULT:
            return choice.connections
        return vims.resolve(context, self.conf, vim_secrets.unseal(
            self.conf, choice.connections), instance['project_id'])

    def _vims_to_store(self, op, instance, request):
        """The instance's vimConnectionInfo after INSTANTIATE: the
        entries the operation named, their own secrets sealed; or else
        the default VIM it used (``request.vim_connection``), by vimId,
        without secrets."""
        choice = _vim_choice(op, instance, request.grant,
                             lambda: request.vim_connection)
        if choice.source == vim_order.DEFAULT:
            return vim_secrets.without_secrets(choice.connections)
        return vim_secrets.seal(self.conf, choice.connections)

    def _flavour(self, context, op, instance, granted=False):
        """The flavour the instance is in; or, ``granted``, the one the
        operation leaves it in (what its grant sizes)."""
        params = op['operation_params'] or {}
        if op['operation'] == states.INSTANTIATE:
            flavour_id = params.get('flavourId')
        elif op['operation'] == states.CHANGE_FLAVOUR and granted:
            flavour_id = params['newFlavourId']
        else:
            flavour_id = (instance['instantiated_vnf_info'] or {}).get(
                'flavourId')
        return self._vnfds.flavour(context, instance['vnf_pkg_id'],
                                   flavour_id)

    def _prepare(self, context, op, instance, cancellation, grant=None,
                 connections=None):
        """The ``_Step`` of the operation; its grant, if it has one, read
        unless given."""
        if grant is None and op['grant_id']:
            grant = db_grants.get(context, op['grant_id'])['grant']
        connections = connections or self._vim_connections(
            context, op, instance, grant)
        if not connections:
            raise exceptions.NoVim(vim_type=_default_vim_type(op))
        params = op['operation_params'] or {}
        flavour = self._flavour(context, op, instance)
        package_dir = self._package_dir(context, instance['vnf_pkg_id'])
        target_flavour = target_package_dir = None
        if op['target_vnf_pkg_id']:
            target_flavour = self._vnfds.flavour(
                context, op['target_vnf_pkg_id'], flavour['flavour_id'])
            target_package_dir = self._package_dir(
                context, op['target_vnf_pkg_id'])
        elif op['operation'] == states.CHANGE_FLAVOUR:
            target_flavour = self._vnfds.flavour(
                context, instance['vnf_pkg_id'], params['newFlavourId'])
            target_package_dir = package_dir
        request = infra.LcmRequest(
            operation=op['operation'], instance_id=instance['id'],
            flavour=flavour, params=params,
            additional_params=vim_secrets.unseal_vdu_params(
                self.conf, params.get('additionalParams') or {}),
            vim_connection=connections[0],
            current=instance['instantiated_vnf_info'], grant=grant,
            package_dir=package_dir, target_flavour=target_flavour,
            target_package_dir=target_package_dir,
            cancellation=cancellation)
        return _Step(infra.load(connections[0]['vimType'], self.conf),
                     request, connections)

    def _package_dir(self, context, package_id):
        return package_files.PackageFiles(self.conf, package_id).content(
            self._vnfds.get(context, package_id))

    def observation(self, context, instance):
        """The driver of an INSTANTIATED ``instance`` and a RECONCILE
        request of it (``InfraDriver.reconcile``), on its VIM."""
        return self._prepare(context, _OBSERVATION, instance,
                             infra.base.Cancellation())

    def _run(self, context, op, instance, cancellation, step=None,
             grant=None):
        """The PROCESSING part: the driver's step (or the modification of
        MODIFY_INFO), then COMPLETED; any failure, a cancel included,
        ends FAILED_TEMP. ``step``: the one ``start`` validated before
        asking for ``grant``, the grant it recorded."""
        try:
            if op['operation'] == states.MODIFY_INFO:
                self._modify_info(context, op, instance)
                return
            if self._needs_grant(op):
                # A retry of an operation that failed before its grant.
                granted = self._grant(
                    context, op, instance,
                    granting.nfvo(self.conf, links.base_url()),
                    self._vim_connections(context, op, instance),
                    cancellation)
                if not db_grants.record(context, op['id'], self.host,
                                        granted.nfvo, granted.request,
                                        granted.grant):
                    self._end_if_cancelled(context, op['id'])
                    return
                grant = granted.grant
                op = dict(op, grant_id=grant['id'])
            if step is None:
                step = self._prepare(context, op, instance, cancellation,
                                     grant)
                step.driver.validate(step.request)
            elif grant is not None:
                step = step.with_grant(grant)
            request = step.request
            operation = states.LCM_OPERATIONS[op['operation']]
            self._lcm_script(context, op, instance, step, lcm_scripts.START)
            result = getattr(step.driver, operation.driver_step)(request)
            cancellation.check()
            instance_values = {'instantiation_state': operation.leaves,
                               'instantiated_vnf_info':
                                   result.instantiated_vnf_info}
            op_values = {'resource_changes': _changes(result),
                         'changed_ext_connectivity':
                             result.changed_ext_connectivity or None}
            instance_values.update(vnf_info.deployed_properties(
                instance, op['operation_params']))
            if op['operation'] == states.INSTANTIATE:
                instance_values['vim_connection_info'] = self._vims_to_store(
                    op, instance, request)
            elif op['operation'] == states.CHANGE_VNFPKG:
                values, op_values['changed_info'] = \
                    vnf_info.package_change(self._vnfds.get(
                        context, op['target_vnf_pkg_id']))
                instance_values.update(values)
            self._lcm_script(context, op, dict(instance, **instance_values),
                             step, lcm_scripts.END)
            self._advance(context, op['id'], states.COMPLETED,
                          rows=(op, instance), op_values=op_values,
                          instance_values=instance_values)
        except Exception as error:
            self._fail(context, op['id'], error)

    def _lcm_script(self, context, op, instance, step, phase):
        """Run the management script the VNFD declares for ``phase``
        (START, END) of the step, if any (``lcm_scripts``); ``instance``
        as the script is to see it.

        :raises LcmScriptFailed: the script failed.
        """
        hook = lcm_scripts.hook(op['operation'], phase)
        flavour = step.request.flavour
        if not (lcm_scripts.runs_scripts(instance)
                and lcm_scripts.script(flavour, hook)):
            return
        grant = db_grants.get(context, op['grant_id']) if op['grant_id'] \
            else None
        mgmt.load(lcm_scripts.DRIVER, self.conf).run_lcm_script(
            step.request.package_dir, flavour, hook, lcm_scripts.payload(
                hook, step.request, instance, grant))

    def _modify_info(self, context, op, instance):
        request = op['operation_params'] or {}
        package = None
        if request.get('vnfdId', instance['vnfd_id']) != \
                instance['vnfd_id']:
            package = db_instances.get_usable_package(
                context, request['vnfdId'], instance['project_id'])
        values, changed = vnf_info.modification(instance, request, package)

        def on_change(session, op, changed_instance):
            if package is not None:
                db_instances.usable_package(session, request['vnfdId'],
                                            instance['project_id'])
                db_instances.refresh_usage(
                    session, [instance['vnf_pkg_id'], package['id']])
            self._notify(session, op, changed_instance)

        self._advance(context, op['id'], states.COMPLETED,
                      rows=(op, instance),
                      op_values={'changed_info': changed},
                      instance_values=values, on_change=on_change)

    # Recovery.

    def recover(self, context):
        """Settle operations nobody runs: their conductor is dead (or
        restarted), the cast was lost, or this conductor lost track of
        one (a database error at its end). Also pass on cancels whose
        cast was lost."""
        others = [c['hostname'] for c in db_api.list_live_conductors(
            context, self.conf.service_down_time)
            if c['hostname'] != self.host]
        stale_before = timeutils.utcnow() - datetime.timedelta(
            seconds=self.conf.service_down_time)
        for orphan in db_ops.find_orphans(context, others, stale_before):
            with self._lock:
                if orphan['id'] in self._running:
                    continue
            if orphan['operation_state'] == states.STARTING and \
                    orphan['owner_host'] is None:
                self._send_again(context, orphan['id'])
                continue
            error = exceptions.ConductorLost().to_problem_details()
            if orphan['operation_state'] == states.STARTING:
                target, values = states.ROLLED_BACK, {}
            else:
                target, values = states.FAILED_TEMP, {'error': error}
            # Another sweeping conductor may have settled it first.
            if self._move(context, orphan['id'], target, owner=False,
                          op_values=values,
                          sources=[orphan['operation_state']]):
                LOG.warning('Operation %s was left %s; now %s',
                            orphan['id'], orphan['operation_state'], target)
        for op_id in db_ops.cancel_pending(context, self.host):
            self.cancel(context, op_id)

    def _send_again(self, context, op_id):
        """Send the start cast of an occurrence no conductor claimed
        within ``service_down_time`` once more: it was lost (a broker
        restart, a conductor that died before its claim) or still waits
        behind others in the queue. ``start`` claims STARTING only, so
        whichever copy comes second does nothing: a slow queue never
        rolls an operation back."""
        if not db_ops.renew_unclaimed(context, op_id):
            return
        LOG.warning('Operation %s was not taken by a conductor within %s '
                    's; sending it again', op_id,
                    self.conf.service_down_time)
        try:
            rpcapi.conductor_api().start_lcm_op(context, op_id)
        except Exception:
            # The broker is away: the next recovery pass tries again.
            LOG.exception('Could not send operation %s again', op_id)


def _vim_choice(op, instance, grant, default_vim):
    return vim_order.choose(
        (op['operation_params'] or {}).get('vimConnectionInfo'),
        instance['vim_connection_info'],
        (grant or {}).get('vimConnections'), default_vim)


def _default_vim_type(op):
    """The type of the default VIM ``op`` falls back on, as the API
    chose it before the 202."""
    return infra_requirements.default_vim_type(
        (op['operation_params'] or {}).get('additionalParams'))


def _changes(result):
    """resourceChanges of VnfLcmOpOcc (SOL003 5.5.2.13)."""
    return {'affectedVnfcs': result.affected_vnfcs,
            'affectedVirtualLinks': result.affected_virtual_links,
            'affectedVirtualStorages': result.affected_virtual_storages}
