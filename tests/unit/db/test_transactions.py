"""Write transactions: retried after a deadlock at the outermost level
only, waiting for SQLite's write lock without blocking the process, on
pooled SQLite connections."""
import os
import sqlite3
import threading
import time
import types

from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import models
from tacker.db import sqlite as sqlite_db
from tests.unit import rows


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(db_api, 'DEADLOCK_RETRY_INTERVAL', 0.001)


def hostnames(context, prefix):
    with db_api.reader.using(context) as session:
        return sorted(session.execute(
            sa.select(models.Conductor.hostname).where(
                models.Conductor.hostname.startswith(prefix))).scalars())


def conductor(hostname):
    now = timeutils.utcnow()
    return models.Conductor(hostname=hostname, started_at=now,
                            heartbeat_at=now, online=True)


def failing_write(prefix, errors):
    """A write function that records a conductor row per attempt and then
    raises the next of ``errors`` (none left: it succeeds)."""
    attempts = []

    @db_api.retry_on_deadlock
    def write(context):
        attempts.append(len(attempts) + 1)
        with db_api.writing(context) as session:
            session.add(conductor('%s-%d' % (prefix, len(attempts))))
            session.flush()
            if errors:
                raise errors.pop(0)
    return write, attempts


def test_deadlock_victim_is_run_again_and_first_attempt_undone(
        database, admin_context):
    prefix = uuidutils.generate_uuid()
    write, attempts = failing_write(prefix, [db_exc.DBDeadlock()])

    write(admin_context)

    assert attempts == [1, 2]
    assert hostnames(admin_context, prefix) == [prefix + '-2']


def test_deadlock_in_nested_call_goes_to_the_outermost_transaction(
        database, admin_context):
    prefix = uuidutils.generate_uuid()
    inner, inner_attempts = failing_write(prefix + '-inner',
                                          [db_exc.DBDeadlock()])
    outer_attempts = []

    @db_api.retry_on_deadlock
    def outer(context):
        outer_attempts.append(1)
        with db_api.writing(context):
            inner(context)

    outer(admin_context)

    # The inner call ran once per outer attempt: it was not retried
    # inside a transaction the deadlock had already rolled back.
    assert len(outer_attempts) == 2 and inner_attempts == [1, 2]
    assert hostnames(admin_context, prefix) == [prefix + '-inner-2']


def test_create_retried_after_deadlock_makes_one_instance(
        database, admin_context, small):
    package = rows.onboarded_package(admin_context, {'small': small})
    calls = []

    def on_success(session, instance):
        calls.append(instance['id'])
        if len(calls) == 1:
            raise db_exc.DBDeadlock()

    created = db_instances.create(
        admin_context, {'project_id': 'project-a',
                        'vnfd_id': package['vnfd_id'], 'metadata': {},
                        'api_version': '1'}, on_success=on_success)

    assert len(calls) == 2 and created['id'] == calls[1]
    with pytest.raises(exceptions.VnfInstanceNotFound):
        db_instances.get(admin_context, calls[0])


def test_connection_lost_before_any_statement_is_retried(
        database, admin_context):
    prefix = uuidutils.generate_uuid()
    attempts = []

    @db_api.retry_on_deadlock
    def write(context):
        attempts.append(1)
        if len(attempts) == 1:
            raise db_exc.DBConnectionError()
        with db_api.writing(context) as session:
            session.add(conductor(prefix))

    write(admin_context)
    assert len(attempts) == 2
    assert hostnames(admin_context, prefix) == [prefix]


def test_connection_lost_after_a_statement_is_not_retried(
        database, admin_context):
    """The transaction may have committed: running it again could write
    twice."""
    prefix = uuidutils.generate_uuid()
    write, attempts = failing_write(prefix, [db_exc.DBConnectionError()])

    with pytest.raises(db_exc.DBConnectionError):
        write(admin_context)
    assert attempts == [1]


def test_other_errors_are_not_retried(database, admin_context):
    write, attempts = failing_write(uuidutils.generate_uuid(),
                                    [ValueError('no')])
    with pytest.raises(ValueError):
        write(admin_context)
    assert attempts == [1]


def test_sqlite_connections_are_pooled_and_not_pinged(database,
                                                      admin_context):
    engine = db_api.get_engine()
    assert isinstance(engine.pool, sa.pool.QueuePool)
    assert not engine.pool._pre_ping
    seen = []
    for _ in range(3):
        with db_api.reader.using(admin_context) as session:
            seen.append(id(session.connection().connection.dbapi_connection))
            assert session.execute(
                sa.text('PRAGMA foreign_keys')).scalar() == 1
    assert len(set(seen)) == 1


@pytest.fixture
def write_lock_holder(database):
    """Another connection, holding SQLite's write lock until it
    commits."""
    holder = sqlite3.connect(db_api.get_engine().url.database,
                             isolation_level=None)
    holder.execute('BEGIN IMMEDIATE')
    yield holder
    holder.close()


@pytest.fixture
def lock_wait_sleeps(monkeypatch):
    """The sleeps of the writers waiting for SQLite's write lock."""
    sleeps = []

    def counting_sleep(seconds):
        sleeps.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(sqlite_db, 'time', types.SimpleNamespace(
        monotonic=time.monotonic, sleep=counting_sleep))
    return sleeps


def test_writer_waits_for_sqlite_lock_while_readers_go_on(
        admin_context, write_lock_holder, lock_wait_sleeps):
    """A writer queued behind another connection's write lock sleeps in
    Python (green under eventlet), not in SQLite's busy handler, and
    readers are not held up meanwhile."""
    prefix = uuidutils.generate_uuid()
    sleeps = lock_wait_sleeps
    done = threading.Event()

    def write():
        db_api.register_conductor(admin_context, prefix)
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    for _ in range(20):
        started = time.monotonic()
        assert hostnames(admin_context, prefix) == []
        assert time.monotonic() - started < 0.5
        time.sleep(0.01)
    assert not done.is_set() and sleeps
    write_lock_holder.execute('COMMIT')
    writer.join(10)
    assert done.is_set()
    assert hostnames(admin_context, prefix) == [prefix]
    assert max(sleeps) <= sqlite_db.LOCK_MAX_DELAY


@pytest.mark.parametrize('writing', [db_api.writing,
                                     db_api.writing_statements])
def test_both_kinds_of_writer_begin_at_sqlite_lock_and_nest(
        admin_context, write_lock_holder, lock_wait_sleeps, writing):
    """A writer on an ORM Session and one on a Core Connection both
    begin by waiting for SQLite's write lock in Python, and a write
    nested in either joins its transaction: nothing of it is visible
    before the commit."""
    prefix = uuidutils.generate_uuid()
    inside = threading.Event()
    go_on = threading.Event()
    now = timeutils.utcnow()

    def write():
        with writing(admin_context) as session:
            session.execute(sa.insert(models.Conductor.__table__).values(
                hostname=prefix + '-outer', started_at=now,
                heartbeat_at=now, online=True))
            db_api.register_conductor(admin_context, prefix + '-nested')
            inside.set()
            assert go_on.wait(10)

    writer = threading.Thread(target=write)
    try:
        writer.start()
        time.sleep(0.05)
        assert lock_wait_sleeps and not inside.is_set()
        write_lock_holder.execute('COMMIT')
        assert inside.wait(10)
        assert hostnames(admin_context, prefix) == []
    finally:
        go_on.set()
        writer.join(10)
    assert hostnames(admin_context, prefix) == [prefix + '-nested',
                                                prefix + '-outer']


def test_writers_of_one_process_take_turns_instead_of_polling(
        database, admin_context, monkeypatch):
    """Threads of one process that write at once queue for their turns:
    no more of them than WRITERS_AT_SQLITE_LOCK are at SQLite's lock at
    a time."""
    prefix = uuidutils.generate_uuid()
    at_lock = {'now': 0, 'most': 0}
    guard = threading.Lock()
    wait_for_write_lock = sqlite_db._wait_for_write_lock

    def counted(connection):
        with guard:
            at_lock['now'] += 1
            at_lock['most'] = max(at_lock['most'], at_lock['now'])
        try:
            # Long enough for every other thread to arrive meanwhile.
            time.sleep(0.001)
            return wait_for_write_lock(connection)
        finally:
            with guard:
                at_lock['now'] -= 1

    monkeypatch.setattr(sqlite_db, '_wait_for_write_lock', counted)
    start = threading.Barrier(8)

    def write(number):
        start.wait()
        for attempt in range(10):
            db_api.register_conductor(admin_context,
                                      '%s-%d-%d' % (prefix, number, attempt))

    writers = [threading.Thread(target=write, args=(number,))
               for number in range(8)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    assert len(hostnames(admin_context, prefix)) == 80
    assert at_lock['most'] == sqlite_db.WRITERS_AT_SQLITE_LOCK


@pytest.mark.parametrize('every_commit', [True, False])
def test_each_write_transaction_syncs_the_log_when_told(
        database, admin_context, monkeypatch, every_commit):
    """With sqlite_sync_every_commit a write transaction has its
    write-ahead log synced once it committed (after its writer turn, so
    that others commit meanwhile), nested blocks and reads not; without,
    SQLite syncs at checkpoints only."""
    monkeypatch.setattr(sqlite_db, '_wal_to_sync', db_api.get_engine().url
                        .database + '-wal' if every_commit else None)
    synced = []
    fsync = os.fsync

    def recording_fsync(descriptor):
        synced.append((os.readlink('/proc/self/fd/%d' % descriptor),
                       sqlite_db._writer_turns._value))
        fsync(descriptor)

    monkeypatch.setattr(sqlite_db, '_fsync', recording_fsync)
    prefix = uuidutils.generate_uuid()
    with db_api.writing(admin_context):
        db_api.register_conductor(admin_context, prefix)
        assert synced == []
    assert hostnames(admin_context, prefix) == [prefix]
    if every_commit:
        assert synced == [(os.path.realpath(db_api.get_engine().url.database
                                            + '-wal'),
                           sqlite_db.WRITERS_AT_SQLITE_LOCK)]
    else:
        assert synced == []
    with db_api.get_engine().connect() as connection:
        assert connection.execute(
            sa.text('PRAGMA synchronous')).scalar() == 1  # NORMAL


def test_commits_waiting_for_a_sync_together_share_the_next_one(
        database, admin_context, monkeypatch):
    """A commit made while the log is being synced waits for the next
    sync, which starts after it and serves every commit that waited
    meanwhile: one sync for them all, none of them answered before a
    sync that started after its commit ended."""
    monkeypatch.setattr(sqlite_db, '_wal_to_sync',
                        db_api.get_engine().url.database + '-wal')
    first_sync_started, release_first = threading.Event(), threading.Event()
    syncs = []
    fsync = os.fsync

    def slow_fsync(descriptor):
        syncs.append(time.monotonic())
        if len(syncs) == 1:
            first_sync_started.set()
            assert release_first.wait(10)
        fsync(descriptor)

    monkeypatch.setattr(sqlite_db, '_fsync', slow_fsync)
    committed, answered = {}, {}

    def write(name):
        with db_api.writing(admin_context):
            db_api.register_conductor(admin_context, name)
        # Nothing is written after the block: it ended with its commit
        # and the sync it waited for.
        answered[name] = time.monotonic()

    def register_committed(conn):
        committed[threading.current_thread().name] = time.monotonic()

    engine = db_api.get_engine()
    sa.event.listen(engine, 'commit', register_committed)
    try:
        prefix = uuidutils.generate_uuid()
        first = threading.Thread(target=write, args=(prefix + '-0',),
                                 name=prefix + '-0')
        first.start()
        assert first_sync_started.wait(10)
        later = [threading.Thread(target=write, args=(name,), name=name)
                 for name in (prefix + '-%d' % n for n in range(1, 5))]
        for thread in later:
            thread.start()
        for _ in range(1000):
            if len(committed) == 5:
                break
            time.sleep(0.01)
        release_first.set()
        for thread in [first, *later]:
            thread.join(10)
    finally:
        sa.event.remove(engine, 'commit', register_committed)
    assert len(answered) == 5
    assert len(syncs) == 2
    for thread in later:
        assert committed[thread.name] < syncs[1] < answered[thread.name]
