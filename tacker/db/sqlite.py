"""SQLite as Tacker's default database: its files, its connections'
tuning, writers that take turns at its one write lock, and durable
commits synced out of that lock (see ``configure``).

tacker.db.api imports this module, which registers its SQLAlchemy event
listeners; they leave connections of other databases alone.
"""
import contextlib
import os
import sqlite3
import threading
import time

from oslo_log import log as logging
import sqlalchemy as sa

from tacker.common import joint_reads
from tacker.common import private_paths

LOG = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30000
# Backoff of a writer waiting for SQLite's write lock (seconds).
LOCK_FIRST_DELAY = 0.0005
LOCK_MAX_DELAY = 0.01


def configure(url, sync_every_commit, green):
    """Prepare the database file of a SQLite ``url`` (nothing for other
    URLs); its writers then take turns, and with ``sync_every_commit``
    each write transaction syncs the write-ahead log once committed, in
    a native thread when ``green`` (eventlet)."""
    global _takes_turns, _wal_to_sync, _fsync
    prepare_file(url)
    parsed = sa.engine.make_url(url)
    _takes_turns = parsed.get_backend_name() == 'sqlite'
    _wal_to_sync = None
    if (_takes_turns and parsed.database not in (None, '', ':memory:')
            and sync_every_commit):
        _wal_to_sync = os.path.abspath(parsed.database) + '-wal'
    _fsync = _fsync_in_a_thread if green else os.fsync


def prepare_file(url):
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
    cursor.execute('PRAGMA busy_timeout = %d' % BUSY_TIMEOUT_MS)
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.execute('PRAGMA foreign_keys = ON')
    # Commits are synced by sync_commits() when sqlite_sync_every_commit
    # says so; SQLite itself syncs at checkpoints.
    cursor.execute('PRAGMA synchronous = NORMAL')
    cursor.close()


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
    if getattr(_writer, 'begins', False):
        _writer.begins = False
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
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000.0
    delay = LOCK_FIRST_DELAY
    try:
        while time.monotonic() + delay < deadline:
            try:
                cursor.execute('BEGIN IMMEDIATE')
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xff != sqlite3.SQLITE_BUSY:
                    break
            time.sleep(delay)
            delay = min(2 * delay, LOCK_MAX_DELAY)
        # The last attempt fails as SQLAlchemy and oslo.db report errors.
        connection.exec_driver_sql('BEGIN IMMEDIATE')
    finally:
        cursor.execute('PRAGMA busy_timeout = %d' % BUSY_TIMEOUT_MS)
        cursor.close()


def sync_commits():
    """After an outermost write transaction, when sqlite_sync_every_commit
    says so, put what SQLite's write-ahead log holds on the disk: every commit
    made so far, by any process (fsync flushes a file, whichever
    descriptor wrote it). Done after the commit, out of SQLite's write
    lock and out of this process's writer turns, so that other writers
    go on meanwhile, and the commits of this process made during a sync
    share the next one (``_SYNCS``; 1,040 -> 1,270 instance creates/s)
    (PRAGMA synchronous=FULL syncs inside the lock, one commit at a
    time: 895 instance creates/s against 1,365 without syncs). A log
    that is gone was checkpointed: the checkpoint synced the database
    file."""
    if _wal_to_sync is None:
        return
    _SYNCS.read(_wal_to_sync, _sync_wal)


# Syncs shared by the commits of this process that wait for one together:
# a commit waits for a sync started after it, never for one under way.
_SYNCS = joint_reads.JointReads()


def _sync_wal():
    try:
        descriptor = os.open(_wal_to_sync, os.O_RDONLY)
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
# What configure() found: whether this process writes to SQLite, and the
# write-ahead log a write transaction syncs when it ends (None: none).
_takes_turns = False
_wal_to_sync = None


# Whether the next BEGIN of this (green) thread is a writer's, set for an
# outermost write transaction: the writer's ORM Session, or its Core
# Connection, begins once inside, however oslo.db opened it.
_writer = threading.local()


@contextlib.contextmanager
def writer_turn(outermost):
    """Hold one of this process's SQLite writer turns, for an
    ``outermost`` write transaction, whose BEGIN is then IMMEDIATE. A
    writer that waits past the busy timeout goes on without one, to
    meet SQLite's own lock and its "database is locked" error as
    before."""
    taken = outermost and _takes_turns and _writer_turns.acquire(
        timeout=BUSY_TIMEOUT_MS / 1000.0)
    if outermost:
        _writer.begins = _takes_turns
    try:
        yield
    finally:
        if outermost:
            _writer.begins = False
        if taken:
            _writer_turns.release()
