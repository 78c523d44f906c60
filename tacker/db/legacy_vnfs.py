"""Queries on the VNFs of the legacy API (``legacy_vnfs``, /v1.0/vnfs),
each state change with its event (``legacy_events``).

A task (a PENDING_* status, ``states.LEGACY_VNF``) is started by the API
with a conditional UPDATE from the statuses that allow it, and run by the
conductor that claims it (``task_owner``); a task whose owner died is
claimed again by another (``claim``).
"""
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import legacy_events
from tacker.db import legacy_vnfds
from tacker.db import models

VNF = models.LegacyVnf.__table__
ORDER = (VNF.c.created_at, VNF.c.id)
RESOURCE = 'vnf'


def _event(session, vnf, event_type, details=''):
    legacy_events.record(session, vnf['project_id'], RESOURCE, vnf['id'],
                         vnf['status'], event_type, details)


@db_api.retry_on_deadlock
def create(context, values, inline_template=None):
    """Store a PENDING_CREATE VNF (``values``: project_id, name,
    description, vnfd_id, vim_id, placement_attr, attributes) with its
    event; with ``inline_template``, first the inline VNFD it is made of
    (``values`` then need no vnfd_id)."""
    now = timeutils.utcnow()
    vnf = dict(values, id=uuidutils.generate_uuid(),
               status=states.LEGACY_PENDING_CREATE, error_reason=None,
               instance_id=None, mgmt_ip_address=None, task_owner=None,
               monitor_owner=None, created_at=now, updated_at=now)
    with db_api.writing(context) as session:
        if inline_template is not None:
            vnf['vnfd_id'] = legacy_vnfds.create(
                context, values['project_id'], 'vnfd-%s' % vnf['id'],
                'Made for VNF %s' % values['name'], inline_template,
                legacy_vnfds.INLINE, session=session)['id']
        session.execute(sa.insert(VNF).values(vnf))
        _event(session, vnf, 'CREATE')
    return vnf


def get(context, vnf_id, project_id=None):
    """:raises: LegacyVnfNotFound"""
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, VNF, vnf_id, project_id,
                                     exceptions.LegacyVnfNotFound)


def list_vnfs(context, project_id, filters):
    """The VNFs visible in ``project_id`` (None: all) whose columns equal
    ``filters``, in creation order."""
    where = [VNF.c[name] == value for name, value in filters.items()]
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(VNF).where(*db_api.in_project(VNF.c, project_id),
                                 *where).order_by(*ORDER)).mappings()]


@db_api.retry_on_deadlock
def start_task(context, vnf_id, project_id, status, event_type,
               attributes=None, details=''):
    """Move the VNF to the PENDING_* ``status`` from a status that allows
    it, merging ``attributes`` into its attributes; the event in the same
    transaction. Returns the VNF.

    :raises: LegacyVnfNotFound; LegacyVnfBusy when its status does not
        allow the task.
    """
    sources = [source for source, targets in states.LEGACY_VNF.items()
               if status in targets]
    with db_api.writing(context) as session:
        vnf = db_api.one_in_project(session, VNF, vnf_id, project_id,
                                    exceptions.LegacyVnfNotFound, lock=True)
        if vnf['status'] not in sources:
            raise exceptions.LegacyVnfBusy(id=vnf_id, status=vnf['status'],
                                           task=status)
        changes = {'status': status, 'task_owner': None,
                   'updated_at': timeutils.utcnow()}
        if attributes:
            changes['attributes'] = dict(vnf['attributes'] or {},
                                         **attributes)
        session.execute(sa.update(VNF).where(VNF.c.id == vnf_id)
                        .values(changes))
        vnf = dict(vnf, **changes)
        _event(session, vnf, event_type, details)
    return vnf


def _unowned(live_hosts):
    return sa.or_(VNF.c.task_owner.is_(None),
                  VNF.c.task_owner.notin_(list(live_hosts)))


@db_api.retry_on_deadlock
def claim(context, vnf_id, host, live_hosts):
    """Take the VNF's task for conductor ``host``: when it has one that
    nobody in ``live_hosts`` holds. Returns the VNF, or None when there
    is nothing to take."""
    with db_api.writing(context) as session:
        taken = session.execute(
            sa.update(VNF).where(
                VNF.c.id == vnf_id, VNF.c.status.in_(states.LEGACY_PENDING),
                _unowned(live_hosts))
            .values(task_owner=host)).rowcount
        if not taken:
            return None
        return dict(session.execute(sa.select(VNF).where(
            VNF.c.id == vnf_id)).mappings().one())


@db_api.retry_on_deadlock
def adopt_monitoring(context, host, live_hosts):
    """Make ``host`` the watcher of every ACTIVE VNF with monitoring
    policies that no conductor in ``live_hosts`` watches; the VNFs
    ``host`` watches now."""
    with db_api.writing(context) as session:
        session.execute(sa.update(VNF).where(
            VNF.c.status == states.LEGACY_ACTIVE,
            VNF.c.monitoring.isnot(None),
            sa.or_(VNF.c.monitor_owner.is_(None),
                   VNF.c.monitor_owner.notin_(list(live_hosts))))
            .values(monitor_owner=host))
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(sa.select(VNF).where(
            VNF.c.status == states.LEGACY_ACTIVE,
            VNF.c.monitoring.isnot(None),
            VNF.c.monitor_owner == host).order_by(*ORDER)).mappings()]


@db_api.retry_on_deadlock
def record_monitor_event(context, vnf, details):
    """A MONITOR event of ``vnf``: one of its VDUs failed its check."""
    with db_api.writing(context) as session:
        _event(session, vnf, 'MONITOR', details)


def orphaned(context, live_hosts):
    """Ids of the VNFs whose task nobody in ``live_hosts`` runs."""
    with db_api.reader.using(context) as session:
        return list(session.execute(
            sa.select(VNF.c.id).where(
                VNF.c.status.in_(states.LEGACY_PENDING),
                _unowned(live_hosts)).order_by(*ORDER)).scalars())


@db_api.retry_on_deadlock
def release(context, host):
    """Give up the tasks ``host`` held before it (re)started: it runs
    none of them now."""
    with db_api.writing(context) as session:
        session.execute(sa.update(VNF).where(VNF.c.task_owner == host)
                        .values(task_owner=None))


@db_api.retry_on_deadlock
def record(context, vnf_id, host, **values):
    """Write ``values`` (instance_id, mgmt_ip_address...) of the task
    ``host`` runs; False when it runs it no more."""
    with db_api.writing(context) as session:
        return session.execute(sa.update(VNF).where(
            VNF.c.id == vnf_id, VNF.c.task_owner == host).values(
                updated_at=timeutils.utcnow(), **values)).rowcount == 1


@db_api.retry_on_deadlock
def finish(context, vnf_id, host, status, event_type, details='',
           **values):
    """End the task ``host`` runs in ``status`` (ACTIVE or ERROR) with
    ``values``; the event in the same transaction. False when it runs it
    no more."""
    with db_api.writing(context) as session:
        vnf = session.execute(sa.select(VNF).where(
            VNF.c.id == vnf_id, VNF.c.task_owner == host).with_for_update()
        ).mappings().first()
        if vnf is None or status not in states.LEGACY_VNF[vnf['status']]:
            return False
        changes = dict(values, status=status, task_owner=None,
                       updated_at=timeutils.utcnow())
        session.execute(sa.update(VNF).where(VNF.c.id == vnf_id)
                        .values(changes))
        _event(session, dict(vnf, **changes), event_type, details)
    return True


@db_api.retry_on_deadlock
def remove(context, vnf_id, host):
    """Delete the VNF whose deletion ``host`` ran, with its inline VNFD
    and the DELETE event. False when it runs it no more."""
    with db_api.writing(context) as session:
        vnf = session.execute(sa.select(VNF).where(
            VNF.c.id == vnf_id, VNF.c.task_owner == host).with_for_update()
        ).mappings().first()
        if vnf is None:
            return False
        session.execute(sa.delete(VNF).where(VNF.c.id == vnf_id))
        _event(session, dict(vnf), 'DELETE')
        vnfd = legacy_vnfds.VNFD
        if session.execute(sa.delete(vnfd).where(
                vnfd.c.id == vnf['vnfd_id'],
                vnfd.c.template_source == legacy_vnfds.INLINE)).rowcount:
            legacy_events.record(session, vnf['project_id'],
                                 legacy_vnfds.RESOURCE, vnf['vnfd_id'],
                                 legacy_vnfds.STATE, 'DELETE')
    return True
