"""Queries on the NSs of the legacy API (``legacy_nss``, /v1.0/nss),
each state change with its event; their tasks are ``legacy_tasks``'."""
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import legacy_descriptors
from tacker.db import legacy_nsds
from tacker.db import legacy_tasks
from tacker.db import legacy_vnfs
from tacker.db import models

NS = models.LegacyNs.__table__
ORDER = (NS.c.created_at, NS.c.id)
TASKS = legacy_tasks.Tasks(NS, 'ns', exceptions.LegacyNsNotFound,
                           exceptions.LegacyNsBusy)
start_task = TASKS.start
claim = TASKS.claim
orphaned = TASKS.orphaned
release = TASKS.release
record = TASKS.record
finish = TASKS.finish


@db_api.retry_on_deadlock
def create(context, values, inline_template=None):
    """Store a PENDING_CREATE NS (``values``: project_id, name,
    description, nsd_id, vim_id, attributes) with its event; with
    ``inline_template`` (and ``vnfds``), first its inline NSD."""
    now = timeutils.utcnow()
    ns = dict(values, id=uuidutils.generate_uuid(),
              status=states.LEGACY_PENDING_CREATE, error_reason=None,
              vnf_ids={}, mgmt_ip_addresses=None, task_owner=None,
              created_at=now, updated_at=now)
    vnfds = ns.pop('vnfds', None)
    with db_api.writing(context) as session:
        if inline_template is not None:
            ns['nsd_id'] = legacy_nsds.create(context, values['project_id'], {
                'name': 'nsd-%s' % ns['id'], 'description': None,
                'template_source': legacy_descriptors.INLINE,
                'template': inline_template, 'vnfds': vnfds},
                session=session)['id']
        session.execute(sa.insert(NS).values(ns))
        TASKS.event(session, ns, 'CREATE')
    return ns


def get(context, ns_id, project_id=None):
    """:raises: LegacyNsNotFound"""
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, NS, ns_id, project_id,
                                     exceptions.LegacyNsNotFound)


def list_nss(context, project_id, filters):
    where = [NS.c[name] == value for name, value in filters.items()]
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(NS).where(*db_api.in_project(NS.c, project_id),
                                *where).order_by(*ORDER)).mappings()]


@db_api.retry_on_deadlock
def add_vnf(context, ns_id, host, node, values, inline_template):
    """The VNF of NSD node ``node`` (``legacy_vnfs.insert``) and its
    place in the NS's vnf_ids, in one transaction, by the conductor
    ``host`` that runs the NS's task; None when it runs it no more."""
    with db_api.writing(context) as session:
        ns = session.execute(sa.select(NS).where(
            NS.c.id == ns_id, NS.c.task_owner == host).with_for_update()
        ).mappings().first()
        if ns is None:
            return None
        vnf = legacy_vnfs.insert(session, values, inline_template)
        session.execute(sa.update(NS).where(NS.c.id == ns_id).values(
            vnf_ids=dict(ns['vnf_ids'] or {}, **{node: vnf['id']}),
            updated_at=timeutils.utcnow()))
        return vnf


def _inline_nsd(session, ns):
    legacy_nsds.NSDS.delete_inline(session, ns['project_id'], ns['nsd_id'])


def remove(context, ns_id, host):
    """Delete the NS whose deletion ``host`` ran, with its inline NSD;
    False when it runs it no more."""
    return TASKS.remove(context, ns_id, host, _inline_nsd)
