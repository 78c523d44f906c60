"""Granting through an external NFVO (SOL003 v2.6.1 clause 9) with
``[nfvo] use_external_nfvo``: a real HTTP NFVO, the real server,
conductor and RabbitMQ, the noop infra driver."""
import base64

import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import http_servers
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

GRANTING = ('SOL003', 'VNFLifecycleOperationGranting-API')


@pytest.fixture(scope='module')
def module_nfvo():
    server = http_servers.FakeNfvo(lcm.NOOP_VIM).start()
    yield server
    server.stop()


@pytest.fixture
def nfvo(module_nfvo):
    """The module's NFVO, answering and recording afresh for each test."""
    module_nfvo.stop()
    module_nfvo.reset()
    return module_nfvo.start()


@pytest.fixture(scope='module')
def deployment(module_nfvo, tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('grants'), sections={
                'nfvo': {'use_external_nfvo': True,
                         'endpoint': module_nfvo.url,
                         'username': 'vnfm', 'password': 'secret',
                         'grant_poll_interval': 0.1}}) as deploy:
        yield deploy


@pytest.fixture
def vnfd_id(deployment, tmp_path):
    return pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']


def run(deployment, instance_id, name, body):
    op = lcm.wait_op(deployment, lcm.task(deployment, instance_id, name,
                                          body))
    assert op['operationState'] == 'COMPLETED', op
    return op


def test_each_vim_operation_asks_the_nfvo(deployment, nfvo, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    # No vimConnectionInfo: the NFVO's grant names the VIM.
    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'instantiationLevelId': 'instantiation_level_1'})
    info = lcm.instance(deployment, vnf)
    assert info['vimConnectionInfo'] == lcm.NOOP_VIM
    vnfcs = info['instantiatedVnfInfo']['vnfcResourceInfo']
    request = nfvo.requests[0]
    assert request['path'] == '/grant/v1/grants'
    assert request['authorization'] == 'Basic ' + base64.b64encode(
        b'vnfm:secret').decode()
    body = request['body']
    assert (body['vnfInstanceId'], body['vnfLcmOpOccId'], body['operation'],
            body['flavourId'], body['instantiationLevelId']) == (
        vnf, op['id'], 'INSTANTIATE', 'small', 'instantiation_level_1')
    computes = [r for r in body['addResources'] if r['type'] == 'COMPUTE']
    assert [r['vduId'] for r in computes] == [v['vduId'] for v in vnfcs]
    assert body['_links']['vnfLcmOpOcc']['href'].endswith(op['id'])
    grant = deployment.get('/grant/v1/grants/%s' % op['grantId']).json()
    etsi.validate(grant, *GRANTING, 'grant.schema.json')
    assert grant['_links']['self']['href'].startswith(nfvo.url)

    run(deployment, vnf, 'scale', {'type': 'SCALE_OUT',
                                   'aspectId': 'worker_instance'})
    assert [r['vduId'] for r in nfvo.requests[1]['body']['addResources']
            if r['type'] == 'COMPUTE'] == ['VDU1']
    newest = lcm.instance(deployment, vnf)[
        'instantiatedVnfInfo']['vnfcResourceInfo'][-1]
    run(deployment, vnf, 'scale', {'type': 'SCALE_IN',
                                   'aspectId': 'worker_instance'})
    removed = [r for r in nfvo.requests[2]['body']['removeResources']
               if r['type'] == 'COMPUTE']
    assert [r['resource'] for r in removed] == [newest['computeResource']]
    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    assert nfvo.requests[3]['body']['operation'] == 'TERMINATE'
    assert len(nfvo.requests[3]['body']['removeResources']) >= len(vnfcs)


def test_asynchronous_grant_is_polled(deployment, nfvo, vnfd_id):
    nfvo.mode = 'async'
    vnf = lcm.new_instance(deployment, vnfd_id)
    op = run(deployment, vnf, 'instantiate', lcm.instantiate_body())
    assert deployment.get('/grant/v1/grants/%s' % op['grantId']
                          ).status_code == 200


def test_rejected_grant_rolls_back(deployment, nfvo, vnfd_id):
    nfvo.mode = 'reject'
    vnf = lcm.new_instance(deployment, vnfd_id)
    op = lcm.wait_op(deployment, lcm.task(deployment, vnf, 'instantiate',
                                          lcm.instantiate_body()))
    assert op['operationState'] == 'ROLLED_BACK'
    assert 'no capacity left' in op['error']['detail']
    assert 'grantId' not in op
    assert lcm.instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'


def test_unreachable_nfvo_fails_temp_and_retry_grants(deployment, nfvo,
                                                      vnfd_id):
    nfvo.stop()
    vnf = lcm.new_instance(deployment, vnfd_id)
    op = lcm.wait_op(deployment, lcm.task(deployment, vnf, 'instantiate',
                                          lcm.instantiate_body()))
    assert op['operationState'] == 'FAILED_TEMP'
    assert 'NFVO' in op['error']['detail']
    nfvo.start()
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/retry' % (
        lcm.API, op['id'])).status_code == 202
    op = lcm.wait_op(deployment, op['id'], ('COMPLETED',))
    assert op['grantId'] and len(nfvo.requests) == 1
