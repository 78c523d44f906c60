"""Queries on alarms (``alarms``, SOL003 v3.3.1 7.5.2.4), as Core row
dicts whose keys are the table's column names.

The monitoring raises, updates and clears an alarm by its alert's
fingerprint; each change is one transaction with the notification it
causes (``on_change``).
"""
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import fm_alarms
from tacker.db import api as db_api
from tacker.db import models
from tacker.db import outbox
from tacker.db import paging

ALARM = models.Alarm.__table__
ORDER = paging.creation_order(ALARM)
UNACKNOWLEDGED = 'UNACKNOWLEDGED'
CLEARED = 'CLEARED'
# What a firing alert may change of its raised alarm.
_CHANGEABLE = ('perceived_severity', 'event_type', 'fault_type',
               'probable_cause', 'fault_details', 'faulty_resource')


def notifier(instance, base):
    """The ``on_change`` of an alarm of ``instance``: its notification
    (AlarmNotification, AlarmClearedNotification) into the outbox."""
    def notify(session, alarm):
        outbox.add(session, fm_alarms.alarm_changed(alarm, instance, base))
    return notify


def uncleared(context, raised_before=None):
    """(vnf_instance_id, fingerprint) of every alarm not cleared, raised
    before ``raised_before`` (naive UTC) when given."""
    with db_api.reader.using(context) as session:
        query = sa.select(ALARM.c.vnf_instance_id, ALARM.c.fingerprint).where(
            ALARM.c.alarm_cleared_time.is_(None))
        if raised_before is not None:
            query = query.where(ALARM.c.alarm_raised_time < raised_before)
        return {tuple(row) for row in session.execute(query)}


def _uncleared(session, instance_id, fingerprint):
    return session.execute(sa.select(ALARM).where(
        ALARM.c.vnf_instance_id == instance_id,
        ALARM.c.fingerprint == fingerprint,
        ALARM.c.alarm_cleared_time.is_(None)).with_for_update()
    ).mappings().first()


@db_api.retry_on_deadlock
def raise_alarm(context, instance, fingerprint, values, on_change=None):
    """Raise an alarm on ``instance`` for the alert ``fingerprint``, or
    update the uncleared one it raised before; ``values``: event_time
    and the ``_CHANGEABLE`` columns. ``on_change(session, alarm)`` runs
    when something was written. Returns the alarm."""
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        alarm = _uncleared(session, instance['id'], fingerprint)
        if alarm is None:
            alarm = dict(
                values, id=uuidutils.generate_uuid(),
                project_id=instance['project_id'],
                vnf_instance_id=instance['id'], fingerprint=fingerprint,
                alarm_raised_time=now, alarm_changed_time=None,
                alarm_cleared_time=None, alarm_acknowledged_time=None,
                ack_state=UNACKNOWLEDGED, created_at=now, updated_at=now)
            session.execute(sa.insert(ALARM).values(alarm))
        else:
            changed = {name: values[name] for name in _CHANGEABLE
                       if name in values and values[name] != alarm[name]}
            if not changed:
                return dict(alarm)
            changed.update(alarm_changed_time=now, updated_at=now,
                           event_time=values['event_time'])
            session.execute(sa.update(ALARM).where(
                ALARM.c.id == alarm['id']).values(changed))
            alarm = dict(alarm, **changed)
        if on_change:
            on_change(session, alarm)
        return alarm


@db_api.retry_on_deadlock
def clear_alarm(context, instance_id, fingerprint, event_time,
                on_change=None):
    """Clear the uncleared alarm of the alert ``fingerprint``; the
    cleared alarm, or None when there is none (already cleared, or never
    raised)."""
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        alarm = _uncleared(session, instance_id, fingerprint)
        if alarm is None:
            return None
        changed = {'perceived_severity': CLEARED, 'alarm_cleared_time': now,
                   'alarm_changed_time': now, 'event_time': event_time,
                   'updated_at': now}
        session.execute(sa.update(ALARM).where(
            ALARM.c.id == alarm['id']).values(changed))
        alarm = dict(alarm, **changed)
        if on_change:
            on_change(session, alarm)
        return alarm


def get(context, alarm_id, project_id=None):
    """:raises: AlarmNotFound"""
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, ALARM, alarm_id, project_id,
                                     exceptions.AlarmNotFound)


def list_page(context, project_id, *page, **options):
    """A page of alarms (see ``tacker.db.paging.list_page``)."""
    return paging.list_page(context, ALARM, db_api.project_scope(project_id),
                            *page, **options)


@db_api.retry_on_deadlock
def acknowledge(context, alarm_id, project_id, ack_state):
    """Set the alarm's ackState (SOL003 v3.3.1 7.4.3.3.4).

    :raises: AlarmNotFound; AckStateUnchanged when it has it already.
    """
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        alarm = db_api.one_in_project(session, ALARM, alarm_id, project_id,
                                      exceptions.AlarmNotFound, lock=True)
        if alarm['ack_state'] == ack_state:
            raise exceptions.AckStateUnchanged(id=alarm_id, state=ack_state)
        changed = {'ack_state': ack_state, 'updated_at': now,
                   'alarm_acknowledged_time': (
                       now if ack_state != UNACKNOWLEDGED else None)}
        session.execute(sa.update(ALARM).where(
            ALARM.c.id == alarm_id).values(changed))
        return dict(alarm, **changed)
