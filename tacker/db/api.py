"""Database access: the oslo.db engine facade and the queries Tacker runs.

Callers pass a ``RequestContext``; ``reader``/``writer`` open a session
bound to it, so nested calls share one transaction. Every public function
that opens a write transaction is decorated with ``retry_on_deadlock``.
"""
import _socket
import contextlib
import datetime
import functools
import os
import sys
import threading

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.conf import CONF
from tacker.db import models
from tacker.db import sqlite as sqlite_db

LOG = logging.getLogger(__name__)

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer

# Attempts of a transaction after a deadlock (seconds: the first pause,
# doubled with jitter after each attempt).
DEADLOCK_RETRIES = 10
DEADLOCK_RETRY_INTERVAL = 0.05
# The MySQL drivers (their modules), and the bytes a GROUP_CONCAT may
# hold on their connections.
MYSQL_DRIVERS = ('pymysql', 'MySQLdb')
GROUP_CONCAT_MAX_LEN = 1024 * 1024


def default_connection(conf=CONF):
    return 'sqlite:///%s' % os.path.join(conf.state_path, 'tacker.sqlite')


def connection_url(conf=CONF):
    """The configured database URL, or the SQLite file under state_path."""
    return conf.database.connection or default_connection(conf)


def configure(conf=CONF):
    """Point the engine facade at the configured database; call once,
    after eventlet's monkey patching if the process has it (the API
    server, a WSGI server's eventlet workers): drivers that wait in C
    must then wait through its hub, and PyMySQL is kept."""
    green = _monkey_patched()
    url = connection_url(conf)
    sqlite_db.configure(url, conf.database.sqlite_sync_every_commit, green)
    if green:
        _wait_for_postgresql_cooperatively()
    elif conf.database.prefer_mysqlclient:
        url = _through_mysqlclient(url)
    # No sleep(0) at each connection checkin (oslo.db's thread_checkin):
    # in the API it switched to the eventlet hub, a poll syscall per
    # transaction; green threads switch at every socket wait anyway.
    context_manager.configure(connection=url, thread_checkin=False)


def _monkey_patched():
    """Whether eventlet patched this process's sockets."""
    patcher = sys.modules.get('eventlet.patcher')
    return patcher is not None and patcher.is_monkey_patched('socket')


def _through_mysqlclient(url):
    """A PyMySQL ``url`` made to connect through mysqlclient (MySQLdb),
    when it is installed (``[database] prefer_mysqlclient``); other URLs
    as they are."""
    parsed = sa.engine.make_url(url)
    if parsed.get_driver_name() != 'pymysql':
        return url
    try:
        import MySQLdb  # noqa: F401
    except ImportError:
        LOG.info('mysqlclient is not installed: connecting to %s through '
                 'PyMySQL', parsed.get_backend_name())
        return url
    LOG.info('Connecting to %s through mysqlclient',
             parsed.get_backend_name())
    return parsed.set(
        drivername=parsed.get_backend_name() + '+mysqldb').render_as_string(
            hide_password=False)


def _wait_for_postgresql_cooperatively():
    """psycopg2 waits for the server inside libpq, stopping every green
    thread of the process; with this wait callback it waits in the
    eventlet hub instead. (PyMySQL is pure Python, green already.)

    The callback runs psycopg2's asynchronous protocol
    (``connection.poll()`` until done) with each wait for the socket a
    trampoline into the hub: psycopg2's own ``wait_select`` waits in a
    green select(), which sets up and tears down listeners at each call.
    """
    from eventlet import hubs
    import psycopg2.extensions as pg

    def wait_in_the_hub(connection):
        while True:
            state = connection.poll()
            if state == pg.POLL_OK:
                return
            if state == pg.POLL_READ:
                hubs.trampoline(connection.fileno(), read=True)
            elif state == pg.POLL_WRITE:
                hubs.trampoline(connection.fileno(), write=True)
            else:
                raise connection.OperationalError(
                    'unexpected state from poll(): %r' % (state,))
    pg.set_wait_callback(wait_in_the_hub)


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
    the network cut it), as the pool no longer pings. DisconnectionError
    makes the pool open a new connection instead."""
    if closed_by_server(dbapi_connection):
        raise sa.exc.DisconnectionError('the database server closed the '
                                        'connection')


def closed_by_server(dbapi_connection):
    """Whether the server closed this idle connection. An idle
    connection receives nothing; one the server closed has its end of
    file (or an error, or a last message) waiting to be read: a peek
    that does not wait sees it without a round trip. The peek is made on
    the C socket module's object, which eventlet does not patch: its
    select(), even with no timeout, goes through the hub (a switch and
    three epoll calls per list page). Never for SQLite."""
    fileno = _server_fileno(dbapi_connection)
    if fileno is None:
        return False
    if fileno < 0:
        return True
    # Wraps the descriptor without duplicating it; detached, not closed.
    # With its family and type given, none is asked of the kernel (three
    # system calls); a peek does not depend on them.
    peek = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM, 0, fileno)
    try:
        peek.recv(1, _socket.MSG_PEEK | _socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        peek.detach()
    return True


def _server_fileno(dbapi_connection):
    """The file descriptor of a psycopg2, mysqlclient or PyMySQL
    connection's socket (negative once closed); None for SQLite."""
    if hasattr(dbapi_connection, 'fileno'):
        closed = dbapi_connection.closed if hasattr(
            dbapi_connection, 'closed') else not dbapi_connection.open
        return -1 if closed else dbapi_connection.fileno()
    if not hasattr(dbapi_connection, '_sock'):
        return None
    sock = dbapi_connection._sock
    return -1 if sock is None else sock.fileno()


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
def writing(context, scope=writer):
    """A writer session whose transaction is begun as one that writes
    (readers keep SQLite's deferred, concurrent BEGIN). On SQLite the
    writers of this process take turns and their commits are synced
    (see ``tacker.db.sqlite``). ``scope``: oslo.db's writer, or its
    ``writer.connection`` (``writing_statements``)."""
    outermost = not in_transaction(context)
    with sqlite_db.writer_turn(outermost):
        with scope.using(context) as session:
            yield session
    if outermost:
        sqlite_db.sync_commits()


def writing_statements(context):
    """``writing`` on a Core Connection instead of an ORM Session, for
    the transactions of Core statements only that run most (an LCM
    operation's moves, instance creates): setting up a Session and
    taking its execution path cost 0.3 ms of conductor CPU per operation
    on MariaDB, and 60 us of a create's 500 on SQLite. A
    nested ``writing`` joins it with a Session on that connection."""
    return writing(context, writer.connection)


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


def live_hostnames(context, down_time):
    """The host names of ``list_live_conductors``."""
    return [row['hostname']
            for row in list_live_conductors(context, down_time)]


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
