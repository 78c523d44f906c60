"""Errors a client can cause are answered before the 202 (issue 11):
each refusal is a 4xx ProblemDetails, records no operation occurrence
and leaves the instance unlocked, so the next operation is accepted.
One deployment for the module (no test stops a process); the noop infra
driver runs what is accepted, and refusals for the OpenStack driver come
before any VIM is reached."""
import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

OPENSTACK_VIM = [{'id': 'os', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
                  'interfaceInfo': {'endpoint': 'http://127.0.0.1:9/v3'},
                  'accessInfo': {'username': 'u', 'password': 'p',
                                 'project': 'p', 'region': 'r'}}]


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('deployment')) as deploy:
        yield deploy


@pytest.fixture(scope='module')
def vnfd_id(deployment, tmp_path_factory):
    return pkgs.onboard(deployment, tmp_path_factory.mktemp('package'),
                        'two_flavours')['vnfdId']


@pytest.fixture
def vnf(deployment, vnfd_id):
    return lcm.new_instance(deployment, vnfd_id)


@pytest.fixture
def instantiated(deployment, vnf):
    run(deployment, vnf, 'instantiate', lcm.instantiate_body())
    return vnf


def run(deployment, vnf, name, body):
    """The next operation is accepted (the instance is not locked) and
    completes; the instance afterwards."""
    op = lcm.wait_op(deployment, lcm.task(deployment, vnf, name, body))
    assert op['operationState'] == 'COMPLETED', op
    return lcm.instance(deployment, vnf)


def op_ids(deployment, vnf):
    response = deployment.get(
        '%s/vnf_lcm_op_occs?filter=(eq,vnfInstanceId,%s)' % (lcm.API, vnf))
    assert response.status_code == 200, response.text
    return [op['id'] for op in response.json()]


def refused(deployment, vnf, name, body, status, *fragments):
    """``name`` with ``body`` is answered ``status`` naming
    ``fragments``; no occurrence is recorded, the instance is as before."""
    before = op_ids(deployment, vnf), lcm.instance(deployment, vnf)
    pkgs.assert_problem(deployment.request(
        'POST', '%s/vnf_instances/%s/%s' % (lcm.API, vnf, name), json=body),
        status, *fragments)
    assert (op_ids(deployment, vnf), lcm.instance(deployment, vnf)) == \
        before


def test_heal_of_a_vnfc_the_instance_lacks_is_a_400(
        deployment, instantiated):
    info = lcm.instance(deployment, instantiated)
    known = info['instantiatedVnfInfo']['vnfcResourceInfo'][0]['id']
    refused(deployment, instantiated, 'heal',
            {'vnfcInstanceId': [known, 'no-such-vnfc']}, 400,
            'vnfcInstanceId no-such-vnfc ')
    healed = run(deployment, instantiated, 'heal',
                 {'vnfcInstanceId': [known]})
    assert [v['id'] for v in healed['instantiatedVnfInfo'][
        'vnfcResourceInfo']] == [v['id'] for v in info[
            'instantiatedVnfInfo']['vnfcResourceInfo']]


@pytest.mark.parametrize('body, fragment', [
    ({'type': 'SCALE_IN', 'aspectId': 'worker_instance'},
     'outside 0..2'),
    ({'type': 'SCALE_OUT', 'aspectId': 'worker_instance',
      'numberOfSteps': 3}, 'outside 0..2'),
    ({'type': 'SCALE_OUT', 'aspectId': 'no_such_aspect'},
     'aspectId no_such_aspect'),
    ({'type': 'SCALE_OUT', 'aspectId': 'worker_instance',
      'additionalParams': {'noop_delay_s': 'slow'}},
     'additionalParams.noop_delay_s'),
])
def test_scale_the_aspect_does_not_allow_is_a_400(deployment, instantiated,
                                                  body, fragment):
    refused(deployment, instantiated, 'scale', body, 400, fragment)
    info = run(deployment, instantiated, 'scale',
               {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})
    assert lcm.vnfc_count(info, 'VDU1') == 2


@pytest.mark.parametrize('changes, status, fragment', [
    ({'flavourId': 'no_such_flavour'}, 400, 'flavourId no_such_flavour'),
    ({'instantiationLevelId': 'no_such_level'}, 400,
     'instantiationLevelId no_such_level'),
    # The OpenStack driver deploys BaseHOT/<flavourId>/: 'large' has none.
    ({'flavourId': 'large', 'instantiationLevelId': None,
      'vimConnectionInfo': OPENSTACK_VIM}, 422, 'BaseHOT/large/'),
    ({'vimConnectionInfo': OPENSTACK_VIM, 'additionalParams': {
        'lcm-operation-user-data': 'UserData/missing.py',
        'lcm-operation-user-data-class': 'SampleUserData'}}, 400,
     'additionalParams.lcm-operation-user-data '),
    ({'vimConnectionInfo': OPENSTACK_VIM, 'additionalParams': {
        'lcm-operation-user-data': '../../../etc/passwd',
        'lcm-operation-user-data-class': 'SampleUserData'}}, 400,
     'inside the package'),
    ({'vimConnectionInfo': [{'id': 'x', 'vimType': 'ETSINFV.MYSTERY.V_1'}]},
     400, 'ETSINFV.MYSTERY.V_1'),
    ({'additionalParams': {'noop_fail': 'yes'}}, 400,
     'additionalParams.noop_fail'),
    ({'vimConnectionInfo': None}, 400, 'vimConnectionInfo'),
    ({'extVirtualLinks': [{'id': 'ext', 'resourceId': 'net',
                           'extCps': [{'cpConfig': []}]}]}, 400,
     'extVirtualLinks[0].extCps '),
])
def test_instantiate_no_driver_can_deploy_is_a_4xx(deployment, vnf,
                                                   changes, status,
                                                   fragment):
    body = {key: value for key, value in dict(
        lcm.instantiate_body(), **changes).items() if value is not None}
    refused(deployment, vnf, 'instantiate', body, status, fragment)
    info = run(deployment, vnf, 'instantiate', lcm.instantiate_body())
    assert info['instantiationState'] == 'INSTANTIATED'


def test_later_operations_check_the_instances_driver(deployment,
                                                     instantiated):
    refused(deployment, instantiated, 'terminate',
            {'terminationType': 'FORCEFUL',
             'additionalParams': {'noop_delay_s': 601}}, 400,
            'additionalParams.noop_delay_s')
    info = run(deployment, instantiated, 'terminate',
               {'terminationType': 'FORCEFUL'})
    assert info['instantiationState'] == 'NOT_INSTANTIATED'
