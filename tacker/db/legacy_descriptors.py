"""Queries on the descriptors of the legacy API (VNFDs, NSDs): templates
stored as YAML text, each change with its event."""
from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.db import api as db_api
from tacker.db import legacy_events

ONBOARDED = 'onboarded'
INLINE = 'inline'
# The resource_state of a descriptor's events, as Tacker's.
STATE = 'OnBoarded'


class Descriptors:
    """The descriptors of ``table`` (a resource of type ``resource``);
    ``not_found(id=...)`` and ``in_use(id=...)`` are the errors a client
    sees."""

    def __init__(self, table, resource, not_found, in_use):
        self.table = table
        self.resource = resource
        self.not_found = not_found
        self.in_use = in_use
        self.order = (table.c.created_at, table.c.id)

    def event(self, session, project_id, row_id, event_type):
        legacy_events.record(session, project_id, self.resource, row_id,
                             STATE, event_type)

    @db_api.retry_on_deadlock
    def create(self, context, project_id, values, session=None):
        """Store a descriptor (``values``: name, description,
        template_source, template and the table's other columns) with
        its CREATE event; in ``session``'s transaction when given."""
        now = timeutils.utcnow()
        row = dict(values, id=uuidutils.generate_uuid(),
                   project_id=project_id, created_at=now, updated_at=now)

        def write(session):
            session.execute(sa.insert(self.table).values(row))
            self.event(session, project_id, row['id'], 'CREATE')

        if session is not None:
            write(session)
        else:
            with db_api.writing(context) as session:
                write(session)
        return row

    def get(self, context, row_id, project_id=None):
        """:raises: not_found"""
        with db_api.reader.using(context) as session:
            return db_api.one_in_project(session, self.table, row_id,
                                         project_id, self.not_found)

    def list(self, context, project_id, filters):
        """The descriptors visible in ``project_id`` (None: all) whose
        columns equal ``filters``, in creation order."""
        table = self.table
        where = [table.c[name] == value for name, value in filters.items()]
        with db_api.reader.using(context) as session:
            return [dict(row) for row in session.execute(
                sa.select(table).where(
                    *db_api.in_project(table.c, project_id), *where)
                .order_by(*self.order)).mappings()]

    @db_api.retry_on_deadlock
    def delete(self, context, row_id, project_id=None):
        """:raises: not_found; in_use while a VNF or NS uses it."""
        try:
            with db_api.writing(context) as session:
                row = db_api.one_in_project(session, self.table, row_id,
                                            project_id, self.not_found,
                                            lock=True)
                session.execute(sa.delete(self.table).where(
                    self.table.c.id == row_id))
                self.event(session, row['project_id'], row_id, 'DELETE')
        except db_exc.DBReferenceError:
            raise self.in_use(id=row_id)

    def delete_inline(self, session, project_id, row_id):
        """In the caller's transaction: the inline descriptor ``row_id``
        deleted (with its event); nothing for an onboarded one."""
        table = self.table
        if session.execute(sa.delete(table).where(
                table.c.id == row_id,
                table.c.template_source == INLINE)).rowcount:
            self.event(session, project_id, row_id, 'DELETE')
