"""Package subscriptions and notifications (SOL005 9.4.8 - 9.4.10) with a
real local consumer, delivered by the conductor through the outbox."""
import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs

API = '/vnfpkgm/v1'
SOL005 = ('SOL005', 'VNFPackageManagement-API')


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('subscriptions'), sections={
                'notification': {'retry_backoff_base': 0.5,
                                 'retry_backoff_max': 1,
                                 'delivery_interval': 0.2}}) as deploy:
        yield deploy


@pytest.fixture(autouse=True)
def no_subscription_left(deployment):
    """Each test starts without subscriptions on the shared deployment."""
    yield
    for item in deployment.get(API + '/subscriptions').json():
        assert deployment.request('DELETE', '%s/subscriptions/%s' % (
            API, item['id'])).status_code == 204


def subscribe(deployment, consumer, **extra):
    response = deployment.request('POST', API + '/subscriptions', json={
        'callbackUri': consumer.url + '/notify', **extra})
    assert response.status_code == 201, response.text
    body = response.json()
    etsi.validate(etsi_quirks(body), *SOL005, 'PkgmSubscription.schema.json')
    assert response.headers['Location'] == body['_links']['self']['href']
    return body


def etsi_quirks(subscription):
    """ETSI's conformance schema types filter.notificationTypes as one
    string, while SOL005 (9.5.3.2) makes it an array, as we answer."""
    types = subscription.get('filter', {}).get('notificationTypes')
    if not types:
        return subscription
    assert isinstance(types, list)
    return {**subscription, 'filter': {
        **subscription['filter'], 'notificationTypes': types[0]}}


def of_type(notification_type):
    return lambda received: [
        item for item in received
        if item['body']['notificationType'] == notification_type]


def test_onboarding_and_change_notifications_arrive(deployment, consumer,
                                                    tmp_path):
    subscription = subscribe(
        deployment, consumer,
        authentication={'authType': ['BASIC'], 'paramsBasic': {
            'userName': 'nfvo', 'password': 's3cret'}})
    assert 'authentication' not in subscription
    info = pkgs.onboard(deployment, tmp_path)
    received = consumer.wait_for(of_type('VnfPackageOnboardingNotification'))
    onboarding = received[0]['body']
    etsi.validate(onboarding, *SOL005,
                  'VnfPackageOnboardingNotification.schema.json')
    assert onboarding['vnfPkgId'] == info['id']
    assert onboarding['subscriptionId'] == subscription['id']
    assert received[0]['authorization'].startswith('Basic ')

    deployment.request(
        'PATCH', '%s/vnf_packages/%s' % (API, info['id']),
        json={'operationalState': 'DISABLED'},
        headers={'Content-Type': 'application/merge-patch+json'})
    change = consumer.wait_for(of_type('VnfPackageChangeNotification'))
    etsi.validate(change[0]['body'], *SOL005,
                  'VnfPackageChangeNotification.schema.json')
    assert change[0]['body']['changeType'] == 'OP_STATE_CHANGE'
    assert change[0]['body']['operationalState'] == 'DISABLED'


def test_notification_waits_for_a_consumer_that_is_down(
        deployment, consumer, tmp_path):
    subscribe(deployment, consumer)
    consumer.stop()
    pkgs.onboard(deployment, tmp_path)
    # Several delivery attempts fail meanwhile; then it comes back.
    consumer.start()
    consumer.wait_for(of_type('VnfPackageOnboardingNotification'))


def test_filter_selects_notifications(deployment, consumer, tmp_path):
    subscribe(deployment, consumer, filter={
        'notificationTypes': ['VnfPackageChangeNotification']})
    info = pkgs.onboard(deployment, tmp_path)
    deployment.request(
        'PATCH', '%s/vnf_packages/%s' % (API, info['id']),
        json={'operationalState': 'DISABLED'},
        headers={'Content-Type': 'application/merge-patch+json'})
    consumer.wait_for(of_type('VnfPackageChangeNotification'))
    assert not of_type('VnfPackageOnboardingNotification')(
        consumer.received)


def test_duplicate_subscription_is_303_see_other(deployment, consumer):
    first = subscribe(deployment, consumer)
    response = deployment.request(
        'POST', API + '/subscriptions',
        json={'callbackUri': consumer.url + '/notify'},
        allow_redirects=False)
    assert response.status_code == 303
    assert response.headers['Location'] == first['_links']['self']['href']


def test_unreachable_callback_is_refused(deployment):
    response = deployment.request(
        'POST', API + '/subscriptions',
        json={'callbackUri': 'http://127.0.0.1:9/nobody'})
    pkgs.assert_problem(response, 400, '127.0.0.1:9')


def test_list_show_delete(deployment, consumer):
    subscription = subscribe(deployment, consumer)
    url = '%s/subscriptions/%s' % (API, subscription['id'])
    listed = deployment.get(API + '/subscriptions').json()
    etsi.validate(listed, *SOL005, 'PkgmSubscriptions.schema.json')
    assert [item['id'] for item in listed] == [subscription['id']]
    assert deployment.get(url).json() == subscription
    assert deployment.request('DELETE', url).status_code == 204
    pkgs.assert_problem(deployment.get(url), 404)
