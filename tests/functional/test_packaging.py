"""Tacker as pip installs it: a wheel built from the checkout, installed
into a fresh virtualenv, runs its commands with nothing of the checkout
around. Its dependencies come from the wheel's metadata, which setup.cfg
reads from requirements.txt (and sandbox-requirements.txt for the
``sandbox`` extra)."""
import email.parser
import hashlib
import os
import pathlib
import shutil
import sqlite3
import sys
import venv
import zipfile

from packaging import requirements
import pytest

from tests.functional import deployment

ROOT = pathlib.Path(__file__).resolve().parents[2]
# What a build must not see: a stale build/ would slip removed modules
# into the wheel.
NOT_SOURCES = shutil.ignore_patterns(
    '.git', '.venv', '.tox', '.tacker-run', '.pytest_cache', '__pycache__',
    'build', 'dist', '*.egg-info')


def requirement_lines(name):
    lines = (ROOT / name).read_text().splitlines()
    return {str(requirements.Requirement(line)) for line in lines
            if line.strip() and not line.startswith('#')}


def clean_env():
    """The environment without what would let the fresh venv import the
    checkout or this test's virtualenv."""
    return {name: value for name, value in os.environ.items()
            if name not in ('PYTHONPATH', 'VIRTUAL_ENV', 'PYTHONHOME')}


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp('packaging')
    source = work / 'source'
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    deployment.run_step([sys.executable, '-m', 'pip', 'wheel', '-q',
                         '--no-deps', '--no-build-isolation',
                         '--wheel-dir', str(work / 'dist'), str(source)])
    [built] = (work / 'dist').glob('tacker-*.whl')
    return built


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        [name] = [name for name in archive.namelist()
                  if name.endswith('.dist-info/METADATA')]
        return email.parser.BytesParser().parsebytes(archive.read(name))


def test_wheel_requires_requirements_txt_and_its_extras(wheel):
    metadata = wheel_metadata(wheel)
    requires = [requirements.Requirement(line)
                for line in metadata.get_all('Requires-Dist')]
    plain = {str(req) for req in requires if req.marker is None}

    def extra(name):
        return {str(requirements.Requirement(str(req).split(';')[0]))
                for req in requires
                if req.marker and req.marker.evaluate({'extra': name})}
    assert plain == requirement_lines('requirements.txt')
    assert extra('sandbox') == requirement_lines('sandbox-requirements.txt')
    assert extra('mysqlclient') == {'mysqlclient>=2.2'}
    assert metadata.get_all('Provides-Extra') == ['sandbox', 'mysqlclient']


def test_wheel_holds_the_packages_and_migrations(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for expected in ('tacker/cmd/server.py', 'tacker_sandbox/cmd.py',
                     'tackerclient/shell.py', 'alembic_migrations/env.py',
                     'alembic_migrations/script.py.mako',
                     'alembic_migrations/versions/0001_initial_schema.py'):
        assert expected in names
    assert not [name for name in names if name.startswith('tests/')]


def wheelhouse():
    """Wheels of every dependency, kept beside the test virtualenv for
    the next run while the requirement files stay the same: installing
    from them needs no index and no download."""
    files = ('requirements.txt', 'sandbox-requirements.txt',
             'constraints.txt')
    key = hashlib.sha256(b''.join((ROOT / name).read_bytes()
                                  for name in files)).hexdigest()[:16]
    house = pathlib.Path(sys.prefix) / 'wheelhouse' / key
    if not house.is_dir():
        # Built apart and renamed: a concurrent run never sees half of it.
        building = house.with_name('%s.%d' % (key, os.getpid()))
        deployment.run_step([
            sys.executable, '-m', 'pip', 'wheel', '-q',
            '-c', str(ROOT / 'constraints.txt'), '--wheel-dir',
            str(building), '-r', str(ROOT / 'requirements.txt'),
            '-r', str(ROOT / 'sandbox-requirements.txt')])
        try:
            building.rename(house)
        except OSError:
            shutil.rmtree(building)
    return house


def run(target, command, *args, cwd):
    """``command`` of the venv ``target``, run outside the checkout."""
    return deployment.run_step([str(target / 'bin' / command), *args],
                               cwd=cwd, env=clean_env())


def test_wheel_installs_into_a_fresh_venv_and_runs(wheel, tmp_path):
    target = tmp_path / 'venv'
    # Without a pip of its own (ensurepip is slow); this venv's installs.
    venv.EnvBuilder(with_pip=False).create(target)
    deployment.run_step([
        sys.executable, '-m', 'pip', '--python', str(target / 'bin' /
                                                     'python'),
        'install', '-q', '--no-compile', '--no-index', '--find-links',
        str(wheelhouse()), '-c', str(ROOT / 'constraints.txt'),
        '%s[sandbox]' % wheel])

    where = run(target, 'python', '-c',
                'import tacker, tacker_sandbox, tackerclient\n'
                'for m in (tacker, tacker_sandbox, tackerclient):\n'
                '    print(m.__file__)', cwd=tmp_path).stdout.split()
    assert len(where) == 3
    assert all(path.startswith(str(target)) for path in where)

    database = tmp_path / 'tacker.sqlite'
    config = tmp_path / 'tacker.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                      'connection = sqlite:///%s\n' % (tmp_path, database))
    run(target, 'tacker-db-manage', '--config-file', str(config),
        'upgrade', 'head', cwd=tmp_path)
    head = run(target, 'tacker-db-manage', '--config-file', str(config),
               'current', cwd=tmp_path).stdout
    with sqlite3.connect(database) as connection:
        [[version]] = connection.execute(
            'SELECT version_num FROM alembic_version').fetchall()
        tables = {name for [name] in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert version in head
    assert {'vnf_packages', 'vnf_instances', 'vims'} <= tables

    for command, expected in (('tacker-server', '--config-file'),
                              ('tacker-conductor', '--config-file'),
                              ('tacker-sandbox-vim', '--state-file'),
                              ('tacker', 'vnflcm')):
        assert expected in run(target, command, '--help',
                               cwd=tmp_path).stdout
