"""Queries on LCM operation occurrences (``vnf_lcm_op_occs``) and the
per-instance lock they hold (``vnf_instances.locked_by_op``).

Every state change is a conditional UPDATE from the states the table in
``tacker.common.states`` allows, in one transaction with the instance
change it implies and the notification it causes (``on_change``).
"""
import functools

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import compiled
from tacker.db import instances as db_instances
from tacker.db import lone_reads
from tacker.db import models
from tacker.db import paging

OP = models.VnfLcmOpOcc.__table__
INSTANCE = db_instances.INSTANCE
ORDER = paging.creation_order(OP)

# The statements of an LCM step, built once (SQLAlchemy then also keeps
# their cache keys): building one costs about as much CPU as SQLite
# running it.
_WITH_INSTANCE = sa.select(OP, INSTANCE).join(
    INSTANCE, INSTANCE.c.id == OP.c.vnf_instance_id).where(
        OP.c.id == sa.bindparam('b_id')).set_label_style(
            sa.LABEL_STYLE_TABLENAME_PLUS_COL)
_UPDATE_LOCKED_INSTANCE = sa.update(INSTANCE).where(
    INSTANCE.c.id == sa.bindparam('b_id'),
    INSTANCE.c.locked_by_op == sa.bindparam('b_op'))


@functools.lru_cache
def _move_op(owner, unclaimed, unless_cancel_pending, sources):
    """The conditional UPDATE of ``transition``; its values are given
    with the conditions' "b_" parameters when it is run, the states it
    moves from as "b_from_<i>" for each of ``sources`` (their number:
    an ``in`` list SQLAlchemy expands at execution would keep it from
    being compiled once, see ``tacker.db.compiled``)."""
    conditions = [OP.c.id == sa.bindparam('b_id'),
                  OP.c.operation_state.in_([
                      sa.bindparam('b_from_%d' % index)
                      for index in range(sources)])]
    if owner:
        conditions.append(OP.c.owner_host == sa.bindparam('b_owner'))
    if unclaimed:
        conditions.append(OP.c.owner_host.is_(None))
    if unless_cancel_pending:
        conditions.append(OP.c.is_cancel_pending == sa.false())
    return sa.update(OP).where(*conditions)


def _select_op(session, op_id, project_id=None):
    return db_api.one_in_project(session, OP, op_id, project_id,
                                 exceptions.LcmOpOccNotFound)


@db_api.retry_on_deadlock
def start(context, instance_id, project_id, operation, params,
          on_change=None, check=None, target_vnfd_id=None,
          automatic=False):
    """Take the instance's lock and record a STARTING occurrence, in one
    transaction (the RPC cast follows the commit). ``check(instance)``
    runs once the lock is taken, so it sees the state the operation will
    start from; what it raises undoes the transaction (``on_change``'s
    too). ``automatic``: started by Tacker itself (isAutomaticInvocation,
    SOL003 5.5.2.13), not by a client. A CHANGE_VNFPKG
    names the vnfdId it moves to: that package, usable in the instance's
    project, is locked, recorded and IN_USE from then on.

    :raises: VnfInstanceNotFound, InstanceStateConflict, InstanceBusy,
        VnfPackageNotUsable, and what ``check`` raises
    """
    needed = states.LCM_OPERATIONS[operation].needs
    state_needed = [] if needed is None else [
        INSTANCE.c.instantiation_state == needed]
    now = timeutils.utcnow()
    op_id = uuidutils.generate_uuid()
    with db_api.writing_statements(context) as session:
        locked = session.execute(sa.update(INSTANCE).where(
            INSTANCE.c.id == instance_id,
            *db_api.in_project(INSTANCE.c, project_id),
            INSTANCE.c.locked_by_op.is_(None), *state_needed).values(
                locked_by_op=op_id, updated_at=now)).rowcount
        instance = db_instances.select_one(session, instance_id,
                                           project_id)
        if not locked:
            if instance['locked_by_op']:
                raise exceptions.InstanceBusy(
                    id=instance_id, op_id=instance['locked_by_op'])
            raise exceptions.InstanceStateConflict(
                id=instance_id, state=instance['instantiation_state'],
                operation=operation, needed=needed)
        if check:
            check(instance)
        target = None
        if target_vnfd_id is not None:
            target = db_instances.usable_package(
                session, target_vnfd_id, instance['project_id'])
            db_instances.mark_in_use(session, target)
        session.execute(sa.insert(OP).values(
            target_vnf_pkg_id=target and target['id'],
            id=op_id, project_id=instance['project_id'],
            vnf_instance_id=instance_id, operation=operation,
            operation_state=states.STARTING, state_entered_time=now,
            start_time=now, is_automatic_invocation=automatic,
            is_cancel_pending=False, operation_params=params,
            api_version=instance['api_version'], created_at=now,
            updated_at=now))
        op = _select_op(session, op_id)
        if on_change:
            on_change(session, op, instance)
        return op


def get(context, op_id, project_id=None):
    """:raises: LcmOpOccNotFound"""
    with lone_reads.reading_alone(context) as connection:
        return _select_op(connection, op_id, project_id)


def get_with_instance(context, op_id):
    """The occurrence and its instance, read in one query.

    :raises: LcmOpOccNotFound
    """
    rows = lone_reads.select_rows(context, _WITH_INSTANCE, {'b_id': op_id})
    if not rows:
        raise exceptions.LcmOpOccNotFound(id=op_id)
    row = rows[0]
    ops = len(OP.columns)
    return (dict(zip(OP.columns.keys(), row[:ops])),
            dict(zip(INSTANCE.columns.keys(), row[ops:])))


def list_page(context, project_id, *page, **options):
    """A page of op occurrences (see ``tacker.db.paging.list_page``)."""
    return paging.list_page(context, OP, db_api.project_scope(project_id),
                            *page, **options)


@db_api.retry_on_deadlock
def transition(context, op_id, target, op_values=None,
               instance_values=None, owner=None, on_change=None,
               sources=None, unless_cancel_pending=False, unclaimed=False,
               claim=None, rows=None):
    """Move the occurrence to ``target`` if the state table allows it
    from its current state (narrowed to ``sources`` if given; with
    ``owner``, only if that conductor owns it, with ``unclaimed`` only if
    none does; with ``unless_cancel_pending``, only if no cancel is
    pending). ``claim`` records that conductor as its owner in the same
    UPDATE (a conductor's claim folded into its first move). Leaving
    the running states ends a pending cancel; a final state releases the
    instance lock. Returns the changed (op, instance), or None when
    another change won.

    ``rows``: the (op, instance) as a conductor read them before the
    move. The changed rows are then made of them and the values written
    instead of being read again: while an occurrence runs, its instance
    is locked and only the conductor writes either row, but for a
    client's cancel request, whose columns every move out of the running
    states resets and ``unless_cancel_pending`` guards.
    """
    now = timeutils.utcnow()
    values = dict(op_values or {}, operation_state=target,
                  state_entered_time=now, updated_at=now)
    if target not in states.LCM_OP_RUNNING:
        values.update(is_cancel_pending=False, cancel_mode=None)
    if claim is not None:
        values['owner_host'] = claim
    allowed = states.sources(states.LCM_OP, target)
    if sources is not None:
        allowed = [state for state in allowed if state in sources]
    if not allowed:
        return None
    update = _move_op(owner is not None, unclaimed, unless_cancel_pending,
                      len(allowed))
    conditions = {'b_from_%d' % index: state
                  for index, state in enumerate(allowed)}
    conditions['b_id'] = op_id
    if owner is not None:
        conditions['b_owner'] = owner
    changes = dict(instance_values or {})
    if target in states.LCM_OP_FINAL:
        changes['locked_by_op'] = None
    with db_api.writing_statements(context) as session:
        if not compiled.rowcount(session, update,
                                 dict(values, **conditions)):
            return None
        if rows is None:
            op = _select_op(session, op_id)
        else:
            op = dict(rows[0], **values)
        # The packages whose usage the end of a CHANGE_VNFPKG changes.
        packages = []
        if target in states.LCM_OP_FINAL and op['target_vnf_pkg_id']:
            before = rows[1] if rows is not None else \
                db_instances.select_one(session, op['vnf_instance_id'], None)
            packages = [op['target_vnf_pkg_id'], before['vnf_pkg_id']]
        if changes:
            changes['updated_at'] = now
            compiled.rowcount(session, _UPDATE_LOCKED_INSTANCE, dict(
                changes, b_id=op['vnf_instance_id'], b_op=op_id))
        if rows is None:
            instance = db_instances.select_one(
                session, op['vnf_instance_id'], None)
        else:
            instance = dict(rows[1], **changes)
        db_instances.refresh_usage(session, packages)
        if on_change:
            on_change(session, op, instance)
        return op, instance


@db_api.retry_on_deadlock
def set_params(context, op_id, params):
    """Replace the occurrence's operationParams (to seal secrets)."""
    with db_api.writing_statements(context) as session:
        session.execute(sa.update(OP).where(OP.c.id == op_id).values(
            operation_params=params, updated_at=timeutils.utcnow()))


@db_api.retry_on_deadlock
def claim(context, op_id, host, states_allowed, unowned=False):
    """Record ``host`` as the conductor running the occurrence; with
    ``unowned``, only when no conductor has claimed it yet (a start cast
    sent twice runs once, whichever conductor gets each copy)."""
    where = [OP.c.id == op_id, OP.c.operation_state.in_(states_allowed)]
    if unowned:
        where.append(OP.c.owner_host.is_(None))
    with db_api.writing_statements(context) as session:
        return session.execute(sa.update(OP).where(*where).values(
            owner_host=host, updated_at=timeutils.utcnow())).rowcount == 1


@db_api.retry_on_deadlock
def renew_unclaimed(context, op_id):
    """Date an unclaimed STARTING occurrence anew, as its start cast is
    sent again: ``find_orphans`` returns it once more only a
    ``service_down_time`` later. False when a conductor claimed it (or
    it ended) meanwhile."""
    with db_api.writing_statements(context) as session:
        return session.execute(sa.update(OP).where(
            OP.c.id == op_id, OP.c.operation_state == states.STARTING,
            OP.c.owner_host.is_(None))
            .values(updated_at=timeutils.utcnow())).rowcount == 1


@db_api.retry_on_deadlock
def request_cancel(context, op_id, project_id, mode):
    """Mark a running occurrence cancel-pending (SOL003 v2.6.1 5.4.17);
    a second request may change the mode. Returns the occurrence.

    :raises: LcmOpOccNotFound, OpStateConflict
    """
    with db_api.writing_statements(context) as session:
        if not session.execute(sa.update(OP).where(
                OP.c.id == op_id, *db_api.in_project(OP.c, project_id),
                OP.c.operation_state.in_(states.LCM_OP_RUNNING)).values(
                    is_cancel_pending=True, cancel_mode=mode,
                    updated_at=timeutils.utcnow())).rowcount:
            op = _select_op(session, op_id, project_id)
            raise exceptions.OpStateConflict(
                id=op_id, state=op['operation_state'],
                needed=' or '.join(sorted(states.LCM_OP_RUNNING)))
        return _select_op(session, op_id)


def cancel_pending(context, host):
    """{op id: cancelMode} of the running occurrences ``host`` owns that
    a client asked to cancel."""
    with db_api.reader.using(context) as session:
        return {row.id: row.cancel_mode for row in session.execute(
            sa.select(OP.c.id, OP.c.cancel_mode).where(
                OP.c.owner_host == host,
                OP.c.is_cancel_pending == sa.true(),
                OP.c.operation_state.in_(states.LCM_OP_RUNNING)))}


def find_orphans(context, other_live_hosts, stale_before):
    """Running occurrences that may have nobody running them: owned by a
    host not in ``other_live_hosts`` (the caller among them: it checks
    its own against what it runs), or never claimed and older than
    ``stale_before`` (the cast was lost)."""
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(OP.c.id, OP.c.operation_state, OP.c.owner_host)
            .where(
                OP.c.operation_state.in_(states.LCM_OP_RUNNING),
                sa.or_(sa.and_(OP.c.owner_host.is_not(None),
                               OP.c.owner_host.not_in(other_live_hosts)),
                       sa.and_(OP.c.owner_host.is_(None),
                               OP.c.updated_at < stale_before))))
                .mappings()]
