"""Measurements per second that /pm_event and /pm_threshold take, as
Alertmanager posts them, and their p50/p95 latency.

Starts its own deployment (SQLite, a RabbitMQ vhost of its own, 2 API
workers, 1 conductor), or measures ``--url`` (``bash tools/run.sh``).
Instantiates a noop VNF through /vnflcm/v2, creates --jobs PM jobs
(--reporting-period seconds) and as many thresholds on it, their
callbacks a local consumer; then --posts posts of --alerts alerts each
to each webhook, --concurrency at a time. A job reports a metric at most
once per reportingPeriod less [prometheus_plugin]
reporting_period_margin (1 s): with a reportingPeriod of 1 s every
measurement makes a report and a notification, with 10 s most are
dropped unwritten. A threshold's measurements alternate above and below
it, so every other one is a crossing told to the consumer; with
--steady they stay above, and only the first crosses:

    .venv/bin/python benchmarks/pm_measurements.py [--url URL]
        [--jobs 10] [--posts 2000] [--alerts 10] [--concurrency 8]
        [--reporting-period 1] [--steady]
"""
import argparse
import concurrent.futures
import contextlib
import itertools
import pathlib
import statistics
import sys
import tempfile
import threading
import time

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from benchmarks import lcm_cycles  # noqa: E402
from tests.functional import http_servers  # noqa: E402

PM = '/vnfpm/v2'
PM_HEADERS = {'Version': '2.1.0'}
METRIC = 'VCpuUsageMeanVnf'


def instantiated_vnf(url):
    root, headers, vim = lcm_cycles.APIS['v2']
    session = requests.Session()
    session.headers.update(headers)
    vnf = session.post(url + root + '/vnf_instances', json={
        'vnfdId': lcm_cycles.onboard(url)}).json()['id']
    lcm_cycles.run_op(session, url, '%s/vnf_instances/%s/instantiate' % (
        root, vnf), {'flavourId': 'small', 'vimConnectionInfo': vim})
    return vnf


def create(url, path, body):
    response = requests.post(url + PM + path, json=body,
                             headers=PM_HEADERS)
    assert response.status_code == 201, response.text
    return response.json()['id']


def alert(function_type, owner, vnf, value):
    return {'status': 'firing', 'labels': dict(
        receiver_type='tacker', function_type=function_type,
        metric='%s.%s' % (METRIC, vnf), object_instance_id=vnf, **owner),
        'annotations': {'value': str(value)},
        'startsAt': '2026-12-06T08:00:00Z', 'endsAt': '0001-01-01T00:00:00Z'}


def post(session, url, path, alerts):
    started = time.monotonic()
    response = session.post(url + path, json={'version': '4',
                                              'alerts': alerts})
    assert response.status_code == 204, response.text
    return time.monotonic() - started


def measure(url, path, bodies, concurrency):
    """(posts/s, p50 ms, p95 ms) of POSTing ``bodies`` to ``path``."""
    sessions = {}

    def send(alerts):
        session = sessions.setdefault(
            threading.get_ident(),
            requests.Session())
        return post(session, url, path, alerts)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        timings = list(pool.map(send, bodies))
    elapsed = time.monotonic() - started
    return (len(bodies) / elapsed, 1000 * statistics.median(timings),
            1000 * statistics.quantiles(timings, n=20)[18])


def run(url, args, consumer):
    vnf = instantiated_vnf(url)
    jobs = [create(url, '/pm_jobs', {
        'objectType': 'Vnf', 'objectInstanceIds': [vnf],
        'criteria': {'performanceMetric': ['%s.%s' % (METRIC, vnf)],
                     'collectionPeriod': 1,
                     'reportingPeriod': args.reporting_period},
        'callbackUri': consumer.url + '/job'}) for _ in range(args.jobs)]
    thresholds = [create(url, '/thresholds', {
        'objectType': 'Vnf', 'objectInstanceId': vnf,
        'criteria': {'performanceMetric': '%s.%s' % (METRIC, vnf),
                     'thresholdType': 'SIMPLE', 'simpleThresholdDetails': {
                         'thresholdValue': 50, 'hysteresis': 5}},
        'callbackUri': consumer.url + '/threshold'})
        for _ in range(args.jobs)]
    owners = itertools.cycle(jobs)
    job_bodies = [[alert('vnfpm', {'job_id': next(owners)}, vnf, 12.5)
                   for _ in range(args.alerts)] for _ in range(args.posts)]
    owners = itertools.cycle(thresholds)
    values = itertools.cycle((90,) if args.steady else (90, 10))
    threshold_bodies = [
        [alert('vnfpm_threshold', {'threshold_id': next(owners)}, vnf,
               next(values)) for _ in range(args.alerts)]
        for _ in range(args.posts)]
    line = '%-14s %8.1f posts/s (%6.0f measurements/s)   p50 %6.1f ms   ' \
           'p95 %6.1f ms'
    for path, bodies in (('/pm_event', job_bodies),
                         ('/pm_threshold', threshold_bodies)):
        rate, p50, p95 = measure(url, path, bodies, args.concurrency)
        print(line % (path, rate, rate * args.alerts, p50, p95), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', help='a running service to measure')
    parser.add_argument('--jobs', type=int, default=10)
    parser.add_argument('--posts', type=int, default=2000)
    parser.add_argument('--alerts', type=int, default=10)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--reporting-period', type=int, default=1)
    parser.add_argument('--steady', action='store_true')
    args = parser.parse_args()
    print('%d jobs (reportingPeriod %d s) and %d %s thresholds on one VNF; '
          '%d posts of %d alerts to each webhook, concurrency %d' % (
              args.jobs, args.reporting_period, args.jobs,
              'steady' if args.steady else 'crossed', args.posts,
              args.alerts, args.concurrency))
    consumer = http_servers.NotificationConsumer().start()
    try:
        with contextlib.ExitStack() as stack:
            url = args.url
            if not url:
                url = stack.enter_context(lcm_cycles.own_deployment(
                    1, stack.enter_context(tempfile.TemporaryDirectory())))
            run(url, args, consumer)
    finally:
        consumer.stop()


if __name__ == '__main__':
    main()
