"""Alarms as SOL003 v3.3.1 clause 7 shows and notifies them."""
import datetime

from tacker.common import fm_alarms

T = datetime.datetime(2026, 12, 6, 8, 0, 0)
INSTANCE = {'id': 'i1', 'project_id': 'a', 'vnfd_id': 'd1',
            'vnf_instance_name': 'fw', 'vnf_provider': 'ACME',
            'vnf_product_name': 'fw', 'vnf_software_version': '1.0',
            'vnfd_version': '2.0'}
ALARM = {'id': 'a1', 'vnf_instance_id': 'i1', 'alarm_raised_time': T,
         'alarm_changed_time': None, 'alarm_cleared_time': None,
         'alarm_acknowledged_time': None, 'ack_state': 'UNACKNOWLEDGED',
         'perceived_severity': 'MAJOR', 'event_time': T,
         'event_type': 'EQUIPMENT_ALARM', 'probable_cause': 'down',
         'fault_type': None, 'fault_details': None,
         'faulty_resource': {'faultyResource': {'resourceId': 's1'},
                             'faultyResourceType': 'COMPUTE'}}


def test_an_alarm_shows_what_it_has_and_links_its_vnf():
    view = fm_alarms.alarm_view(ALARM, 'https://nfv')
    assert view['alarmRaisedTime'] == '2026-12-06T08:00:00.000Z'
    assert 'alarmClearedTime' not in view and 'faultType' not in view
    assert view['_links']['objectInstance']['href'] == \
        'https://nfv/vnflcm/v2/vnf_instances/i1'


def test_the_filter_selects_by_severity_type_cause_and_instance():
    def selected(wanted, alarm=ALARM):
        return fm_alarms.alarm_changed(alarm, INSTANCE, 'b').selected(
            wanted)
    assert selected({})
    assert selected({'perceivedSeverities': ['MAJOR'],
                     'faultyResourceTypes': ['COMPUTE'],
                     'vnfInstanceSubscriptionFilter': {
                         'vnfInstanceIds': ['i1']}})
    assert not selected({'perceivedSeverities': ['CRITICAL']})
    assert not selected({'eventTypes': ['QOS_ALARM']})
    assert not selected({'probableCauses': ['fire']})
    assert not selected({'vnfInstanceSubscriptionFilter': {
        'vnfInstanceNames': ['db']}})
    assert not selected({'notificationTypes': ['AlarmClearedNotification']})


def test_a_cleared_alarm_is_told_as_such():
    cleared = dict(ALARM, perceived_severity='CLEARED',
                   alarm_cleared_time=T)
    notification = fm_alarms.alarm_changed(cleared, INSTANCE, 'https://nfv')
    payload = notification.payload('s1')
    assert payload['notificationType'] == 'AlarmClearedNotification'
    assert payload['alarmId'] == 'a1'
    assert payload['_links']['alarm']['href'] == \
        'https://nfv/vnffm/v1/alarms/a1'
    assert notification.selected({'notificationTypes': [
        'AlarmClearedNotification'], 'perceivedSeverities': ['CLEARED']})
