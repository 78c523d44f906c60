"""VNF lifecycles on an OpenStack VIM: the real server, conductor,
RabbitMQ and python-heatclient against the sandbox Keystone+Heat, with
the two_flavours sample's BaseHOT (an AutoScalingGroup of VDU1 members in
a nested template)."""
import json
import shutil
import time

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs

EXT_LINK = {
    'id': 'ext-1', 'resourceId': 'net-ext-1',
    'extCps': [{'cpdId': 'VDU1_CP1', 'cpConfig': {'c1': {'cpProtocolData': [{
        'layerProtocol': 'IP_OVER_ETHERNET', 'ipOverEthernet': {
            'ipAddresses': [{'type': 'IPV4', 'fixedAddresses': ['10.0.0.5'],
                             'subnetId': 'subnet-1'}]}}]}}}]}


@pytest.fixture(scope='module')
def module_sandbox(tmp_path_factory):
    with sandbox_lib.SandboxVim(tmp_path_factory.mktemp('sandbox'),
                                delay=0.2) as vim:
        yield vim


@pytest.fixture
def sandbox(module_sandbox):
    """The module's sandbox VIM, without the faults a test set."""
    yield module_sandbox
    module_sandbox.clear_faults()


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('openstack'), sections={
                'openstack_vim': {'stack_retry_wait': 0.5,
                                  'stack_retries': 60}}) as deploy:
        yield deploy


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
    assert sandbox.password not in v2_lcm.stored_text(deployment)
    # Modifying the VIM connections keeps the sealed credentials usable.
    info = lcm.modify(deployment, vnf, {'vimConnectionInfoDeleteIds': [
        'no-such-vim']})
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

    controller = vnfcs(info, 'VDU2')[0]
    volume = info['instantiatedVnfInfo']['virtualStorageResourceInfo'][0]
    op, info = run(deployment, vnf, 'heal', {
        'vnfcInstanceId': [controller['id']]})
    assert info['instantiatedVnfInfo']['virtualStorageResourceInfo'][0][
        'storageResource']['resourceId'] != volume['storageResource'][
        'resourceId']
    assert {a['id'] for a in op['resourceChanges'][
        'affectedVirtualStorages']} == {volume['id']}

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


def test_default_vim_serves_instances_that_name_none(deployment, sandbox,
                                                     vnfd_id):
    response = deployment.request('POST', '/v1.0/vims', json={'vim': {
        'name': 'sandbox', 'type': 'openstack', 'is_default': True,
        'auth_url': sandbox.auth_url,
        'auth_cred': {'username': sandbox.user, 'password': sandbox.password,
                      'user_domain_name': 'Default'},
        'vim_project': {'name': sandbox.project,
                        'project_domain_name': 'Default'}}}, timeout=60)
    assert response.status_code == 201, response.text
    vim_id = response.json()['vim']['id']
    vnf = lcm.new_instance(deployment, vnfd_id)
    _, info = run(deployment, vnf, 'instantiate', {'flavourId': 'small'})
    assert [(v['vimId'], v['vimType']) for v in info['vimConnectionInfo']] \
        == [(vim_id, 'ETSINFV.OPENSTACK_KEYSTONE.V_3')]
    assert 'password' not in json.dumps(info['vimConnectionInfo'])
    # Later operations find the VIM's credentials through its vimId.
    _, info = run(deployment, vnf, 'scale', {'type': 'SCALE_OUT',
                                             'aspectId': 'worker_instance'})
    assert len(vnfcs(info, 'VDU1')) == 2
    assert len(servers(sandbox, vnf)) == 3


def test_failed_scale_out_rolls_back_to_the_previous_vnfcs(
        deployment, sandbox, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    _, before = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox)})
    # Heat creates the new member's server within the stack UPDATE.
    sandbox.set_faults([{'resource': 'VDU1', 'action': 'UPDATE',
                         'reason': 'quota exceeded', 'count': 1}])
    op, _ = run(deployment, vnf, 'scale', {
        'type': 'SCALE_OUT', 'aspectId': 'worker_instance'},
        state='FAILED_TEMP')
    assert 'quota exceeded' in op['error']['detail']
    assert len(servers(sandbox, vnf)) == 3
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/rollback' % (
        lcm.API, op['id'])).status_code == 202
    op = lcm.wait_op(deployment, op['id'], ('ROLLED_BACK', 'FAILED_TEMP'),
                     after=op['stateEnteredTime'], timeout=60)
    assert op['operationState'] == 'ROLLED_BACK', op
    after = lcm.instance(deployment, vnf)
    assert sorted(v['computeResource']['resourceId']
                  for v in vnfcs(after)) == sorted(
        v['computeResource']['resourceId'] for v in vnfcs(before))
    assert sorted(servers(sandbox, vnf)) == sorted(
        v['computeResource']['resourceId'] for v in vnfcs(before))


USER_DATA_SCRIPT = '''
from tacker.vnfm.lcm_user_data import abstract_user_data
from tacker.vnfm.lcm_user_data import utils


class SampleUserData(abstract_user_data.AbstractUserData):

    @staticmethod
    def instantiate(base_hot_dict=None, vnfd_dict=None, inst_req_info=None,
                    grant_info=None):
        nfv = utils.create_initial_param_dict(base_hot_dict)['nfv']
        for vdu in nfv['VDU']:
            nfv['VDU'][vdu] = {'computeFlavourId': 'm1.from-script',
                               'vcImageId': 'image-from-script',
                               'desiredCapacity': 2}
        for cp in nfv['CP']:
            nfv['CP'][cp] = {'network': 'net-from-script'}
        return {'nfv': nfv}
'''


def test_package_user_data_script_computes_the_parameters(
        deployment, sandbox, tmp_path):
    def add_script(package):
        (package / 'UserData').mkdir()
        (package / 'UserData' / 'lcm_user_data.py').write_text(
            USER_DATA_SCRIPT)
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours',
                           mutate=add_script)['vnfdId']
    vnf = lcm.new_instance(deployment, vnfd_id)
    _, info = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox),
        'additionalParams': {
            'lcm-operation-user-data': './UserData/lcm_user_data.py',
            'lcm-operation-user-data-class': 'SampleUserData'}})
    nfv = nfv_of(sandbox, vnf)
    assert nfv['VDU']['VDU1'] == {'computeFlavourId': 'm1.from-script',
                                  'vcImageId': 'image-from-script',
                                  'desiredCapacity': 2}
    assert nfv['CP']['VDU1_CP1'] == {'network': 'net-from-script'}
    assert len(vnfcs(info, 'VDU1')) == 2

    vnf = lcm.new_instance(deployment, vnfd_id)
    pkgs.assert_problem(deployment.request(
        'POST', '%s/vnf_instances/%s/instantiate' % (lcm.API, vnf), json={
            'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox),
            'additionalParams': {
                'lcm-operation-user-data': '../../../etc/passwd',
                'lcm-operation-user-data-class': 'SampleUserData'}}),
        400, 'inside the package')


def test_a_vnf_through_the_v2_api_with_its_vim_inline(
        deployment, sandbox, vnfd_id):
    """v2 (SOL003 v3.3.1): the inline vimConnectionInfo map's password
    is sealed like v1's list, the VNF scales to a level and back."""
    [connection] = vim_connection(sandbox)
    vim_map = {connection.pop('id'): connection}
    vnf = v2_lcm.new_instance(deployment, vnfd_id)

    v2_lcm.run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_map})

    assert sandbox.password not in v2_lcm.stored_text(deployment)
    info = v2_lcm.instance(deployment, vnf)
    assert list(info['vimConnectionInfo']) == ['sandbox']
    for request, workers in (
            ({'instantiationLevelId': 'instantiation_level_2'}, 3),
            ({'scaleInfo': [{'aspectId': 'worker_instance',
                             'scaleLevel': 0}]}, 1)):
        v2_lcm.run(deployment, vnf, 'scale_to_level', request)
        info = v2_lcm.instance(deployment, vnf)
        assert lcm.vnfc_count(info, 'VDU1') == workers
        # VDU1's servers and VDU2's one, at the sandbox.
        assert len(servers(sandbox, vnf)) == workers + 1
    v2_lcm.run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    assert stack_of(sandbox, vnf) is None


def server_images(sandbox, vnf, vdu):
    """{physical id: image} of the VDU's servers, at the sandbox."""
    heat = sandbox.heat()
    images = {}
    for resource in heat.resources.list('vnf-' + vnf, nested_depth=2):
        if resource.resource_type != 'OS::Nova::Server' or \
                resource.resource_name != vdu:
            continue
        stack_id = [link['href'] for link in resource.links
                    if link['rel'] == 'stack'][0].rsplit('/', 1)[-1]
        attributes = heat.resources.get(stack_id, vdu).attributes
        images[resource.physical_resource_id] = \
            attributes['show']['image']['id']
    return images


def test_change_vnfpkg_moves_one_vnfc_at_a_time_and_rolls_back(
        deployment, sandbox, tmp_path):
    """The script of the first moved VNFC waits at a gate: the test sees
    one worker on the new image, the other on the old, the operation
    PROCESSING. A failing script then leaves a FAILED_TEMP that rollback
    returns to the old images."""
    old = v2_lcm.onboard_version(deployment, tmp_path, 'two_flavours')
    new = v2_lcm.onboard_version(deployment, tmp_path, 'two_flavours', 'v2')
    vnf = v2_lcm.new_instance(deployment, old['vnfdId'])
    [connection] = vim_connection(sandbox)
    v2_lcm.run(deployment, vnf, 'instantiate', {
        'flavourId': 'small',
        'vimConnectionInfo': {connection.pop('id'): connection}})
    v2_lcm.run(deployment, vnf, 'scale', {'type': 'SCALE_OUT',
                                          'aspectId': 'worker_instance'})
    workers = server_images(sandbox, vnf, 'VDU1')
    assert set(workers.values()) == {'vdu1-image'}
    controller = server_images(sandbox, vnf, 'VDU2')
    log, gate = tmp_path / 'log', tmp_path / 'gate'

    response = v2_lcm.v2(
        deployment, 'POST', '/vnf_instances/%s/change_vnfpkg' % vnf,
        json=v2_lcm.change_request(new['vnfdId'], log, gate=str(gate),
                                   cp_name='VDU1_CP1'))
    assert response.status_code == 202, response.text
    op_id = response.headers['Location'].rsplit('/', 1)[1]
    deadline = time.monotonic() + 60
    while not v2_lcm.logged(log):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    midway = server_images(sandbox, vnf, 'VDU1')
    assert set(midway) == set(workers)
    assert sorted(midway.values()) == ['vdu1-image', 'vdu1-image-v2']
    assert v2_lcm.v2(deployment, 'GET', '/vnf_lcm_op_occs/' + op_id).json()[
        'operationState'] == 'PROCESSING'
    gate.touch()
    op = v2_lcm.wait(deployment, op_id, 'COMPLETED')

    after = server_images(sandbox, vnf, 'VDU1')
    assert after == dict.fromkeys(workers, 'vdu1-image-v2')
    # VDU2 was not named in vdu_params: untouched.
    assert server_images(sandbox, vnf, 'VDU2') == controller
    assert nfv_of(sandbox, vnf)['VDU']['VDU1']['vcImageId'] == \
        'vdu1-image-v2'
    entries = v2_lcm.logged(log)
    assert len(entries) == 2 and all(entry['ssh_ip'] for entry in entries)
    assert len({entry['vnfc_info_id'] for entry in entries}) == 2
    assert len(op['resourceChanges']['affectedVnfcs']) == 2
    assert v2_lcm.instance(deployment, vnf)['vnfdId'] == new['vnfdId']

    # Back to the old package, whose script fails on the first VNFC.
    failed = v2_lcm.run(
        deployment, vnf, 'change_vnfpkg', v2_lcm.change_request(
            old['vnfdId'], log, exit_status=1, cp_name='VDU1_CP1',
            old_param={'cp_name': 'VDU1_CP1'}), 'FAILED_TEMP')
    assert 'exited with status 1' in failed['error']['detail']
    assert sorted(server_images(sandbox, vnf, 'VDU1').values()) == [
        'vdu1-image', 'vdu1-image-v2']
    v2_lcm.v2(deployment, 'POST',
              '/vnf_lcm_op_occs/%s/rollback' % failed['id'])
    v2_lcm.wait(deployment, failed['id'], 'ROLLED_BACK',
                after=failed['stateEnteredTime'])
    assert server_images(sandbox, vnf, 'VDU1') == after
    # The old_vnfc_param script ran for the one VNFC moved back.
    assert [entry['is_rollback'] for entry in v2_lcm.logged(log)][2:] == [
        False, True]
    assert v2_lcm.instance(deployment, vnf)['vnfdId'] == new['vnfdId']
    v2_lcm.run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    assert stack_of(sandbox, vnf) is None


def test_change_flavour_updates_the_stack_and_rolls_back(
        deployment, sandbox, tmp_path):
    """The large flavour gets the small one's templates (same nodes): a
    change updates the stack to two workers; a failed change back is
    rolled back to the large flavour."""
    def with_large_templates(package):
        shutil.copytree(package / 'BaseHOT' / 'small',
                        package / 'BaseHOT' / 'large')
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours',
                           mutate=with_large_templates)['vnfdId']
    vnf = lcm.new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': vim_connection(sandbox)})
    controller = server_images(sandbox, vnf, 'VDU2')

    _, info = run(deployment, vnf, 'change_flavour', {'newFlavourId': 'large'})

    assert info['instantiatedVnfInfo']['flavourId'] == 'large'
    assert lcm.vnfc_count(info, 'VDU1') == 2
    assert len(servers(sandbox, vnf)) == 3
    # What both flavours name alike Heat kept: the controller server.
    assert set(server_images(sandbox, vnf, 'VDU2')) == set(controller)
    sandbox.set_faults([{'resource': 'VDU2', 'action': 'UPDATE',
                         'reason': 'No valid host was found'}])
    op, _ = run(deployment, vnf, 'change_flavour', {'newFlavourId': 'small'},
                state='FAILED_TEMP')
    assert 'No valid host was found' in op['error']['detail']
    sandbox.clear_faults()
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/rollback' % (
        lcm.API, op['id'])).status_code == 202
    op = lcm.wait_op(deployment, op['id'], ('ROLLED_BACK', 'FAILED_TEMP'),
                     after=op['stateEnteredTime'], timeout=60)
    assert op['operationState'] == 'ROLLED_BACK', op
    info = lcm.instance(deployment, vnf)
    assert info['instantiatedVnfInfo']['flavourId'] == 'large'
    assert lcm.vnfc_count(info, 'VDU1') == 2
    assert len(servers(sandbox, vnf)) == 3
    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
