"""Seeding for benchmarks/scale.py: packages and VNF instances created
through the API by many concurrent connections, and as many op
occurrences inserted with SQL (through the API each needs an instantiate
or terminate and would take hours at 100,000): copies of one real op
occurrence the API made, read from the table as it is, so the rows match
whatever schema the code under test has.
"""
import datetime
import http.client
import json
import multiprocessing
import time
import urllib.parse
import uuid

import requests
import sqlalchemy as sa

import lcm_cycles

INSTANCES = lcm_cycles.LCM + '/vnf_instances'
OP_OCCS = lcm_cycles.LCM + '/vnf_lcm_op_occs'
PACKAGES = lcm_cycles.PKGS
LIST_PACKAGES = 100
# Every NTH instance is of the second package: vnfdId filters match 10%.
SECOND_PACKAGE_EVERY = 10
# Seeded op occurrences end in these states, in turn: COMPLETED 90%.
OP_STATES = ['COMPLETED'] * 18 + ['FAILED', 'ROLLED_BACK']
SQL_CHUNK = 1000

_connection = None


def _connect(url, started):
    global _connection
    parts = urllib.parse.urlsplit(url)
    _connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                             timeout=60)
    started.wait()


def _send(calls):
    """Run ``(method, path, body)`` calls on this worker's keep-alive
    connection; returns ``[(status, id or None)]``."""
    results = []
    for method, path, body in calls:
        data = json.dumps(body) if body is not None else None
        _connection.request(method, path, body=data, headers={
            'Content-Type': 'application/json'} if data else {})
        response = _connection.getresponse()
        payload = response.read()
        ident = None
        if response.status == 201:
            ident = json.loads(payload).get('id')
        results.append((response.status, ident))
    return results


def request_many(url, calls, connections, what=None):
    """Send ``calls`` over ``connections`` keep-alive connections, one
    process each (the client's GIL does not cap the rate), printing
    progress every 5% when ``what`` names them. Returns ``(results in
    completion order, elapsed seconds)``."""
    chunk = max(1, min(100, len(calls) // (connections * 4)))
    chunks = [calls[i:i + chunk] for i in range(0, len(calls), chunk)]
    results, step, shown = [], max(1, len(calls) // 20), 0
    # Timed from when every client process is up: starting them is the
    # client's cost, not the server's.
    all_started = multiprocessing.Barrier(connections + 1)
    with multiprocessing.Pool(connections, _connect,
                              (url, all_started)) as pool:
        all_started.wait()
        started = time.monotonic()
        for part in pool.imap_unordered(_send, chunks):
            results.extend(part)
            if what and len(results) - shown >= step:
                shown = len(results)
                elapsed = time.monotonic() - started
                print('  %s: %d/%d, %.0f/s' % (
                    what, shown, len(calls), shown / elapsed), flush=True)
    return results, time.monotonic() - started


def create_instances(url, vnfd_ids, names, connections, what=None):
    """POST one instance per name; returns (results, elapsed)."""
    calls = [('POST', INSTANCES, {
        'vnfdId': vnfd_ids[1 if n % SECOND_PACKAGE_EVERY == 0 else 0],
        'vnfInstanceName': name}) for n, name in enumerate(names)]
    return request_many(url, calls, connections, what)


def wait_op(session, op_url, timeout=120, interval=0.02):
    """The final operationState of an op occurrence, or 'STUCK'."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = session.get(op_url)
        if response.status_code == 200:
            state = response.json()['operationState']
            if state in ('COMPLETED', 'FAILED_TEMP', 'FAILED',
                         'ROLLED_BACK'):
                return state
        time.sleep(interval)
    return 'STUCK'


def _template_op(url, instance_id):
    """Instantiate one seeded instance (noop): its op occurrence is the
    row the SQL seeding copies."""
    session = requests.Session()
    response = session.post('%s%s/%s/instantiate' % (
        url, INSTANCES, instance_id), json={
            'flavourId': 'small', 'vimConnectionInfo': lcm_cycles.NOOP_VIM})
    assert response.status_code == 202, response.text
    state = wait_op(session, response.headers['Location'])
    assert state == 'COMPLETED', state


def insert_op_occs(db_url, instance_ids, template_instance, count):
    """Insert ``count`` op occurrences copied from the one of
    ``template_instance``, spread over the instances, one second apart
    in startTime, ending in OP_STATES. Returns the first and last
    startTime."""
    engine = sa.create_engine(db_url)
    try:
        table = sa.Table('vnf_lcm_op_occs', sa.MetaData(),
                         autoload_with=engine)
        with engine.connect() as connection:
            template = dict(connection.execute(
                table.select().where(
                    table.c.vnf_instance_id == template_instance)
            ).mappings().first())
        step = datetime.timedelta(seconds=1)
        base = template['start_time'] - (count + 60) * step
        done, shown = 0, 0
        while done < count:
            rows = []
            for n in range(done, min(done + SQL_CHUNK, count)):
                moment = base + n * step
                rows.append(dict(
                    template, id=str(uuid.uuid4()),
                    vnf_instance_id=instance_ids[n % len(instance_ids)],
                    operation_state=OP_STATES[n % len(OP_STATES)],
                    start_time=moment, state_entered_time=moment,
                    created_at=moment, updated_at=moment))
            with engine.begin() as connection:
                connection.execute(table.insert(), rows)
            done += len(rows)
            if done - shown >= count // 20 or done == count:
                shown = done
                print('  op occurrences (SQL): %d/%d' % (done, count),
                      flush=True)
        return base, base + (count - 1) * step
    finally:
        engine.dispose()


def analyze(db_url):
    """Bring the server's planner statistics up to date with the rows
    just added, as autovacuum (PostgreSQL) or InnoDB's recalculation
    would within minutes: plans made on statistics of an empty table
    (PostgreSQL then sorted all 100,000 instances for a filtered page)
    are not the steady state. SQLite has none unless asked, as in a
    deployment."""
    engine = sa.create_engine(db_url)
    try:
        if engine.dialect.name == 'postgresql':
            with engine.connect().execution_options(
                    isolation_level='AUTOCOMMIT') as connection:
                connection.execute(sa.text('ANALYZE'))
        elif engine.dialect.name == 'mysql':
            with engine.connect() as connection:
                for table in ('vnf_instances', 'vnf_lcm_op_occs',
                              'vnf_packages'):
                    connection.execute(sa.text('ANALYZE TABLE ' + table))
    finally:
        engine.dispose()


def seed(deploy, state, instances, connections=32):
    """Seed an empty deployment: 2 onboarded packages, LIST_PACKAGES more
    packages, ``instances`` instances through the API, as many op
    occurrences through SQL; record what later runs need in ``state``."""
    url = deploy.url
    vnfd_ids = [lcm_cycles.onboard(url) for _ in range(2)]
    request_many(url, [('POST', PACKAGES, {'userDefinedData': {'n': n}})
                       for n in range(LIST_PACKAGES)], connections)
    print('seeding %d instances through the API (%d connections)' % (
        instances, connections), flush=True)
    names = ['scale-%d' % n for n in range(instances)]
    results, elapsed = create_instances(url, vnfd_ids, names, connections,
                                        what='instances (API)')
    ids = [ident for status, ident in results if status == 201]
    print('  %d created in %.0f s (%.0f/s), %d failed' % (
        len(ids), elapsed, len(ids) / elapsed, len(results) - len(ids)))
    _template_op(url, ids[0])
    print('seeding %d op occurrences with SQL bulk inserts (copies of '
          'one the API made; through the API they would take hours)' %
          instances, flush=True)
    first, last = insert_op_occs(state.data['db_url'], ids, ids[0],
                                 instances)
    analyze(state.data['db_url'])
    state.save(seed={
        'instances': instances, 'op_occs': instances + 1,
        'vnfd_ids': vnfd_ids, 'name_probe': names[instances // 2],
        'start_times': [first.isoformat(), last.isoformat()]})
