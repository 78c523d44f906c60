"""Fault management's alarms as SOL003 v3.3.1 clause 7 shows them: the
Alarm (7.5.2.4), the notifications of a raised, changed or cleared one
(AlarmNotification 7.5.2.5, AlarmClearedNotification 7.5.2.6) and the
FmNotificationsFilter (7.5.3.2) that selects them. Pure, like the other
notifications: the database layer writes them to the outbox in the
transaction of the change."""
from tacker.common import links
from tacker.common import notify

API = 'vnffm_v1'
ALARM = 'AlarmNotification'
CLEARED = 'AlarmClearedNotification'
# PerceivedSeverityType (7.5.4.3) and EventType (7.5.4.5) of an alarm.
SEVERITIES = ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE',
              'CLEARED')
EVENT_TYPES = ('COMMUNICATIONS_ALARM', 'PROCESSING_ERROR_ALARM',
               'ENVIRONMENTAL_ALARM', 'QOS_ALARM', 'EQUIPMENT_ALARM')
ACK_STATES = ('UNACKNOWLEDGED', 'ACKNOWLEDGED')


def _time(timestamp):
    return None if timestamp is None else timestamp.isoformat(
        timespec='milliseconds') + 'Z'


def alarm_view(alarm, base):
    """Alarm (7.5.2.4) of an ``alarms`` row."""
    view = {
        'id': alarm['id'],
        'managedObjectId': alarm['vnf_instance_id'],
        'alarmRaisedTime': _time(alarm['alarm_raised_time']),
        'ackState': alarm['ack_state'],
        'perceivedSeverity': alarm['perceived_severity'],
        'eventTime': _time(alarm['event_time']),
        'eventType': alarm['event_type'],
        'probableCause': alarm['probable_cause'],
        'isRootCause': True,
        '_links': {
            'self': {'href': links.alarm(base, alarm['id'])},
            'objectInstance': {'href': links.vnf_instance(
                base, alarm['vnf_instance_id'], root=links.VNFLCM_V2)}},
    }
    for name, column in (('alarmChangedTime', 'alarm_changed_time'),
                         ('alarmClearedTime', 'alarm_cleared_time'),
                         ('alarmAcknowledgedTime',
                          'alarm_acknowledged_time')):
        if alarm[column] is not None:
            view[name] = _time(alarm[column])
    for name, column in (('rootCauseFaultyResource', 'faulty_resource'),
                         ('faultType', 'fault_type'),
                         ('faultDetails', 'fault_details')):
        if alarm[column]:
            view[name] = alarm[column]
    return view


def matches(subscription_filter, instance, notification_type, alarm):
    """Whether a FmNotificationsFilter (7.5.3.2) selects this."""
    wanted = subscription_filter or {}
    resource_type = (alarm['faulty_resource'] or {}).get(
        'faultyResourceType')
    for attribute, value in (
            ('notificationTypes', notification_type),
            ('faultyResourceTypes', resource_type),
            ('perceivedSeverities', alarm['perceived_severity']),
            ('eventTypes', alarm['event_type']),
            ('probableCauses', alarm['probable_cause'])):
        if wanted.get(attribute) and value not in wanted[attribute]:
            return False
    return notify.instance_matches(
        wanted.get('vnfInstanceSubscriptionFilter'), instance)


def alarm_changed(alarm, instance, base):
    """The notification of a raised, changed or cleared alarm."""
    if alarm['alarm_cleared_time'] is not None:
        return notify.Notification(
            API, links.VNFFM, base, CLEARED, instance['project_id'],
            lambda wanted: matches(wanted, instance, CLEARED, alarm),
            {'alarmId': alarm['id'],
             'alarmClearedTime': _time(alarm['alarm_cleared_time'])},
            {'alarm': {'href': links.alarm(base, alarm['id'])}})
    return notify.Notification(
        API, links.VNFFM, base, ALARM, instance['project_id'],
        lambda wanted: matches(wanted, instance, ALARM, alarm),
        {'alarm': alarm_view(alarm, base)}, {})
