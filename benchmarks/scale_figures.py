"""The figures of benchmarks/scale.py (issue 12's goals), each a function
of a started, seeded deployment returning ``[(label, value, detail)]``."""
import collections
import concurrent.futures
import datetime
import gc
import http.client
import json
import os
import re
import socket
import statistics
import threading
import time
import urllib.parse

import requests

import http_rps
import lcm_cycles
import scale_deploy
import scale_seed

INSTANCES = scale_seed.INSTANCES
OP_OCCS = scale_seed.OP_OCCS
FINAL_OK = 'COMPLETED'
# oslo.db's [database] connection_debug >= 50 sets the sqlalchemy.engine
# logger to INFO: a record per statement, and "BEGIN (implicit)" then
# COMMIT or ROLLBACK per transaction (on SQLite also the BEGIN [IMMEDIATE]
# statement the driver workaround sends, not counted). Pool pre-pings
# bypass the logger.
SQL_LINE = re.compile(r' sqlalchemy\.engine\.Engine (?:\[[^]]*\] )?'
                      r'(SELECT|INSERT|UPDATE|DELETE|BEGIN \(implicit\)|'
                      r'COMMIT|ROLLBACK)(?!\w)')
TRANSACTION = 'BEGIN (implicit)'


def _ms(seconds):
    return '%.2f ms' % (1000 * seconds)


def machine_speed(rounds=9):
    """The CPU this machine takes for a fixed piece of interpreter work
    (dicts, strings, JSON, calls) and the time of a round trip to
    another process, best of ``rounds`` each, printed beside the
    figures: the same code measured 25% apart on two machines of one
    kind, so figures of different machines compare only through them."""
    def work():
        document = {'id': 'x' * 36, 'state': 'PROCESSING',
                    'changes': [{'n': n, 'ok': True} for n in range(20)]}
        size = 0
        for _ in range(4000):
            copy = dict(document, state='COMPLETED')
            size += len(json.dumps(copy)) + len(json.loads(
                '{"a": [1, 2, 3], "b": "c"}'))
        return size

    spent = []
    # Without the collector, whose passes over the benchmark's own
    # objects would be counted.
    gc.disable()
    try:
        for _ in range(rounds):
            started = time.process_time()
            work()
            spent.append(time.process_time() - started)
    finally:
        gc.enable()
    trips = [_round_trip() for _ in range(rounds)]
    return [('machine: reference Python work (lower is faster)',
             _ms(min(spent)), 'best of %d' % rounds),
            ('machine: round trip to another process (lower is faster)',
             '%.1f us' % (1e6 * min(trips)), 'best of %d' % rounds)]


def _round_trip(trips=2000):
    """Wall time of a byte sent to a child process and back over a
    socket pair: what waking another process costs, which every request
    and operation pays several times (on one virtual machine it took
    from 17 to 31 us while list pages slowed by half)."""
    ours, theirs = socket.socketpair()
    child = os.fork()
    if child == 0:
        ours.close()
        while theirs.recv(1) == b'x':
            theirs.send(b'x')
        os._exit(0)
    theirs.close()
    try:
        started = time.perf_counter()
        for _ in range(trips):
            ours.send(b'x')
            ours.recv(1)
        return (time.perf_counter() - started) / trips
    finally:
        ours.send(b'q')
        os.waitpid(child, 0)
        ours.close()


def list_cpu(deploy, seconds, connections=8):
    """a) API worker CPU per list request of a page of 100, and req/s."""
    server = deploy.processes['tacker-server'].pid
    figures = []
    for name, path in (('packages', scale_seed.PACKAGES),
                       ('instances', INSTANCES), ('op occs', OP_OCCS)):
        meter = scale_deploy.CpuMeter(
            scale_deploy.process_tree(server)).start()
        done, errors, elapsed = http_rps.measure(deploy.url, path,
                                                 connections, seconds)
        spent = meter.stop()
        split = '/'.join('%.0f%%' % (100 * cpu / max(sum(spent.values()),
                                                     1e-9))
                         for cpu in spent.values())
        figures.append((
            'a) list %s, %d conn: server CPU/request, req/s' % (
                name, connections),
            '%s, %.0f/s' % (_ms(sum(spent.values()) / max(done, 1)),
                            done / elapsed),
            '%d errors; CPU split master/workers %s' % (errors, split)))
    return figures


def _path_of(link):
    parts = urllib.parse.urlsplit(link[1:link.index('>')])
    return parts.path + '?' + parts.query


def _get(connection, path):
    connection.request('GET', path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError('GET %s: %d' % (path, response.status))
    return response


def deep_page(connection, path, pages):
    """The path of page ``pages`` + 1 of a list, following Link headers
    (each a ``nextpage_opaque_marker``), or of the last page."""
    for _ in range(pages):
        link = _get(connection, path).getheader('Link')
        if not link:
            break
        path = _path_of(link)
    return path


def _filter(*terms):
    return '?filter=' + urllib.parse.quote(';'.join(terms))


def latency_queries(seed):
    """name -> path of every query figure b) times."""
    first, last = [datetime.datetime.fromisoformat(t)
                   for t in seed['start_times']]
    middle = first + (last - first) / 2
    window = (last - first) / 100

    def stamp(moment):
        return moment.strftime('%Y-%m-%dT%H:%M:%SZ')
    return {
        'instances first page': INSTANCES,
        'instances instantiationState=NOT_INSTANTIATED': INSTANCES +
        _filter('(eq,instantiationState,NOT_INSTANTIATED)'),
        'instances vnfdId (10%)': INSTANCES + _filter(
            '(eq,vnfdId,%s)' % seed['vnfd_ids'][1]),
        'instances vnfInstanceName (1 row)': INSTANCES + _filter(
            '(eq,vnfInstanceName,%s)' % seed['name_probe']),
        'op occs first page': OP_OCCS,
        'op occs operationState=COMPLETED': OP_OCCS + _filter(
            '(eq,operationState,COMPLETED)'),
        'op occs startTime range (1%)': OP_OCCS + _filter(
            '(gte,startTime,%s)' % stamp(middle),
            '(lt,startTime,%s)' % stamp(middle + window)),
    }


def latencies(deploy, seed, samples):
    """b) p50/p95 at 1 connection of first, filtered and deep pages."""
    parts = urllib.parse.urlsplit(deploy.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                            timeout=60)
    queries = latency_queries(seed)
    pages = max(1, seed['instances'] // 200)
    for name, path in (('instances', INSTANCES), ('op occs', OP_OCCS)):
        started = time.monotonic()
        queries['%s deep page %d (marker)' % (name, pages + 1)] = \
            deep_page(connection, path, pages)
        print('  followed %d Link headers of %s in %.1f s' % (
            pages, name, time.monotonic() - started), flush=True)
    figures = []
    for name, path in queries.items():
        timings = []
        for _ in range(samples):
            started = time.perf_counter()
            _get(connection, path)
            timings.append(time.perf_counter() - started)
        figures.append(('b) %s, 1 conn: p50 / p95' % name, '%s / %s' % (
            _ms(statistics.median(timings)),
            _ms(statistics.quantiles(timings, n=20)[18])), ''))
    connection.close()
    return figures


def creates(deploy, seed, count, connections=32):
    """c) instance creates/s at ``connections``; the instances are
    deleted afterwards (not timed) so a kept deployment stays as
    seeded."""
    names = ['scale-c-%d-%d' % (time.time(), n) for n in range(count)]
    results, elapsed = scale_seed.create_instances(
        deploy.url, seed['vnfd_ids'], names, connections)
    ids = [ident for status, ident in results if status == 201]
    failures = collections.Counter(
        status for status, _ in results if status != 201)
    scale_seed.request_many(deploy.url, [
        ('DELETE', '%s/%s' % (INSTANCES, ident), None) for ident in ids],
        connections)
    return [('c) instance creates, %d conn' % connections,
             '%.0f/s' % (len(ids) / elapsed),
             '%d created, failures %s' % (len(ids), dict(failures) or 0))]


class Tally:
    """Outcomes of LCM clients: HTTP statuses >= 500 of every request,
    and the final state of every op occurrence."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()

    def add(self, key):
        with self.lock:
            self.counts[key] += 1

    def request(self, session, method, url, **kwargs):
        response = session.request(method, url, timeout=120, **kwargs)
        if response.status_code >= 500:
            self.add('5xx')
        return response

    @property
    def operations(self):
        return sum(n for key, n in self.counts.items()
                   if key.startswith('op '))

    @property
    def spurious(self):
        """Ends nobody asked for: every op here should complete."""
        return sum(n for key, n in self.counts.items()
                   if key.startswith('op ') and not key.endswith(FINAL_OK))


def lcm_cycle(url, vnfd_id, tally):
    """create -> instantiate -> terminate -> delete, stopping at the first
    unexpected answer (an op not COMPLETED leaves its instance as is)."""
    session = requests.Session()
    response = tally.request(session, 'POST', url + INSTANCES,
                             json={'vnfdId': vnfd_id})
    if response.status_code != 201:
        tally.add('create %d' % response.status_code)
        return
    base = '%s%s/%s' % (url, INSTANCES, response.json()['id'])
    for operation, body in (
            ('instantiate', {'flavourId': 'small',
                             'vimConnectionInfo': lcm_cycles.NOOP_VIM}),
            ('terminate', {'terminationType': 'FORCEFUL'})):
        response = tally.request(session, 'POST', base + '/' + operation,
                                 json=body)
        if response.status_code != 202:
            tally.add('%s %d' % (operation, response.status_code))
            return
        state = scale_seed.wait_op(session, response.headers['Location'])
        tally.add('op %s %s' % (operation, state))
        if state != FINAL_OK:
            return
    response = tally.request(session, 'DELETE', base)
    if response.status_code != 204:
        tally.add('delete %d' % response.status_code)


def run_cycles(url, vnfd_id, cycles, concurrency):
    """Returns (Tally, elapsed seconds)."""
    tally = Tally()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda _: lcm_cycle(url, vnfd_id, tally),
                      range(cycles)))
    return tally, time.monotonic() - started


def conductor_cpu(deploy, seed, cycles, concurrency=8, idle=10.0):
    """d) conductor CPU per LCM operation (instantiate or terminate: the
    op occurrences; create and delete are API-only), in a steady state:
    after a round of warm-up cycles (the first operations import, parse
    the VNFD and fill caches once per process), less what the conductor
    spends idle (heartbeats, outbox and recovery scans, every second in
    these deployments) over as long a time; the raw figure is shown
    too. The idle rate is read over ``idle`` seconds: /proc counts CPU
    in 10 ms ticks, so over 3 s it was off by up to a quarter (0.1 ms
    per operation)."""
    conductor = deploy.processes['tacker-conductor'].pid
    run_cycles(deploy.url, seed['vnfd_ids'][0], concurrency, concurrency)
    meter = scale_deploy.CpuMeter(
        scale_deploy.process_tree(conductor)).start()
    time.sleep(idle)
    idle_rate = sum(meter.stop().values()) / idle
    meter = scale_deploy.CpuMeter(
        scale_deploy.process_tree(conductor)).start()
    tally, elapsed = run_cycles(deploy.url, seed['vnfd_ids'][0], cycles,
                                concurrency)
    spent = sum(meter.stop().values())
    ops = max(tally.operations, 1)
    return [('d) conductor CPU per LCM op (noop), %d clients' % concurrency,
             _ms((spent - idle_rate * elapsed) / ops),
             '%s raw, idle %.1f ms/s subtracted; %d ops, %.1f cycles/s, '
             '%d not completed' % (
                 _ms(spent / ops), 1000 * idle_rate, tally.operations,
                 cycles / elapsed, tally.spurious))]


def _count_sql(log_path, start, end):
    with open(log_path, 'rb') as log:
        log.seek(start)
        text = log.read(end - start).decode(errors='replace')
    return collections.Counter(m.group(1) for m in SQL_LINE.finditer(text))


def conductor_sql(deploy, seed, cycles, idle=5.0):
    """d) SQL statements and transactions per LCM operation, from a
    conductor run with ``[database] connection_debug = 50`` (its own log),
    minus what it issues when idle (heartbeats, outbox and recovery scans)
    over as long a time."""
    key = 'tacker-conductor-sql'
    deploy.stop_process('tacker-conductor')
    deploy.start_process('tacker-conductor', key=key,
                         extra_config='[database]\nconnection_debug = 50\n')
    log = deploy.workdir / ('%s.log' % key)
    try:
        run_cycles(deploy.url, seed['vnfd_ids'][0], 1, 1)
        marks = [log.stat().st_size]
        time.sleep(idle)
        marks.append(log.stat().st_size)
        started = time.monotonic()
        tally, _ = run_cycles(deploy.url, seed['vnfd_ids'][0], cycles, 1)
        busy = time.monotonic() - started
        marks.append(log.stat().st_size)
    finally:
        deploy.stop_process(key)
        deploy.start_process('tacker-conductor')
    quiet = _count_sql(log, marks[0], marks[1])
    counts = _count_sql(log, marks[1], marks[2])
    ops = max(tally.operations, 1)

    def per_op(*kinds):
        raw = sum(counts[k] for k in kinds)
        background = sum(quiet[k] for k in kinds) * busy / idle
        return (raw - background) / ops

    return [('d) conductor SQL statements per LCM op',
             '%.1f' % per_op('SELECT', 'INSERT', 'UPDATE', 'DELETE'),
             'SELECT %.1f, INSERT %.1f, UPDATE %.1f, DELETE %.1f; %d ops, '
             'idle background subtracted' % (
                 per_op('SELECT'), per_op('INSERT'), per_op('UPDATE'),
                 per_op('DELETE'), ops)),
            ('d) conductor transactions per LCM op',
             '%.1f' % per_op(TRANSACTION),
             'ending in COMMIT %.1f, ROLLBACK %.1f' % (
                 per_op('COMMIT'), per_op('ROLLBACK')))]


def lcm_storm(deploy, seed, cycles, clients=32):
    """e) 5xx answers and op occurrences not COMPLETED (rolled back,
    failed or stuck: none was asked to fail) at ``clients`` concurrent
    LCM clients."""
    tally, elapsed = run_cycles(deploy.url, seed['vnfd_ids'][0], cycles,
                                clients)
    others = {key: n for key, n in tally.counts.items()
              if key != '5xx' and not key.endswith(FINAL_OK)}
    return [('e) %d LCM clients: 5xx / spurious rollbacks' % clients,
             '%d / %d' % (tally.counts['5xx'], tally.spurious),
             '%d ops, %.1f cycles/s; not COMPLETED or refused: %s' % (
                 tally.operations, cycles / elapsed, others or 'none'))]
