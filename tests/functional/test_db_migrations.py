"""``tacker-db-manage upgrade head`` on every supported database."""
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


def head_revision():
    return alembic_script.ScriptDirectory(
        migration.MIGRATIONS_DIR).get_current_head()


@pytest.mark.parametrize('backend', dbs.backends())
def test_upgrade_head_creates_schema_matching_models(backend, tmp_path):
    with dbs.temporary_database(backend) as url:
        config_file = tmp_path / 'tacker.conf'
        config_file.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                               'connection = %s\n' % (tmp_path, url))

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
