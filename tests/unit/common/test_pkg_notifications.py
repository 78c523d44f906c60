"""Which package subscriptions a notification goes to (SOL005
PkgmNotificationsFilter)."""
import pytest

from tacker.common import pkg_notifications

PACKAGE = {'id': 'p1', 'vnfd_id': 'd1', 'vnf_provider': 'ACME',
           'vnf_product_name': 'fw', 'vnf_software_version': '1.0',
           'vnfd_version': '2.0', 'operational_state': 'ENABLED',
           'usage_state': 'NOT_IN_USE'}
ONBOARDING = pkg_notifications.ONBOARDING


@pytest.mark.parametrize('subscription_filter, expected', [
    (None, True),
    ({}, True),
    ({'notificationTypes': [ONBOARDING]}, True),
    ({'notificationTypes': ['VnfPackageChangeNotification']}, False),
    ({'vnfdId': ['d1', 'd2']}, True),
    ({'vnfdId': ['d2']}, False),
    ({'vnfPkgId': ['p1']}, True),
    ({'operationalState': ['DISABLED']}, False),
    ({'usageState': ['NOT_IN_USE']}, True),
    ({'vnfProductsFromProviders': [{'vnfProvider': 'ACME'}]}, True),
    ({'vnfProductsFromProviders': [{'vnfProvider': 'Other'}]}, False),
    ({'vnfProductsFromProviders': [{'vnfProvider': 'ACME', 'vnfProducts': [
        {'vnfProductName': 'fw', 'versions': [
            {'vnfSoftwareVersion': '1.0', 'vnfdVersions': ['2.0']}]}]}]},
     True),
    ({'vnfProductsFromProviders': [{'vnfProvider': 'ACME', 'vnfProducts': [
        {'vnfProductName': 'fw', 'versions': [
            {'vnfSoftwareVersion': '1.0', 'vnfdVersions': ['3.0']}]}]}]},
     False),
    ({'vnfProductsFromProviders': [{'vnfProvider': 'ACME', 'vnfProducts': [
        {'vnfProductName': 'router'}]}]}, False),
    ({'vnfdId': ['d1'], 'operationalState': ['DISABLED']}, False),
])
def test_filter_matching(subscription_filter, expected):
    assert pkg_notifications.matches(subscription_filter, PACKAGE,
                                     ONBOARDING) is expected


def test_a_package_never_onboarded_notifies_nothing():
    assert pkg_notifications.package_changed(
        dict(PACKAGE, vnfd_id=None), 'http://x',
        pkg_notifications.PKG_DELETE) is None


def test_change_payload():
    notification = pkg_notifications.package_changed(
        dict(PACKAGE, project_id='a'), 'http://x',
        pkg_notifications.OP_STATE_CHANGE)
    assert notification.project_id == 'a'
    payload = notification.payload('s1')
    assert payload['changeType'] == 'OP_STATE_CHANGE'
    assert payload['operationalState'] == 'ENABLED'
    assert payload['vnfPkgId'] == 'p1' and payload['vnfdId'] == 'd1'
    assert payload['_links'] == {
        'vnfPackage': {'href': 'http://x/vnfpkgm/v1/vnf_packages/p1'},
        'subscription': {'href': 'http://x/vnfpkgm/v1/subscriptions/s1'}}
