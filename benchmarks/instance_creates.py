"""VNF instance creates per second at N concurrent connections, and how
long a GET of api_versions takes meanwhile (what a request waiting on a
database lock costs the other requests of its API worker).

Starts its own deployment (2 API workers, a RabbitMQ vhost of its own) on
a --backend database, onboards the two_flavours sample, then POSTs
/vnflcm/v1/vnf_instances from --connections processes, each on one
keep-alive connection:

    .venv/bin/python benchmarks/instance_creates.py [--backend sqlite]
        [--connections 32] [--seconds 10] [--api-workers 2]
        [--no-sqlite-sync-every-commit]
"""
import argparse
import http.client
import json
import multiprocessing
import os
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from benchmarks import lcm_cycles  # noqa: E402
from tests.functional import deployment as deployment_lib  # noqa: E402

CREATE = '/vnflcm/v1/vnf_instances'
PROBE = '/vnflcm/v1/api_versions'


def _connection(port):
    return http.client.HTTPConnection('127.0.0.1', port, timeout=60)


def _create(port, vnfd_id, seconds, results):
    conn = _connection(port)
    body = json.dumps({'vnfdId': vnfd_id})
    headers = {'Content-Type': 'application/json'}
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.request('POST', CREATE, body, headers)
        response = conn.getresponse()
        response.read()
        if response.status == 201:
            done += 1
        else:
            errors += 1
    conn.close()
    results.put((done, errors))


def _probe(port, seconds, results):
    """GET latencies (ms), one request every 10 ms."""
    conn = _connection(port)
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        conn.request('GET', PROBE)
        conn.getresponse().read()
        latencies.append(1000 * (time.monotonic() - started))
        time.sleep(0.01)
    conn.close()
    results.put(latencies)


def _cpu_seconds(parent_pid):
    """CPU time of ``parent_pid`` and its children (the API workers)."""
    total = 0
    for stat in pathlib.Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent_pid or stat.parent.name == str(
                parent_pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf('SC_CLK_TCK')


def measure(port, vnfd_id, connections, seconds, server_pid):
    creates, probes = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [multiprocessing.Process(
        target=_create, args=(port, vnfd_id, seconds, creates))
        for _ in range(connections)]
    workers.append(multiprocessing.Process(
        target=_probe, args=(port, seconds, probes)))
    started = time.monotonic()
    cpu = _cpu_seconds(server_pid)
    for worker in workers:
        worker.start()
    totals = [creates.get() for _ in range(connections)]
    latencies = probes.get()
    elapsed = time.monotonic() - started
    cpu = _cpu_seconds(server_pid) - cpu
    for worker in workers:
        worker.join()
    done = sum(t[0] for t in totals)
    return (done / elapsed, sum(t[1] for t in totals),
            1000 * cpu / max(done, 1), statistics.median(latencies),
            max(latencies))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', default='sqlite',
                        choices=['sqlite', 'mysql', 'postgresql'])
    parser.add_argument('--connections', type=int, default=32)
    parser.add_argument('--seconds', type=float, default=10.0)
    parser.add_argument('--api-workers', type=int, default=2)
    parser.add_argument('--no-sqlite-sync-every-commit', action='store_true',
                        help='[database] sqlite_sync_every_commit = false')
    args = parser.parse_args()
    sections = {'database': {'sqlite_sync_every_commit': 'false'}} \
        if args.no_sqlite_sync_every_commit else {}
    with tempfile.TemporaryDirectory() as workdir, \
            deployment_lib.shared_deployment(
                workdir, args.backend, api_workers=args.api_workers,
                sections=sections,
                default_log_levels='tacker=WARN,oslo_messaging=WARN,'
                                   'eventlet.wsgi.server=WARN') as deploy:
        vnfd_id = lcm_cycles.onboard(deploy.url)
        print('%s, %d API workers, %d connections, %.0f s: %.0f creates/s, '
              '%d errors, %.2f ms API CPU per create; GET meanwhile: '
              'p50 %.1f ms, max %.1f ms' % (
                  args.backend, args.api_workers, args.connections,
                  args.seconds, *measure(
                      deploy.port, vnfd_id, args.connections, args.seconds,
                      deploy.processes['tacker-server'].pid)))


if __name__ == '__main__':
    main()
