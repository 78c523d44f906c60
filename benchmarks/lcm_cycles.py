"""Full VNF lifecycles per second with the noop driver, and the
orchestration overhead of one operation (API write + RPC cast +
conductor state changes + outbox), p50/p95.

By default it starts its own deployments (SQLite, a RabbitMQ vhost of its
own, 2 API workers) with 1 and then 2 conductors and prints one line per
count and API; ``--url`` measures a running service instead (``bash
tools/run.sh``). Onboards the two_flavours sample (new vnfdId), then runs
--cycles create -> instantiate -> terminate -> delete cycles with
--concurrency at a time, through /vnflcm/v1, /vnflcm/v2 (``--api``) or
each in turn:

    .venv/bin/python benchmarks/lcm_cycles.py [--conductors 1,2]
        [--url URL] [--cycles 100] [--concurrency 8] [--api v1,v2]
"""
import argparse
import concurrent.futures
import contextlib
import pathlib
import statistics
import sys
import tempfile
import time
import uuid

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests.functional import dbs  # noqa: E402
from tests.functional import deployment as deployment_lib  # noqa: E402
from tests import packages  # noqa: E402

LCM = '/vnflcm/v1'
PKGS = '/vnfpkgm/v1/vnf_packages'
NOOP_VIM = [{'id': 'vim-noop', 'vimType': 'noop'}]
# Each LCM API: its root, the headers its requests carry, and the noop
# VIM in its shape of vimConnectionInfo.
APIS = {
    'v1': (LCM, {}, NOOP_VIM),
    'v2': ('/vnflcm/v2', {'Version': '2.0.0'},
           {'vim-noop': {'vimType': 'noop'}}),
}


def two_flavours(dest_path, vnfd_id):
    return packages.build_csar('two_flavours', dest_path, vnfd_id=vnfd_id)


def onboard(url, build=two_flavours):
    """Onboard the package ``build(dest_path, vnfd_id)`` makes, with a
    new vnfdId; returns the vnfdId."""
    package = requests.post(url + PKGS, json={}).json()
    with tempfile.TemporaryDirectory() as work:
        csar = build(pathlib.Path(work, 'p.zip'), str(uuid.uuid4()))
        with open(csar, 'rb') as body:
            requests.put('%s%s/%s/package_content' % (url, PKGS,
                                                      package['id']),
                         data=body,
                         headers={'Content-Type': 'application/zip'})
    while True:
        info = requests.get('%s%s/%s' % (url, PKGS, package['id'])).json()
        if info['onboardingState'] == 'ONBOARDED':
            return info['vnfdId']
        if 'onboardingFailureDetails' in info:
            raise SystemExit(info['onboardingFailureDetails'])
        time.sleep(0.1)


def run_op(session, url, path, body, interval=0.005):
    """Seconds from the POST to COMPLETED, polling the occurrence every
    ``interval`` seconds."""
    started = time.monotonic()
    response = session.post(url + path, json=body)
    assert response.status_code == 202, response.text
    op_url = response.headers['Location']
    while True:
        op = session.get(op_url).json()
        state = op['operationState']
        if state == 'COMPLETED':
            return time.monotonic() - started
        if state in ('FAILED_TEMP', 'FAILED', 'ROLLED_BACK'):
            raise RuntimeError('%s ended %s: %s' % (op_url, state,
                                                    op.get('error')))
        time.sleep(interval)


def cycle(url, vnfd_id, api='v1'):
    root, headers, vim = APIS[api]
    session = requests.Session()
    session.headers.update(headers)
    vnf = session.post(url + root + '/vnf_instances',
                       json={'vnfdId': vnfd_id}).json()['id']
    base = '%s/vnf_instances/%s' % (root, vnf)
    timings = [
        run_op(session, url, base + '/instantiate',
               {'flavourId': 'small', 'vimConnectionInfo': vim}),
        run_op(session, url, base + '/terminate',
               {'terminationType': 'FORCEFUL'})]
    session.delete(url + base)
    return timings


def measure(url, cycles, concurrency, api):
    vnfd_id = onboard(url)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        timings = [t for pair in pool.map(
            lambda _: cycle(url, vnfd_id, api), range(cycles))
            for t in pair]
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(timings, n=20)
    return (cycles / elapsed, 1000 * statistics.median(timings),
            1000 * quantiles[18])


@contextlib.contextmanager
def own_deployment(conductors, workdir):
    """A deployment with ``conductors`` conductors, removed afterwards."""
    with dbs.temporary_database('sqlite') as db_url, \
            deployment_lib.temporary_vhost() as transport_url:
        deployment = deployment_lib.Deployment(
            workdir, db_url, transport_url, api_workers=2,
            default_log_levels='tacker=WARN,oslo_messaging=WARN')
        try:
            deployment.start()
            for number in range(2, conductors + 1):
                deployment.start_conductor(number)
            deployment.wait_until_healthy()
            yield deployment.url
        finally:
            deployment.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', help='a running service to measure')
    parser.add_argument('--conductors', default='1,2',
                        help='conductor counts of own deployments')
    parser.add_argument('--cycles', type=int, default=100)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--api', default='v1',
                        help='the LCM APIs to measure, in turn: v1, v2 '
                             'or v1,v2')
    args = parser.parse_args()
    apis = args.api.split(',')

    print('%d cycles, concurrency %d; operation = POST -> COMPLETED seen '
          'by a client polling every 5 ms' % (args.cycles,
                                              args.concurrency))
    line = '%-28s %8.1f cycles/s   op p50 %6.1f ms   op p95 %6.1f ms'
    if args.url:
        for api in apis:
            print(line % (('%s %s' % (args.url, api),) + measure(
                args.url, args.cycles, args.concurrency, api)), flush=True)
        return
    for count in [int(n) for n in args.conductors.split(',')]:
        with tempfile.TemporaryDirectory() as workdir, \
                own_deployment(count, workdir) as url:
            for api in apis:
                print(line % (('%d conductor(s), %s' % (count, api),) +
                              measure(url, args.cycles, args.concurrency,
                                      api)), flush=True)


if __name__ == '__main__':
    main()
