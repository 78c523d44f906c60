"""Queries on the VNFDs of the legacy API (``legacy_vnfds``,
/v1.0/vnfds), each change with its event."""
from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import legacy_events
from tacker.db import models

VNFD = models.LegacyVnfd.__table__
ORDER = (VNFD.c.created_at, VNFD.c.id)
RESOURCE = 'vnfd'
ONBOARDED = 'onboarded'
INLINE = 'inline'
# The resource_state of a VNFD's events, as Tacker's.
STATE = 'OnBoarded'


@db_api.retry_on_deadlock
def create(context, project_id, name, description, template,
           template_source=ONBOARDED, session=None):
    """Store a VNFD (its template as YAML text) with its CREATE event;
    in ``session``'s transaction when given."""
    now = timeutils.utcnow()
    row = {'id': uuidutils.generate_uuid(), 'project_id': project_id,
           'name': name, 'description': description,
           'template_source': template_source, 'template': template,
           'created_at': now, 'updated_at': now}

    def write(session):
        session.execute(sa.insert(VNFD).values(row))
        legacy_events.record(session, project_id, RESOURCE, row['id'],
                             STATE, 'CREATE')

    if session is not None:
        write(session)
    else:
        with db_api.writing(context) as session:
            write(session)
    return row


def get(context, vnfd_id, project_id=None):
    """:raises: LegacyVnfdNotFound"""
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, VNFD, vnfd_id, project_id,
                                     exceptions.LegacyVnfdNotFound)


def list_vnfds(context, project_id, filters):
    """The VNFDs visible in ``project_id`` (None: all) whose columns equal
    ``filters``, in creation order."""
    where = [VNFD.c[name] == value for name, value in filters.items()]
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(VNFD).where(*db_api.in_project(VNFD.c, project_id),
                                  *where).order_by(*ORDER)).mappings()]


@db_api.retry_on_deadlock
def delete(context, vnfd_id, project_id=None):
    """Delete a VNFD with its DELETE event.

    :raises: LegacyVnfdNotFound; LegacyVnfdInUse while a VNF uses it.
    """
    try:
        with db_api.writing(context) as session:
            vnfd = db_api.one_in_project(session, VNFD, vnfd_id, project_id,
                                         exceptions.LegacyVnfdNotFound,
                                         lock=True)
            session.execute(sa.delete(VNFD).where(VNFD.c.id == vnfd_id))
            legacy_events.record(session, vnfd['project_id'], RESOURCE,
                                 vnfd_id, STATE, 'DELETE')
    except db_exc.DBReferenceError:
        raise exceptions.LegacyVnfdInUse(id=vnfd_id)
