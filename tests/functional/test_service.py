"""The two processes working together: API versions, healthcheck from
conductor heartbeats, RPC round trips over RabbitMQ, clean shutdown."""
import collections
import concurrent.futures
import http.client
import pathlib
import re
import signal
import subprocess
import time
import urllib.parse

import pytest

from tacker.common import context as tacker_context
from tacker.common import rpc
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tests import etsi
from tests.functional import dbs
from tests.functional import deployment as deployment_lib

# Behaviour that does not touch the database runs on SQLite only. The
# tests on ``shared`` (that stop no process) share one deployment per
# backend; the others start their own.
sqlite_only = pytest.mark.parametrize('backend', dbs.backends('sqlite'))
shared_on_sqlite = pytest.mark.parametrize(
    'backend', dbs.backends('sqlite'), scope='module')
shared_on_all_backends = pytest.mark.parametrize(
    'backend', dbs.backends(), scope='module')


@pytest.fixture(scope='module')
def shared(backend, tmp_path_factory):
    with deployment_lib.shared_deployment(
            tmp_path_factory.mktemp('service'), backend) as deploy:
        yield deploy


@shared_on_sqlite
def test_api_versions_answer_valid_information(shared):
    response = shared.get('/vnflcm/v1/api_versions')
    assert response.status_code == 200
    etsi.validate(response.json(), 'SOL003', 'VNFLifecycleManagement-API',
                  'ApiVersionInformation.schema.json')
    assert response.headers['X-Openstack-Request-Id'].startswith('req-')


@shared_on_all_backends
def test_healthcheck_lists_the_live_conductor(shared):
    response = shared.get('/healthcheck')
    assert response.status_code == 200
    body = response.json()
    assert body['status'] == 'OK'
    assert body['database'] == {'status': 'OK'}
    assert [c['host'] for c in body['conductors']] == [
        shared.options['host']]


@pytest.fixture
def conductor_api(shared):
    """The API side's rpcapi, configured like the deployment's server."""
    CONF(['--config-file', str(shared.config_file)], project='tacker')
    rpc.init(CONF)
    try:
        yield rpcapi.ConductorAPI()
    finally:
        rpc.cleanup()
        CONF.reset()
        # Parsed again, of no file, as the tests that share this process
        # (the unit tests' database fixture) left it: oslo.policy reads
        # only a parsed configuration.
        CONF([], project='tacker', default_config_files=[])


@shared_on_sqlite
def test_rpc_call_reaches_the_conductor_and_returns(shared, conductor_api):
    context = tacker_context.RequestContext(user_id='u1', project_id='p1')
    reply = conductor_api.ping(context, payload={'n': 1}, timeout=10)
    assert reply == {'host': shared.options['host'], 'payload': {'n': 1},
                     'request_id': context.request_id}


@shared_on_sqlite
def test_healthcheck_rpc_round_trip(shared):
    body = shared.get('/healthcheck?rpc=true').json()
    assert body['rpc'] == {'status': 'OK', 'host': shared.options['host']}


def test_killed_conductor_turns_healthcheck_503_versions_still_answer(
        deployment):
    deployment.stop_process('tacker-conductor', signal.SIGKILL)
    down_time = deployment.options['service_down_time']
    deployment.wait_for(
        lambda: deployment.get('/healthcheck').status_code == 503,
        down_time + 3, 'healthcheck 503 after the conductor died')
    body = deployment.get('/healthcheck').json()
    assert body['status'] == 'UNAVAILABLE' and body['conductors'] == []
    assert deployment.get('/vnflcm/v1/api_versions').status_code == 200


def test_sigterm_stops_conductor_cleanly_and_marks_it_offline(deployment):
    proc = deployment.stop_process('tacker-conductor', signal.SIGTERM,
                                   timeout=5)
    assert proc.returncode == 0, deployment.log('tacker-conductor')
    # Marked offline at shutdown: no need to wait for service_down_time.
    response = deployment.get('/healthcheck')
    assert response.status_code == 503
    assert response.json()['conductors'] == []


@pytest.mark.parametrize('backend', dbs.backends('mysql', 'postgresql'))
def test_healthcheck_503_while_database_unreachable_then_recovers(
        make_deployment):
    deployment = make_deployment(db_proxy=True)
    deployment.db_proxy.stop()
    deployment.wait_for(
        lambda: deployment.get('/healthcheck').status_code == 503,
        15, 'healthcheck 503 while the database is unreachable')
    body = deployment.get('/healthcheck').json()
    assert body['status'] == 'UNAVAILABLE'
    assert body['database']['status'] == 'ERROR'
    assert deployment.get('/vnflcm/v1/api_versions').status_code == 200
    deployment.db_proxy.start()
    deployment.wait_until_healthy(timeout=30)


def test_restarted_conductor_is_healthy_again(deployment):
    deployment.stop_process('tacker-conductor', signal.SIGKILL)
    deployment.start_process('tacker-conductor')
    deployment.wait_until_healthy(timeout=30)


@sqlite_only
def test_sigterm_stops_server(deployment):
    proc = deployment.stop_process('tacker-server', signal.SIGTERM,
                                   timeout=5)
    assert proc.returncode == 0, deployment.log('tacker-server')


def _keep_alive_client(url, requests_count):
    """Statuses of ``requests_count`` GETs on one keep-alive connection."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    statuses = []
    try:
        for _ in range(requests_count):
            conn.request('GET', '/vnfpkgm/v1/api_versions')
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        conn.close()
    return statuses


@sqlite_only
def test_several_api_workers_serve_concurrent_keep_alive_clients(
        make_deployment):
    """Every worker must get its own events: with a hub shared across the
    fork, some connections were never answered."""
    deployment = make_deployment(api_workers=2)
    clients = 8
    # Client processes, not threads: only they send fast enough to show it.
    with concurrent.futures.ProcessPoolExecutor(clients) as pool:
        results = list(pool.map(_keep_alive_client,
                                [deployment.url] * clients, [2500] * clients))
    assert [set(statuses) for statuses in results] == [{200}] * clients
    proc = deployment.stop_process('tacker-server', signal.SIGTERM,
                                   timeout=5)
    assert proc.returncode == 0, deployment.log('tacker-server')


def _connection_owners(port):
    """Pids of the processes holding the server end of the established
    TCP connections to ``port``."""
    lines = subprocess.run(
        ['ss', '-tnpH', 'state', 'established', '( sport = :%d )' % port],
        check=True, capture_output=True, text=True).stdout.splitlines()
    return [int(pid) for line in lines
            for pid in re.findall(r'pid=(\d+)', line)]


@sqlite_only
def test_api_workers_share_the_connections(make_deployment):
    """Each worker listens on a socket of its own (SO_REUSEPORT), so the
    kernel spreads connections across them; with one shared socket, the
    keep-alive connections of a burst may all land on one worker."""
    deployment = make_deployment(api_workers=2)
    port = urllib.parse.urlsplit(deployment.url).port
    connections = [http.client.HTTPConnection('127.0.0.1', port, timeout=10)
                   for _ in range(16)]
    try:
        # All connected before any is served: the burst a worker that
        # wakes first would take whole from a shared socket.
        for conn in connections:
            conn.connect()
        for conn in connections:
            conn.request('GET', '/vnfpkgm/v1/api_versions')
            conn.getresponse().read()
        owners = collections.Counter(_connection_owners(port))
    finally:
        for conn in connections:
            conn.close()
    assert sum(owners.values()) == 16
    # 16 connections hashed over 2 sockets all land on one with a
    # probability of 2**-15.
    assert len(owners) == 2, owners


def _children(pid):
    path = pathlib.Path('/proc/%d/task/%d/children' % (pid, pid))
    return [int(child) for child in path.read_text().split()]


def _alive(pid):
    try:
        state = pathlib.Path('/proc/%d/stat' % pid).read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != 'Z'


@sqlite_only
def test_api_workers_stop_when_their_supervisor_is_killed(make_deployment):
    """Workers left behind by a SIGKILLed tacker-server would serve on,
    unsupervised, on a port a new server may share (SO_REUSEPORT)."""
    deployment = make_deployment(api_workers=2)
    server = deployment.processes['tacker-server']
    workers = _children(server.pid)
    assert len(workers) == 2
    deployment.stop_process('tacker-server', signal.SIGKILL)
    deadline = time.monotonic() + 15
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, workers)), workers
    assert 'its supervisor %d is gone; stopping' % server.pid in \
        deployment.log('tacker-server')
