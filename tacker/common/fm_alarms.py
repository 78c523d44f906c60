"""Fault management's alarms as SOL003 v3.3.1 clause 7 shows them: the
Alarm (7.5.2.4), the notifications of a raised, changed or cleared one
(AlarmNotification 7.5.2.5, AlarmClearedNotification 7.5.2.6) and the
FmNotificationsFilter (7.5.3.2) that selects them. Pure, like the other
notifications: the database layer writes them to the outbox in the
transaction of the change."""
from tacker.common import alertmanager
from tacker.common import links
from tacker.common import notify

API = 'vnffm_v1'
ALARM = 'AlarmNotification'
CLEARED = 'AlarmClearedNotification'
REBUILT = 'AlarmListRebuiltNotification'
# The function_type of the alerts fault management takes (Tacker's
# Prometheus plugin's).
FAULT_MANAGEMENT = 'vnffm'
# PerceivedSeverityType (7.5.4.3) and EventType (7.5.4.5) of an alarm.
SEVERITIES = ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE',
              'CLEARED')
EVENT_TYPES = ('COMMUNICATIONS_ALARM', 'PROCESSING_ERROR_ALARM',
               'ENVIRONMENTAL_ALARM', 'QOS_ALARM', 'EQUIPMENT_ALARM')
ACK_STATES = ('UNACKNOWLEDGED', 'ACKNOWLEDGED')


def alarm_values(instance, alert):
    """The alarm column values of a firing fault management alert on
    ``instance`` (a VNF instance row): on the VNFC whose compute resource
    its ``pod`` or ``server_id`` label names.

    :raises InvalidAlert: naming what is wrong.
    """
    resource_id = alert.labels.get('pod') or alert.labels.get('server_id')
    vnfcs = (instance['instantiated_vnf_info'] or {}).get(
        'vnfcResourceInfo') or []
    vnfc = next((vnfc for vnfc in vnfcs if resource_id and
                 vnfc['computeResource']['resourceId'] == resource_id),
                None)
    if vnfc is None:
        raise alertmanager.refuse(
            'VNF instance %s has no VNFC whose compute resource is %r '
            '(label pod or server_id)' % (instance['id'], resource_id))
    details = alert.annotations.get('fault_details')
    return {
        'event_time': alert.event_time,
        'perceived_severity': alertmanager.label(
            alert, 'perceived_severity', SEVERITIES[:-1]),
        'event_type': alertmanager.label(alert, 'event_type', EVENT_TYPES),
        'probable_cause': alert.annotations.get('probable_cause') or
        alert.labels.get('alertname') or 'unknown',
        'fault_type': alert.annotations.get('fault_type'),
        'fault_details': [details] if details else None,
        'faulty_resource': {'faultyResource': vnfc['computeResource'],
                            'faultyResourceType': 'COMPUTE'}}


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


def list_rebuilt(project_id, base):
    """AlarmListRebuiltNotification (7.5.2.7) to the subscriptions of
    ``project_id`` whose notificationTypes admit it: its alarms changed
    otherwise than by alerts (``tacker.conductor.alarm_resync``)."""
    return notify.Notification(
        API, links.VNFFM, base, REBUILT, project_id,
        lambda wanted: not (wanted or {}).get('notificationTypes') or
        REBUILT in wanted['notificationTypes'],
        {}, {'alarms': {'href': links.alarms(base)}})


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
