"""VNF LCM notifications are built without the database (SOL003 v2.6.1
5.5.2.16 - 5.5.2.18)."""
import pytest

from tacker.common import lcm_notifications
from tacker.common import states

BASE = 'https://nfv.example'
INSTANCE = {'id': 'i1', 'project_id': 'a', 'vnfd_id': 'd1',
            'vnf_instance_name': 'fw', 'vnf_provider': 'ACME',
            'vnf_product_name': 'fw', 'vnf_software_version': '1.0',
            'vnfd_version': '2.0'}


def _op(state, **values):
    return dict({'id': 'o1', 'operation_state': state,
                 'operation': states.SCALE, 'is_automatic_invocation': False,
                 'resource_changes': {'affectedVnfcs': [{'id': 'c1'}],
                                      'affectedVirtualLinks': []},
                 'changed_info': None, 'changed_ext_connectivity': None,
                 'error': None}, **values)


@pytest.mark.parametrize('state', sorted(states.LCM_OP))
def test_start_while_running_result_once_it_waits_or_ended(state):
    notification, _ = lcm_notifications.op_changed(_op(state), INSTANCE,
                                                   BASE)
    result = state not in (states.STARTING, states.PROCESSING,
                           states.ROLLING_BACK)
    assert notification.fields['notificationStatus'] == (
        'RESULT' if result else 'START')
    # Resource changes are reported with the result only, empty ones left
    # out.
    assert ('affectedVnfcs' in notification.fields) is result
    assert 'affectedVirtualLinks' not in notification.fields


def test_payload_addresses_its_subscription():
    notification, _ = lcm_notifications.op_changed(
        _op(states.FAILED_TEMP, error={'status': 500}), INSTANCE, BASE)
    assert notification.project_id == 'a'
    assert notification.api == lcm_notifications.API
    payload = notification.payload('s1')
    assert payload['subscriptionId'] == 's1'
    assert payload['notificationType'] == lcm_notifications.OPERATION
    assert payload['error'] == {'status': 500}
    assert payload['_links'] == {
        'vnfInstance': {'href': BASE + '/vnflcm/v1/vnf_instances/i1'},
        'vnfLcmOpOcc': {'href': BASE + '/vnflcm/v1/vnf_lcm_op_occs/o1'},
        'subscription': {'href': BASE + '/vnflcm/v1/subscriptions/s1'}}
    assert payload['id'] != notification.payload('s1')['id']


@pytest.mark.parametrize('subscription_filter, selected', [
    ({}, True),
    ({'operationTypes': [states.SCALE]}, True),
    ({'operationTypes': [states.HEAL]}, False),
    ({'operationStates': [states.COMPLETED]}, False),
    ({'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': ['i2']}}, False),
])
def test_the_notification_selects_by_the_subscription_filter(
        subscription_filter, selected):
    for notification in lcm_notifications.op_changed(
            _op(states.PROCESSING), INSTANCE, BASE):
        assert notification.selected(subscription_filter) is selected


def test_identifier_notifications_link_the_instance_only():
    for build, notification_type in (
            (lcm_notifications.instance_created, lcm_notifications.CREATION),
            (lcm_notifications.instance_deleted, lcm_notifications.DELETION)):
        payload = build(INSTANCE, BASE)[0].payload('s1')
        assert payload['notificationType'] == notification_type
        assert payload['vnfInstanceId'] == 'i1'
        assert set(payload['_links']) == {'vnfInstance', 'subscription'}


def test_v2_tells_the_change_in_the_3_3_1_shapes_short_or_full():
    _, notification = lcm_notifications.op_changed(_op(
        states.COMPLETED, resource_changes={
            'affectedVnfcs': [{'id': 'c1'}],
            'affectedVirtualLinks': [{'id': 'l1',
                                      'virtualLinkDescId': 'vl'}]},
        changed_info={'vnfPkgId': 'p2', 'vnfdId': 'd2'}), INSTANCE, BASE)
    assert notification.api == lcm_notifications.API_V2
    full = notification.payload('s2', 'FULL')
    assert full['verbosity'] == 'FULL'
    assert full['affectedVirtualLinks'] == [
        {'id': 'l1', 'vnfVirtualLinkDescId': 'vl'}]
    assert full['changedInfo'] == {'vnfdId': 'd2'}
    assert full['_links'] == {
        'vnfInstance': {'href': BASE + '/vnflcm/v2/vnf_instances/i1'},
        'vnfLcmOpOcc': {'href': BASE + '/vnflcm/v2/vnf_lcm_op_occs/o1'},
        'subscription': {'href': BASE + '/vnflcm/v2/subscriptions/s2'}}
    short = notification.payload('s2', 'SHORT')
    assert short['verbosity'] == 'SHORT'
    assert not {'affectedVnfcs', 'affectedVirtualLinks',
                'changedInfo'} & set(short)
    assert short['operationState'] == 'COMPLETED'


def test_v2_tells_a_package_change_as_modifications_it_triggered():
    _, notification = lcm_notifications.op_changed(_op(
        states.COMPLETED, operation=states.CHANGE_VNFPKG,
        changed_info={'vnfPkgId': 'p2', 'vnfdId': 'd2'}), INSTANCE, BASE)
    full = notification.payload('s2', 'FULL')
    assert full['modificationsTriggeredByVnfPkgChange'] == {'vnfdId': 'd2'}
    assert 'changedInfo' not in full
    assert 'modificationsTriggeredByVnfPkgChange' not in \
        notification.payload('s2', 'SHORT')
