"""LCM operation user-data scripts, run in a child process, and the
``tacker.vnfm.lcm_user_data`` helpers packages written for Tacker use."""
import pathlib
import sys
import textwrap
import time
import types

import pytest
import yaml

from tacker.common import exceptions
from tacker.drivers.infra.openstack import user_data
from tacker.vnfm.lcm_user_data import utils

SCRIPT = './UserData/lcm_user_data.py'

TOP_HOT = yaml.safe_load('''
heat_template_version: 2013-05-23
parameters:
  nfv: {type: json}
  keypair: {type: string}
resources:
  VDU1_scale_group:
    type: OS::Heat::AutoScalingGroup
    properties:
      desired_capacity: {get_param: [nfv, VDU, VDU1, desired_capacity]}
      resource:
        type: VDU1.yaml
        properties:
          flavor: {get_param: [nfv, VDU, VDU1, flavor]}
          image: {get_param: [nfv, VDU, VDU1, image]}
          net: {get_param: [nfv, CP, VDU1_CP1, network]}
  VDU2:
    type: OS::Nova::Server
    properties:
      flavor: {get_param: [nfv, VDU, VDU2, flavor]}
      networks:
        - port: {get_resource: VDU2_CP1}
      block_device_mapping_v2:
        - image: {get_param: [nfv, VDU, VDU2, image]}
  VDU2_CP1:
    type: OS::Neutron::Port
    properties:
      network: {get_param: [nfv, CP, VDU2_CP1, network]}
      fixed_ips: {get_param: [nfv, CP, VDU2_CP1, fixed_ips]}
''')
NESTED_HOT = yaml.safe_load('''
heat_template_version: 2013-05-23
parameters:
  flavor: {type: string}
  image: {type: string}
  net: {type: string}
resources:
  VDU1:
    type: OS::Nova::Server
    properties:
      flavor: {get_param: flavor}
      image: {get_param: image}
      networks:
        - port: {get_resource: VDU1_CP1}
  VDU1_CP1:
    type: OS::Neutron::Port
    properties:
      network: {get_param: net}
''')
BASE_HOT = {'heat_template': TOP_HOT,
            'nested_hot_templates': {'VDU1.yaml': NESTED_HOT}}

VNFD = yaml.safe_load('''
topology_template:
  node_templates:
    VDU1:
      type: tosca.nodes.nfv.Vdu.Compute
      properties:
        sw_image_data: {name: worker-image}
      capabilities:
        virtual_compute:
          properties:
            requested_additional_capabilities:
              properties:
                requested_additional_capability_name: m1.tiny
            virtual_memory: {virtual_mem_size: 512 MiB}
            virtual_cpu: {num_virtual_cpu: 1}
            virtual_local_storage:
              - size_of_storage: 2 GiB
    VDU2:
      type: tosca.nodes.nfv.Vdu.Compute
      properties:
        sw_image_data: {name: controller-image}
      capabilities:
        virtual_compute:
          properties:
            requested_additional_capabilities:
              small:
                requested_additional_capability_name: m1.small
            virtual_memory: {virtual_mem_size: 1 GB}
            virtual_cpu: {num_virtual_cpu: 2}
  policies:
    - scaling_aspects:
        type: tosca.policies.nfv.ScalingAspects
        properties:
          aspects:
            worker_instance:
              max_scale_level: 3
              step_deltas: [delta_1, delta_2]
    - VDU1_initial_delta:
        type: tosca.policies.nfv.VduInitialDelta
        properties:
          initial_delta: {number_of_instances: 1}
        targets: [VDU1]
    - VDU1_scaling_aspect_deltas:
        type: tosca.policies.nfv.VduScalingAspectDeltas
        properties:
          aspect: worker_instance
          deltas:
            delta_1: {number_of_instances: 1}
            delta_2: {number_of_instances: 2}
        targets: [VDU1]
    - instantiation_levels:
        type: tosca.policies.nfv.InstantiationLevels
        properties:
          levels:
            instantiation_level_1:
              scale_info: {worker_instance: {scale_level: 0}}
            instantiation_level_2:
              scale_info: {worker_instance: {scale_level: 3}}
          default_level: instantiation_level_1
''')


def _ip_config(**address):
    return [{'cpProtocolData': [{
        'layerProtocol': 'IP_OVER_ETHERNET',
        'ipOverEthernet': {'ipAddresses': [dict(type='IPV4', **address)]}}]}]


REQUEST = {
    'flavourId': 'small',
    'instantiationLevelId': 'instantiation_level_2',
    'extVirtualLinks': [
        {'id': 'ext-1', 'resourceId': 'net-1', 'extCps': [
            {'cpdId': 'VDU1_CP1', 'cpConfig': _ip_config(
                numDynamicAddresses=1, subnetId='sub-1')}]},
        {'id': 'ext-2', 'resourceId': 'net-2', 'extCps': [
            {'cpdId': 'VDU2_CP1', 'cpConfig': _ip_config(
                fixedAddresses=['10.0.0.5'], subnetId='sub-2')}]}],
    'additionalParams': {'keypair': 'kp-1',
                         'lcm-operation-user-data': SCRIPT,
                         'lcm-operation-user-data-class': 'SampleUserData'},
}
GRANT = {'id': 'grant-1', 'vnfInstanceId': 'inst-1', 'vimAssets': {
    'softwareImages': [
        {'vnfdSoftwareImageId': 'VDU1', 'vimSoftwareImageId': 'img-1'},
        {'vnfdSoftwareImageId': 'VDU2', 'vimSoftwareImageId': 'img-2'}]}}

HEADER = '''
from tacker.vnfm.lcm_user_data.abstract_user_data import AbstractUserData
import tacker.vnfm.lcm_user_data.utils as UserDataUtil
'''

SAMPLE = HEADER + '''
class SampleUserData(AbstractUserData):
    @staticmethod
    def instantiate(base_hot_dict=None, vnfd_dict=None, inst_req_info=None,
                    grant_info=None):
        param = UserDataUtil.create_initial_param_dict(base_hot_dict)
        final = UserDataUtil.create_final_param_dict(
            param, UserDataUtil.create_vdu_flavor_dict(vnfd_dict),
            UserDataUtil.create_vdu_image_dict(grant_info),
            UserDataUtil.create_cpd_vl_dict(base_hot_dict, inst_req_info))
        capacity = UserDataUtil.create_desired_capacity_dict(
            base_hot_dict, vnfd_dict, inst_req_info)
        final['nfv']['VDU']['VDU1']['desired_capacity'] = capacity[
            'worker_instance']
        api_param = UserDataUtil.get_diff_base_hot_param_from_api(
            base_hot_dict, inst_req_info)
        return {**final, **api_param}
'''


def _package(tmp_path, script_text, files=None):
    package_dir = tmp_path / 'package'
    for name, text in dict(files or {}, **{SCRIPT: script_text}).items():
        path = package_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return package_dir


def _run(package_dir, script=SCRIPT, class_name='SampleUserData',
         operation='INSTANTIATE', timeout=10):
    return user_data.run(package_dir, script, class_name, operation,
                         BASE_HOT, VNFD, REQUEST, GRANT, timeout)


def _failure(package_dir, **kwargs):
    with pytest.raises(user_data.UserDataFailed) as caught:
        _run(package_dir, **kwargs)
    assert isinstance(caught.value, exceptions.BadRequest)
    return str(caught.value)


def test_sample_script_builds_nfv_param_with_user_data_utils(tmp_path):
    result = _run(_package(tmp_path, SAMPLE))

    assert result == {
        'nfv': {
            'VDU': {
                'VDU1': {'flavor': {'vcpus': 1, 'ram': 512, 'disk': 2},
                         'image': 'img-1', 'desired_capacity': 6},
                'VDU2': {'flavor': {'vcpus': 2, 'ram': 954},
                         'image': 'img-2'}},
            'CP': {'VDU1_CP1': {'network': 'net-1'},
                   'VDU2_CP1': {'network': 'net-2'}}},
        'keypair': 'kp-1'}


def test_script_reads_request_attributes_and_existing_flavors(tmp_path):
    script = HEADER + textwrap.dedent('''
    class SampleUserData(AbstractUserData):
        @staticmethod
        def instantiate(base_hot_dict, vnfd_dict, inst_req_info, grant_info):
            param = UserDataUtil.create_initial_param_server_port_dict(
                base_hot_dict)
            final = UserDataUtil.create_final_param_dict(
                param,
                UserDataUtil.create_vdu_flavor_capability_name_dict(vnfd_dict),
                UserDataUtil.create_sw_image_dict(vnfd_dict),
                UserDataUtil.create_network_dict(inst_req_info, param))
            final['flavour'] = inst_req_info.flavour_id
            final['first_cp'] = (
                inst_req_info.ext_virtual_links[0].ext_cps[0].cpd_id)
            final['unset'] = inst_req_info.vim_connection_info
            final['version'] = base_hot_dict['heat_template'][
                'heat_template_version']
            final['templates'] = sorted(base_hot_dict)
            return final
    ''')
    result = _run(_package(tmp_path, script))

    assert result['nfv'] == {
        'VDU': {'VDU1': {'flavor': 'm1.tiny', 'image': 'worker-image'},
                'VDU2': {'flavor': 'm1.small', 'image': 'controller-image'}},
        'CP': {'VDU1_CP1': {'network': 'net-1',
                            'fixed_ips': [{'subnet': 'sub-1'}]},
               'VDU2_CP1': {'network': 'net-2',
                            'fixed_ips': [{'subnet': 'sub-2',
                                           'ip_address': '10.0.0.5'}]}}}
    assert result['flavour'] == 'small'
    assert result['first_cp'] == 'VDU1_CP1'
    assert result['unset'] is None
    assert result['version'] == '2013-05-23'
    assert result['templates'] == ['VDU1.yaml', 'heat_template']


def test_script_imports_sibling_modules_and_writes_no_bytecode(tmp_path):
    script = '''
    import helper
    from . import helper as relative
    from UserData import helper as absolute

    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return {'values': [helper.VALUE, relative.VALUE, absolute.VALUE]}
    '''
    package_dir = _package(tmp_path, script,
                           {'UserData/helper.py': 'VALUE = 7\n'})

    assert _run(package_dir) == {'values': [7, 7, 7]}
    assert not list(package_dir.rglob('__pycache__'))


def test_prints_of_the_script_do_not_break_the_answer(tmp_path):
    script = '''
    import os
    print('{"result": "forged"}')
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            print('hello from the script')
            os.write(1, b'raw bytes on fd 1')
            return {'ok': True}
    '''
    assert _run(_package(tmp_path, script)) == {'ok': True}


def test_crash_reports_traceback_tail(tmp_path):
    script = '''
    def _helper():
        raise ValueError('boom in script')
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            _helper()
    '''
    message = _failure(_package(tmp_path, script))

    assert message.startswith(f'lcm-operation-user-data {SCRIPT}: failed: ')
    assert 'ValueError: boom in script' in message
    assert 'lcm_user_data.py' in message and '_helper()' in message
    assert 'user_data_runner' not in message


def test_syntax_error_in_script_fails(tmp_path):
    message = _failure(_package(tmp_path, 'def broken(:\n'))

    assert 'failed: ' in message and 'SyntaxError' in message
    assert 'user_data_runner' not in message and 'frozen' not in message


def test_timeout_kills_the_script_and_what_it_started(tmp_path):
    script = f'''
    import subprocess, time
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            child = subprocess.Popen(
                [{sys.executable!r}, '-c', 'import time; time.sleep(30)'])
            with open('child.pid', 'w') as pid_file:
                pid_file.write(str(child.pid))
            time.sleep(30)
    '''
    package_dir = _package(tmp_path, script)
    started = time.monotonic()

    # Long enough for the script to start its child on a loaded machine.
    message = _failure(package_dir, timeout=3)

    assert time.monotonic() - started < 15
    assert message == (f'lcm-operation-user-data {SCRIPT}: timed out '
                       'after 3 s')
    child_pid = int((package_dir / 'child.pid').read_text())
    assert _gone(child_pid)


def _gone(pid):
    """Whether ``pid`` ended (a zombie awaiting its reaper counts)."""
    stat = pathlib.Path(f'/proc/{pid}/stat')
    for _ in range(50):
        try:
            if stat.read_text().rsplit(')', 1)[1].split()[0] == 'Z':
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize('script', [
    '../outside.py', '/etc/hostname', './UserData/../../outside.py',
    './UserData/link.py', './UserData', './UserData/missing.py', None])
def test_script_outside_the_package_or_no_file_is_refused(tmp_path, script):
    package_dir = _package(tmp_path, SAMPLE)
    outside = tmp_path / 'outside.py'
    outside.write_text(SAMPLE)
    (package_dir / 'UserData' / 'link.py').symlink_to(outside)

    message = _failure(package_dir, script=script)

    assert message.startswith(f'lcm-operation-user-data {script}: ')
    assert 'package' in message


@pytest.mark.parametrize('class_name', ['Missing', 'os.path', None])
def test_missing_class(tmp_path, class_name):
    message = _failure(_package(tmp_path, 'import os\n'),
                       class_name=class_name)

    assert message == (f'lcm-operation-user-data {SCRIPT}: class '
                       f'{class_name} not found')


def test_non_dict_result(tmp_path):
    script = '''
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return ['not', 'a', 'dict']
    '''
    message = _failure(_package(tmp_path, script))
    assert message == (f'lcm-operation-user-data {SCRIPT}: did not return '
                       'a dict (returned list)')


def test_result_that_is_no_json_is_refused(tmp_path):
    script = '''
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return {'nfv': {1, 2}}
    '''
    message = _failure(_package(tmp_path, script))
    assert 'returned a dict that is not JSON' in message


def test_huge_output_is_refused(tmp_path):
    script = '''
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return {'nfv': 'x' * (11 << 20)}
    '''
    message = _failure(_package(tmp_path, script))
    assert message == (f'lcm-operation-user-data {SCRIPT}: answered more '
                       f'than {user_data.OUTPUT_LIMIT} bytes')


def test_memory_is_limited(tmp_path):
    script = '''
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return {'big': len(bytearray(2 << 30))}
    '''
    message = _failure(_package(tmp_path, script))
    assert 'MemoryError' in message


def test_environment_is_clean_and_cwd_is_the_package(tmp_path,
                                                     monkeypatch):
    monkeypatch.setenv('OS_PASSWORD', 'secret')
    script = '''
    import os
    class SampleUserData:
        @staticmethod
        def instantiate(*args):
            return {'env': sorted(os.environ), 'cwd': os.getcwd()}
    '''
    package_dir = _package(tmp_path, script)

    result = _run(package_dir)

    assert 'OS_PASSWORD' not in result['env'] and 'PATH' in result['env']
    assert result['cwd'] == str(package_dir.resolve())


def test_operation_without_method_is_a_missing_hook(tmp_path):
    package_dir = _package(tmp_path, SAMPLE)

    with pytest.raises(user_data.UserDataHookMissing) as caught:
        _run(package_dir, operation='SCALE')

    assert isinstance(caught.value, NotImplementedError)
    assert str(caught.value) == (f'lcm-operation-user-data {SCRIPT}: class '
                                 'SampleUserData has no method scale')


def test_class_not_overriding_instantiate_is_a_missing_hook(tmp_path):
    script = HEADER + textwrap.dedent('''
    class SampleUserData(AbstractUserData):
        @staticmethod
        def heal(base_hot_dict, vnfd_dict, req, grant_info):
            return {'healed': req['additionalParams']['keypair']}
    ''')
    package_dir = _package(tmp_path, script)

    with pytest.raises(user_data.UserDataHookMissing):
        _run(package_dir)
    assert _run(package_dir, operation='HEAL') == {'healed': 'kp-1'}


def test_network_dict_takes_dicts_and_snake_case_objects():
    def snake(value):
        if isinstance(value, dict):
            return types.SimpleNamespace(**{
                _snake(key): snake(item) for key, item in value.items()})
        if isinstance(value, list):
            return [snake(item) for item in value]
        return value

    param = utils.create_initial_param_dict(BASE_HOT)

    assert utils.create_network_dict(snake(REQUEST), param) == (
        utils.create_network_dict(REQUEST, param))
    assert utils.create_cpd_vl_dict(BASE_HOT, snake(REQUEST)) == {
        'VDU1_CP1': 'net-1', 'VDU2_CP1': 'net-2'}


def _snake(name):
    return ''.join('_' + char.lower() if char.isupper() else char
                   for char in name)


def test_cp_config_keyed_by_id_gives_fixed_ips():
    request = {'extVirtualLinks': [{'resourceId': 'net-9', 'extCps': [
        {'cpdId': 'VDU2_CP1', 'cpConfig': {'port-a': _ip_config(
            fixedAddresses=['10.0.0.7', '10.0.0.8'])[0]}}]}]}
    param = {'nfv': {'CP': {'VDU2_CP1': {}}}}

    assert utils.create_network_dict(request, param) == {'VDU2_CP1': {
        'network': 'net-9',
        'fixed_ips': [{'ip_address': '10.0.0.7'},
                      {'ip_address': '10.0.0.8'}]}}


@pytest.mark.parametrize('grant_info', [
    {'VDU1': [types.SimpleNamespace(resource_identifier='old'),
              types.SimpleNamespace(resource_identifier='img-1')]},
    {'VDU1': [{'resourceIdentifier': 'img-1'}]},
    {'VDU1': 'img-1'},
    {'VDU1': {'image': 'img-1'}},
    {'vimAssets': {'softwareImages': [
        {'vnfdSoftwareImageId': 'VDU1', 'vimSoftwareImageId': 'img-1'}]}},
])
def test_vdu_image_dict_from_any_grant_shape(grant_info):
    assert utils.create_vdu_image_dict(grant_info) == {'VDU1': 'img-1'}


def test_desired_capacity_follows_levels_and_scale_status():
    default = dict(REQUEST, instantiationLevelId=None)
    scaled = {'scaleStatus': [{'aspectId': 'worker_instance',
                               'scaleLevel': 1}]}

    assert utils.create_desired_capacity_dict(BASE_HOT, VNFD, REQUEST) == {
        'worker_instance': 6}
    assert utils.create_desired_capacity_dict(BASE_HOT, VNFD, default) == {
        'worker_instance': 1}
    assert utils.get_desired_capacity_dict(BASE_HOT, VNFD, scaled) == {
        'worker_instance': 2}
    no_group = {'heat_template': NESTED_HOT}
    assert utils.create_desired_capacity_dict(no_group, VNFD, REQUEST) == {}


def test_final_param_dict_takes_network_ids_and_leaves_input_alone():
    param = utils.create_initial_param_dict(BASE_HOT)

    final = utils.create_final_param_dict(
        param, {'VDU1': 'm1.tiny'}, {}, {'VDU2_CP1': 'net-2'})

    assert final['nfv']['VDU']['VDU1'] == {'flavor': 'm1.tiny',
                                           'image': None}
    assert final['nfv']['CP'] == {'VDU1_CP1': {},
                                  'VDU2_CP1': {'network': 'net-2'}}
    assert param['nfv']['VDU']['VDU1'] == {}
