"""Deployments for benchmarks/scale.py: a throwaway one, or one whose
database (and package store) outlives the run under ``--state DIR`` so a
later run, e.g. after an upgrade and ``tacker-db-manage upgrade``, reuses
the seeded data; and the CPU time of its processes, read from /proc.

Only the functional tests' deployment helpers, config files and /proc are
used, so the same script measures old and new code.
"""
import contextlib
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests.functional import dbs  # noqa: E402
from tests.functional import deployment as deployment_lib  # noqa: E402

# --db choices -> the backend names of tests/functional/dbs.py.
BACKENDS = {'sqlite': 'sqlite', 'postgresql': 'postgresql',
            'mariadb': 'mysql'}
STATE_FILE = 'scale-state.json'
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def reachable(db):
    return dbs.reachable(BACKENDS[db])


def _server_database_url(backend, name):
    url = sa.engine.make_url(dbs.SERVERS[backend]).set(database=name)
    if backend == 'mysql':
        url = url.update_query_dict({'charset': 'utf8mb4'})
    return url.render_as_string(hide_password=False)


def _create_server_database(backend):
    """A new database on the server of ``backend`` that nothing drops."""
    name = 'tacker_bench_%s' % uuid.uuid4().hex[:12]
    engine = dbs._admin_engine(backend)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(dbs.CREATE_DROP[backend][0] % name))
    finally:
        engine.dispose()
    return _server_database_url(backend, name)


class State:
    """What ``--state DIR`` keeps between runs: the database URL and what
    was seeded into it (``seed``, None until seeding finished)."""

    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.path = self.directory / STATE_FILE
        self.data = json.loads(self.path.read_text()) \
            if self.path.exists() else {}

    @property
    def seed(self):
        return self.data.get('seed')

    def save(self, **values):
        self.data.update(values)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data, indent=2) + '\n')


def _start(deployment, fresh):
    """Start a fresh deployment, or upgrade a kept database to the code's
    head revision and start on it."""
    if fresh:
        deployment.start()
        return
    deployment.write_config()
    deployment.run_tool('tacker-db-manage', 'upgrade', 'head')
    deployment.start_process('tacker-conductor')
    deployment.start_process('tacker-server')
    deployment.wait_until_healthy()


@contextlib.contextmanager
def deployment(db, state_dir=None, **options):
    """A started deployment on ``db`` with 2 API workers; yields
    ``(deployment, state)``. With ``state_dir`` its database and state
    path live on (the SQLite file in that directory, a server database
    named in its state file); otherwise everything is removed at exit."""
    backend = BACKENDS[db]
    options = dict({'api_workers': 2, 'host': 'scale-conductor'}, **options)
    with contextlib.ExitStack() as stack:
        transport_url = stack.enter_context(
            deployment_lib.temporary_vhost())
        if state_dir:
            workdir = pathlib.Path(state_dir)
            state = State(workdir)
            fresh = 'db_url' not in state.data
            if fresh:
                state.save(db=db, db_url=(
                    'sqlite:///%s' % (workdir.resolve() / 'tacker.sqlite')
                    if backend == 'sqlite'
                    else _create_server_database(backend)))
            elif state.data['db'] != db:
                raise SystemExit('%s holds a %s deployment, not %s' % (
                    workdir, state.data['db'], db))
        else:
            workdir = pathlib.Path(stack.enter_context(
                tempfile.TemporaryDirectory(prefix='tacker-scale-')))
            state = State(workdir)
            state.save(db=db, db_url=stack.enter_context(
                dbs.temporary_database(backend)))
            fresh = True
        deploy = deployment_lib.Deployment(
            workdir, state.data['db_url'], transport_url, **options)
        stack.callback(deploy.stop)
        _start(deploy, fresh)
        yield deploy, state


def _children(pid):
    """The pids whose parent is ``pid``."""
    found = []
    for entry in pathlib.Path('/proc').iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / 'stat').read_text()
        except OSError:
            continue
        if int(stat.rpartition(')')[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


# The processes of the database servers, by name, and the share of a
# core under which one counts as quiet.
SERVER_PROCESSES = {'postgresql': ('postgres',),
                    'mysql': ('mariadbd', 'mysqld')}
QUIET_SHARE = 0.05
QUIET_WAIT_SECONDS = 60


def checkpoint(deploy):
    """Start each figure on a database that finished what the previous
    step left it: SQLite's write-ahead log moved into the database file
    (its checkpoint falls otherwise on whichever process commits next,
    e.g. the conductor of the next step); a server's own background work
    done (InnoDB's purge or PostgreSQL's autovacuum after thousands of
    deletes, which would share the cores with the next figure's
    processes)."""
    url = sa.engine.make_url(deploy.db_url)
    if url.get_backend_name() != 'sqlite':
        _wait_until_quiet(SERVER_PROCESSES[url.get_backend_name()])
        return
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql('PRAGMA wal_checkpoint(TRUNCATE)')
    finally:
        engine.dispose()


def _wait_until_quiet(names):
    """Wait (up to QUIET_WAIT_SECONDS) until the processes named
    ``names`` spend less than QUIET_SHARE of a core over a second."""
    deadline = time.monotonic() + QUIET_WAIT_SECONDS
    while time.monotonic() < deadline:
        meter = CpuMeter(_named(names)).start()
        time.sleep(1.0)
        if sum(meter.stop().values()) < QUIET_SHARE:
            return


def _named(names):
    """The pids of the processes whose command name is in ``names``."""
    pids = []
    for entry in pathlib.Path('/proc').iterdir():
        if entry.name.isdigit():
            try:
                if (entry / 'comm').read_text().strip() in names:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def process_tree(pid):
    """``pid`` and all its descendants (the API workers of a server)."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(_children(current))
    return tree


def cpu_seconds(pid):
    """utime + stime of one live process, in seconds."""
    try:
        fields = pathlib.Path('/proc/%d/stat' % pid).read_text().rpartition(
            ')')[2].split()
    except OSError:
        return 0.0
    # Fields 14 and 15 of proc(5); the list starts at field 3.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds the processes of ``pids`` spend between start() and
    stop(); each process counted on its own, as a parent's cutime only
    holds children it has already reaped."""

    def __init__(self, pids):
        self.pids = list(pids)
        self.before = {}

    def start(self):
        self.before = {pid: cpu_seconds(pid) for pid in self.pids}
        return self

    def stop(self):
        """Returns {pid: CPU seconds spent since start()}."""
        return {pid: cpu_seconds(pid) - self.before[pid]
                for pid in self.pids}


def drop(state_dir):
    """Remove a kept deployment: its server database, then ``state_dir``."""
    state = State(state_dir)
    backend = BACKENDS[state.data['db']]
    if backend != 'sqlite':
        name = sa.engine.make_url(state.data['db_url']).database
        engine = dbs._admin_engine(backend)
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(
                    dbs.CREATE_DROP[backend][1] % name))
        finally:
            engine.dispose()
    shutil.rmtree(state_dir)
