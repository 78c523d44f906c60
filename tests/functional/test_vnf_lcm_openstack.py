"""VNF lifecycles on an OpenStack VIM: the real server, conductor,
RabbitMQ and python-heatclient against the sandbox Keystone+Heat, with
the two_flavours sample's BaseHOT (an AutoScalingGroup of VDU1 members in
a nested template)."""
import json

import pytest

from tests.functional import dbs
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

pytestmark = pytest.mark.parametrize('backend', dbs.backends('sqlite'))
EXT_LINK = {
    'id': 'ext-1', 'resourceId': 'net-ext-1',
    'extCps': [{'cpdId': 'VDU1_CP1', 'cpConfig': {'c1': {'cpProtocolData': [{
        'layerProtocol': 'IP_OVER_ETHERNET', 'ipOverEthernet': {
            'ipAddresses': [{'type': 'IPV4', 'fixedAddresses': ['10.0.0.5'],
                             'subnetId': 'subnet-1'}]}}]}}}]}


@pytest.fixture
def sandbox(tmp_path):
    with sandbox_lib.SandboxVim(tmp_path, delay=0.2) as vim:
        yield vim


@pytest.fixture
def deployment(make_deployment):
    return make_deployment(sections={
        'vnf_package': {'tosca_definitions_dir': str(pkgs.samples.SOL001_DIR)},
        'openstack_vim': {'stack_retry_wait': 0.5, 'stack_retries': 60}})


@pytest.fixture
def vnfd_id(deployment, tmp_path):
    return pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']


def vim_connection(sandbox, password=None):
    return [{'id': 'sandbox', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
             'interfaceInfo': {'endpoint': sandbox.auth_url},
             'accessInfo': {'username': sandbox.user,
                            'password': password or sandbox.password,
                            'project': sandbox.project,
                            'region': sandbox.region,
                            'userDomain': 'Default',
                            'projectDomain': 'Default'}}]


def run(deployment, vnf, name, body, state='COMPLETED'):
    op = lcm.wait_op(deployment, lcm.task(deployment, vnf, name, body),
                     timeout=90)
    assert op['operationState'] == state, op
    return op, lcm.instance(deployment, vnf)


def stack_of(sandbox, vnf):
    stacks = [s for s in sandbox.stacks() if s['stack_name'] == 'vnf-' + vnf]
    return stacks[0] if stacks else None


def nfv_of(sandbox, vnf):
    stack = sandbox.heat().stacks.get('vnf-' + vnf)
    value = stack.parameters['nfv']
    return json.loads(value) if isinstance(value, str) else value


def servers(sandbox, vnf):
    """{physical id: resource} of the VNF's servers, at the sandbox."""
    heat = sandbox.heat()
    return {r.physical_resource_id: r for r in heat.resources.list(
        'vnf-' + vnf, nested_depth=2) if r.resource_type ==
        'OS::Nova::Server'}


def vnfcs(info, vdu=None):
    return [v for v in info['instantiatedVnfInfo']['vnfcResourceInfo']
            if vdu is None or v['vduId'] == vdu]


def test_lifecycle_on_the_sandbox(deployment, sandbox, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op, info = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'instantiationLevelId': 'instantiation_level_1',
        'vimConnectionInfo': vim_connection(sandbox),
        'extVirtualLinks': [EXT_LINK]})
    nfv = nfv_of(sandbox, vnf)
    assert nfv['VDU']['VDU1'] == {
        'computeFlavourId': 'm1.tiny', 'vcImageId': 'vdu1-image',
        'desiredCapacity': 1, 'desired_capacity': 1}
    assert nfv['VDU']['VirtualStorage'] == {'vcImageId': 'vdu2-root-image'}
    assert nfv['CP']['VDU1_CP1'] == {
        'network': 'net-ext-1',
        'fixed_ips': [{'ip_address': '10.0.0.5', 'subnet': 'subnet-1'}]}
    at_vim = servers(sandbox, vnf)
    assert sorted(v['computeResource']['resourceId']
                  for v in vnfcs(info)) == sorted(at_vim)
    assert [v['vduId'] for v in vnfcs(info)].count('VDU1') == 1
    instantiated = info['instantiatedVnfInfo']
    assert [s['virtualStorageDescId'] for s in
            instantiated['virtualStorageResourceInfo']] == ['VirtualStorage']
    assert [link['vnfVirtualLinkDescId'] for link in
            instantiated['virtualLinkResourceInfo']] == ['internalVL1']
    assert {a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']} == {'ADDED'}
    assert 'password' not in json.dumps(info)

    for expected in (2, 3):
        op, info = run(deployment, vnf, 'scale', {
            'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})
        assert len(vnfcs(info, 'VDU1')) == expected
        assert nfv_of(sandbox, vnf)['VDU']['VDU1']['desiredCapacity'] == \
            expected
    newest = vnfcs(info, 'VDU1')[-1]
    op, info = run(deployment, vnf, 'scale', {
        'type': 'SCALE_IN', 'aspectId': 'worker_instance'})
    assert newest['id'] not in {v['id'] for v in vnfcs(info)}
    assert len(vnfcs(info, 'VDU1')) == 2
    assert len(servers(sandbox, vnf)) == 3

    healed = vnfcs(info, 'VDU1')[0]
    op, info = run(deployment, vnf, 'heal', {
        'vnfcInstanceId': [healed['id']]})
    after = {v['id']: v for v in vnfcs(info)}[healed['id']]
    assert after['computeResource']['resourceId'] != \
        healed['computeResource']['resourceId']
    assert after['computeResource']['resourceId'] in servers(sandbox, vnf)
    assert [a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']] == ['MODIFIED']

    stack_id = stack_of(sandbox, vnf)['id']
    op, info = run(deployment, vnf, 'heal', {
        'additionalParams': {'all': True}})
    assert stack_of(sandbox, vnf)['id'] != stack_id
    assert len(vnfcs(info, 'VDU1')) == 2

    op, info = run(deployment, vnf, 'change_ext_conn', {
        'extVirtualLinks': [dict(EXT_LINK, resourceId='net-ext-2')]})
    assert nfv_of(sandbox, vnf)['CP']['VDU1_CP1']['network'] == 'net-ext-2'
    assert op['changedExtConnectivity'][0]['resourceHandle'][
        'resourceId'] == 'net-ext-2'

    op, info = run(deployment, vnf, 'terminate',
                   {'terminationType': 'GRACEFUL',
                    'gracefulTerminationTimeout': 1})
    assert info['instantiationState'] == 'NOT_INSTANTIATED'
    assert stack_of(sandbox, vnf) is None
    assert {a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']} == {'REMOVED'}


def test_failing_resource_fails_temp_then_rollback_deletes_stack(
        deployment, sandbox, vnfd_id):
    sandbox.set_faults([{'resource': 'VDU2', 'action': 'CREATE',
                         'reason': 'No valid host was found'}])
    vnf = lcm.new_instance(deployment, vnfd_id)
    op, _ = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox)},
        state='FAILED_TEMP')
    assert 'CREATE_FAILED' in op['error']['detail']
    assert 'No valid host was found' in op['error']['detail']
    assert stack_of(sandbox, vnf) is not None
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/rollback' % (
        lcm.API, op['id'])).status_code == 202
    op = lcm.wait_op(deployment, op['id'], ('ROLLED_BACK', 'FAILED_TEMP'),
                     after=op['stateEnteredTime'], timeout=60)
    assert op['operationState'] == 'ROLLED_BACK', op
    assert stack_of(sandbox, vnf) is None

    # Once the VIM is fixed, the VNF instantiates.
    sandbox.clear_faults()
    run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox)})


def test_wrong_vim_password_fails_temp(deployment, sandbox, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op, _ = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small',
        'vimConnectionInfo': vim_connection(sandbox, password='wrong')},
        state='FAILED_TEMP')
    assert 'refused the credentials' in op['error']['detail']
    assert 'wrong' not in json.dumps(op['error'])
