"""/vnflcm/v2 (SOL003 v3.3.1) through the real server, conductor and
RabbitMQ with the noop infra driver: the same operations as v1's, in the
3.3.1 shapes (validated against ETSI's OpenAPI document), on instances
that either API may have created."""
import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

V2 = '/vnflcm/v2'
VERSION = {'Version': '2.0.0'}
NOOP_VIM = {'vim-noop': {'vimType': 'noop'}}
INSTANCE = '/vnf_instances/{vnfInstanceId}'
OP_OCC = '/vnf_lcm_op_occs/{vnfLcmOpOccId}'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('lcm-v2')) as deploy:
        yield deploy


@pytest.fixture
def vnfd_id(deployment, tmp_path):
    return pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']


def v2(deployment, method, path, **kwargs):
    response = deployment.request(method, V2 + path, headers=dict(
        VERSION, **kwargs.pop('headers', {})), timeout=30, **kwargs)
    assert response.headers['Version'] == '2.0.0'
    return response


def new_instance(deployment, vnfd_id):
    response = v2(deployment, 'POST', '/vnf_instances',
                  json={'vnfdId': vnfd_id, 'vnfInstanceName': 'v2'})
    assert response.status_code == 201, response.text
    etsi.validate_response(response.json(), 'lifecycle', '/vnf_instances',
                           'post', 201)
    return response.json()['id']


def instance(deployment, vnf):
    body = v2(deployment, 'GET', '/vnf_instances/' + vnf).json()
    etsi.validate_response(body, 'lifecycle', INSTANCE, 'get', 200)
    return body


def run(deployment, vnf, name, body, state='COMPLETED'):
    """Start task ``name`` through v2; the occurrence (as v2 shows it)
    once it ended ``state``."""
    response = v2(deployment, 'POST', '/vnf_instances/%s/%s' % (vnf, name),
                  json=body)
    assert response.status_code == 202, response.text
    location = response.headers['Location']
    assert location.startswith(deployment.url + V2 + '/vnf_lcm_op_occs/')
    return wait(deployment, location.rsplit('/', 1)[1], state)


def wait(deployment, op_id, state, after=None):
    lcm.wait_op(deployment, op_id, (state,), after=after)
    op = v2(deployment, 'GET', '/vnf_lcm_op_occs/' + op_id).json()
    etsi.validate_response(op, 'lifecycle', OP_OCC, 'get', 200)
    assert op['operationState'] == state, op
    return op


def test_a_whole_lifecycle_through_v2(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)

    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'instantiationLevelId':
        'instantiation_level_1', 'vimConnectionInfo': NOOP_VIM})
    assert op['operationParams']['vimConnectionInfo'] == NOOP_VIM
    info = instance(deployment, vnf)
    assert info['vimConnectionInfo'] == NOOP_VIM
    vnfcs = info['instantiatedVnfInfo']['vnfcResourceInfo']
    assert [vnfc['vnfcResourceInfoId'] for vnfc in
            info['instantiatedVnfInfo']['vnfcInfo']] == [
        vnfc['id'] for vnfc in vnfcs]

    run(deployment, vnf, 'scale', {'type': 'SCALE_OUT',
                                   'aspectId': 'worker_instance'})
    assert lcm.vnfc_count(instance(deployment, vnf), 'VDU1') == 2
    run(deployment, vnf, 'scale', {'type': 'SCALE_IN',
                                   'aspectId': 'worker_instance'})
    healed = instance(deployment, vnf)['instantiatedVnfInfo'][
        'vnfcResourceInfo'][0]['id']
    run(deployment, vnf, 'heal', {'vnfcInstanceId': [healed]})

    modified = v2(deployment, 'PATCH', '/vnf_instances/' + vnf, json={
        'vnfInstanceName': 'renamed', 'vimConnectionInfo': {
            'vim-extra': {'vimType': 'noop'}}},
        headers={'Content-Type': 'application/merge-patch+json'})
    assert modified.status_code == 202, modified.text
    op = wait(deployment, modified.headers['Location'].rsplit('/', 1)[1],
              'COMPLETED')
    assert op['changedInfo']['vimConnectionInfo'] == dict(
        NOOP_VIM, **{'vim-extra': {'vimType': 'noop'}})
    deleted = v2(deployment, 'PATCH', '/vnf_instances/' + vnf, json={
        'vimConnectionInfo': {'vim-extra': None}})
    wait(deployment, deleted.headers['Location'].rsplit('/', 1)[1],
         'COMPLETED')
    info = instance(deployment, vnf)
    assert (info['vnfInstanceName'], info['vimConnectionInfo']) == (
        'renamed', NOOP_VIM)

    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    listed = v2(deployment, 'GET', '/vnf_lcm_op_occs?filter=(eq,'
                'vnfInstanceId,%s)' % vnf).json()
    etsi.validate_response(listed, 'lifecycle', '/vnf_lcm_op_occs', 'get',
                           200)
    assert sorted(op['operation'] for op in listed) == [
        'HEAL', 'INSTANTIATE', 'MODIFY_INFO', 'MODIFY_INFO', 'SCALE',
        'SCALE', 'TERMINATE']
    assert v2(deployment, 'DELETE', '/vnf_instances/' + vnf
              ).status_code == 204
    assert v2(deployment, 'GET', '/vnf_instances/' + vnf
              ).status_code == 404


def test_each_api_operates_the_others_instances(deployment, vnfd_id):
    from_v1 = lcm.new_instance(deployment, vnfd_id)
    op = lcm.wait_op(deployment, lcm.task(deployment, from_v1,
                                          'instantiate',
                                          lcm.instantiate_body()))
    assert op['operationState'] == 'COMPLETED', op
    run(deployment, from_v1, 'terminate', {'terminationType': 'FORCEFUL'})

    from_v2 = new_instance(deployment, vnfd_id)
    run(deployment, from_v2, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    assert lcm.instance(deployment, from_v2)['vimConnectionInfo'] == [
        dict(NOOP_VIM['vim-noop'], id='vim-noop')]
    op = lcm.wait_op(deployment, lcm.task(deployment, from_v2, 'terminate',
                                          {'terminationType': 'FORCEFUL'}))
    assert op['operationState'] == 'COMPLETED', op
    assert instance(deployment, from_v2)['instantiationState'] == \
        'NOT_INSTANTIATED'


def test_a_failed_operation_is_failed_through_v2(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
        'additionalParams': {'noop_fail': True}}, state='FAILED_TEMP')
    assert set(op['_links']) >= {'retry', 'rollback', 'fail'}
    assert op['_links']['fail']['href'].startswith(deployment.url + V2)

    failed = v2(deployment, 'POST', '/vnf_lcm_op_occs/%s/fail' % op['id'])

    assert failed.status_code == 200, failed.text
    etsi.validate_response(failed.json(), 'lifecycle',
                           OP_OCC + '/fail', 'post', 200)
    assert failed.json()['operationState'] == 'FAILED'


def test_a_v2_request_without_version_is_a_400(deployment):
    response = deployment.request('GET', V2 + '/vnf_lcm_op_occs')
    pkgs.assert_problem(response, 400, 'The Version header is required')
    assert response.headers['Version'] == '2.0.0'


def test_subscriptions_of_each_api_get_its_notifications(
        deployment, consumer, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    wanted = {'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [vnf]},
              'notificationTypes': ['VnfLcmOperationOccurrenceNotification']}
    short = v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/v2-short', 'filter': wanted,
        'verbosity': 'SHORT'})
    assert short.status_code == 201, short.text
    etsi.validate_response(short.json(), 'lifecycle', '/subscriptions',
                           'post', 201)
    full = v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/v2-full', 'filter': wanted})
    assert full.json()['verbosity'] == 'FULL'
    v1 = deployment.request('POST', lcm.API + '/subscriptions', json={
        'callbackUri': consumer.url + '/v1', 'filter': wanted})
    assert v1.status_code == 201, v1.text
    assert 'verbosity' not in v1.json()
    listed = v2(deployment, 'GET', '/subscriptions').json()
    etsi.validate_response(listed, 'lifecycle', '/subscriptions', 'get',
                           200)
    assert {item['id'] for item in listed} >= {short.json()['id'],
                                               full.json()['id']}
    assert v1.json()['id'] not in {item['id'] for item in listed}

    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})

    def results(received):
        done = {item['path']: item['body'] for item in received
                if item['body']['operationState'] == 'COMPLETED'}
        return done if len(done) == 3 else None
    done = consumer.wait_for(results)
    assert done['/v2-short']['verbosity'] == 'SHORT'
    assert 'affectedVnfcs' not in done['/v2-short']
    assert done['/v2-full']['verbosity'] == 'FULL'
    assert done['/v2-full']['affectedVnfcs']
    assert 'verbosity' not in done['/v1'] and done['/v1']['affectedVnfcs']
    for path, root in (('/v2-short', V2), ('/v2-full', V2),
                       ('/v1', lcm.API)):
        assert done[path]['vnfLcmOpOccId'] == op['id']
        # Built by the conductor: on its own host (no public_endpoint).
        assert done[path]['_links']['vnfLcmOpOcc']['href'].endswith(
            '%s/vnf_lcm_op_occs/%s' % (root, op['id']))
    for subscription in (short, full):
        assert v2(deployment, 'DELETE', '/subscriptions/' +
                  subscription.json()['id']).status_code == 204
    assert deployment.request('DELETE', '%s/subscriptions/%s' % (
        lcm.API, v1.json()['id'])).status_code == 204


def test_scale_to_a_level_and_back(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    assert instance(deployment, vnf)['_links']['scaleToLevel']['href'] == \
        '%s%s/vnf_instances/%s/scale_to_level' % (deployment.url, V2, vnf)

    op = run(deployment, vnf, 'scale_to_level', {
        'scaleInfo': [{'aspectId': 'worker_instance', 'scaleLevel': 2}]})

    assert op['operation'] == 'SCALE_TO_LEVEL'
    assert [change['changeType'] for change in
            op['resourceChanges']['affectedVnfcs']] == ['ADDED', 'ADDED']
    info = instance(deployment, vnf)
    assert lcm.vnfc_count(info, 'VDU1') == 3
    assert info['instantiatedVnfInfo']['scaleStatus'] == [
        {'aspectId': 'worker_instance', 'scaleLevel': 2}]
    run(deployment, vnf, 'scale_to_level', {
        'instantiationLevelId': 'instantiation_level_1'})
    assert lcm.vnfc_count(instance(deployment, vnf), 'VDU1') == 1
    refused = v2(deployment, 'POST', '/vnf_instances/%s/scale_to_level'
                 % vnf, json={'scaleInfo': [
                     {'aspectId': 'worker_instance', 'scaleLevel': 3}]})
    pkgs.assert_problem(refused, 400, 'scaleLevel 3 would take aspect '
                        'worker_instance from scale level 0 to 3')
    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
