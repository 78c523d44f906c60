"""The SQLite database and its -wal/-shm files are readable by their
owner only, whatever the umask of the process that creates them."""
import os
import stat

import sqlalchemy as sa

from tacker.db import sqlite as sqlite_db


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_database_and_its_wal_are_private(tmp_path):
    path = tmp_path / 'state' / 'db' / 'tacker.sqlite'
    url = 'sqlite:///%s' % path
    os.chmod(tmp_path, 0o755)
    previous = os.umask(0)
    try:
        sqlite_db.prepare_file(url)
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text('CREATE TABLE t (x TEXT)'))
            connection.execute(sa.text("INSERT INTO t VALUES ('x')"))
        with engine.connect() as connection:
            # The WAL is kept while a connection is open.
            connection.execute(sa.text('SELECT x FROM t')).all()
            wal = [name for name in os.listdir(path.parent)
                   if name != path.name]
            modes = {name: mode(path.parent / name) for name in wal}
        engine.dispose()
    finally:
        os.umask(previous)

    assert sorted(wal) == ['tacker.sqlite-shm', 'tacker.sqlite-wal']
    assert set(modes.values()) == {0o600}
    assert mode(path) == 0o600
    assert mode(path.parent) == mode(path.parent.parent) == 0o700
    assert mode(tmp_path) == 0o755  # existing directories left alone


def test_existing_database_is_kept(tmp_path):
    path = tmp_path / 'tacker.sqlite'
    path.write_bytes(b'')
    os.chmod(path, 0o640)

    sqlite_db.prepare_file('sqlite:///%s' % path)

    assert mode(path) == 0o640


def test_other_databases_are_left_alone(tmp_path):
    sqlite_db.prepare_file('sqlite://')
    sqlite_db.prepare_file('mysql+pymysql://u@%s/x' % tmp_path)
    assert os.listdir(tmp_path) == []
