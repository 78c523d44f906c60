"""Fault management (/vnffm/v1, SOL003 v3.3.1 clause 7) through the real
server, conductor and RabbitMQ: alarms raised, updated and cleared by
Alertmanager's webhook (POST /alert) on a noop VNF's VNFCs, listed,
acknowledged and notified to a real consumer; responses validated
against ETSI's fault management OpenAPI document. And the automatic
operations of the auto-heal and auto-scale webhooks."""
import time

import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs

FM = '/vnffm/v1'
VERSION = {'Version': '1.3.0'}
ALARM = '/alarms/{alarmId}'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('fm'), sections={'prometheus_plugin': {
                'auto_heal_window': 1, 'automatic_interval': 0.2}}) as deploy:
        yield deploy


def instantiated(deployment, tmp_path, **properties):
    """An instantiated noop VNF with ``vnfConfigurableProperties``."""
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    vnf = v2_lcm.new_instance(deployment, vnfd_id)
    v2_lcm.run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': v2_lcm.NOOP_VIM,
        'vnfConfigurableProperties': properties})
    return vnf


@pytest.fixture
def vnf(deployment, tmp_path):
    """An instantiated noop VNF: (its id, its VNFCs' compute resources)."""
    vnf = instantiated(deployment, tmp_path)
    info = v2_lcm.instance(deployment, vnf)['instantiatedVnfInfo']
    return vnf, [vnfc['computeResource']['resourceId']
                 for vnfc in info['vnfcResourceInfo']]


def fm(deployment, method, path, **kwargs):
    response = deployment.request(method, FM + path, headers=dict(
        VERSION, **kwargs.pop('headers', {})), timeout=30, **kwargs)
    assert response.headers['Version'] == '1.3.0'
    return response


def alert(vnf, server, status='firing', severity='CRITICAL',
          fingerprint='f1', **labels):
    return {'status': status, 'fingerprint': fingerprint,
            'labels': dict({'receiver_type': 'tacker',
                            'function_type': 'vnffm',
                            'vnf_instance_id': vnf, 'server_id': server,
                            'perceived_severity': severity,
                            'event_type': 'EQUIPMENT_ALARM',
                            'alertname': 'HealthDown'}, **labels),
            'annotations': {'probable_cause': 'health gauge dropped',
                            'fault_type': 'Server Down',
                            'fault_details': 'health 0'},
            'startsAt': '2026-12-06T08:00:00.000Z',
            'endsAt': ('0001-01-01T00:00:00Z' if status == 'firing'
                       else '2026-12-06T08:05:00.000Z')}


def post_alerts(deployment, *alerts):
    return deployment.request('POST', '/alert', json={
        'version': '4', 'status': 'firing', 'receiver': 'tacker',
        'alerts': list(alerts)}, timeout=30)


def alarms_of(deployment, vnf):
    listed = fm(deployment, 'GET', '/alarms', params={
        'filter': '(eq,managedObjectId,%s)' % vnf})
    assert listed.status_code == 200, listed.text
    etsi.validate_response(listed.json(), 'fault', '/alarms', 'get', 200)
    return listed.json()


def test_an_alert_raises_updates_and_clears_an_alarm_and_notifies(
        deployment, vnf, consumer):
    vnf_id, servers = vnf
    subscription = fm(deployment, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/fm', 'filter': {
            'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [vnf_id]},
            'perceivedSeverities': ['CRITICAL', 'MAJOR', 'CLEARED']}})
    assert subscription.status_code == 201, subscription.text
    etsi.validate_response(subscription.json(), 'fault', '/subscriptions',
                           'post', 201)

    assert post_alerts(deployment, alert(vnf_id, servers[0])
                       ).status_code == 204
    [alarm] = alarms_of(deployment, vnf_id)
    assert (alarm['perceivedSeverity'], alarm['ackState'],
            alarm['rootCauseFaultyResource']['faultyResource'][
                'resourceId'], alarm['faultType']) == (
        'CRITICAL', 'UNACKNOWLEDGED', servers[0], 'Server Down')
    shown = fm(deployment, 'GET', '/alarms/' + alarm['id'])
    etsi.validate_response(shown.json(), 'fault', ALARM, 'get', 200)
    # Alertmanager repeats a firing alert: the same alarm, updated.
    post_alerts(deployment, alert(vnf_id, servers[0], severity='MAJOR'))
    [updated] = alarms_of(deployment, vnf_id)
    assert (updated['id'], updated['perceivedSeverity']) == (alarm['id'],
                                                             'MAJOR')
    assert 'alarmChangedTime' in updated

    acked = fm(deployment, 'PATCH', '/alarms/' + alarm['id'],
               json={'ackState': 'ACKNOWLEDGED'})
    assert acked.status_code == 200, acked.text
    etsi.validate_response(acked.json(), 'fault', ALARM, 'patch', 200)
    again = fm(deployment, 'PATCH', '/alarms/' + alarm['id'],
               json={'ackState': 'ACKNOWLEDGED'})
    assert again.status_code == 409
    assert 'alarmAcknowledgedTime' in fm(
        deployment, 'GET', '/alarms/' + alarm['id']).json()

    post_alerts(deployment, alert(vnf_id, servers[0], status='resolved'))
    [cleared] = alarms_of(deployment, vnf_id)
    assert cleared['perceivedSeverity'] == 'CLEARED'
    assert 'alarmClearedTime' in cleared

    def told(received):
        types = [item['body']['notificationType'] for item in received
                 if item['path'] == '/fm']
        return received if len(types) == 3 else None
    received = [item['body'] for item in consumer.wait_for(told)]
    assert [body['notificationType'] for body in received] == [
        'AlarmNotification', 'AlarmNotification',
        'AlarmClearedNotification']
    assert [body['alarm']['perceivedSeverity'] for body in received[:2]] \
        == ['CRITICAL', 'MAJOR']
    assert received[2]['alarmId'] == alarm['id']
    assert received[2]['_links']['alarm']['href'].endswith(
        '/vnffm/v1/alarms/' + alarm['id'])


@pytest.mark.parametrize('change, words', [
    ({'vnf_instance_id': 'no-such-vnf'}, 'does not exist'),
    ({'server_id': 'no-such-server'}, 'no VNFC'),
    ({'perceived_severity': 'SEVERE'}, 'perceived_severity'),
    ({'event_type': None}, 'event_type'),
])
def test_an_alert_naming_what_is_not_there_is_refused_with_nothing_stored(
        deployment, vnf, change, words):
    vnf_id, servers = vnf
    good = alert(vnf_id, servers[0], fingerprint='good')
    bad = alert(vnf_id, servers[0], fingerprint='bad')
    bad['labels'] = {name: value for name, value in dict(
        bad['labels'], **change).items() if value is not None}
    response = post_alerts(deployment, good, bad)
    assert response.status_code == 400, response.text
    assert words in response.json()['detail']
    assert alarms_of(deployment, vnf_id) == []


def test_malformed_webhooks_and_ack_states_are_400s(deployment, vnf):
    vnf_id, servers = vnf
    for body in ({}, {'alerts': 'x'}, {'alerts': [{'status': 'maybe'}]},
                 {'alerts': [dict(alert(vnf_id, servers[0]),
                                  startsAt='yesterday')]}):
        assert deployment.request('POST', '/alert', json=body).status_code \
            == 400
    post_alerts(deployment, alert(vnf_id, servers[1]))
    [alarm] = alarms_of(deployment, vnf_id)
    assert fm(deployment, 'PATCH', '/alarms/' + alarm['id'],
              json={'ackState': 'SEEN'}).status_code == 400
    assert fm(deployment, 'GET', '/alarms/no-such').status_code == 404
    assert deployment.request('GET', FM + '/alarms').status_code == 400


def automatic_alert(vnf, function_type, **labels):
    return {'status': 'firing', 'labels': dict(
        receiver_type='tacker', function_type=function_type,
        vnf_instance_id=vnf, **labels),
        'startsAt': '2026-12-06T08:00:00Z', 'annotations': {}}


def ops_of(deployment, vnf):
    return v2_lcm.v2(deployment, 'GET', '/vnf_lcm_op_occs', params={
        'filter': '(eq,vnfInstanceId,%s)' % vnf}).json()


def wait_for_op(deployment, vnf, operation, count=1, timeout=30):
    """The automatic occurrences of ``operation``, once ``count`` of them
    ended."""
    deadline = time.monotonic() + timeout
    while True:
        ops = [op for op in ops_of(deployment, vnf)
               if op['operation'] == operation and
               op['isAutomaticInvocation'] and
               op['operationState'] in v2_lcm.FINAL]
        if len(ops) >= count:
            return [v2_lcm.v2(deployment, 'GET', '/vnf_lcm_op_occs/' +
                              op['id']).json() for op in ops]
        assert time.monotonic() < deadline, ops_of(deployment, vnf)
        time.sleep(0.2)


def test_auto_heal_alerts_of_a_window_heal_their_vnfcs_at_once(
        deployment, tmp_path):
    vnf = instantiated(deployment, tmp_path, isAutohealEnabled=True)
    vnfc_ids = [vnfc['id'] for vnfc in v2_lcm.instance(deployment, vnf)[
        'instantiatedVnfInfo']['vnfcInfo']]
    for vnfc_id in vnfc_ids:
        response = deployment.request('POST', '/alert/auto_healing', json={
            'alerts': [automatic_alert(vnf, 'auto_heal',
                                       vnfc_info_id=vnfc_id)]})
        assert response.status_code == 204, response.text

    [heal] = wait_for_op(deployment, vnf, 'HEAL')

    assert heal['operationState'] == 'COMPLETED'
    assert sorted(heal['operationParams']['vnfcInstanceId']) == sorted(
        vnfc_ids)
    assert len(heal['resourceChanges']['affectedVnfcs']) == len(vnfc_ids)


def test_auto_scale_waits_behind_a_running_operation(deployment, tmp_path):
    vnf = instantiated(deployment, tmp_path, isAutoscaleEnabled=True)
    slow = v2_lcm.v2(deployment, 'POST', '/vnf_instances/%s/heal' % vnf,
                     json={'additionalParams': {'noop_delay_s': 2}})
    assert slow.status_code == 202
    response = deployment.request('POST', '/alert/auto_scaling', json={
        'alerts': [automatic_alert(vnf, 'auto_scale',
                                   auto_scale_type='SCALE_OUT',
                                   aspect_id='worker_instance')]})
    assert response.status_code == 204, response.text

    [scale] = wait_for_op(deployment, vnf, 'SCALE')

    assert scale['operationState'] == 'COMPLETED'
    heal = [op for op in ops_of(deployment, vnf) if op['operation'] ==
            'HEAL'][0]
    assert heal['operationState'] == 'COMPLETED'
    assert scale['startTime'] >= heal['stateEnteredTime']
    assert scale['operationParams']['type'] == 'SCALE_OUT'


def test_automatic_alerts_of_a_disabled_or_unknown_target(deployment,
                                                          tmp_path):
    vnf = instantiated(deployment, tmp_path, isAutohealEnabled=False)
    vnfc_id = v2_lcm.instance(deployment, vnf)['instantiatedVnfInfo'][
        'vnfcInfo'][0]['id']
    assert deployment.request('POST', '/alert/auto_healing', json={
        'alerts': [automatic_alert(vnf, 'auto_heal', vnfc_info_id=vnfc_id)]
    }).status_code == 204
    for path, labels, words in (
            ('/alert/auto_healing', {'vnfc_info_id': 'VDU9-x'}, 'no VNFC'),
            ('/alert/auto_scaling', {'auto_scale_type': 'SCALE_UP',
                                     'aspect_id': 'worker_instance'},
             'auto_scale_type'),
            ('/alert/auto_scaling', {'auto_scale_type': 'SCALE_OUT',
                                     'aspect_id': 'nope'}, 'aspect')):
        function_type = 'auto_heal' if 'heal' in path else 'auto_scale'
        response = deployment.request('POST', path, json={
            'alerts': [automatic_alert(vnf, function_type, **labels)]})
        assert response.status_code == 400, response.text
        assert words in response.json()['detail']
    # Three automatic passes and the window later: nothing was started.
    time.sleep(1.8)
    assert [op['operation'] for op in ops_of(deployment, vnf)] == [
        'INSTANTIATE']
