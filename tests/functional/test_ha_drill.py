"""HA drill (issue 12): two API servers and three conductors, each with a
host name of its own, on one RabbitMQ node and one database server,
under a load of concurrent VNF lifecycles (noop VIM).

Phase 1 SIGKILLs a conductor and an API server mid-way; phase 2 restarts
the broker (a node of the test's own) and cuts the database connections
(a TCP proxy) under load. After each phase every operation has ended:
COMPLETED, or FAILED_TEMP and then COMPLETED on retry, nothing left
STARTING or PROCESSING. One whose conductor died before it left STARTING
ends ROLLED_BACK (nothing was done, ARCHITECTURE "Durability rules"), and
the client starts it again. Each operation's notifications arrived in the
order of its state changes. The phases' times are printed.
"""
import concurrent.futures
import contextlib
import itertools
import json
import signal
import time

import pytest
import requests
import sqlalchemy as sa

from tacker.common import states
from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import lcm_load
from tests.functional import rabbitmq
from tests.functional import tcpproxy
from tests.functional import test_vnf_packages as pkgs

API = lcm_load.API
INSTANCES = 100
# Seconds each step of the noop driver takes, so that operations are in
# flight when processes die.
STEP_S = 1
# Longest a phase may take, the recovery of what the killed processes
# left included.
PHASE_TIMEOUT = 120
CONDUCTORS = 3
# Longest wait for the last notifications after the load.
NOTIFICATION_TIMEOUT = 60
# Each gets the notifications of a share of the instances: one
# subscriber's go out one at a time, those of several in parallel.
SUBSCRIBERS = 4
# A dead conductor is noticed after service_down_time; its notification
# claims pass to others after claim_lease.
OPTIONS = {'report_interval': 1, 'service_down_time': 3}
SECTIONS = {
    'notification': {'delivery_interval': 0.2, 'timeout': 1,
                     'claim_lease': 4, 'retry_backoff_base': 0.2,
                     'retry_backoff_max': 1, 'batch_size': 200},
    'vnf_lcm': {'page_size': 0},
    # Five processes share the database server with other tests.
    'database': {'max_pool_size': 5, 'max_overflow': 5, 'pool_timeout': 60},
}


@pytest.fixture(params=dbs.backends('postgresql', 'mysql'))
def drill(request, tmp_path):
    """The deployment (database behind ``db_proxy``, the private
    ``broker``), with its extra conductors and second API server, whose
    URL is ``second_url``."""
    with contextlib.ExitStack() as stack:
        broker = rabbitmq.PrivateBroker(tmp_path / 'rabbitmq').start()
        stack.callback(broker.stop)
        url = sa.engine.make_url(stack.enter_context(
            dbs.temporary_database(request.param)))
        proxy = tcpproxy.TcpProxy(url.host, url.port)
        proxy.start()
        stack.callback(proxy.stop)
        workdir = tmp_path / 'deployment'
        workdir.mkdir()
        deploy = deployment_lib.Deployment(
            workdir, url.set(host='127.0.0.1', port=proxy.port)
            .render_as_string(hide_password=False), broker.url,
            sections=SECTIONS, **OPTIONS)
        stack.callback(deploy.stop)
        deploy.start()
        for number in range(2, CONDUCTORS + 1):
            deploy.start_conductor(number)
        deploy.second_url = deploy.start_server(2)
        deploy.broker, deploy.db_proxy = broker, proxy
        deploy.wait_for(lambda: _conductors(deploy.second_url) == {
            'conductor-%d-%d' % (deploy.port, number)
            for number in range(2, CONDUCTORS + 1)} | {
            'conductor-%d' % deploy.port}, 60, 'every conductor alive')
        yield deploy


def _conductors(url):
    """The live conductors' hosts, as the API server at ``url`` sees
    them."""
    return {conductor['host'] for conductor in requests.get(
        url + '/healthcheck', timeout=5).json()['conductors']}


def _when(load, count):
    """Wait until ``count`` operations were started."""
    deadline = time.monotonic() + PHASE_TIMEOUT
    while len(load.started) < count:
        assert time.monotonic() < deadline, 'load did not start'
        time.sleep(0.1)


def _phase(load, instances, disruption):
    """Run a lifecycle on each instance while ``disruption()`` runs."""
    with concurrent.futures.ThreadPoolExecutor(len(instances)) as pool:
        lifecycles = [pool.submit(load.lifecycle, instance, STEP_S)
                      for instance in instances]
        disruption()
        for lifecycle in lifecycles:
            lifecycle.result(timeout=PHASE_TIMEOUT)


def test_lifecycles_survive_killed_processes_broker_restart_and_db_cut(
        drill, consumer, tmp_path, capsys, record_property):
    report = []

    def note(line):
        """Print a line of the drill's report as it happens (the lead
        reports these figures)."""
        report.append(line)
        record_property('ha_drill', '\n'.join(report))
        with capsys.disabled():
            print('\nHA drill: ' + line, end='')

    def timed(name, step, *args):
        started = time.monotonic()
        result = step(*args)
        note('%-45s %6.1f s' % (name, time.monotonic() - started))
        return result

    vnfd_id = pkgs.onboard(drill, tmp_path, 'two_flavours')['vnfdId']
    with lcm_load.LcmLoad([drill.url, drill.second_url],
                          PHASE_TIMEOUT) as load:
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            instances = timed(
                'create %d instances' % INSTANCES, lambda: list(pool.map(
                    lambda _: load.create_instance(vnfd_id),
                    range(INSTANCES))))
        for number in range(SUBSCRIBERS):
            subscription = drill.request(
                'POST', API + '/subscriptions', json={
                    'callbackUri': '%s/lcm/%d' % (consumer.url, number),
                    'filter': {'vnfInstanceSubscriptionFilter': {
                        'vnfInstanceIds': instances[number::SUBSCRIBERS]},
                        'notificationTypes': [
                            'VnfLcmOperationOccurrenceNotification']}})
            assert subscription.status_code == 201, subscription.text

        def kill_conductor_and_server():
            # A third of the operations in, with steps in flight.
            _when(load, INSTANCES * 2 // 3)
            drill.stop_process('tacker-conductor-2', signal.SIGKILL)
            drill.stop_process('tacker-server-2', signal.SIGKILL)
            load.drop_server(drill.second_url)
        timed('phase 1: kill a conductor and an API server', _phase,
              load, instances, kill_conductor_and_server)
        phase1 = list(load.started)
        _check_ended(load, phase1)
        note('phase 1: %d operations, %s' % (len(phase1), _counts(load)))

        def restart_broker_and_cut_db():
            _when(load, len(phase1) + INSTANCES // 2)
            drill.broker.stop_app()
            time.sleep(2)
            drill.broker.start_app()
            _when(load, len(phase1) + INSTANCES * 3 // 2)
            drill.db_proxy.stop()
            time.sleep(3)
            drill.db_proxy.start()
        timed('phase 2: broker restart and database cut', _phase,
              load, instances, restart_broker_and_cut_db)
        _check_ended(load, load.started)
        note('both phases: %d operations, %s' % (len(load.started),
                                                 _counts(load)))
        timed('last notifications', _check_notifications, consumer, load,
              drill.db_url)
        note('%d notifications received' % len(consumer.received))


def _counts(load):
    return {'failed_temp_retried': len(load.failed_temp),
            'rolled_back_restarted': len(load.rolled_back),
            'retries_sent_again': load.retries_sent_again,
            'requests_redone': load.requests_redone}


def _check_ended(load, op_ids):
    """Every occurrence the load started ended COMPLETED, or ROLLED_BACK
    and then started again; none of the deployment's is running."""
    ops = {op['id']: op for op in load.get(API + '/vnf_lcm_op_occs')}
    running = [op for op in ops.values()
               if op['operationState'] in states.LCM_OP_RUNNING]
    assert not running, running
    assert set(ops) == set(load.started)
    ended = {op_id: ops[op_id]['operationState'] for op_id in op_ids}
    assert {op_id for op_id, state in ended.items()
            if state != states.COMPLETED} == load.rolled_back & set(op_ids)
    assert all(instance['instantiationState'] == 'NOT_INSTANTIATED'
               for instance in load.get(API + '/vnf_instances'))


def _check_notifications(consumer, load, db_url):
    """Each occurrence's notifications follow its state changes from
    STARTING to its end; a notification delivered twice (at least once
    delivery) may only follow itself."""
    ends = {op_id: load.ops[op_id]['operationState']
            for op_id in load.started}
    deadline = time.monotonic() + NOTIFICATION_TIMEOUT
    while True:
        with consumer.lock:
            received = [item['body'] for item in consumer.received]
        by_op = {}
        for body in received:
            by_op.setdefault(body['vnfLcmOpOccId'], []).append(
                (body['id'], body['operationState']))
        problems = {op_id: by_op.get(op_id, [])
                    for op_id, end in ends.items()
                    if not _in_order(by_op.get(op_id, []), end)}
        if not problems or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not problems, '%d of %d operations: %s; undelivered: %s' % (
        len(problems), len(ends), [
            (op_id, [state for _, state in sequence])
            for op_id, sequence in list(problems.items())[:10]],
        _undelivered(db_url, problems))


def _undelivered(db_url, op_ids):
    """What the outbox holds undelivered for ``op_ids``."""
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT * FROM notification_outbox WHERE status != "
                "'DELIVERED'")).mappings().all()
    finally:
        engine.dispose()
    payloads = [(row, json.loads(row['payload'])
                 if isinstance(row['payload'], str) else row['payload'])
                for row in rows]
    return [(payload['vnfLcmOpOccId'], payload['operationState'],
             row['status'], row['attempts'], row['claimed_by'],
             row['last_error'])
            for row, payload in payloads
            if payload.get('vnfLcmOpOccId') in op_ids][:20]


def _in_order(sequence, end):
    """Whether the (notification id, state)s received for an occurrence
    go from STARTING to ``end`` by legal moves, none repeated except
    right after itself."""
    sequence = [key for key, _ in itertools.groupby(sequence)]
    ids = [notification_id for notification_id, _ in sequence]
    seen = [state for _, state in sequence]
    return bool(seen) and len(ids) == len(set(ids)) and \
        seen[0] == states.STARTING and seen[-1] == end and all(
            after in states.LCM_OP[before]
            for before, after in zip(seen, seen[1:]))
