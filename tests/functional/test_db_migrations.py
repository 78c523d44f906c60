"""``tacker-db-manage upgrade head`` on every supported database."""
import datetime
import pathlib
import subprocess
import sys

from alembic import autogenerate
from alembic import migration as alembic_migration
from alembic import script as alembic_script
import pytest
import sqlalchemy as sa

from tacker.db import migration
from tacker.db import models
from tests.functional import dbs

DB_MANAGE = pathlib.Path(sys.executable).parent / 'tacker-db-manage'


def db_manage(config_file, *args):
    return subprocess.run([str(DB_MANAGE), '--config-file', str(config_file),
                           *args], check=True, capture_output=True,
                          text=True)


def config(tmp_path, url):
    config_file = tmp_path / 'tacker.conf'
    config_file.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                           'connection = %s\n' % (tmp_path, url))
    return config_file


def head_revision():
    return alembic_script.ScriptDirectory(
        migration.MIGRATIONS_DIR).get_current_head()


@pytest.mark.parametrize('backend', dbs.backends())
def test_upgrade_head_creates_schema_matching_models(backend, tmp_path):
    with dbs.temporary_database(backend) as url:
        config_file = config(tmp_path, url)

        db_manage(config_file, 'upgrade', 'head')

        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                tables = set(sa.inspect(connection).get_table_names())
                context = alembic_migration.MigrationContext.configure(
                    connection, opts={'compare_type': True})
                diff = autogenerate.compare_metadata(
                    context, models.Base.metadata)
        finally:
            engine.dispose()
        assert tables == set(models.Base.metadata.tables) | {
            'alembic_version'}
        assert diff == []
        current = db_manage(config_file, 'current').stdout
        assert current.strip() == '%s (head)' % head_revision()


# The columns of ``vims`` a row needs, as of 0009_op_owner_index.
VIMS = sa.table(
    'vims', *(sa.column(name) for name in (
        'id', 'project_id', 'name', 'type', 'auth_url', 'status')),
    sa.column('auth_cred', sa.JSON), sa.column('is_default', sa.Boolean),
    sa.column('created_at', sa.DateTime),
    sa.column('updated_at', sa.DateTime))


def add_vim(connection, name, vim_type, is_default):
    now = datetime.datetime(2026, 1, 1)
    connection.execute(VIMS.insert().values(
        id=name, project_id='p', name=name, type=vim_type,
        auth_url='http://vim', auth_cred={}, status='REACHABLE',
        is_default=is_default, created_at=now, updated_at=now))


@pytest.mark.parametrize('backend', dbs.backends())
def test_upgrade_keeps_the_default_vim_and_allows_one_per_type(
        backend, tmp_path):
    with dbs.temporary_database(backend) as url:
        config_file = config(tmp_path, url)
        db_manage(config_file, 'upgrade', '0009_op_owner_index')
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.begin() as connection:
                add_vim(connection, 'os', 'openstack', True)
                add_vim(connection, 'os-2', 'openstack', None)

            db_manage(config_file, 'upgrade', 'head')

            with engine.begin() as connection:
                add_vim(connection, 'k8s', 'kubernetes', True)
            with pytest.raises(sa.exc.IntegrityError):
                with engine.begin() as connection:
                    add_vim(connection, 'os-3', 'openstack', True)
            with engine.connect() as connection:
                defaults = connection.execute(
                    sa.select(VIMS.c.name).where(
                        VIMS.c.is_default.is_(True)).order_by(VIMS.c.name)
                ).scalars().all()
        finally:
            engine.dispose()
        assert defaults == ['k8s', 'os']
