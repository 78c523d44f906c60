"""VNF instance resources (SOL003 v2.6.1 5.4.2 - 5.4.3) and the identifier
notifications, through the real server and conductor."""
import pytest

from tests import etsi
from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs

API = '/vnflcm/v1'
SOL003 = ('SOL003', 'VNFLifecycleManagement-API')


@pytest.fixture(scope='module')
def deployment(backend, tmp_path_factory):
    """One deployment per backend for the module: no test stops a
    process."""
    with deployment_lib.shared_deployment(
            tmp_path_factory.mktemp('instances'), backend, sections={
                'notification': {'delivery_interval': 0.2}}) as deploy:
        yield deploy


def create_instance(deployment, vnfd_id, **extra):
    response = deployment.request('POST', API + '/vnf_instances', json={
        'vnfdId': vnfd_id, **extra})
    assert response.status_code == 201, response.text
    body = response.json()
    etsi.validate(body, *SOL003, 'vnfInstance.schema.json')
    assert response.headers['Location'] == body['_links']['self']['href']
    return body


def package_of(deployment, package_id):
    return deployment.get('/vnfpkgm/v1/vnf_packages/%s' % package_id).json()


@pytest.mark.parametrize('backend', dbs.backends(), scope='module')
def test_create_list_show_delete_and_package_usage(deployment, consumer,
                                                   tmp_path):
    subscription = deployment.request('POST', API + '/subscriptions', json={
        'callbackUri': consumer.url + '/lcm'})
    assert subscription.status_code == 201, subscription.text
    etsi.validate(subscription.json(), *SOL003, 'LccnSubscription.schema.json')
    package = pkgs.onboard(deployment, tmp_path)

    instance = create_instance(deployment, package['vnfdId'],
                               vnfInstanceName='fw-1',
                               metadata={'site': 'a'})
    assert instance['instantiationState'] == 'NOT_INSTANTIATED'
    assert instance['vnfProvider'] == package['vnfProvider']
    assert 'instantiate' in instance['_links']
    assert package_of(deployment, package['id'])['usageState'] == 'IN_USE'

    url = '%s/vnf_instances/%s' % (API, instance['id'])
    assert deployment.get(url).json() == instance
    listed = deployment.get(
        API + '/vnf_instances?filter=(eq,vnfInstanceName,fw-1)').json()
    etsi.validate(listed, *SOL003, 'vnfInstances.schema.json')
    assert [item['id'] for item in listed] == [instance['id']]
    assert 'metadata' not in listed[0]

    pkg_url = '/vnfpkgm/v1/vnf_packages/%s' % package['id']
    deployment.request(
        'PATCH', pkg_url, json={'operationalState': 'DISABLED'},
        headers={'Content-Type': 'application/merge-patch+json'})
    pkgs.assert_problem(deployment.request('DELETE', pkg_url), 409)

    assert deployment.request('DELETE', url).status_code == 204
    pkgs.assert_problem(deployment.get(url), 404)
    assert package_of(deployment, package['id'])['usageState'] == \
        'NOT_IN_USE'

    types = [item['body']['notificationType'] for item in consumer.wait_for(
        lambda received: received if len(received) >= 2 else None)]
    assert types == ['VnfIdentifierCreationNotification',
                     'VnfIdentifierDeletionNotification']
    creation, deletion = [item['body'] for item in consumer.received]
    etsi.validate(creation, *SOL003,
                  'VnfIdentifierCreationNotification.schema.json')
    etsi.validate(deletion, *SOL003,
                  'vnfIdentifierDeletionNotification.schema.json')
    assert creation['vnfInstanceId'] == instance['id']
    assert deployment.request('DELETE', '%s/subscriptions/%s' % (
        API, subscription.json()['id'])).status_code == 204


@pytest.mark.parametrize('backend', dbs.backends('sqlite'), scope='module')
def test_instance_errors_are_problem_details(deployment, tmp_path):
    pkgs.assert_problem(deployment.request(
        'POST', API + '/vnf_instances', json={'vnfdId': 'no-such-vnfd'}),
        422, 'no-such-vnfd')
    pkgs.assert_problem(deployment.request(
        'POST', API + '/vnf_instances', json={'vnfInstanceName': 'x'}),
        400, 'vnfdId')
    pkgs.assert_problem(deployment.get(API + '/vnf_instances/nope'), 404)
    pkgs.assert_problem(deployment.request(
        'DELETE', API + '/vnf_instances/nope'), 404)
    pkgs.assert_problem(deployment.get(
        API + '/vnf_instances?filter=(eq,nothing,1)'), 400)
    package = pkgs.onboard(deployment, tmp_path)
    deployment.request(
        'PATCH', '/vnfpkgm/v1/vnf_packages/%s' % package['id'],
        json={'operationalState': 'DISABLED'},
        headers={'Content-Type': 'application/merge-patch+json'})
    pkgs.assert_problem(deployment.request(
        'POST', API + '/vnf_instances', json={'vnfdId': package['vnfdId']}),
        422, 'ENABLED')
