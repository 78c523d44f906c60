"""Queries on the VNFs of the legacy API (``legacy_vnfs``, /v1.0/vnfs),
each state change with its event (``legacy_events``); their tasks are
``legacy_tasks``'."""
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import legacy_tasks
from tacker.db import legacy_vnfds
from tacker.db import models

VNF = models.LegacyVnf.__table__
ORDER = (VNF.c.created_at, VNF.c.id)
TASKS = legacy_tasks.Tasks(VNF, 'vnf', exceptions.LegacyVnfNotFound,
                           exceptions.LegacyVnfBusy)
start_task = TASKS.start
claim = TASKS.claim
orphaned = TASKS.orphaned
release = TASKS.release
record = TASKS.record
finish = TASKS.finish


def insert(session, values, inline_template=None):
    """In the caller's transaction, a PENDING_CREATE VNF (``values``:
    project_id, name, description, vnfd_id, vim_id, placement_attr,
    attributes, monitoring) with its event; with ``inline_template``,
    first the inline VNFD it is made of (``values`` then need no
    vnfd_id)."""
    now = timeutils.utcnow()
    vnf = dict(values, id=uuidutils.generate_uuid(),
               status=states.LEGACY_PENDING_CREATE, error_reason=None,
               instance_id=None, mgmt_ip_address=None, task_owner=None,
               monitor_owner=None, created_at=now, updated_at=now)
    if inline_template is not None:
        vnf['vnfd_id'] = legacy_vnfds.create(
            None, values['project_id'], 'vnfd-%s' % vnf['id'],
            'Made for VNF %s' % values['name'], inline_template,
            legacy_vnfds.INLINE, session=session)['id']
    session.execute(sa.insert(VNF).values(vnf))
    TASKS.event(session, vnf, 'CREATE')
    return vnf


@db_api.retry_on_deadlock
def create(context, values, inline_template=None):
    """``insert`` in a transaction of its own."""
    with db_api.writing(context) as session:
        return insert(session, values, inline_template)


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
        TASKS.event(session, vnf, 'MONITOR', details)


def _inline_vnfd(session, vnf):
    """The inline VNFD of a deleted VNF goes with it."""
    legacy_vnfds.VNFDS.delete_inline(session, vnf['project_id'],
                                     vnf['vnfd_id'])


def remove(context, vnf_id, host):
    """Delete the VNF whose deletion ``host`` ran, with its inline VNFD;
    False when it runs it no more."""
    return TASKS.remove(context, vnf_id, host, _inline_vnfd)
