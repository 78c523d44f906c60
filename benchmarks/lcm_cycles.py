"""Full VNF lifecycles per second with the noop driver, and the
orchestration overhead of one operation (API write + RPC cast +
conductor state changes + outbox), p50/p95.

Against a running service (``bash tools/run.sh``; start more conductors
with other ``--config-file``s that set another ``host`` to compare 1 and
2 conductors). Onboards the two_flavours sample once (new vnfdId), then
runs --cycles create -> instantiate -> terminate -> delete cycles with
--concurrency at a time:

    .venv/bin/python benchmarks/lcm_cycles.py [--url URL] [--cycles 100]
        [--concurrency 8]
"""
import argparse
import concurrent.futures
import pathlib
import statistics
import sys
import tempfile
import time
import uuid

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import packages  # noqa: E402

LCM = '/vnflcm/v1'
PKGS = '/vnfpkgm/v1/vnf_packages'
NOOP_VIM = [{'id': 'vim-noop', 'vimType': 'noop'}]


def onboard(url):
    package = requests.post(url + PKGS, json={}).json()
    with tempfile.TemporaryDirectory() as work:
        csar = packages.build_csar('two_flavours',
                                   pathlib.Path(work, 'p.zip'),
                                   vnfd_id=str(uuid.uuid4()))
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


def run_op(session, url, path, body):
    """Seconds from the POST to COMPLETED, polling the occurrence."""
    started = time.monotonic()
    response = session.post(url + path, json=body)
    assert response.status_code == 202, response.text
    op_url = response.headers['Location']
    while True:
        state = session.get(op_url).json()['operationState']
        if state == 'COMPLETED':
            return time.monotonic() - started
        if state in ('FAILED_TEMP', 'FAILED', 'ROLLED_BACK'):
            raise RuntimeError('%s ended %s' % (op_url, state))
        time.sleep(0.005)


def cycle(url, vnfd_id):
    session = requests.Session()
    vnf = session.post(url + LCM + '/vnf_instances',
                       json={'vnfdId': vnfd_id}).json()['id']
    base = '%s/vnf_instances/%s' % (LCM, vnf)
    timings = [
        run_op(session, url, base + '/instantiate',
               {'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM}),
        run_op(session, url, base + '/terminate',
               {'terminationType': 'FORCEFUL'})]
    session.delete(url + base)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:9890')
    parser.add_argument('--cycles', type=int, default=100)
    parser.add_argument('--concurrency', type=int, default=8)
    args = parser.parse_args()

    vnfd_id = onboard(args.url)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        timings = [t for pair in pool.map(
            lambda _: cycle(args.url, vnfd_id), range(args.cycles))
            for t in pair]
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(timings, n=20)
    print('%d cycles in %.1f s: %.1f cycles/s (concurrency %d)' % (
        args.cycles, elapsed, args.cycles / elapsed, args.concurrency))
    print('operation POST -> COMPLETED (noop driver, includes polling '
          'every 5 ms): p50 %.1f ms, p95 %.1f ms' % (
              1000 * statistics.median(timings), 1000 * quantiles[18]))


if __name__ == '__main__':
    main()
