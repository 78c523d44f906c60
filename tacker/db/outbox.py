"""Queries on the notification outbox (ARCHITECTURE "Durability rules" 4).

A notification is added in the transaction of the change it reports, so
it exists if and only if the change was committed. Conductors then claim
due rows with a lease: a conditional UPDATE per row, so only one of them
gets a row, and a dead claimer's rows come back when its lease ends.
"""
import datetime

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

from tacker.common import notify
from tacker.db import api as db_api
from tacker.db import models
from tacker.db import subscriptions as db_subscriptions

OUTBOX = models.NotificationOutbox
SUBSCRIPTION = models.Subscription

PENDING = 'PENDING'
DELIVERED = 'DELIVERED'
FAILED = 'FAILED'


# Built once: the compiled form is then found in the statement cache
# without building a statement per notification.
_ENQUEUE = sa.insert(OUTBOX.__table__)


def enqueue(session, subscription_id, notification_type, payload):
    """Add a notification, due now, to the caller's transaction (which
    commits it together with the change it reports). ``session``: a
    Session or a Core Connection."""
    session.execute(_ENQUEUE, {
        'subscription_id': subscription_id,
        'notification_type': notification_type, 'payload': payload,
        'status': PENDING, 'attempts': 0,
        'next_attempt_at': timeutils.utcnow()})


def add(session, notifications):
    """Queue ``tacker.common.notify.Notification``s (one, several: the
    same change as each API tells it; None: nothing) for each
    subscription of their API in their project whose filter selects
    them, in the caller's transaction."""
    if notifications is None:
        return
    if isinstance(notifications, notify.Notification):
        notifications = (notifications,)
    for notification in notifications:
        for subscription in db_subscriptions.all_for_api(
                session, notification.api, notification.project_id):
            if notification.selected(subscription['filter'] or {}):
                enqueue(session, subscription['id'],
                        notification.notification_type,
                        notification.payload(subscription['id'],
                                             subscription['verbosity']))


def notifier(build, *args):
    """A hook for the writes that take one (``on_change``,
    ``on_success``): in their transaction, ``add`` the notification
    ``build(*rows, *args)`` makes of the rows they pass."""
    return lambda session, *rows: add(session, build(*rows, *args))


def _unclaimed(now):
    return sa.or_(OUTBOX.claimed_until.is_(None), OUTBOX.claimed_until < now)


def _held_back(now):
    """Whether an older pending row of the row's subscription is claimed
    or not due: a subscriber's notifications go out one claimer at a
    time, in the order they were written, so one conductor cannot send a
    later change of an operation while another still sends an earlier
    one."""
    older = orm.aliased(OUTBOX)
    return sa.exists().where(
        older.subscription_id == OUTBOX.subscription_id,
        older.id < OUTBOX.id, older.status == PENDING,
        sa.or_(older.next_attempt_at > now, older.claimed_until >= now))


def _claimable(now):
    """(id, subscription_id) of the rows a claimer may take now, oldest
    first."""
    return (sa.select(OUTBOX.id, OUTBOX.subscription_id)
            .where(OUTBOX.status == PENDING, OUTBOX.next_attempt_at <= now,
                   _unclaimed(now), ~_held_back(now))
            .order_by(OUTBOX.id))


@db_api.retry_on_deadlock
def claim_due(context, owner, limit, lease_seconds):
    """Claim up to ``limit`` pending, due, unclaimed notifications for
    ``lease_seconds``, oldest first, none of a subscription whose older
    rows are claimed or not due (``_held_back``).

    Candidates are read first. Then their subscriptions' rows are locked
    (in id order: claimers cannot deadlock), so a rival claiming for the
    same subscriptions has committed or waits; the candidates are read
    again under the locks, and each is claimed by an UPDATE that repeats
    the conditions on the row. SQLite ignores FOR UPDATE; its writers
    take turns anyway.

    :returns: dicts with the row's id, subscription_id, notification_type,
        payload, attempts and its subscription's callback_uri and
        authentication, in id order.
    """
    now = timeutils.utcnow()
    with db_api.reader.using(context) as session:
        candidates = session.execute(_claimable(now).limit(limit)).all()
    if not candidates:
        return []
    claimed_until = now + datetime.timedelta(seconds=lease_seconds)
    claimed = []
    with db_api.writing(context) as session:
        session.execute(
            sa.select(SUBSCRIPTION.id)
            .where(SUBSCRIPTION.id.in_(sorted({row.subscription_id
                                               for row in candidates})))
            .order_by(SUBSCRIPTION.id).with_for_update()).all()
        # Read again under the locks: what a rival claimed meanwhile.
        candidates = session.execute(_claimable(now).where(
            OUTBOX.id.in_([row.id for row in candidates]))).all()
        # Ascending ids: two claimers lock rows in the same order and
        # cannot deadlock each other.
        for row_id, _ in candidates:
            updated = session.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.id == row_id, OUTBOX.status == PENDING,
                       _unclaimed(now))
                .values(claimed_by=owner, claimed_until=claimed_until)
                .execution_options(synchronize_session=False)).rowcount
            if updated == 1:
                claimed.append(row_id)
    if not claimed:
        return []
    with db_api.reader.using(context) as session:
        rows = session.execute(
            sa.select(OUTBOX.id, OUTBOX.subscription_id,
                      OUTBOX.notification_type, OUTBOX.payload,
                      OUTBOX.attempts, SUBSCRIPTION.callback_uri,
                      SUBSCRIPTION.authentication)
            .join(SUBSCRIPTION, SUBSCRIPTION.id == OUTBOX.subscription_id)
            .where(OUTBOX.id.in_(claimed))
            .order_by(OUTBOX.id)).mappings().all()
    return [dict(row) for row in rows]


def _release(context, row_ids, **values):
    """Drop the claim on pending rows, setting ``values`` too."""
    with db_api.writing(context) as session:
        session.execute(sa.update(OUTBOX)
                        .where(OUTBOX.id.in_(row_ids),
                               OUTBOX.status == PENDING)
                        .values(claimed_by=None, claimed_until=None,
                                **values)
                        .execution_options(synchronize_session=False))


@db_api.retry_on_deadlock
def mark_delivered(context, row_id):
    _release(context, [row_id], status=DELIVERED,
             attempts=OUTBOX.attempts + 1, delivered_at=timeutils.utcnow())


@db_api.retry_on_deadlock
def schedule_retry(context, row_id, error, next_attempt_at):
    """Count a failed attempt and release the row until
    ``next_attempt_at`` (naive UTC)."""
    _release(context, [row_id], attempts=OUTBOX.attempts + 1,
             last_error=error, next_attempt_at=next_attempt_at)


@db_api.retry_on_deadlock
def mark_failed(context, row_id, error):
    """Give up a notification after its last allowed attempt."""
    _release(context, [row_id], status=FAILED,
             attempts=OUTBOX.attempts + 1, last_error=error)


@db_api.retry_on_deadlock
def release(context, row_ids, next_attempt_at=None):
    """Give back claimed rows that were not attempted (the claimer stops,
    or its lease is running out), not due again before
    ``next_attempt_at`` when given."""
    if row_ids:
        values = {} if next_attempt_at is None else {
            'next_attempt_at': next_attempt_at}
        _release(context, row_ids, **values)


def list_for_subscription(context, subscription_id):
    """A subscription's notifications in write order, with their delivery
    state (for diagnostics and tests)."""
    with db_api.reader.using(context) as session:
        rows = session.execute(
            sa.select(OUTBOX.id, OUTBOX.notification_type, OUTBOX.payload,
                      OUTBOX.status, OUTBOX.attempts, OUTBOX.last_error,
                      OUTBOX.next_attempt_at, OUTBOX.claimed_by,
                      OUTBOX.claimed_until, OUTBOX.delivered_at)
            .where(OUTBOX.subscription_id == subscription_id)
            .order_by(OUTBOX.id)).mappings().all()
    return [dict(row) for row in rows]
