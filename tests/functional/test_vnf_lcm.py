"""VNF lifecycle operations (SOL003 v2.6.1) through the real server,
conductor and RabbitMQ, with the noop infra driver."""
import concurrent.futures
import json
import signal
import time

import pytest

from tests import etsi
from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs

API = '/vnflcm/v1'
SOL003 = ('SOL003', 'VNFLifecycleManagement-API')
NOOP_VIM = [{'id': 'vim-noop', 'vimType': 'noop'}]
# One deployment per backend serves every test that stops no process.
pytestmark = pytest.mark.parametrize('backend', dbs.backends(),
                                     scope='module')
SECTIONS = {
    'notification': {'delivery_interval': 0.2}}


@pytest.fixture(scope='module')
def deployment(backend, tmp_path_factory):
    with deployment_lib.shared_deployment(
            tmp_path_factory.mktemp('lcm'), backend,
            sections=SECTIONS) as deploy:
        yield deploy


@pytest.fixture
def own_deployment(make_deployment):
    """A deployment of the test's own: for tests that stop a process."""
    return make_deployment(sections=SECTIONS)


@pytest.fixture
def vnfd_id(deployment, tmp_path):
    return pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']


def new_instance(deployment, vnfd_id, timeout=10):
    response = deployment.request('POST', API + '/vnf_instances',
                                  json={'vnfdId': vnfd_id}, timeout=timeout)
    assert response.status_code == 201, response.text
    return response.json()['id']


def task(deployment, instance_id, name, body, timeout=10):
    """Start a task; return the op occurrence id from Location."""
    response = deployment.request(
        'POST', '%s/vnf_instances/%s/%s' % (API, instance_id, name),
        json=body, timeout=timeout)
    assert response.status_code == 202, response.text
    return response.headers['Location'].rsplit('/', 1)[1]


def wait_op(deployment, op_id, states=('COMPLETED', 'FAILED_TEMP',
                                       'ROLLED_BACK', 'FAILED'),
            timeout=60, after=None):
    """The occurrence once in one of ``states`` (entered after the
    stateEnteredTime ``after``, when given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        op = deployment.get('%s/vnf_lcm_op_occs/%s' % (API, op_id)).json()
        if op['operationState'] in states and (
                after is None or op['stateEnteredTime'] > after):
            etsi.validate(op, *SOL003, 'VnfLcmOpOcc.schema.json')
            return op
        time.sleep(0.1)
    raise AssertionError('operation %s did not reach %s' % (op_id, states))


def instance(deployment, instance_id):
    body = deployment.get('%s/vnf_instances/%s' % (API, instance_id)).json()
    etsi.validate(body, *SOL003, 'vnfInstance.schema.json')
    return body


def vnfc_count(info, vdu):
    return sum(1 for vnfc in info['instantiatedVnfInfo']['vnfcResourceInfo']
               if vnfc['vduId'] == vdu)


def etsi_quirks(notification):
    """ETSI's notification schema names AffectedVirtualLink's VLD
    reference vnfVirtualLinkDescId, its VnfLcmOpOcc schema and SOL003
    v2.6.1 (5.5.3.14) virtualLinkDescId, as we send it."""
    links = [dict(link, vnfVirtualLinkDescId=link['virtualLinkDescId'])
             for link in notification.get('affectedVirtualLinks', [])]
    return dict(notification, **(
        {'affectedVirtualLinks': links} if links else {}))


def instantiate_body(**additional):
    body = {'flavourId': 'small', 'instantiationLevelId':
            'instantiation_level_1', 'vimConnectionInfo': NOOP_VIM}
    if additional:
        body['additionalParams'] = additional
    return body


def modify(deployment, instance_id, changes):
    """PATCH the instance; once the MODIFY_INFO op completed, the
    instance with that op under 'op'."""
    response = deployment.request(
        'PATCH', '%s/vnf_instances/%s' % (API, instance_id),
        data=json.dumps(changes),
        headers={'Content-Type': 'application/merge-patch+json'})
    assert response.status_code == 202, response.text
    op = wait_op(deployment, response.headers['Location'].rsplit('/', 1)[1])
    assert op['operationState'] == 'COMPLETED', op
    assert op['operation'] == 'MODIFY_INFO'
    return dict(instance(deployment, instance_id), op=op)


def test_whole_lifecycle_with_notifications(deployment, consumer, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    subscription = deployment.request('POST', API + '/subscriptions', json={
        'callbackUri': consumer.url + '/lcm', 'filter': {
            'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [vnf]},
            'notificationTypes': ['VnfLcmOperationOccurrenceNotification']}})
    assert subscription.status_code == 201, subscription.text
    ops = []

    def run(name, body):
        op_id = task(deployment, vnf, name, body)
        op = wait_op(deployment, op_id)
        assert op['operationState'] == 'COMPLETED', op
        ops.append(op_id)
        return instance(deployment, vnf)

    info = run('instantiate', instantiate_body())
    assert info['instantiationState'] == 'INSTANTIATED'
    assert vnfc_count(info, 'VDU1') == 1
    grant = deployment.get(wait_op(deployment, ops[0])['_links']['grant']
                           ['href'].replace(deployment.url, '')).json()
    etsi.validate(grant, 'SOL003', 'VNFLifecycleOperationGranting-API',
                  'grant.schema.json')
    assert len(grant['addResources']) >= 1
    assert grant['vimConnections'] == NOOP_VIM
    for expected in (2, 3):
        info = run('scale', {'type': 'SCALE_OUT',
                             'aspectId': 'worker_instance'})
        assert vnfc_count(info, 'VDU1') == expected
    pkgs.assert_problem(deployment.request(
        'POST', '%s/vnf_instances/%s/scale' % (API, vnf),
        json={'type': 'SCALE_OUT', 'aspectId': 'worker_instance'}),
        400, 'numberOfSteps')
    info = run('scale', {'type': 'SCALE_IN', 'aspectId': 'worker_instance'})
    assert vnfc_count(info, 'VDU1') == 2
    vnfc = info['instantiatedVnfInfo']['vnfcResourceInfo'][0]
    info = run('heal', {'vnfcInstanceId': [vnfc['id']]})
    healed = {v['id']: v for v in
              info['instantiatedVnfInfo']['vnfcResourceInfo']}[vnfc['id']]
    assert healed['computeResource'] != vnfc['computeResource']
    run('change_ext_conn', {'extVirtualLinks': [{
        'id': 'ext-vl-1', 'resourceId': 'net-1',
        'extCps': [{'cpdId': 'VDU1_CP1'}]}]})
    info = modify(deployment, vnf, {
        'vnfInstanceName': 'renamed', 'metadata': {'owner': 'ops'},
        'extensions': {'tier': 'gold'},
        'vnfConfigurableProperties': {'isAutoscaleEnabled': True}})
    ops.append(info.pop('op')['id'])
    assert (info['vnfInstanceName'], info['metadata'], info['extensions'],
            info['vnfConfigurableProperties']) == (
        'renamed', {'owner': 'ops'}, {'tier': 'gold'},
        {'isAutoscaleEnabled': True})
    info = run('terminate', {'terminationType': 'FORCEFUL'})
    assert info['instantiationState'] == 'NOT_INSTANTIATED'
    assert deployment.request(
        'DELETE', '%s/vnf_instances/%s' % (API, vnf)).status_code == 204

    expected = [(op_id, state) for op_id in ops
                for state in ('STARTING', 'PROCESSING', 'COMPLETED')]

    def in_order(received):
        seen = [(item['body']['vnfLcmOpOccId'],
                 item['body']['operationState']) for item in received]
        return seen if len(seen) >= len(expected) else None
    assert consumer.wait_for(in_order) == expected
    for item in consumer.received:
        etsi.validate(etsi_quirks(item['body']), *SOL003,
                      'VnfLcmOperationOccurrenceNotification.schema.json')
    assert deployment.request('DELETE', '%s/subscriptions/%s' % (
        API, subscription.json()['id'])).status_code == 204


def test_driver_failure_then_retry_rollback_fail(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    op_id = task(deployment, vnf, 'instantiate',
                 instantiate_body(noop_fail=True))
    op = wait_op(deployment, op_id)
    assert op['operationState'] == 'FAILED_TEMP'
    assert 'noop_fail' in op['error']['detail']
    assert {'retry', 'rollback', 'fail'} <= set(op['_links'])
    # Busy while FAILED_TEMP: no other operation.
    pkgs.assert_problem(deployment.request(
        'POST', '%s/vnf_instances/%s/instantiate' % (API, vnf),
        json=instantiate_body()), 409)

    url = '%s/vnf_lcm_op_occs/%s' % (API, op_id)
    assert deployment.request('POST', url + '/retry').status_code == 202
    op = wait_op(deployment, op_id, ('FAILED_TEMP',), timeout=30,
                 after=op['stateEnteredTime'])
    assert 'noop_fail' in op['error']['detail']
    assert deployment.request('POST', url + '/rollback').status_code == 202
    op = wait_op(deployment, op_id, ('ROLLED_BACK', 'FAILED_TEMP'),
                 after=op['stateEnteredTime'])
    assert op['operationState'] == 'ROLLED_BACK'
    assert instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'
    pkgs.assert_problem(deployment.request('POST', url + '/retry'), 409)

    op_id = task(deployment, vnf, 'instantiate',
                 instantiate_body(noop_fail=True))
    assert wait_op(deployment, op_id)['operationState'] == 'FAILED_TEMP'
    response = deployment.request(
        'POST', '%s/vnf_lcm_op_occs/%s/fail' % (API, op_id))
    assert response.status_code == 200
    assert response.json()['operationState'] == 'FAILED'
    op_id = task(deployment, vnf, 'instantiate', instantiate_body())
    assert wait_op(deployment, op_id)['operationState'] == 'COMPLETED'


def test_killed_conductor_leaves_failed_temp_and_retry_completes(
        own_deployment, tmp_path):
    deployment = own_deployment
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    vnf = new_instance(deployment, vnfd_id)
    op_id = task(deployment, vnf, 'instantiate',
                 instantiate_body(noop_delay_s=3))
    wait_op(deployment, op_id, ('PROCESSING',))
    deployment.stop_process('tacker-conductor', signal.SIGKILL)
    deployment.start_process('tacker-conductor')
    op = wait_op(deployment, op_id, timeout=30)
    assert op['operationState'] == 'FAILED_TEMP'
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/retry' % (
        API, op_id)).status_code == 202
    assert wait_op(deployment, op_id, ('COMPLETED',))['operationState'] == \
        'COMPLETED'


def test_concurrent_instantiates_one_wins(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    url = '%s/vnf_instances/%s/instantiate' % (API, vnf)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(
            lambda _: deployment.request('POST', url,
                                         json=instantiate_body()).status_code,
            range(2)))
    assert statuses == [202, 409]


def test_many_concurrent_creates_and_instantiates_complete(deployment,
                                                           vnfd_id):
    # Every create locks the package row: 50 of them queue behind each
    # other, so a request may wait long on a loaded machine. This test is
    # about all completing, not about latency (benchmarks/ measure that).
    def lifecycle(_):
        vnf = new_instance(deployment, vnfd_id, timeout=120)
        return wait_op(deployment, task(deployment, vnf, 'instantiate',
                                        instantiate_body(), timeout=120),
                       timeout=120)
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        ops = list(pool.map(lifecycle, range(50)))
    assert {op['operationState'] for op in ops} == {'COMPLETED'}


def test_task_errors(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    url = '%s/vnf_instances/%s' % (API, vnf)
    pkgs.assert_problem(deployment.request(
        'POST', url + '/instantiate', json={'flavourId': 'huge',
                                            'vimConnectionInfo': NOOP_VIM}),
                        400, 'flavourId')
    pkgs.assert_problem(deployment.request(
        'POST', url + '/instantiate', json=dict(
            instantiate_body(), instantiationLevelId='nope')),
        400, 'instantiationLevelId')
    pkgs.assert_problem(deployment.request(
        'POST', url + '/terminate', json={'terminationType': 'FORCEFUL'}),
        409, 'INSTANTIATED')
    pkgs.assert_problem(deployment.request(
        'POST', url + '/scale', json={'type': 'UP', 'aspectId': 'a'}), 400)
    pkgs.assert_problem(deployment.request(
        'POST', API + '/vnf_instances/nope/instantiate',
        json=instantiate_body()), 404)


def test_modify_info_merges_and_changes_package(deployment, tmp_path,
                                                vnfd_id):
    other = pkgs.onboard(deployment, tmp_path, 'single_vdu')
    vnf = new_instance(deployment, vnfd_id)
    modify(deployment, vnf, {'metadata': {'a': 1, 'b': 2}})
    info = modify(deployment, vnf, {
        'metadata': {'a': None, 'c': 3}, 'vnfdId': other['vnfdId'],
        'vnfInstanceDescription': 'moved'})
    assert info['metadata'] == {'b': 2, 'c': 3}
    assert (info['vnfdId'], info['vnfInstanceDescription']) == (
        other['vnfdId'], 'moved')
    assert info['op']['changedInfo'] == {
        'metadata': {'a': None, 'c': 3}, 'vnfdId': other['vnfdId'],
        'vnfInstanceDescription': 'moved', 'vnfPkgId': other['id'],
        'vnfProvider': other['vnfProvider'],
        'vnfProductName': other['vnfProductName'],
        'vnfSoftwareVersion': other['vnfSoftwareVersion'],
        'vnfdVersion': other['vnfdVersion']}
    assert deployment.get('/vnfpkgm/v1/vnf_packages/%s' % other['id']
                          ).json()['usageState'] == 'IN_USE'
    first = deployment.get('/vnfpkgm/v1/vnf_packages?filter=(eq,vnfdId,%s)'
                           % vnfd_id).json()[0]
    assert first['usageState'] == 'NOT_IN_USE'

    url = '%s/vnf_instances/%s' % (API, vnf)
    pkgs.assert_problem(deployment.request(
        'PATCH', url, json={'vnfdId': 'no-such-vnfd'}), 422, 'no-such-vnfd')
    pkgs.assert_problem(deployment.request('PATCH', url, json={}), 400)
    pkgs.assert_problem(deployment.request(
        'PATCH', url, json={'vnfInstanceName': 7}), 400,
        'vnfInstanceName')
    pkgs.assert_problem(deployment.request(
        'PATCH', API + '/vnf_instances/nope', json={'metadata': {}}), 404)
    op_id = task(deployment, vnf, 'instantiate', {
        'flavourId': 'simple', 'vimConnectionInfo': NOOP_VIM,
        'additionalParams': {'noop_delay_s': 2}})
    pkgs.assert_problem(deployment.request(
        'PATCH', url, json={'metadata': {}}), 409)
    wait_op(deployment, op_id)
