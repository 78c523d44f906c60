"""The database backends functional tests run on, and throwaway databases.

SQLite always runs; MariaDB and PostgreSQL run when their server answers,
and are skipped otherwise unless ``TACKER_TEST_REQUIRE_ALL_DBS=1`` makes
an absent server a failure (as CI wants). ``TACKER_TEST_MYSQL_URL`` and
``TACKER_TEST_POSTGRESQL_URL`` point at other servers (no database name).
"""
import contextlib
import functools
import os
import shutil
import tempfile
import uuid

import pytest
import sqlalchemy as sa

SERVERS = {
    'mysql': os.environ.get('TACKER_TEST_MYSQL_URL',
                            'mysql+pymysql://root@127.0.0.1:3306'),
    'postgresql': os.environ.get(
        'TACKER_TEST_POSTGRESQL_URL',
        'postgresql+psycopg2://postgres@127.0.0.1:5432'),
}
# The database the PostgreSQL admin connection logs into.
MAINTENANCE_DB = {'mysql': None, 'postgresql': 'postgres'}
# FORCE ends connections a killed test process may have left behind.
CREATE_DROP = {
    'mysql': ('CREATE DATABASE %s CHARACTER SET utf8mb4',
              'DROP DATABASE IF EXISTS %s'),
    'postgresql': ('CREATE DATABASE %s',
                   'DROP DATABASE IF EXISTS %s WITH (FORCE)'),
}


def require_all():
    return os.environ.get('TACKER_TEST_REQUIRE_ALL_DBS') == '1'


def _admin_engine(backend):
    url = sa.engine.make_url(SERVERS[backend]).set(
        database=MAINTENANCE_DB[backend])
    return sa.create_engine(url, isolation_level='AUTOCOMMIT',
                            poolclass=sa.pool.NullPool,
                            connect_args={'connect_timeout': 3})


@functools.cache
def reachable(backend):
    """Whether the server of ``backend`` answers; asked once per run."""
    if backend == 'sqlite':
        return True
    engine = _admin_engine(backend)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text('SELECT 1'))
        return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def backends(*names):
    """``sqlite``, ``mysql`` and ``postgresql`` (or only ``names``) as
    pytest params for ``parametrize``, the server ones skipped when
    unreachable."""
    params = [pytest.param('sqlite', id='sqlite')]
    for backend in SERVERS:
        marks = []
        if not require_all():
            marks.append(pytest.mark.skipif(
                not reachable(backend),
                reason='%s server not reachable at %s' % (
                    backend, SERVERS[backend])))
        params.append(pytest.param(backend, id=backend, marks=marks))
    return [param for param in params
            if not names or param.values[0] in names]


@contextlib.contextmanager
def temporary_database(backend):
    """Create a uniquely named empty database, yield its URL, drop it."""
    if backend == 'sqlite':
        directory = tempfile.mkdtemp(prefix='tacker-test-db-')
        try:
            yield 'sqlite:///%s' % os.path.join(directory, 'tacker.sqlite')
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    name = 'tacker_test_%s' % uuid.uuid4().hex[:12]
    create, drop = CREATE_DROP[backend]
    engine = _admin_engine(backend)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(create % name))
        try:
            url = sa.engine.make_url(SERVERS[backend]).set(database=name)
            if backend == 'mysql':
                url = url.update_query_dict({'charset': 'utf8mb4'})
            yield url.render_as_string(hide_password=False)
        finally:
            with engine.connect() as connection:
                connection.execute(sa.text(drop % name))
    finally:
        engine.dispose()
