"""Conductor liveness as the database sees it."""
import datetime

from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.db import api as db_api
from tacker.db import models
from tacker.db import sqlite as sqlite_db


def hosts(context, down_time=60):
    return [c['hostname']
            for c in db_api.list_live_conductors(context, down_time)]


def test_registered_conductor_is_live(database, admin_context):
    db_api.register_conductor(admin_context, 'c-live')
    assert 'c-live' in hosts(admin_context)


def test_conductor_without_recent_heartbeat_is_dead(database, admin_context):
    db_api.register_conductor(admin_context, 'c-stale')
    with db_api.writer.using(admin_context) as session:
        session.execute(sa.update(models.Conductor).where(
            models.Conductor.hostname == 'c-stale').values(
                heartbeat_at=timeutils.utcnow() -
                datetime.timedelta(seconds=61)))
    assert 'c-stale' not in hosts(admin_context, down_time=60)
    db_api.heartbeat_conductor(admin_context, 'c-stale')
    assert 'c-stale' in hosts(admin_context, down_time=60)


def test_unregistered_conductor_is_dead_and_revives(database, admin_context):
    db_api.register_conductor(admin_context, 'c-restart')
    db_api.unregister_conductor(admin_context, 'c-restart')
    assert 'c-restart' not in hosts(admin_context)
    db_api.register_conductor(admin_context, 'c-restart')
    assert 'c-restart' in hosts(admin_context)


def test_sqlite_runs_in_wal_mode_with_busy_timeout(database, admin_context):
    with db_api.reader.using(admin_context) as session:
        assert session.execute(
            sa.text('PRAGMA journal_mode')).scalar() == 'wal'
        assert session.execute(sa.text('PRAGMA busy_timeout')).scalar() == \
            sqlite_db.BUSY_TIMEOUT_MS
