"""Database access: the oslo.db engine facade and the queries Tacker runs.

Callers pass a ``RequestContext``; ``reader``/``writer`` open a session
bound to it, so nested calls share one transaction.
"""
import contextlib
import datetime
import os
import sqlite3

from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.common import private_paths
from tacker.conf import CONF
from tacker.db import models

LOG = logging.getLogger(__name__)

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer

SQLITE_BUSY_TIMEOUT_MS = 30000
# Execution option marking the connection of a writing transaction.
WRITE_OPTION = 'tacker_writes'


def default_connection(conf=CONF):
    return 'sqlite:///%s' % os.path.join(conf.state_path, 'tacker.sqlite')


def connection_url(conf=CONF):
    """The configured database URL, or the SQLite file under state_path."""
    return conf.database.connection or default_connection(conf)


def configure(conf=CONF):
    """Point the engine facade at the configured database; call once."""
    url = connection_url(conf)
    prepare_sqlite_file(url)
    context_manager.configure(connection=url)


def prepare_sqlite_file(url):
    """Create the file of a SQLite ``url`` (and its missing directories)
    readable by its owner only, before SQLite would create it with the
    umask's mode; SQLite gives its -wal and -shm files the database
    file's mode. Other URLs are left alone."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != 'sqlite' or parsed.database in (
            None, '', ':memory:'):
        return
    path = os.path.abspath(parsed.database)
    private_paths.make_dirs(os.path.dirname(path))
    if not private_paths.create_file(path) and \
            private_paths.open_to_others(path):
        LOG.warning('Database file %s is accessible to others than its '
                    'owner; it should be mode 0600', path)


# One idle connection per process and SQLite file, see _tune_sqlite.
_sqlite_keepers = {}


@sa.event.listens_for(sa.engine.Engine, 'connect')
def _tune_sqlite(dbapi_connection, connection_record):
    """WAL lets readers run beside a writer; the busy timeout makes writers
    from the API and the conductor wait for each other instead of failing.

    oslo.db gives SQLite files no pool, so every transaction opens and
    closes a connection, and SQLite checkpoints (with fsync) whenever the
    last connection to a WAL database closes: a read-heavy API spent half
    its time waiting on the disk. An idle connection held by the process
    means the closing one is never the last.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.execute('PRAGMA foreign_keys = ON')
    path = cursor.execute('PRAGMA database_list').fetchone()[2]
    cursor.close()
    key = (os.getpid(), path)
    if path and key not in _sqlite_keepers:
        keeper = sqlite3.connect(path, check_same_thread=False)
        # A connection opens the WAL only once it has read something.
        keeper.execute('SELECT count(*) FROM sqlite_master').fetchone()
        _sqlite_keepers[key] = keeper


@sa.event.listens_for(sa.engine.Engine, 'begin')
def _begin_sqlite_immediately(connection):
    """Take SQLite's write lock when a writing transaction begins.

    A deferred transaction that reads and then writes cannot wait for
    a concurrent writer: SQLite fails it at once with "database is
    locked" (its snapshot is stale), so read-check-write transactions
    failed under load. Begun IMMEDIATE, they queue on the busy timeout.
    oslo.db emits its own deferred BEGIN unless the ``in_transaction``
    marker it keeps says one was emitted; this class-level listener runs
    before its engine-level one.
    """
    if (connection.dialect.name == 'sqlite'
            and connection.get_execution_options().get(WRITE_OPTION)
            and 'in_transaction' not in connection.info):
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        connection.info['in_transaction'] = True


@contextlib.contextmanager
def writing(context):
    """A writer session whose transaction is marked as one that writes
    (readers keep SQLite's deferred, concurrent BEGIN)."""
    with writer.using(context) as session:
        session.connection(execution_options={WRITE_OPTION: True})
        yield session


def in_project(columns, project_id):
    """WHERE clauses keeping the rows of ``project_id``; none for None
    (an administrator acting without a project sees every project).
    ``columns``: a Table's ``c`` or a mapped class."""
    return [] if project_id is None else [columns.project_id == project_id]


def one_in_project(session, entity, row_id, project_id, not_found,
                   *where, lock=False):
    """Row ``row_id`` of ``entity`` if it is in ``project_id`` (None: any)
    and matches ``where``; locked until the transaction ends with
    ``lock``. A Table gives a dict, a mapped class its instance.

    :raises: ``not_found(id=row_id)``, also for another project's row: a
        client must not learn that it exists.
    """
    is_table = isinstance(entity, sa.Table)
    columns = entity.c if is_table else entity
    query = sa.select(entity).where(columns.id == row_id,
                                    *in_project(columns, project_id), *where)
    if lock:
        query = query.with_for_update()
    result = session.execute(query)
    row = (result.mappings() if is_table else result.scalars()).one_or_none()
    if row is None:
        raise not_found(id=row_id)
    return dict(row) if is_table else row


def get_engine():
    return context_manager.writer.get_engine()


def check_connection(context):
    """Raise if the database does not answer a trivial query."""
    with reader.using(context) as session:
        session.execute(sa.text('SELECT 1'))


def register_conductor(context, hostname):
    """Record a starting conductor, or revive the row of a restarted one."""
    now = timeutils.utcnow()
    with writing(context) as session:
        row = session.execute(sa.select(models.Conductor).filter_by(
            hostname=hostname)).scalar_one_or_none()
        if row is None:
            row = models.Conductor(hostname=hostname)
            session.add(row)
        row.started_at = now
        row.heartbeat_at = now
        row.online = True


def heartbeat_conductor(context, hostname):
    with writing(context) as session:
        updated = session.execute(
            sa.update(models.Conductor)
            .where(models.Conductor.hostname == hostname)
            .values(heartbeat_at=timeutils.utcnow(), online=True)).rowcount
    if not updated:
        register_conductor(context, hostname)


def unregister_conductor(context, hostname):
    """Mark a conductor that stops cleanly offline at once, so nobody waits
    ``service_down_time`` to learn it is gone."""
    with writing(context) as session:
        session.execute(sa.update(models.Conductor)
                        .where(models.Conductor.hostname == hostname)
                        .values(online=False))


def list_live_conductors(context, down_time):
    """Conductors online whose last heartbeat is newer than ``down_time``
    seconds."""
    threshold = timeutils.utcnow() - datetime.timedelta(seconds=down_time)
    with reader.using(context) as session:
        return [{'hostname': row.hostname, 'started_at': row.started_at,
                 'heartbeat_at': row.heartbeat_at}
                for row in session.execute(
                    sa.select(models.Conductor)
                    .where(models.Conductor.online.is_(True),
                           models.Conductor.heartbeat_at >= threshold)
                    .order_by(models.Conductor.hostname)).scalars()]
