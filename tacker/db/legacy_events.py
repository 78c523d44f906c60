"""Queries on the events of the legacy API (``legacy_events``,
/v1.0/events): written by ``record`` in the transaction of the change
they tell, read in the order they happened."""
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import models

EVENT = models.LegacyEvent.__table__
# What a list may filter on (the query parameters of GET /v1.0/events).
FILTERS = ('resource_id', 'resource_type', 'resource_state', 'event_type')
# At most this many events in a list, the newest; filters narrow it.
LIST_LIMIT = 1000
_INSERT = sa.insert(EVENT)


def record(session, project_id, resource_type, resource_id, resource_state,
           event_type, details=''):
    """Add an event to the caller's transaction (a Session or a Core
    Connection), which commits it with the change it tells."""
    session.execute(_INSERT, {
        'project_id': project_id, 'resource_type': resource_type,
        'resource_id': resource_id, 'resource_state': resource_state,
        'event_type': event_type, 'timestamp': timeutils.utcnow(),
        'event_details': details})


def list_events(context, project_id, filters):
    """The newest LIST_LIMIT events visible in ``project_id`` (None: all)
    whose columns equal ``filters``, oldest first."""
    where = [EVENT.c[name] == value for name, value in filters.items()]
    with db_api.reader.using(context) as session:
        rows = session.execute(
            sa.select(EVENT).where(*db_api.in_project(EVENT.c, project_id),
                                   *where)
            .order_by(EVENT.c.id.desc()).limit(LIST_LIMIT)).mappings().all()
    return [dict(row) for row in reversed(rows)]


def get(context, event_id, project_id=None):
    """:raises: EventNotFound"""
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, EVENT, event_id, project_id,
                                     exceptions.EventNotFound)
