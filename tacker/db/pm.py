"""Queries on PM jobs, their reports and thresholds (SOL003 v3.3.1
clause 6), as Core row dicts whose keys are the tables' column names.

A job or threshold is written together with a subscription row of its
own (api ``tacker.common.pm.API``) that carries its callbackUri and
sealed authentication: its notifications are outbox rows of that
subscription, delivered and retried like every other. Rows are shown
with their subscription's ``callback_uri``.
"""
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import pm
from tacker.db import api as db_api
from tacker.db import models
from tacker.db import outbox
from tacker.db import paging
from tacker.db import subscriptions as db_subscriptions

JOB = models.PmJob.__table__
REPORT = models.PmReport.__table__
THRESHOLD = models.PmThreshold.__table__
SUB = models.Subscription.__table__
JOB_ORDER = paging.creation_order(JOB)
THRESHOLD_ORDER = paging.creation_order(THRESHOLD)
# What each kind is: its table, the error of an unknown id.
_KINDS = {JOB: exceptions.PmJobNotFound,
          THRESHOLD: exceptions.PmThresholdNotFound}


def _callbacks(connection, items):
    """Add each row's ``callback_uri`` (``paging.list_page``'s load)."""
    ids = [item['subscription_id'] for item in items]
    uris = dict(connection.execute(sa.select(SUB.c.id, SUB.c.callback_uri)
                                   .where(SUB.c.id.in_(ids))).all()) \
        if ids else {}
    for item in items:
        item['callback_uri'] = uris.get(item['subscription_id'])
    return items


def _create(context, table, project_id, values, callback_uri,
            authentication):
    now = timeutils.utcnow()
    row_id = uuidutils.generate_uuid()
    subscription = {
        'id': uuidutils.generate_uuid(), 'project_id': project_id,
        'api': pm.API, 'callback_uri': callback_uri,
        'authentication': authentication, 'filter': {'owner': row_id},
        'filter_hash': db_subscriptions.filter_hash(
            callback_uri, {'owner': row_id}),
        'verbosity': None, 'created_at': now, 'updated_at': now}
    row = dict(values, id=row_id, project_id=project_id,
               subscription_id=subscription['id'], created_at=now,
               updated_at=now)
    with db_api.writing(context) as session:
        session.execute(sa.insert(SUB).values(subscription))
        session.execute(sa.insert(table).values(row))
    return dict(row, callback_uri=callback_uri)


def _get(session, table, row_id, project_id, lock=False):
    row = db_api.one_in_project(session, table, row_id, project_id,
                                _KINDS[table], lock=lock)
    return _callbacks(session.connection(), [row])[0]


def _modify(context, table, row_id, project_id, callback_uri,
            authentication):
    """PmJobModifications / ThresholdModifications (6.5.2.12, 6.5.2.11):
    the new callback and its authentication. The row's updated_at moves
    too: its representation changed."""
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        row = _get(session, table, row_id, project_id, lock=True)
        changes = {'updated_at': now}
        if callback_uri is not None:
            changes['callback_uri'] = callback_uri
            row['callback_uri'] = callback_uri
        if authentication is not None:
            changes['authentication'] = authentication
        session.execute(sa.update(SUB).where(
            SUB.c.id == row['subscription_id']).values(changes))
        session.execute(sa.update(table).where(
            table.c.id == row_id).values(updated_at=now))
    return row


def _delete(context, table, row_id, project_id):
    """The row, then its subscription (its undelivered notifications
    with it: nobody is left to want them)."""
    with db_api.writing(context) as session:
        row = db_api.one_in_project(session, table, row_id, project_id,
                                    _KINDS[table], lock=True)
        session.execute(sa.delete(table).where(table.c.id == row_id))
        session.execute(sa.delete(SUB).where(
            SUB.c.id == row['subscription_id']))


@db_api.retry_on_deadlock
def create_job(context, project_id, values, callback_uri, authentication):
    """``values``: object_type, object_instance_ids,
    sub_object_instance_ids, criteria."""
    return _create(context, JOB, project_id, dict(values, reported={}),
                   callback_uri, authentication)


def get_job(context, job_id, project_id=None):
    """:raises: PmJobNotFound"""
    with db_api.reader.using(context) as session:
        return _get(session, JOB, job_id, project_id)


def list_jobs(context, project_id, *page, **options):
    """A page of PM jobs (see ``tacker.db.paging.list_page``)."""
    return paging.list_page(context, JOB, db_api.project_scope(project_id),
                            *page, load=_callbacks, **options)


@db_api.retry_on_deadlock
def modify_job(context, job_id, project_id, callback_uri, authentication):
    """:raises: PmJobNotFound"""
    return _modify(context, JOB, job_id, project_id, callback_uri,
                   authentication)


@db_api.retry_on_deadlock
def delete_job(context, job_id, project_id=None):
    """:raises: PmJobNotFound"""
    _delete(context, JOB, job_id, project_id)


def _all(context, table):
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(table).order_by(*paging.creation_order(table))
        ).mappings()]


def all_jobs(context):
    """Every PM job (for the rules)."""
    return _all(context, JOB)


def reports(context, job_id):
    """The job's reports that have not expired, oldest first."""
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(REPORT.c.id, REPORT.c.created_at, REPORT.c.expires_at)
            .where(REPORT.c.pm_job_id == job_id,
                   REPORT.c.expires_at > timeutils.utcnow())
            .order_by(REPORT.c.created_at)).mappings()]


def get_report(context, job_id, report_id, project_id=None):
    """:raises: PmJobNotFound, PmReportNotFound (also once expired)"""
    with db_api.reader.using(context) as session:
        db_api.one_in_project(session, JOB, job_id, project_id,
                              exceptions.PmJobNotFound)
        report = session.execute(sa.select(REPORT).where(
            REPORT.c.id == report_id, REPORT.c.pm_job_id == job_id,
            REPORT.c.expires_at > timeutils.utcnow())).mappings().first()
    if report is None:
        raise exceptions.PmReportNotFound(id=job_id, report_id=report_id)
    return dict(report)


def _entry_key(entry):
    return '|'.join((entry['performanceMetric'], entry['objectInstanceId'],
                     entry.get('subObjectInstanceId') or ''))


def due_entries(job, entries, min_interval, now=None):
    """Those report ``entries`` whose (metric, object, sub-object) no
    report of ``job`` (a row as read) held in the last ``min_interval``
    seconds."""
    since = ((now or timeutils.utcnow()) -
             datetime.timedelta(seconds=min_interval)).isoformat()
    reported = job['reported'] or {}
    return [entry for entry in entries
            if reported.get(_entry_key(entry), '') <= since]


@db_api.retry_on_deadlock
def add_report(context, job_id, entries, min_interval, retention,
               notifications):
    """Store a report of those ``entries`` whose (metric, object,
    sub-object) no report held in the last ``min_interval`` seconds (the
    reportingPeriod paces each, however often and however grouped
    measurements come); reports past their retention go.
    ``notifications(job, report)``: the payloads to send to the job's
    callback, in the same transaction.

    :returns: the report, or None when none was made (nothing due, or
        the job is gone).
    """
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        job = session.execute(sa.select(JOB).where(
            JOB.c.id == job_id).with_for_update()).mappings().first()
        if job is None:
            return None
        due = due_entries(job, entries, min_interval, now)
        if not due:
            return None
        reported = dict(job['reported'] or {})
        reported.update((_entry_key(entry), now.isoformat())
                        for entry in due)
        report = {'id': uuidutils.generate_uuid(), 'pm_job_id': job_id,
                  'entries': due, 'created_at': now, 'updated_at': now,
                  'expires_at': now + datetime.timedelta(seconds=retention)}
        session.execute(sa.delete(REPORT).where(REPORT.c.expires_at <= now))
        session.execute(sa.insert(REPORT).values(report))
        session.execute(sa.update(JOB).where(JOB.c.id == job_id).values(
            reported=reported, updated_at=now))
        for payload in notifications(dict(job), report):
            outbox.enqueue(session, job['subscription_id'],
                           payload['notificationType'], payload)
        return report


@db_api.retry_on_deadlock
def create_threshold(context, project_id, values, callback_uri,
                     authentication):
    """``values``: object_type, object_instance_id,
    sub_object_instance_ids, criteria."""
    return _create(context, THRESHOLD, project_id,
                   dict(values, crossings={}), callback_uri, authentication)


def get_threshold(context, threshold_id, project_id=None):
    """:raises: PmThresholdNotFound"""
    with db_api.reader.using(context) as session:
        return _get(session, THRESHOLD, threshold_id, project_id)


def list_thresholds(context, project_id, *page, **options):
    """A page of thresholds (see ``tacker.db.paging.list_page``)."""
    return paging.list_page(context, THRESHOLD,
                            db_api.project_scope(project_id), *page,
                            load=_callbacks, **options)


@db_api.retry_on_deadlock
def modify_threshold(context, threshold_id, project_id, callback_uri,
                     authentication):
    """:raises: PmThresholdNotFound"""
    return _modify(context, THRESHOLD, threshold_id, project_id,
                   callback_uri, authentication)


@db_api.retry_on_deadlock
def delete_threshold(context, threshold_id, project_id=None):
    """:raises: PmThresholdNotFound"""
    _delete(context, THRESHOLD, threshold_id, project_id)


def all_thresholds(context):
    """Every threshold (for the rules)."""
    return _all(context, THRESHOLD)


@db_api.retry_on_deadlock
def record_measurement(context, threshold_id, key, value, crossed):
    """Move the threshold's (sub-)object ``key`` to the side of the
    threshold ``value`` is on (``tacker.common.pm.crossing``); when it
    crossed, ``crossed(threshold, direction)`` gives the notification
    to send, in the same transaction. Returns the direction, or None
    (no crossing, or the threshold is gone)."""
    with db_api.writing(context) as session:
        threshold = session.execute(sa.select(THRESHOLD).where(
            THRESHOLD.c.id == threshold_id).with_for_update()
        ).mappings().first()
        if threshold is None:
            return None
        crossings = dict(threshold['crossings'] or {})
        side, direction = pm.crossing(
            crossings.get(key), value,
            threshold['criteria']['simpleThresholdDetails'])
        if direction is None:
            return None
        crossings[key] = side
        session.execute(sa.update(THRESHOLD).where(
            THRESHOLD.c.id == threshold_id).values(crossings=crossings))
        payload = crossed(dict(threshold), direction)
        outbox.enqueue(session, threshold['subscription_id'],
                       payload['notificationType'], payload)
        return direction
