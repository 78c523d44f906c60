"""Database access: the oslo.db engine facade and the queries Tacker runs.

Callers pass a ``RequestContext``; ``reader``/``writer`` open a session
bound to it, so nested calls share one transaction. Every public function
that opens a write transaction is decorated with ``retry_on_deadlock``.
"""
import contextlib
import datetime
import functools
import os
import select
import sqlite3
import threading
import time

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
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
# Backoff of a writer waiting for SQLite's write lock (seconds).
SQLITE_LOCK_FIRST_DELAY = 0.0005
SQLITE_LOCK_MAX_DELAY = 0.01
# Attempts of a transaction after a deadlock (seconds: the first pause,
# doubled with jitter after each attempt).
DEADLOCK_RETRIES = 10
DEADLOCK_RETRY_INTERVAL = 0.05
# The MySQL drivers (their modules), and the bytes a GROUP_CONCAT may
# hold on their connections.
MYSQL_DRIVERS = ('pymysql', 'MySQLdb')
GROUP_CONCAT_MAX_LEN = 1024 * 1024
# Execution option marking the connection of a writing transaction.
WRITE_OPTION = 'tacker_writes'


def default_connection(conf=CONF):
    return 'sqlite:///%s' % os.path.join(conf.state_path, 'tacker.sqlite')


def connection_url(conf=CONF):
    """The configured database URL, or the SQLite file under state_path."""
    return conf.database.connection or default_connection(conf)


def configure(conf=CONF, green=False):
    """Point the engine facade at the configured database; call once.
    ``green``: the process runs on eventlet's monkey patching (the API
    server), so drivers that wait in C must wait through its hub."""
    url = connection_url(conf)
    prepare_sqlite_file(url)
    global _takes_turns, _wal_to_sync
    parsed = sa.engine.make_url(url)
    _takes_turns = parsed.get_backend_name() == 'sqlite'
    _wal_to_sync = None
    if (_takes_turns and parsed.database not in (None, '', ':memory:')
            and conf.database.sqlite_sync_every_commit):
        _wal_to_sync = os.path.abspath(parsed.database) + '-wal'
    if green:
        _wait_for_postgresql_cooperatively()
        global _fsync
        _fsync = _fsync_in_a_thread
    # No sleep(0) at each connection checkin (oslo.db's thread_checkin):
    # in the API it switched to the eventlet hub, a poll syscall per
    # transaction; green threads switch at every socket wait anyway.
    context_manager.configure(connection=url, thread_checkin=False)


def _wait_for_postgresql_cooperatively():
    """psycopg2 waits for the server inside libpq, stopping every green
    thread of the process; with this wait callback it waits in
    select(), which monkey patching makes yield. (PyMySQL is pure
    Python, green already.)"""
    import psycopg2.extensions
    import psycopg2.extras
    psycopg2.extensions.set_wait_callback(psycopg2.extras.wait_select)


def _reuse_connections(engine):
    """Pool connections without a ping at each checkout.

    oslo.db gives SQLite files no pool, so every transaction opened a
    connection and ran its PRAGMAs (and when it was the last one, closing
    it checkpointed the WAL with an fsync), and pings every other
    database at each checkout. Here SQLite files get a QueuePool sized
    by the ``[database]`` pool options (last in, first out: the
    connection just used is the one reused), and no pool pings: a
    connection the server closed is replaced at checkout
    (_replace_closed_connection); one that dies unnoticed fails its first
    statement, which oslo.db reports as a disconnect, so SQLAlchemy
    replaces every pooled connection (the failed call raises
    DBConnectionError, which retry_on_deadlock retries for writes).
    oslo.db's process guard still replaces connections inherited across
    a fork.
    """
    pool = engine.pool
    if engine.dialect.name == 'sqlite' and isinstance(pool, sa.pool.NullPool):
        options = CONF.database
        engine.pool = sa.pool.QueuePool(
            pool._creator, pool_size=options.max_pool_size,
            max_overflow=options.max_overflow, use_lifo=True,
            timeout=options.pool_timeout or 30, recycle=pool._recycle,
            reset_on_return=pool._reset_on_return, dialect=pool._dialect,
            _dispatch=pool.dispatch)
        pool.dispose()
    else:
        pool._pre_ping = False


context_manager.append_on_engine_create(_reuse_connections)


@sa.event.listens_for(sa.engine.Engine, 'checkout')
def _replace_closed_connection(dbapi_connection, record, proxy):
    """Check out no connection the server has closed (it restarted, or
    the network cut it), as the pool no longer pings.

    An idle connection receives nothing; one the server closed has its
    end of file (or error) waiting to be read: a select() with no
    timeout sees it without a round trip. DisconnectionError makes the
    pool open a new connection instead.
    """
    sock = server_socket(dbapi_connection)
    if sock is not None and select.select([sock], [], [], 0)[0]:
        raise sa.exc.DisconnectionError('the database server closed the '
                                        'connection')


def server_socket(dbapi_connection):
    """The socket (or its file descriptor) of a psycopg2 or PyMySQL
    connection; None for SQLite."""
    if hasattr(dbapi_connection, 'fileno'):
        return None if dbapi_connection.closed else dbapi_connection.fileno()
    return getattr(dbapi_connection, '_sock', None)


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


@sa.event.listens_for(sa.engine.Engine, 'connect')
def _tune_sqlite(dbapi_connection, connection_record):
    """WAL lets readers run beside a writer; the busy timeout makes a
    reader that meets a checkpoint or a recovery wait instead of failing
    (writers take their lock in _begin_sqlite)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.execute('PRAGMA foreign_keys = ON')
    # Commits are synced by writing() when sqlite_sync_every_commit says
    # so; SQLite itself syncs at checkpoints.
    cursor.execute('PRAGMA synchronous = NORMAL')
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, 'handle_error')
def _connect_failure_is_a_disconnect(context):
    """A connection that could not be opened (the server is down or
    unreachable) is reported like one that was lost: oslo.db then raises
    DBConnectionError (a 503 from the API), where it knows only some of
    the messages drivers give for it (not PostgreSQL's "Connection
    refused" through psycopg2's green wait). This class-level listener
    runs before oslo.db's engine-level one."""
    if context.connection is None and isinstance(
            context.original_exception,
            context.dialect.loaded_dbapi.OperationalError):
        context.is_disconnect = True


@sa.event.listens_for(sa.engine.Engine, 'connect')
def _tune_mysql(dbapi_connection, connection_record):
    """GROUP_CONCAT keeps 1024 bytes unless told otherwise, too few for
    the fingerprint of a list page (tacker.db.paging)."""
    if type(dbapi_connection).__module__.split('.')[0] not in MYSQL_DRIVERS:
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute('SET SESSION group_concat_max_len = %d'
                       % GROUP_CONCAT_MAX_LEN)


@sa.event.listens_for(sa.engine.Engine, 'begin')
def _begin_sqlite(connection):
    """Begin SQLite transactions here: writers IMMEDIATE, readers
    deferred, both through the driver's cursor.

    A deferred transaction that reads and then writes cannot wait for
    a concurrent writer: SQLite fails it at once with "database is
    locked" (its snapshot is stale), so read-check-write transactions
    failed under load. Begun IMMEDIATE, they wait for the lock.
    oslo.db emits its own deferred BEGIN unless the ``in_transaction``
    marker it keeps says one was emitted; this class-level listener runs
    before its engine-level one. A reader's BEGIN sent through the
    driver skips SQLAlchemy's statement machinery, which cost as much
    CPU as the query of a list page.
    """
    if (connection.dialect.name != 'sqlite'
            or 'in_transaction' in connection.info):
        return
    if connection.get_execution_options().get(WRITE_OPTION):
        _wait_for_write_lock(connection)
    else:
        connection.connection.dbapi_connection.execute('BEGIN')
    connection.info['in_transaction'] = True


def _wait_for_write_lock(connection):
    """BEGIN IMMEDIATE, tried again while another connection writes, for
    up to the busy timeout.

    SQLite's own busy handler sleeps in C, which stops every green
    thread of an eventlet process (API workers spent 41% of their time
    there under concurrent creates); time.sleep yields to them (and is
    a plain sleep in the threaded conductor).
    """
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute('PRAGMA busy_timeout = 0')
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000.0
    delay = SQLITE_LOCK_FIRST_DELAY
    try:
        while time.monotonic() + delay < deadline:
            try:
                cursor.execute('BEGIN IMMEDIATE')
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xff != sqlite3.SQLITE_BUSY:
                    break
            time.sleep(delay)
            delay = min(2 * delay, SQLITE_LOCK_MAX_DELAY)
        # The last attempt fails as SQLAlchemy and oslo.db report errors.
        connection.exec_driver_sql('BEGIN IMMEDIATE')
    finally:
        cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
        cursor.close()


def _must_run_again(error):
    """Errors oslo.db does not map to DBDeadlock that still say "run the
    transaction again": PostgreSQL's 40001 (a REPEATABLE READ or
    SERIALIZABLE transaction lost a race), MariaDB's 1020
    (DBConsistencyError), and a connection lost before any statement of
    the transaction ran (a pooled connection the server dropped, as
    nothing pings it: nothing can have been written)."""
    if isinstance(error, db_exc.DBConsistencyError):
        return True
    if isinstance(error, db_exc.DBConnectionError):
        return not getattr(_attempt, 'statements', 0)
    original = getattr(getattr(error, 'inner_exception', None), 'orig', None)
    return getattr(original, 'pgcode', None) == '40001'


# Statements the current attempt of a retried transaction ran, per
# (green) thread.
_attempt = threading.local()


@sa.event.listens_for(sa.engine.Engine, 'after_cursor_execute')
def _count_statement(conn, cursor, statement, parameters, context,
                     executemany):
    if hasattr(_attempt, 'statements'):
        _attempt.statements += 1


def retry_on_deadlock(fn):
    """Run ``fn(context, ...)`` again when its transaction is chosen as a
    deadlock victim or fails serialization (MariaDB 1213, PostgreSQL
    40P01/40001), the database having rolled it back, or when it lost
    its connection before any statement (see _must_run_again).

    Only an outermost transaction can be retried: when ``context``
    already has one open, the error goes up to the caller that opened
    it.
    """
    def attempt(*args, **kwargs):
        _attempt.statements = 0
        return fn(*args, **kwargs)

    retrying = oslo_db_api.wrap_db_retry(
        max_retries=DEADLOCK_RETRIES, retry_interval=DEADLOCK_RETRY_INTERVAL,
        max_retry_interval=1, inc_retry_interval=True,
        retry_on_deadlock=True, exception_checker=_must_run_again)(attempt)

    @functools.wraps(fn)
    def wrapper(context, *args, **kwargs):
        if in_transaction(context):
            return fn(context, *args, **kwargs)
        return retrying(context, *args, **kwargs)
    return wrapper


def in_transaction(context):
    """Whether a reader or writer block of ``context`` is open in this
    (green) thread."""
    scopes = getattr(context, '_enginefacade_context', None)
    return getattr(scopes, 'current', None) is not None


@contextlib.contextmanager
def writing(context):
    """A writer session whose transaction is marked as one that writes
    (readers keep SQLite's deferred, concurrent BEGIN). On SQLite the
    writers of this process take turns (see ``_writer_turn``)."""
    outermost = not in_transaction(context)
    with _writer_turn(outermost and _takes_turns):
        with writer.using(context) as session:
            if outermost:
                session.connection(execution_options={WRITE_OPTION: True})
            yield session
    if outermost and _wal_to_sync is not None:
        _sync_wal(_wal_to_sync)


def _sync_wal(path):
    """Put what SQLite's write-ahead log holds on the disk: every commit
    made so far, by any process (fsync flushes a file, whichever
    descriptor wrote it). Done after the commit, out of SQLite's write
    lock and out of this process's writer turns, so that other writers
    go on meanwhile and commits made during a sync share the next one
    (PRAGMA synchronous=FULL syncs inside the lock, one commit at a
    time: 895 instance creates/s against 1,365 without syncs). A log
    that is gone was checkpointed: the checkpoint synced the database
    file."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        _fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_in_a_thread(descriptor):
    """os.fsync from a green thread, in a native one: the eventlet hub
    serves the other requests of the API worker meanwhile."""
    from eventlet import tpool
    tpool.execute(os.fsync, descriptor)


_fsync = os.fsync


# SQLite admits one writer at a time; this process's writers queue here
# for a turn, from before BEGIN IMMEDIATE until their transaction ended,
# rather than all polling SQLite's lock (_wait_for_write_lock) at once: a
# conductor's 64 RPC threads spent more CPU polling than working. Two
# turns: one writer writes while another waits at SQLite's lock, so that
# the writers of other processes still get the lock in between (with
# one, a busy API worker handed it on to its own writers and the other
# worker's single poller starved: 885 creates/s against 964). A
# monkey-patched (API) process gets a green semaphore.
WRITERS_AT_SQLITE_LOCK = 2
_writer_turns = threading.BoundedSemaphore(WRITERS_AT_SQLITE_LOCK)
_takes_turns = False
# The write-ahead log each write transaction syncs when it ends (None:
# none, see configure).
_wal_to_sync = None


@contextlib.contextmanager
def _writer_turn(needed):
    """Hold one of this process's SQLite writer turns, if ``needed``. A
    writer that waits past the busy timeout goes on without one, to meet
    SQLite's own lock and its "database is locked" error as before."""
    taken = needed and _writer_turns.acquire(
        timeout=SQLITE_BUSY_TIMEOUT_MS / 1000.0)
    try:
        yield
    finally:
        if taken:
            _writer_turns.release()


def project_scope(project_id):
    """The column values that keep the rows of ``project_id``; none for
    None (an administrator acting without a project sees every
    project)."""
    return {} if project_id is None else {'project_id': project_id}


def in_project(columns, project_id):
    """``project_scope`` as WHERE clauses. ``columns``: a Table's ``c``
    or a mapped class."""
    return [getattr(columns, name) == value
            for name, value in project_scope(project_id).items()]


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


@retry_on_deadlock
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


@retry_on_deadlock
def heartbeat_conductor(context, hostname):
    with writing(context) as session:
        updated = session.execute(
            sa.update(models.Conductor)
            .where(models.Conductor.hostname == hostname)
            .values(heartbeat_at=timeutils.utcnow(), online=True)).rowcount
    if not updated:
        register_conductor(context, hostname)


@retry_on_deadlock
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
