"""Which MySQL driver a process connects through: mysqlclient where the
process is threaded and it is installed, the configured one otherwise."""
import sys
import types

import pytest
import sqlalchemy as sa

from tacker.conf import CONF
from tacker.db import api as db_api

PYMYSQL = ('mysql+pymysql://tacker:s3cret@db.example:3306/tacker'
           '?charset=utf8mb4')


@pytest.fixture
def configured(monkeypatch):
    """The URL ``db_api.configure`` hands to oslo.db, which is not
    reconfigured (the unit tests' engine facade is configured once)."""
    urls = []
    monkeypatch.setattr(db_api, 'context_manager', types.SimpleNamespace(
        configure=lambda connection, **options: urls.append(connection)))
    # Nor are the SQLite and psycopg2 settings of this process changed.
    monkeypatch.setattr(db_api, '_wait_for_postgresql_cooperatively',
                        lambda: None)
    monkeypatch.setattr(db_api.sqlite_db, 'configure', lambda *args: None)
    CONF([], project='tacker', default_config_files=[])
    CONF.set_override('connection', PYMYSQL, group='database')
    yield urls
    CONF.clear_override('connection', group='database')


@pytest.fixture
def mysqlclient_installed(monkeypatch):
    monkeypatch.setitem(sys.modules, 'MySQLdb', types.ModuleType('MySQLdb'))


def test_a_threaded_process_connects_through_mysqlclient(
        configured, mysqlclient_installed):
    db_api.configure(CONF)
    url = sa.engine.make_url(configured[0])
    assert url.drivername == 'mysql+mysqldb'
    assert url.password == 's3cret'
    assert (url.host, url.port, url.database, dict(url.query)) == (
        'db.example', 3306, 'tacker', {'charset': 'utf8mb4'})


def test_a_process_eventlet_patched_keeps_pymysql(
        configured, mysqlclient_installed, monkeypatch):
    """tacker-server, or a WSGI server's eventlet workers."""
    patcher = types.ModuleType('eventlet.patcher')
    patcher.is_monkey_patched = lambda module: module == 'socket'
    monkeypatch.setitem(sys.modules, 'eventlet.patcher', patcher)
    db_api.configure(CONF)
    assert configured == [PYMYSQL]


def test_without_mysqlclient_pymysql_serves(configured, monkeypatch):
    monkeypatch.setitem(sys.modules, 'MySQLdb', None)
    db_api.configure(CONF)
    assert configured == [PYMYSQL]


def test_the_preference_can_be_turned_off(configured, mysqlclient_installed):
    CONF.set_override('prefer_mysqlclient', False, group='database')
    try:
        db_api.configure(CONF)
    finally:
        CONF.clear_override('prefer_mysqlclient', group='database')
    assert configured == [PYMYSQL]


@pytest.mark.parametrize('url', [
    'postgresql+psycopg2://tacker@db/tacker', 'sqlite:////tmp/t.sqlite',
    'mysql+mysqldb://tacker@db/tacker'])
def test_other_urls_are_left_alone(url, mysqlclient_installed):
    assert db_api._through_mysqlclient(url) == url
