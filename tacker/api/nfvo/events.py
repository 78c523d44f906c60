"""``/v1.0/events``: what happened to the resources of the legacy API
(VNFDs, VNFs, NSDs, NSs, VIMs), newest LIST_LIMIT first filtered by the
query parameters, in the order it happened."""
from tacker.api import legacy_queries
from tacker.api import wsgi
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.db import legacy_events as db_events


def event(row):
    return {
        'id': row['id'],
        'tenant_id': row['project_id'],
        'resource_id': row['resource_id'],
        'resource_type': row['resource_type'],
        'resource_state': row['resource_state'],
        'event_type': row['event_type'],
        'timestamp': wsgi.date_time(row['timestamp']),
        'event_details': row['event_details'] or '',
    }


def _numeric(text):
    """Whether ``text`` can be an event id (a number of a BIGINT)."""
    return text.isdigit() and len(text) <= 18


class EventsController:

    @wsgi.responds(200)
    def index(self, req):
        filters = legacy_queries.filters(req, {})
        if 'id' in filters:
            # Event ids are numbers; anything else names no event.
            if not _numeric(filters['id']):
                return {'events': []}
            filters['id'] = int(filters['id'])
        return {'events': [event(row) for row in db_events.list_events(
            req.context, project_scope(req.context), filters)]}

    @wsgi.responds(200)
    def show(self, req, id):
        if not _numeric(id):
            raise exceptions.EventNotFound(id=id)
        return {'event': event(db_events.get(
            req.context, int(id), project_scope(req.context)))}
