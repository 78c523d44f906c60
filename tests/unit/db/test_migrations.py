"""Migrations agree with the models, and tacker-db-manage drives them."""
import shutil
import subprocess
import sys

from alembic import autogenerate
from alembic import migration as alembic_migration
from alembic import script as alembic_script
from oslo_config import cfg
import pytest
import sqlalchemy as sa

from tacker.common import package_store
from tacker.conf import CONF
from tacker.conf import database
from tacker.conf import default
from tacker.db import migration
from tacker.db import models


def make_conf(state_path, connection=None):
    """A private ConfigOpts, so the tests leave the global CONF alone."""
    conf = cfg.ConfigOpts()
    default.register_opts(conf)
    database.register_opts(conf)
    conf([], default_config_files=[])
    conf.set_override('state_path', str(state_path))
    if connection:
        conf.set_override('connection', connection, 'database')
    return conf


def head_revision(conf):
    return alembic_script.ScriptDirectory.from_config(
        migration.alembic_config(conf)).get_current_head()


def table_names(url):
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return 'sqlite:///%s' % (tmp_path / 'tacker.sqlite')


def test_upgrade_head_matches_models(tmp_path, sqlite_url):
    migration.upgrade(make_conf(tmp_path, sqlite_url))

    engine = sa.create_engine(sqlite_url)
    try:
        with engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection, opts={'compare_type': True})
            diff = autogenerate.compare_metadata(context,
                                                 models.Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
    assert table_names(sqlite_url) == (
        set(models.Base.metadata.tables) | {'alembic_version'})


def test_upgrade_without_connection_creates_sqlite_under_state_path(
        tmp_path):
    state_path = tmp_path / 'not' / 'yet'
    migration.upgrade(make_conf(state_path))

    assert 'vnf_instances' in table_names(
        'sqlite:///%s' % (state_path / 'tacker.sqlite'))


def test_revision_autogenerate_names_file_and_finds_nothing_to_do(
        tmp_path, sqlite_url, monkeypatch):
    scripts = tmp_path / 'migrations'
    shutil.copytree(migration.MIGRATIONS_DIR, scripts,
                    ignore=shutil.ignore_patterns('__pycache__'))
    monkeypatch.setattr(migration, 'MIGRATIONS_DIR', str(scripts))
    conf = make_conf(tmp_path, sqlite_url)
    migration.upgrade(conf)
    head = head_revision(conf)
    expected = '%04d_add_alarms' % (int(head.split('_')[0]) + 1)

    migration.revision(conf, 'Add alarms!', autogenerate=True)

    text = (scripts / 'versions' / (expected + '.py')).read_text()
    assert "revision = '%s'" % expected in text
    assert "down_revision = '%s'" % head in text
    assert 'op.' not in text.split('def upgrade')[1]


@pytest.fixture
def db_manage_cli(tmp_path, sqlite_url):
    """Run ``tacker-db-manage`` against a SQLite file and return its stdout.

    A child process, because the command parses the global CONF that the
    rest of the unit tests share.
    """
    config_file = tmp_path / 'tacker.conf'
    config_file.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                           'connection = %s\n' % (tmp_path, sqlite_url))

    def run(*args):
        return subprocess.run(
            [sys.executable, '-c',
             'from tacker.cmd import db_manage; db_manage.main()',
             '--config-file', str(config_file), *args],
            check=True, capture_output=True, text=True).stdout

    return run


def test_cli_upgrade_then_current_prints_head(
        tmp_path, sqlite_url, db_manage_cli):
    db_manage_cli('upgrade')

    current = db_manage_cli('current')

    head = head_revision(make_conf(tmp_path, sqlite_url))
    assert current.strip() == '%s (head)' % head
    assert 'vnf_lcm_op_occs' in table_names(sqlite_url)


def test_cli_stamp_records_revision_without_creating_tables(
        sqlite_url, db_manage_cli):
    db_manage_cli('stamp', '0001_initial')

    assert db_manage_cli('current').startswith('0001_initial')
    assert table_names(sqlite_url) == {'alembic_version'}


def test_cli_history_lists_initial_revision(db_manage_cli):
    assert '<base> -> 0001_initial' in db_manage_cli('history')


def test_upgrade_turns_package_paths_into_store_locations(tmp_path,
                                                          sqlite_url):
    """Packages onboarded before the package store keep their CSAR, now
    read through the store's file:// location."""
    conf = make_conf(tmp_path, sqlite_url)
    migration.upgrade(conf, '0007_paging_indexes')
    legacy = tmp_path / 'vnfpackages' / 'p1' / 'package.zip'
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b'a CSAR')
    engine = sa.create_engine(sqlite_url)
    packages = sa.table('vnf_packages', sa.column('id'),
                        sa.column('package_path'))
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO vnf_packages (id, project_id, onboarding_state,"
                " operational_state, usage_state, package_path, created_at,"
                " updated_at) VALUES ('p1', 'x', 'ONBOARDED', 'ENABLED',"
                " 'NOT_IN_USE', :path, '2026-01-01', '2026-01-01'),"
                " ('p2', 'x', 'CREATED', 'DISABLED', 'NOT_IN_USE', NULL,"
                " '2026-01-01', '2026-01-01')"), {'path': str(legacy)})
        migration.upgrade(conf)
        with engine.connect() as connection:
            paths = dict(connection.execute(
                sa.select(packages.c.id, packages.c.package_path)).all())
        assert paths == {'p1': 'file://%s' % legacy, 'p2': None}
    finally:
        engine.dispose()
    CONF.set_override('filesystem_store_datadir', str(tmp_path / 'store'),
                      group='glance_store')
    try:
        assert b''.join(package_store.read(CONF, paths['p1'])) == b'a CSAR'
    finally:
        CONF.clear_override('filesystem_store_datadir', group='glance_store')
