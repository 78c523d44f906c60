"""Queries on LCM operation occurrences (``vnf_lcm_op_occs``) and the
per-instance lock they hold (``vnf_instances.locked_by_op``).

Every state change is a conditional UPDATE from the states the table in
``tacker.common.states`` allows, in one transaction with the instance
change it implies and the notification it causes (``on_change``).
"""
import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import models
from tacker.db import paging

OP = models.VnfLcmOpOcc.__table__
INSTANCE = db_instances.INSTANCE
ORDER = paging.creation_order(OP)


def _scope(project_id):
    return [] if project_id is None else [OP.c.project_id == project_id]


def _select_op(session, op_id, project_id=None):
    row = session.execute(sa.select(OP).where(
        OP.c.id == op_id, *_scope(project_id))).mappings().one_or_none()
    if row is None:
        raise exceptions.LcmOpOccNotFound(id=op_id)
    return dict(row)


def start(context, instance_id, project_id, operation, params,
          on_change=None):
    """Take the instance's lock and record a STARTING occurrence, in one
    transaction (the RPC cast follows the commit).

    :raises: VnfInstanceNotFound, InstanceStateConflict, InstanceBusy
    """
    needed = states.LCM_OPERATIONS[operation][0]
    now = timeutils.utcnow()
    op_id = uuidutils.generate_uuid()
    with db_api.writing(context) as session:
        locked = session.execute(sa.update(INSTANCE).where(
            INSTANCE.c.id == instance_id,
            *db_instances.scope(project_id),
            INSTANCE.c.locked_by_op.is_(None),
            INSTANCE.c.instantiation_state == needed).values(
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
        session.execute(sa.insert(OP).values(
            id=op_id, project_id=instance['project_id'],
            vnf_instance_id=instance_id, operation=operation,
            operation_state=states.STARTING, state_entered_time=now,
            start_time=now, is_automatic_invocation=False,
            is_cancel_pending=False, operation_params=params,
            api_version=instance['api_version'], created_at=now,
            updated_at=now))
        op = _select_op(session, op_id)
        if on_change:
            on_change(session, op, instance)
        return op


def get(context, op_id, project_id=None):
    """:raises: LcmOpOccNotFound"""
    with db_api.reader.using(context) as session:
        return _select_op(session, op_id, project_id)


def get_with_instance(context, op_id):
    with db_api.reader.using(context) as session:
        op = _select_op(session, op_id)
        return op, db_instances.select_one(session, op['vnf_instance_id'],
                                            None)


def list_page(context, project_id, where, accept, marker, page_size,
              page_query):
    select = sa.select(OP).where(*_scope(project_id), *where)
    return paging.list_page(context, select, accept, marker, page_size,
                            page_query)


def transition(context, op_id, target, op_values=None,
               instance_values=None, owner=None, on_change=None):
    """Move the occurrence to ``target`` if the state table allows it
    from its current state (and, with ``owner``, only if that conductor
    owns it). A final state releases the instance lock. Returns the
    changed (op, instance), or None when another change won.
    """
    now = timeutils.utcnow()
    values = dict(op_values or {}, operation_state=target,
                  state_entered_time=now, updated_at=now)
    conditions = [OP.c.id == op_id, OP.c.operation_state.in_(
        states.sources(states.LCM_OP, target))]
    if owner is not None:
        conditions.append(OP.c.owner_host == owner)
    with db_api.writing(context) as session:
        if not session.execute(
                sa.update(OP).where(*conditions).values(**values)).rowcount:
            return None
        op = _select_op(session, op_id)
        changes = dict(instance_values or {}, updated_at=now)
        if target in states.LCM_OP_FINAL:
            changes['locked_by_op'] = None
        session.execute(sa.update(INSTANCE).where(
            INSTANCE.c.id == op['vnf_instance_id'],
            INSTANCE.c.locked_by_op == op_id).values(**changes))
        instance = db_instances.select_one(session, op['vnf_instance_id'],
                                            None)
        if on_change:
            on_change(session, op, instance)
        return op, instance


def claim(context, op_id, host, states_allowed):
    """Record ``host`` as the conductor running the occurrence."""
    with db_api.writing(context) as session:
        return session.execute(sa.update(OP).where(
            OP.c.id == op_id, OP.c.operation_state.in_(states_allowed))
            .values(owner_host=host, updated_at=timeutils.utcnow())
        ).rowcount == 1


def find_orphans(context, live_hosts, stale_before):
    """Occurrences still running whose conductor is dead: owned by a host
    that no longer heartbeats, or never claimed and older than
    ``stale_before`` (the cast was lost)."""
    running = [states.STARTING, states.PROCESSING, states.ROLLING_BACK]
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(OP.c.id, OP.c.operation_state).where(
                OP.c.operation_state.in_(running),
                sa.or_(sa.and_(OP.c.owner_host.is_not(None),
                               OP.c.owner_host.not_in(live_hosts)),
                       sa.and_(OP.c.owner_host.is_(None),
                               OP.c.updated_at < stale_before))))
            .mappings()]
