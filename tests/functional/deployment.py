"""A real Tacker deployment for functional tests: its own RabbitMQ vhost,
its own database, tacker-server and tacker-conductor as child processes.

oslo.messaging's queue names ignore the exchange, so two deployments on
one broker would consume each other's messages: the vhost keeps each
test's messages to itself.
"""
import atexit
import contextlib
import functools
import os
import pathlib
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

import requests
import sqlalchemy as sa

from tests.functional import dbs

BIN_DIR = pathlib.Path(sys.executable).parent
BROKER = '127.0.0.1:5672'
# [DEFAULT] outbound_denied_networks without loopback: the consumers, file
# servers and NFVOs of the tests listen on 127.0.0.1. A test of the
# default policy passes outbound_denied_networks=None.
LOOPBACK_ALLOWED = '169.254.0.0/16,fe80::/10,0.0.0.0/8,::/128'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class StepFailed(subprocess.CalledProcessError):
    """A set-up command failed; unlike its base class, the message shows
    what the command wrote on stderr (the reason), not only its status."""

    def __str__(self):
        return '%s\n%s' % (super().__str__(), (self.stderr or '').strip())


def kill_group(process):
    """Kill ``process``, started in a session of its own, with every
    process of its group; reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_step(command, **kwargs):
    """Run a set-up command, its output captured; ``kwargs`` go to
    ``subprocess.run`` (cwd, env).

    :raises StepFailed: it exited with a non-zero status.
    """
    result = subprocess.run(command, capture_output=True, text=True,
                            **kwargs)
    if result.returncode:
        raise StepFailed(result.returncode, command, result.stdout,
                         result.stderr)
    return result


def rabbitmqctl(*args):
    run_step(['rabbitmqctl', '-q', *args])


@contextlib.contextmanager
def temporary_vhost():
    vhost = 'tacker-test-%s' % uuid.uuid4().hex[:12]
    rabbitmqctl('add_vhost', vhost)
    try:
        rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*')
        yield 'rabbit://guest:guest@%s/%s' % (BROKER, vhost)
    finally:
        rabbitmqctl('delete_vhost', vhost)


@functools.cache
def sqlite_template():
    """A SQLite file ``tacker-db-manage upgrade head`` made, once per test
    process: SQLite deployments start on a copy of it instead of running
    every migration (test_db_migrations tests the tool itself)."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix='tacker-test-template-'))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    config = directory / 'tacker.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                      'connection = sqlite:///%s\n' % (
                          directory, directory / 'tacker.sqlite'))
    subprocess.run([str(BIN_DIR / 'tacker-db-manage'), '--config-file',
                    str(config), 'upgrade', 'head'], check=True,
                   capture_output=True)
    # The tool may exit with the schema still in the -wal file; the copy
    # takes the database file alone.
    with contextlib.closing(sqlite3.connect(directory / 'tacker.sqlite')) \
            as connection:
        connection.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    return directory / 'tacker.sqlite'


class Deployment:
    """Config file, processes and URL of one test deployment.

    With the option ``use_ssl`` it is served over HTTPS, and
    ``tls_client`` holds what ``request`` passes to requests for it:
    ``verify`` (the CA file), ``cert`` (for mutual TLS).
    """

    def __init__(self, workdir, db_url, transport_url, sections=None,
                 tls_client=None, **options):
        self.workdir = pathlib.Path(workdir)
        self.port = free_port()
        self.scheme = 'https' if options.get('use_ssl') else 'http'
        self.tls_client = tls_client or {}
        self.url = '%s://127.0.0.1:%d' % (self.scheme, self.port)
        self.options = {'state_path': str(self.workdir / 'state'),
                        'bind_host': '127.0.0.1', 'bind_port': self.port,
                        'transport_url': transport_url,
                        'report_interval': 1, 'service_down_time': 4,
                        'api_workers': 1, 'host': 'conductor-%s' % self.port,
                        'outbound_denied_networks': LOOPBACK_ALLOWED}
        self.options.update(options)
        self.options = {name: value for name, value in self.options.items()
                        if value is not None}
        # Other config groups: {'vnf_package': {'page_size': 2}, ...}
        self.sections = sections or {}
        self.db_url = db_url
        self.config_file = self.workdir / 'tacker.conf'
        self.processes = {}

    def write_config(self):
        lines = ['[DEFAULT]'] + ['%s = %s' % item
                                 for item in self.options.items()]
        database = {'connection': self.db_url, 'max_retries': 3,
                    'retry_interval': 1}
        sections = dict(self.sections,
                        database=dict(database,
                                      **self.sections.get('database', {})))
        for group, values in sections.items():
            lines.append('[%s]' % group)
            lines += ['%s = %s' % item for item in values.items()]
        self.config_file.write_text('\n'.join(lines) + '\n')

    def run_tool(self, name, *args):
        return run_step([str(BIN_DIR / name), '--config-file',
                         str(self.config_file), *args])

    def start_process(self, name, key=None, extra_config=None):
        """Start the program ``name`` (known as ``key``, by default its
        name); ``extra_config`` overrides options of the config file."""
        key = key or name
        command = [str(BIN_DIR / name), '--config-file',
                   str(self.config_file)]
        if extra_config:
            extra = self.workdir / ('%s.conf' % key)
            extra.write_text(extra_config)
            command += ['--config-file', str(extra)]
        log = open(self.workdir / ('%s.log' % key), 'ab')
        self.processes[key] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self.processes[key]

    def start_conductor(self, number):
        """Another conductor, ``number`` >= 2, with a host of its own."""
        return self.start_process(
            'tacker-conductor', key='tacker-conductor-%d' % number,
            extra_config='[DEFAULT]\nhost = %s-%d\n' % (
                self.options['host'], number))

    def start_server(self, number):
        """Another API server, ``number`` >= 2, on a port and with a host
        of its own; returns its URL."""
        port = free_port()
        self.start_process(
            'tacker-server', key='tacker-server-%d' % number,
            extra_config='[DEFAULT]\nbind_port = %d\nhost = api-%d\n' % (
                port, port))
        return '%s://127.0.0.1:%d' % (self.scheme, port)

    def stop_process(self, name, sig=signal.SIGTERM, timeout=10):
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return proc
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return proc

    def start(self):
        self.write_config()
        self.migrate()
        self.start_process('tacker-conductor')
        self.start_process('tacker-server')
        self.wait_until_healthy()

    def migrate(self):
        """Bring the database to the head revision: a SQLite one as a
        copy of sqlite_template() (with its 0600 mode)."""
        url = sa.engine.make_url(self.db_url)
        if url.get_backend_name() == 'sqlite':
            shutil.copy2(sqlite_template(), url.database)
        else:
            self.run_tool('tacker-db-manage', 'upgrade', 'head')

    def stop(self):
        """SIGKILL every process: nothing after a test needs their clean
        shutdown (test_service tests that), which takes seconds each."""
        processes = list(self.processes.values())
        self.processes.clear()
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
        for proc in processes:
            proc.wait()

    def wait_until_healthy(self, timeout=60):
        self.wait_for(lambda: self.get('/healthcheck').status_code == 200,
                      timeout, 'deployment healthy')

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise AssertionError('%s exited with %s while waiting '
                                         'for %s; log:\n%s' % (
                                             name, proc.returncode, what,
                                             self.log(name)))
            try:
                if predicate():
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise AssertionError('timed out waiting for %s' % what)

    def log(self, name):
        path = self.workdir / ('%s.log' % name)
        return path.read_text(errors='replace')[-5000:] if path.exists() \
            else ''

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def request(self, method, path, **kwargs):
        kwargs.setdefault('timeout', 10)
        for name, value in self.tls_client.items():
            kwargs.setdefault(name, value)
        return requests.request(method, self.url + path, **kwargs)


@contextlib.contextmanager
def shared_deployment(workdir, backend='sqlite', **kwargs):
    """A started deployment on a ``backend`` database and a vhost of its
    own, stopped on exit: what a module (or a class) shares when none of
    its tests stops a process and none needs a pristine database.
    ``kwargs`` as Deployment's."""
    with contextlib.ExitStack() as stack:
        db_url = stack.enter_context(dbs.temporary_database(backend))
        transport_url = stack.enter_context(temporary_vhost())
        deploy = Deployment(workdir, db_url, transport_url, **kwargs)
        stack.callback(deploy.stop)
        deploy.start()
        yield deploy


def sqlite_deployment(workdir, **kwargs):
    """shared_deployment() on SQLite."""
    return shared_deployment(workdir, 'sqlite', **kwargs)
