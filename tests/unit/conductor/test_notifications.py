"""The delivery loop against a real HTTP consumer on 127.0.0.1 and the
unit-test database: delivery, retries with backoff, giving up, leases
shared by racing conductors and taken over from a dead one."""
import base64
import contextlib
import datetime
import hashlib
import threading
import time

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from tacker.common import context as tacker_context
from tacker.conductor import notifications
from tacker.db import api as db_api
from tacker.db import models
from tacker.db import outbox
from tests.unit.common.test_callbacks import Consumer
from tests.unit.common.test_callbacks import notification_conf

WAIT = 10


@pytest.fixture
def consumer():
    consumer = Consumer()
    yield consumer
    consumer.stop()


@pytest.fixture
def subscribe(database, admin_context):
    """Create subscriptions; deleting them at the end also deletes their
    outbox rows (ON DELETE CASCADE), so no row of ours stays pending."""
    created = []

    def subscribe(callback_uri, authentication=None):
        subscription_id = uuidutils.generate_uuid()
        with db_api.writer.using(admin_context) as session:
            session.add(models.Subscription(
                id=subscription_id, project_id='notification-tests',
                api='vnflcm', callback_uri=callback_uri,
                authentication=authentication,
                filter_hash=hashlib.sha256(
                    subscription_id.encode()).hexdigest()))
        created.append(subscription_id)
        return subscription_id

    yield subscribe
    with db_api.writer.using(admin_context) as session:
        session.execute(sa.delete(models.Subscription).where(
            models.Subscription.id.in_(created)))


def notify(context, subscription_id, count=1):
    """Write ``count`` notifications; their payloads' ids, in order."""
    ids = [uuidutils.generate_uuid() for _ in range(count)]
    with db_api.writer.using(context) as session:
        for notification_id in ids:
            outbox.enqueue(session, subscription_id,
                           'VnfLcmOperationOccurrenceNotification',
                           {'id': notification_id,
                            'subscriptionId': subscription_id})
    return ids


def rows(context, subscription_id):
    return outbox.list_for_subscription(context, subscription_id)


def statuses(context, subscription_id):
    return [row['status'] for row in rows(context, subscription_id)]


def wait_for(condition, step=None):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, 'timed out waiting'
        if step:
            step()
        time.sleep(0.01)


def deliverer(host=None, **conf):
    return notifications.NotificationDeliverer(
        notification_conf(**conf), host or uuidutils.generate_uuid())


def test_enqueue_commits_with_the_callers_transaction(subscribe, consumer,
                                                      admin_context):
    subscription_id = subscribe(consumer.url)
    with pytest.raises(RuntimeError):
        with db_api.writer.using(admin_context) as session:
            outbox.enqueue(session, subscription_id, 'T', {})
            raise RuntimeError('the state change failed')
    assert rows(admin_context, subscription_id) == []


def test_delivered_when_consumer_answers_204(subscribe, consumer,
                                             admin_context):
    subscription_id = subscribe(consumer.url)
    loop = deliverer()
    loop.start()
    try:
        ids = notify(admin_context, subscription_id, 2)
        wait_for(lambda: statuses(admin_context, subscription_id) ==
                 ['DELIVERED', 'DELIVERED'])
    finally:
        loop.stop(WAIT)
    assert [body['id'] for body in consumer.posted()] == ids
    assert consumer.received[0]['headers']['Content-Type'] == (
        'application/json')
    row = rows(admin_context, subscription_id)[0]
    assert row['attempts'] == 1 and row['delivered_at']
    assert row['claimed_by'] is None


def test_down_consumer_is_retried_with_backoff_until_back(
        subscribe, consumer, admin_context):
    consumer.stop()
    subscription_id = subscribe(consumer.url)
    notify(admin_context, subscription_id)
    loop = deliverer(retry_backoff_base=0.3, retry_backoff_max=10)

    # The attempt happened between ``before`` and ``after``: its backoff
    # lies between next_attempt_at - after and next_attempt_at - before,
    # however long a loaded machine took to get there.
    delays = []
    for attempt in (1, 2):
        before = timeutils.utcnow()
        wait_for(lambda: rows(admin_context, subscription_id)[0][
            'attempts'] == attempt, step=loop.deliver_due)
        after = timeutils.utcnow()
        row = rows(admin_context, subscription_id)[0]
        delays.append(((row['next_attempt_at'] - after).total_seconds(),
                       (row['next_attempt_at'] - before).total_seconds()))
    assert row['status'] == 'PENDING'
    assert row['last_error'] == 'could not be reached'
    assert delays[0][1] >= 0.3 and delays[0][0] < 0.6
    assert delays[1][1] >= 0.6 and delays[1][0] < 1.0

    loop.deliver_due()  # not due yet: no attempt
    assert rows(admin_context, subscription_id)[0]['attempts'] == 2
    consumer.start()
    wait_for(lambda: statuses(admin_context, subscription_id) ==
             ['DELIVERED'], step=loop.deliver_due)
    assert rows(admin_context, subscription_id)[0]['attempts'] == 3
    assert len(consumer.posted()) == 1


def test_failed_after_max_attempts_without_logging_secrets(
        subscribe, consumer, admin_context, caplog):
    consumer.status = 500
    consumer.body = b'consumer exploded'
    subscription_id = subscribe(consumer.url, {
        'authType': ['BASIC'],
        'paramsBasic': {'userName': 'nfvo', 'password': 'hunter2-secret'}})
    notify(admin_context, subscription_id)
    loop = deliverer(max_attempts=3, retry_backoff_base=0.01)
    wait_for(lambda: statuses(admin_context, subscription_id) == ['FAILED'],
             step=loop.deliver_due)
    row = rows(admin_context, subscription_id)[0]
    assert row['attempts'] == 3
    assert row['last_error'] == 'answered HTTP 500'
    assert "body starts b'consumer exploded'" in caplog.text
    loop.deliver_due()
    assert len(consumer.posted()) == 3
    assert subscription_id in caplog.text
    assert 'hunter2-secret' not in caplog.text


def test_basic_auth_header_is_sent(subscribe, consumer, admin_context):
    subscription_id = subscribe(consumer.url, {
        'authType': ['BASIC'],
        'paramsBasic': {'userName': 'nfvo', 'password': 'pw'}})
    notify(admin_context, subscription_id)
    wait_for(lambda: statuses(admin_context, subscription_id) ==
             ['DELIVERED'], step=deliverer().deliver_due)
    assert consumer.received[0]['headers']['Authorization'] == (
        'Basic %s' % base64.b64encode(b'nfvo:pw').decode())


def test_failure_holds_back_the_subscribers_later_notifications(
        subscribe, consumer, admin_context):
    consumer.status = 503
    subscription_id = subscribe(consumer.url)
    ids = notify(admin_context, subscription_id, 3)
    loop = deliverer()
    wait_for(lambda: rows(admin_context, subscription_id)[0][
        'attempts'] == 1, step=loop.deliver_due)
    first, *later = rows(admin_context, subscription_id)
    assert len(consumer.posted()) == 1
    assert [row['attempts'] for row in later] == [0, 0]
    assert all(row['next_attempt_at'] == first['next_attempt_at'] and
               row['claimed_by'] is None for row in later)
    consumer.status = 204
    wait_for(lambda: statuses(admin_context, subscription_id) ==
             ['DELIVERED'] * 3, step=loop.deliver_due)
    assert [body['id'] for body in consumer.posted()] == ids[:1] + ids


def test_racing_deliverers_never_deliver_a_row_twice(subscribe, consumer,
                                                     admin_context):
    consumer.delay = 0.005
    subscription_ids = [subscribe(consumer.url) for _ in range(4)]
    ids = [notification_id for subscription_id in subscription_ids
           for notification_id in notify(admin_context, subscription_id,
                                         10)]
    racers = [deliverer(batch_size=5) for _ in range(2)]
    start = threading.Barrier(len(racers))
    errors = []

    def race(loop):
        start.wait()
        try:
            wait_for(lambda: all(
                statuses(admin_context, subscription_id) ==
                ['DELIVERED'] * 10 for subscription_id in subscription_ids),
                step=loop.deliver_due)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(loop,))
               for loop in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    assert errors == []
    delivered = [body['id'] for body in consumer.posted()]
    assert sorted(delivered) == sorted(ids)


def test_row_claimed_after_being_selected_is_not_claimed_again(
        subscribe, consumer, admin_context, monkeypatch):
    subscription_id = subscribe(consumer.url)
    notify(admin_context, subscription_id)
    row_id = rows(admin_context, subscription_id)[0]['id']
    writing = outbox.db_api.writing
    rival = []
    calls = []

    @contextlib.contextmanager
    def rival_claims_before_our_update(context):
        # Our candidates are read; the rival claims before we update.
        calls.append(context)
        if len(calls) == 1:
            rival.extend(outbox.claim_due(
                tacker_context.get_admin_context(), 'rival', 1000, 60))
        with writing(context) as session:
            yield session

    monkeypatch.setattr(outbox.db_api, 'writing',
                        rival_claims_before_our_update)
    ours = outbox.claim_due(admin_context, 'us', 1000, 60)
    assert row_id in [row['id'] for row in rival]
    assert row_id not in [row['id'] for row in ours]
    assert rows(admin_context, subscription_id)[0]['claimed_by'] == 'rival'


def test_a_subscribers_rows_go_to_one_claimer_at_a_time_in_order(
        subscribe, consumer, admin_context):
    held, free = subscribe(consumer.url), subscribe(consumer.url)
    notify(admin_context, held, 2)
    first_two = [row['id'] for row in rows(admin_context, held)]
    assert set(first_two) <= {row['id'] for row in outbox.claim_due(
        admin_context, 'first', 1000, 60)}
    notify(admin_context, held)
    notify(admin_context, free)
    third = rows(admin_context, held)[2]['id']

    def claimed_by(owner):
        return [row['id'] for row in outbox.claim_due(
            admin_context, owner, 1000, 60)
            if row['subscription_id'] in (held, free)]
    # Another conductor takes the free subscriber's row, not the third
    # while the first two are out, nor while they wait for a retry.
    assert claimed_by('second') == [rows(admin_context, free)[0]['id']]
    outbox.release(admin_context, first_two,
                   timeutils.utcnow() + datetime.timedelta(seconds=60))
    assert claimed_by('third') == []
    outbox.release(admin_context, first_two, timeutils.utcnow())
    assert claimed_by('fourth') == first_two + [third]


def test_lease_expiry_lets_another_take_a_dead_claimers_row(
        subscribe, consumer, admin_context):
    subscription_id = subscribe(consumer.url)
    [notification_id] = notify(admin_context, subscription_id)
    row_id = rows(admin_context, subscription_id)[0]['id']
    claimed = outbox.claim_due(admin_context, 'dead-conductor', 1000, 0.5)
    assert row_id in [row['id'] for row in claimed]

    survivor = deliverer()
    survivor.deliver_due()
    assert rows(admin_context, subscription_id)[0]['claimed_by'] == (
        'dead-conductor')
    assert consumer.posted() == []
    time.sleep(0.6)
    wait_for(lambda: statuses(admin_context, subscription_id) ==
             ['DELIVERED'], step=survivor.deliver_due)
    assert [body['id'] for body in consumer.posted()] == [notification_id]


def test_stop_finishes_the_current_post_and_hands_back_the_rest(
        subscribe, consumer, admin_context):
    consumer.delay = 0.3
    subscription_id = subscribe(consumer.url)
    notify(admin_context, subscription_id, 3)
    loop = deliverer()
    loop.start()
    wait_for(lambda: consumer.received)
    started = time.monotonic()
    loop.stop(WAIT)
    assert time.monotonic() - started < 1
    assert statuses(admin_context, subscription_id) == [
        'DELIVERED', 'PENDING', 'PENDING']
    assert all(row['claimed_by'] is None
               for row in rows(admin_context, subscription_id))


def test_rows_are_handed_back_before_the_lease_could_run_out(
        subscribe, consumer, admin_context):
    consumer.delay = 0.3
    subscription_id = subscribe(consumer.url)
    notify(admin_context, subscription_id, 3)
    # After the first POST (0.3 s) less than 2 * timeout of the lease is
    # left: the other rows go back for the next pass (or another host).
    deliverer(claim_lease=1, timeout=0.4).deliver_due()
    assert statuses(admin_context, subscription_id)[1:] == ['PENDING'] * 2
    assert all(row['claimed_by'] is None and row['attempts'] == 0
               for row in rows(admin_context, subscription_id)[1:])


def test_database_error_does_not_end_the_loop(subscribe, consumer,
                                              admin_context, monkeypatch):
    failures = []
    claim_due = outbox.claim_due

    def flaky_claim_due(*args):
        if not failures:
            failures.append('once')
            raise sa.exc.OperationalError('SELECT', {}, Exception('gone'))
        return claim_due(*args)

    monkeypatch.setattr(outbox, 'claim_due', flaky_claim_due)
    subscription_id = subscribe(consumer.url)
    notify(admin_context, subscription_id)
    loop = deliverer()
    loop.start()
    try:
        wait_for(lambda: statuses(admin_context, subscription_id) ==
                 ['DELIVERED'])
    finally:
        loop.stop(WAIT)
    assert failures == ['once']


def test_backoff_doubles_up_to_the_maximum():
    loop = deliverer(retry_backoff_base=2, retry_backoff_max=300)
    for failed_attempts, expected in [(0, 2), (1, 4), (4, 32), (8, 300),
                                      (10 ** 6, 300)]:
        delay = loop._backoff(failed_attempts)
        assert expected <= delay <= expected * (1 + notifications.JITTER)
