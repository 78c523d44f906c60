"""The tasks of the legacy API's resources (VNFs, NSs): a PENDING_*
status (``states.LEGACY_VNF``) started by the API with a conditional
UPDATE from the statuses that allow it, run by the conductor that claims
it (``task_owner``), claimed again by another when its owner dies; each
change with its event (``legacy_events``), in its transaction."""
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.common import states
from tacker.db import api as db_api
from tacker.db import legacy_events


class Tasks:
    """The tasks of the rows of ``table`` (a resource of type
    ``resource``); ``not_found(id=...)`` and ``busy(id=, status=, task=)``
    are the errors a client sees."""

    def __init__(self, table, resource, not_found, busy):
        self.table = table
        self.resource = resource
        self.not_found = not_found
        self.busy = busy
        self.order = (table.c.created_at, table.c.id)

    def event(self, session, row, event_type, details=''):
        legacy_events.record(session, row['project_id'], self.resource,
                             row['id'], row['status'], event_type, details)

    def _unowned(self, live_hosts):
        owner = self.table.c.task_owner
        return sa.or_(owner.is_(None), owner.notin_(list(live_hosts)))

    def _held(self, session, row_id, host):
        """The row whose task ``host`` runs, locked; None when it runs it
        no more."""
        table = self.table
        return session.execute(sa.select(table).where(
            table.c.id == row_id, table.c.task_owner == host)
            .with_for_update()).mappings().first()

    @db_api.retry_on_deadlock
    def start(self, context, row_id, project_id, status, event_type,
              attributes=None, details=''):
        """Move the row to the PENDING_* ``status`` from a status that
        allows it, merging ``attributes`` into its attributes. Returns
        the row.

        :raises: not_found; busy when its status does not allow the
            task.
        """
        table = self.table
        sources = [source for source, targets in states.LEGACY_VNF.items()
                   if status in targets]
        with db_api.writing(context) as session:
            row = db_api.one_in_project(session, table, row_id, project_id,
                                        self.not_found, lock=True)
            if row['status'] not in sources:
                raise self.busy(id=row_id, status=row['status'], task=status)
            changes = {'status': status, 'task_owner': None,
                       'updated_at': timeutils.utcnow()}
            if attributes:
                changes['attributes'] = dict(row['attributes'] or {},
                                             **attributes)
            session.execute(sa.update(table).where(table.c.id == row_id)
                            .values(changes))
            row = dict(row, **changes)
            self.event(session, row, event_type, details)
        return row

    @db_api.retry_on_deadlock
    def claim(self, context, row_id, host, live_hosts):
        """Take the row's task for conductor ``host``: when it has one
        that nobody in ``live_hosts`` holds. Returns the row, or None
        when there is nothing to take."""
        table = self.table
        with db_api.writing(context) as session:
            taken = session.execute(
                sa.update(table).where(
                    table.c.id == row_id,
                    table.c.status.in_(states.LEGACY_PENDING),
                    self._unowned(live_hosts))
                .values(task_owner=host)).rowcount
            if not taken:
                return None
            return dict(session.execute(sa.select(table).where(
                table.c.id == row_id)).mappings().one())

    def orphaned(self, context, live_hosts):
        """Ids of the rows whose task nobody in ``live_hosts`` runs."""
        table = self.table
        with db_api.reader.using(context) as session:
            return list(session.execute(
                sa.select(table.c.id).where(
                    table.c.status.in_(states.LEGACY_PENDING),
                    self._unowned(live_hosts)).order_by(*self.order)
            ).scalars())

    @db_api.retry_on_deadlock
    def release(self, context, host):
        """Give up the tasks ``host`` held before it (re)started: it runs
        none of them now."""
        table = self.table
        with db_api.writing(context) as session:
            session.execute(sa.update(table).where(
                table.c.task_owner == host).values(task_owner=None))

    @db_api.retry_on_deadlock
    def record(self, context, row_id, host, **values):
        """Write ``values`` of the task ``host`` runs; False when it runs
        it no more."""
        table = self.table
        with db_api.writing(context) as session:
            return session.execute(sa.update(table).where(
                table.c.id == row_id, table.c.task_owner == host).values(
                    updated_at=timeutils.utcnow(), **values)).rowcount == 1

    @db_api.retry_on_deadlock
    def finish(self, context, row_id, host, status, event_type, details='',
               **values):
        """End the task ``host`` runs in ``status`` (ACTIVE or ERROR)
        with ``values``. False when it runs it no more."""
        table = self.table
        with db_api.writing(context) as session:
            row = self._held(session, row_id, host)
            if row is None or \
                    status not in states.LEGACY_VNF[row['status']]:
                return False
            changes = dict(values, status=status, task_owner=None,
                           updated_at=timeutils.utcnow())
            session.execute(sa.update(table).where(table.c.id == row_id)
                            .values(changes))
            self.event(session, dict(row, **changes), event_type, details)
        return True

    @db_api.retry_on_deadlock
    def remove(self, context, row_id, host, also=None):
        """Delete the row whose deletion ``host`` ran, with its DELETE
        event; ``also(session, row)`` deletes what goes with it. False
        when it runs it no more."""
        with db_api.writing(context) as session:
            row = self._held(session, row_id, host)
            if row is None:
                return False
            session.execute(sa.delete(self.table).where(
                self.table.c.id == row_id))
            self.event(session, dict(row), 'DELETE')
            if also:
                also(session, row)
        return True
