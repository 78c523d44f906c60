"""Legacy VNFDs: parsed into the model, translated into HOT, and the HOT
deployed on the sandbox Heat (its engine, in memory)."""
import copy
import json
import pathlib

import pytest
import yaml

from tacker.common import legacy_vnfd
from tacker_sandbox import engine as engine_lib
from tacker_sandbox import store as store_lib

SAMPLES = pathlib.Path(__file__).parents[2] / 'samples' / 'legacy'


def sample(name):
    return (SAMPLES / f'{name}.yaml').read_text()


def sample_doc(name):
    return yaml.safe_load(sample(name))


def nodes(doc):
    return doc['topology_template']['node_templates']


def rejected(template, reason, param_values=None):
    with pytest.raises(ValueError) as caught:
        legacy_vnfd.parse(template, param_values)
    assert reason in str(caught.value)
    return str(caught.value)


@pytest.fixture
def heat():
    store = store_lib.Store()
    yield engine_lib.Engine(store, delay=0)
    store.close()


def deploy(heat, main, files, stack=None):
    """Create (or update) a stack of ``to_hot``'s templates; its outputs
    by key."""
    texts = {name: json.dumps(nested) for name, nested in files.items()}
    if stack is None:
        stack = heat.create_stack('p1', 'vnf', main, files=texts)
    else:
        heat.update_stack(stack, template=main, files=texts)
    stack = heat.store.get_stack(stack['id'])
    assert (stack['status'], stack['reason']) == (
        'COMPLETE', f'Stack {stack["action"]} completed successfully')
    return stack, {output['output_key']: output['output_value']
                   for output in stack['outputs']}


def nested_resources(heat, stack, group):
    """Each group member's resources."""
    members = heat.nested_stack(stack['resources'][group])['resources']
    return [heat.nested_stack(member)['resources']
            for member in members.values()]


def fixed_ip(port):
    return port['attributes']['fixed_ips'][0]['ip_address']


# -- the model ------------------------------------------------------------

def test_hello_world_is_read_into_the_model():
    vnfd = legacy_vnfd.parse(sample('hello_world'))
    assert vnfd.description.startswith('One VDU sized by nfv_compute')
    assert vnfd.metadata == {'template_name': 'hello-world'}
    assert vnfd.mgmt_driver == 'noop'
    assert vnfd.vls == {'VL1': legacy_vnfd.Vl('VL1', 'net_mgmt', 'Tacker')}
    assert vnfd.scaling_policies == vnfd.alarming_policies == {}
    assert vnfd.vdus == {'VDU1': legacy_vnfd.Vdu(
        name='VDU1', image='cirros-0.5.2-x86_64-disk', flavor=None,
        nfv_compute=legacy_vnfd.NfvCompute(num_cpus=1, mem_mb=512,
                                           disk_gb=1),
        availability_zone='nova', key_name=None, user_data=None,
        user_data_format=None, mgmt_driver='noop',
        config='param0: key1\nparam1: key2\n',
        monitoring_policy={
            'name': 'ping',
            'parameters': {'monitoring_delay': 45, 'count': 3,
                           'interval': 1, 'timeout': 2},
            'actions': {'failure': 'respawn'}},
        cps=(legacy_vnfd.Cp(name='CP1', management=True, order=0,
                            virtual_link='VL1', network='net_mgmt'),))}


def test_two_vdus_keep_their_monitors_and_cps_in_order():
    vnfd = legacy_vnfd.parse(sample('monitoring'))
    vdu1, vdu2 = vnfd.vdus['VDU1'], vnfd.vdus['VDU2']
    assert vdu1.monitoring_policy['name'] == 'ping'
    assert vdu2.monitoring_policy == {
        'name': 'http_ping',
        'parameters': {'retry': 5, 'timeout': 10, 'port': 8000,
                       'path': '/health'},
        'actions': {'failure': 'respawn'}}
    assert [cp.name for cp in vdu1.cps] == ['CP11', 'CP12']
    assert [(cp.name, cp.order) for cp in vdu2.cps] == [
        ('CP22', 0), ('CP21', 1)]
    assert (vdu1.flavor, vdu1.nfv_compute) == ('m1.tiny', None)
    assert (vdu2.key_name, vdu2.user_data_format) == ('operator', 'RAW')
    assert "echo \"it's up\"" in vdu2.user_data
    assert (vdu1.mgmt_driver, vdu2.mgmt_driver) == (None, 'openwrt')
    assert vnfd.mgmt_driver == 'openwrt'


def test_scaling_and_alarming_policies_are_read():
    vnfd = legacy_vnfd.parse(sample('scaling'))
    assert vnfd.scaling_policies == {'SP1': legacy_vnfd.ScalingPolicy(
        name='SP1', targets=('VDU1', 'VDU2'), increment=1, cooldown=60,
        min_instances=1, max_instances=3, default_instances=2)}
    alarm = vnfd.alarming_policies['vdu1_cpu_usage']
    assert alarm['targets'] == ['VDU1']
    assert alarm['triggers']['high_cpu']['action'] == ['SP1']
    # 2 GB of memory and 500 MB of disk, in Nova's MiB and GiB.
    assert vnfd.vdus['VDU1'].nfv_compute == legacy_vnfd.NfvCompute(2, 2048,
                                                                   1)


def test_cooldown_defaults_to_120_seconds():
    doc = sample_doc('scaling')
    del doc['topology_template']['policies'][0]['SP1']['properties'][
        'cooldown']
    vnfd = legacy_vnfd.parse(doc)
    assert vnfd.scaling_policies['SP1'].cooldown == 120


def test_inputs_without_a_value_stay_unresolved_until_given():
    vnfd = legacy_vnfd.parse(sample('inputs'))
    assert vnfd.input_values == {
        'image_name': None, 'flavor_name': 'm1.small', 'zone': 'nova',
        'http_port': 8080, 'mgmt_network': 'net_mgmt'}
    vdu = vnfd.vdus['VDU1']
    assert (vdu.image, vdu.flavor, vdu.availability_zone) == (
        None, 'm1.small', 'nova')
    assert vdu.monitoring_policy['parameters']['port'] == 8080
    assert vdu.cps[0].network == 'net_mgmt'
    assert vnfd.inputs['image_name']['type'] == 'string'


@pytest.mark.parametrize('param_values', [
    {'image_name': 'cirros', 'http_port': 9090, 'mgmt_network': 'net0'},
    'image_name: cirros\nhttp_port: 9090\nmgmt_network: net0\n'])
def test_param_values_fill_inputs_at_any_depth(param_values):
    vnfd = legacy_vnfd.parse(sample('inputs'), param_values)
    vdu = vnfd.vdus['VDU1']
    assert vdu.image == 'cirros'
    assert vdu.monitoring_policy['parameters']['port'] == 9090
    assert vdu.cps[0].network == 'net0'
    assert vnfd.vls['VL1'].network_name == 'net0'


def test_upstream_imports_of_tackers_types_are_accepted():
    assert 'imports' in sample_doc('monitoring')
    assert 'imports' not in legacy_vnfd.parse(sample('monitoring')).template


# -- the HOT --------------------------------------------------------------

def test_hello_world_becomes_a_server_a_port_and_a_flavor():
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('hello_world')))
    assert files == {}
    assert main['heat_template_version'] == '2013-05-23'
    resources = main['resources']
    assert set(resources) == {'VDU1', 'VDU1_flavor', 'CP1'}
    assert resources['VDU1_flavor'] == {
        'type': 'OS::Nova::Flavor',
        'properties': {'vcpus': 1, 'ram': 512, 'disk': 1}}
    server = resources['VDU1']
    assert server['type'] == 'OS::Nova::Server'
    assert server['properties']['flavor'] == {'get_resource': 'VDU1_flavor'}
    assert server['properties']['image'] == 'cirros-0.5.2-x86_64-disk'
    assert server['properties']['availability_zone'] == 'nova'
    assert server['properties']['networks'] == [
        {'port': {'get_resource': 'CP1'}}]
    assert resources['CP1'] == {
        'type': 'OS::Neutron::Port',
        'properties': {'network': 'net_mgmt',
                       'port_security_enabled': False}}
    assert main['outputs'] == {'mgmt_ip-VDU1': {'value': {'get_attr': [
        'CP1', 'fixed_ips', 0, 'ip_address']}}}


def test_hello_world_deploys_with_its_management_address(heat):
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('hello_world')))
    stack, outputs = deploy(heat, main, files)
    resources = stack['resources']
    assert outputs == {'mgmt_ip-VDU1': fixed_ip(resources['CP1'])}
    server = resources['VDU1']['attributes']['show']
    assert server['flavor']['id'] == resources['VDU1_flavor']['physical_id']


def test_cp_properties_become_neutrons_and_mgmt_ips_follow_the_cps():
    main, _ = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('monitoring')))
    resources = main['resources']
    assert resources['CP12']['properties'] == {
        'network': 'net0', 'binding:vnic_type': 'direct'}
    assert resources['CP21']['properties'] == {
        'network': 'net0', 'fixed_ips': [{'ip_address': '192.168.120.10'}]}
    assert resources['CP22']['properties'] == {
        'network': 'net_mgmt', 'port_security_enabled': True,
        'security_groups': ['default']}
    vdu2 = resources['VDU2']['properties']
    assert vdu2['networks'] == [{'port': {'get_resource': 'CP22'}},
                                {'port': {'get_resource': 'CP21'}}]
    assert (vdu2['flavor'], vdu2['key_name'], vdu2['user_data_format']) == (
        'm1.small', 'operator', 'RAW')
    # Quotes and blank lines survive (heat-translator's YAML drops them).
    assert vdu2['user_data'] == ('#!/bin/sh\necho "it\'s up" > /tmp/ready\n'
                                 '\nexit 0\n')
    assert main['outputs'] == {
        # VDU1's management CP; VDU2 has none: its first CP by order.
        'mgmt_ip-VDU1': {'value': {'get_attr': [
            'CP11', 'fixed_ips', 0, 'ip_address']}},
        'mgmt_ip-VDU2': {'value': {'get_attr': [
            'CP22', 'fixed_ips', 0, 'ip_address']}}}


def test_two_vdus_deploy_with_their_management_addresses(heat):
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('monitoring')))
    stack, outputs = deploy(heat, main, files)
    resources = stack['resources']
    assert outputs == {'mgmt_ip-VDU1': fixed_ip(resources['CP11']),
                       'mgmt_ip-VDU2': fixed_ip(resources['CP22'])}
    assert resources['VDU2']['attributes']['networks'] == {
        'net_mgmt': [fixed_ip(resources['CP22'])],
        'net0': ['192.168.120.10']}


def test_scaled_vdus_and_their_cps_move_into_the_groups_template():
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('scaling')))
    resources = main['resources']
    assert set(resources) == {'VDU3', 'CP3', 'VDU1_flavor', 'SP1',
                              'SP1_scale_out', 'SP1_scale_in'}
    assert resources['SP1'] == {
        'type': 'OS::Heat::AutoScalingGroup',
        'properties': {
            'min_size': 1, 'max_size': 3, 'desired_capacity': 2,
            'cooldown': 60,
            'resource': {'type': 'SP1_res.yaml', 'properties': {
                'VDU1_flavor': {'get_resource': 'VDU1_flavor'}}}}}
    for action, adjustment in (('out', 1), ('in', -1)):
        assert resources[f'SP1_scale_{action}'] == {
            'type': 'OS::Heat::ScalingPolicy',
            'properties': {'auto_scaling_group_id': {'get_resource': 'SP1'},
                           'adjustment_type': 'change_in_capacity',
                           'scaling_adjustment': adjustment,
                           'cooldown': 60}}
    nested = files['SP1_res.yaml']
    assert set(nested['resources']) == {'VDU1', 'CP1', 'VDU2', 'CP2'}
    assert nested['parameters'] == {'VDU1_flavor': {'type': 'string'}}
    assert nested['resources']['VDU1']['properties']['flavor'] == {
        'get_param': 'VDU1_flavor'}
    assert nested['outputs'] == {
        f'mgmt_ip-{vdu}': {'value': {'get_attr': [
            cp, 'fixed_ips', 0, 'ip_address']}}
        for vdu, cp in (('VDU1', 'CP1'), ('VDU2', 'CP2'))}
    assert main['outputs'] == {
        'mgmt_ip-VDU3': {'value': {'get_attr': [
            'CP3', 'fixed_ips', 0, 'ip_address']}},
        'mgmt_ip-VDU1': {'value': {'get_attr': [
            'SP1', 'outputs_list', 'mgmt_ip-VDU1']}},
        'mgmt_ip-VDU2': {'value': {'get_attr': [
            'SP1', 'outputs_list', 'mgmt_ip-VDU2']}}}


def test_a_scaled_vnf_lists_each_members_address_before_and_after_scaling(
        heat):
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(sample('scaling')))
    stack, outputs = deploy(heat, main, files)
    members = nested_resources(heat, stack, 'SP1')
    assert len(members) == 2
    assert outputs == {
        'mgmt_ip-VDU3': fixed_ip(stack['resources']['CP3']),
        'mgmt_ip-VDU1': [fixed_ip(member['CP1']) for member in members],
        'mgmt_ip-VDU2': [fixed_ip(member['CP2']) for member in members]}
    flavor = stack['resources']['VDU1_flavor']['physical_id']
    assert all(member['VDU1']['attributes']['show']['flavor']['id'] ==
               flavor for member in members)
    signal_url = stack['resources']['SP1_scale_out']['attributes'][
        'signal_url']
    assert signal_url.endswith('/resources/SP1_scale_out/signal')

    # The sandbox scales a group by an update of its size.
    scaled_out = copy.deepcopy(main)
    scaled_out['resources']['SP1']['properties']['desired_capacity'] = 3
    stack, after = deploy(heat, scaled_out, files, stack)
    assert len(after['mgmt_ip-VDU1']) == len(after['mgmt_ip-VDU2']) == 3
    assert after['mgmt_ip-VDU1'][:2] == outputs['mgmt_ip-VDU1']
    assert after['mgmt_ip-VDU3'] == outputs['mgmt_ip-VDU3']


def test_hello_world_with_a_scaling_policy_deploys(heat):
    doc = sample_doc('hello_world')
    doc['topology_template']['policies'] = [{'SP1': {
        'type': 'tosca.policies.tacker.Scaling', 'targets': ['VDU1'],
        'properties': {'increment': 1, 'cooldown': 120, 'min_instances': 1,
                       'max_instances': 3, 'default_instances': 1}}}]
    main, files = legacy_vnfd.to_hot(legacy_vnfd.parse(doc))
    assert set(files['SP1_res.yaml']['resources']) == {'VDU1', 'CP1'}
    stack, outputs = deploy(heat, main, files)
    member, = nested_resources(heat, stack, 'SP1')
    assert outputs == {'mgmt_ip-VDU1': [fixed_ip(member['CP1'])]}


def test_param_values_are_written_into_the_hot(heat):
    vnfd = legacy_vnfd.parse(sample('inputs'))
    main, files = legacy_vnfd.to_hot(vnfd, {'image_name': 'cirros',
                                            'flavor_name': 'm1.large'})
    assert 'parameters' not in main
    server = main['resources']['VDU1']['properties']
    assert (server['image'], server['flavor'],
            server['availability_zone']) == ('cirros', 'm1.large', 'nova')
    assert main['resources']['CP1']['properties']['network'] == 'net_mgmt'
    stack, outputs = deploy(heat, main, files)
    assert outputs == {'mgmt_ip-VDU1': fixed_ip(stack['resources']['CP1'])}
    given = legacy_vnfd.parse(sample('inputs'), {'image_name': 'cirros',
                                                 'flavor_name': 'm1.large'})
    assert legacy_vnfd.to_hot(given) == (main, files)


def test_an_input_named_key_name_keys_only_the_vdus_that_get_it():
    doc = sample_doc('monitoring')
    doc['topology_template']['inputs'] = {
        'key_name': {'type': 'string', 'default': 'ops'}}
    nodes(doc)['VDU2']['properties']['key_name'] = {'get_input': 'key_name'}
    main, _ = legacy_vnfd.to_hot(legacy_vnfd.parse(doc))
    assert main['resources']['VDU2']['properties']['key_name'] == 'ops'
    assert 'key_name' not in main['resources']['VDU1']['properties']


def test_to_hot_needs_a_value_for_each_input_used():
    vnfd = legacy_vnfd.parse(sample('inputs'))
    with pytest.raises(ValueError) as caught:
        legacy_vnfd.to_hot(vnfd)
    assert str(caught.value) == ('no value for input image_name: give it in '
                                 'param_values')


def test_generated_names_may_not_clash_with_the_vnfds():
    doc = sample_doc('hello_world')
    nodes(doc)['VDU1_flavor'] = nodes(doc).pop('CP1')
    vnfd = legacy_vnfd.parse(doc)
    with pytest.raises(ValueError) as caught:
        legacy_vnfd.to_hot(vnfd)
    assert 'resource VDU1_flavor' in str(caught.value)


# -- refused --------------------------------------------------------------

def alias_bomb():
    lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    lines += [f'a{i}: &a{i} [' + ', '.join([f'*a{i - 1}'] * 10) + ']'
              for i in range(1, 9)]
    return '\n'.join(lines) + '\n'


@pytest.mark.parametrize('template, reason', [
    ('a: [b\n c: }', 'the VNFD is not valid YAML: '),
    ('- a\n- b\n', 'the VNFD is not a YAML mapping'),
    (['a'], 'the VNFD is neither YAML text nor a mapping'),
    ('a: "' + 'x' * 10 * 1024 ** 2 + '"\n',
     'the VNFD holds more than 1048576 bytes'),
    (alias_bomb(), 'the VNFD uses a YAML alias (*a0)'),
    ('[' * 100000 + ']' * 100000, 'the VNFD nests deeper than 32 levels'),
    ('a: 123456789012345678901234567890\n',
     'the VNFD holds an integer larger than 64 bits'),
    ({'a': float('nan')}, 'the VNFD does not hold JSON data'),
    ({('a',): 1}, 'the VNFD does not hold JSON data'),
])
def test_what_is_not_a_yaml_mapping_is_refused(template, reason):
    message = rejected(template, reason)
    assert 'Traceback' not in message and len(message) < 200


def test_a_dict_nested_too_deep_is_refused():
    deep = 'leaf'
    for _ in range(100000):
        deep = {'a': deep}
    rejected(deep, 'the VNFD nests too deep')


def mutated(change, name='hello_world'):
    doc = sample_doc(name)
    change(doc)
    return doc


@pytest.mark.parametrize('change, reason', [
    (lambda doc: doc.update(tosca_definitions_version='tosca_simple_yaml_1_3'),
     'tosca_definitions_version is tosca_simple_yaml_1_3; a legacy VNFD is '
     'written in tosca_simple_profile_for_nfv_1_0_0'),
    (lambda doc: doc.update(imports=['https://example.com/types.yaml']),
     'import https://example.com/types.yaml: a legacy VNFD may import only '
     'tacker_defs.yaml and tacker_nfv_defs.yaml'),
    (lambda doc: doc.update(node_types={}),
     'the VNFD: node_types is not supported in a legacy VNFD'),
    (lambda doc: nodes(doc)['VDU1'].update(type='tosca.nodes.Compute'),
     'node VDU1: type tosca.nodes.Compute is not one of a legacy VNFD\'s'),
    (lambda doc: nodes(doc)['VDU1'].update(type='tosca.nodes.nfv.Nope'),
     'node VDU1: type tosca.nodes.nfv.Nope is not one of'),
    (lambda doc: nodes(doc)['VDU1']['properties'].pop('image'),
     'VDU VDU1 has no image'),
    (lambda doc: nodes(doc)['VDU1']['properties'].update(
        image={'get_input': 'image_name'}),
     'node VDU1: get_input of image_name, which is not an input of the '
     'VNFD'),
    (lambda doc: nodes(doc)['VDU1']['properties'].update(
        image={'get_attribute': ['VDU1', 'name']}),
     'node VDU1: get_attribute is not supported in a legacy VNFD'),
    (lambda doc: nodes(doc)['VDU1'].update(
        interfaces={'Standard': {'create': 'install.sh'}}),
     'node VDU1: interfaces is not supported in a legacy VNFD'),
    (lambda doc: nodes(doc)['VDU1']['properties'].update(flavor='m1.tiny'),
     'VDU VDU1 needs either a flavor or an nfv_compute capability'),
    (lambda doc: nodes(doc)['VDU1'].pop('capabilities'),
     'VDU VDU1 needs either a flavor or an nfv_compute capability'),
    (lambda doc: nodes(doc)['VDU1']['capabilities']['nfv_compute'][
        'properties'].pop('disk_size'),
     'VDU VDU1: nfv_compute needs disk_size too'),
    (lambda doc: nodes(doc)['VDU1']['capabilities']['nfv_compute'][
        'properties'].update(mem_size='lots'),
     '"lots" is not a valid scalar-unit'),
    (lambda doc: nodes(doc)['VDU1']['properties'].update(colour='blue'),
     'contains unknown field "colour"'),
    (lambda doc: nodes(doc)['VDU1']['properties']['monitoring_policy'].pop(
        'name'), 'is missing required field "[\'name\']"'),
    (lambda doc: nodes(doc)['CP1'].update(
        requirements=[{'virtualLink': {'node': 'VL1'}}]),
     'CP CP1 needs one virtualBinding requirement, on a VDU'),
    (lambda doc: nodes(doc).pop('CP1'),
     'VDU VDU1 has no CP (the VNF is reached through them)'),
    (lambda doc: nodes(doc)['CP1'].update(requirements=[1, 2]),
     'each of the requirements of node CP1 must map one name'),
    (lambda doc: nodes(doc)['CP1']['properties'].update(type='virtio'),
     'The value "virtio" of property "type" is not valid'),
    (lambda doc: nodes(doc)['VL1']['properties'].update(cidr='10.0.0.0/24'),
     'VL VL1 (VLs name existing networks): cidr is not supported'),
    (lambda doc: nodes(doc)['VL1']['properties'].pop('network_name'),
     'VL VL1 has no network_name'),
    (lambda doc: nodes(doc)['VDU1'].update(properties=['image']),
     'the properties of node VDU1 must be a mapping'),
    (lambda doc: nodes(doc).update({f'VL{index}': nodes(doc)['VL1']
                                    for index in range(2, 400)}),
     'a legacy VNFD has 1 to 300 nodes, not 401'),
    (lambda doc: doc['topology_template'].update(outputs={}),
     'topology_template: outputs is not supported in a legacy VNFD'),
    (lambda doc: doc['topology_template'].update(
        inputs={'size': {'type': 'huge'}}),
     'input size: type huge is not one of TOSCA\'s'),
    (lambda doc: doc['topology_template'].update(policies=[{'P1': {
        'type': 'tosca.policies.tacker.Placement'}}]),
     'policy P1: type tosca.policies.tacker.Placement is not one of'),
])
def test_what_is_not_a_legacy_vnfd_is_refused(change, reason):
    message = rejected(mutated(change), reason)
    assert 'Traceback' not in message and '/tmp' not in message


def scaling_change(change):
    def apply(doc):
        policy = doc['topology_template']['policies'][0]['SP1']
        change(doc, policy)
    return mutated(apply, 'scaling')


@pytest.mark.parametrize('change, reason', [
    (lambda doc, sp: sp.update(targets=['CP1']),
     'policy SP1: target CP1 is not a VDU'),
    (lambda doc, sp: sp.pop('targets'), 'policy SP1 has no targets'),
    (lambda doc, sp: doc['topology_template']['policies'].append(
        {'SP2': dict(sp, targets=['VDU2'])}),
     'VDU VDU2 is scaled by both SP1 and SP2'),
    (lambda doc, sp: sp['properties'].update(default_instances=4),
     'policy SP1: min_instances <= default_instances <= max_instances does '
     'not hold'),
    (lambda doc, sp: sp['properties'].pop('increment'),
     'missing required field "[\'increment\']"'),
    (lambda doc, sp: sp['properties'].update(increment='one'),
     '"one" is not an integer'),
])
def test_scaling_policies_that_cannot_be_scaled_are_refused(change, reason):
    rejected(scaling_change(change), reason)


@pytest.mark.parametrize('param_values, reason', [
    ({'size': 1}, 'param_values names size, which the VNFD has no input for'),
    ({'http_port': 'eighty'}, '"eighty" is not an integer'),
    (['image_name'], 'param_values is neither YAML text nor a mapping'),
    ('image_name: [', 'param_values is not valid YAML'),
])
def test_param_values_that_do_not_fit_are_refused(param_values, reason):
    rejected(sample('inputs'), reason, param_values)


def test_an_inputs_value_is_checked_against_the_property_it_fills():
    doc = sample_doc('scaling')
    doc['topology_template']['inputs'] = {
        'step': {'type': 'string', 'default': 'one'}}
    doc['topology_template']['policies'][0]['SP1']['properties'][
        'increment'] = {'get_input': 'step'}
    rejected(doc, '"one" is not an integer')
    vnfd = legacy_vnfd.parse(doc, {'step': '2'})
    assert vnfd.scaling_policies['SP1'].increment == 2
