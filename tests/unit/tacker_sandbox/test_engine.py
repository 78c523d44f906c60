"""Stack lifecycle of the sandbox Heat, on an in-memory store with a
clock the tests move."""
import json

import pytest

from tacker_sandbox import engine as engine_lib
from tacker_sandbox import errors
from tacker_sandbox import store as store_lib

PROJECT = 'p1'

MEMBER = {
    'heat_template_version': '2013-05-23',
    'parameters': {'flavor': {'type': 'string'},
                   'size': {'type': 'number', 'default': 1}},
    'resources': {
        'VDU1': {'type': 'OS::Nova::Server', 'properties': {
            'flavor': {'get_param': 'flavor'},
            'networks': [{'port': {'get_resource': 'CP1'}}]}},
        'CP1': {'type': 'OS::Neutron::Port',
                'properties': {'network': 'net0'}},
        'VirtualStorage': {'type': 'OS::Cinder::Volume',
                           'properties': {'size': {'get_param': 'size'}}}},
    'outputs': {'address': {'value': {'get_attr': ['VDU1',
                                                   'first_address']}}},
}


def group_template(member_type='member.yaml'):
    return {
        'heat_template_version': '2013-05-23',
        'parameters': {'capacity': {'type': 'number', 'default': 2}},
        'resources': {'group': {
            'type': 'OS::Heat::AutoScalingGroup',
            'properties': {
                'min_size': 0, 'max_size': 2000,
                'desired_capacity': {'get_param': 'capacity'},
                'resource': {'type': member_type,
                             'properties': {'flavor': 'small'}}}}},
        'outputs': {'refs': {'value': {'get_attr': ['group', 'refs']}},
                    'addresses': {'value': {'get_attr': [
                        'group', 'outputs_list', 'address']}}},
    }


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def engine(clock):
    return engine_lib.Engine(store_lib.Store(), delay=1.0, clock=clock)


def create(engine, clock, template=None, name='vnf', **kwargs):
    kwargs.setdefault('files', {'member.yaml': json.dumps(MEMBER)})
    stack = engine.create_stack(PROJECT, name, template or group_template(),
                                **kwargs)
    clock.now += 1
    return engine.store.get_stack(stack['id'])


def update(engine, clock, stack, **kwargs):
    engine.update_stack(stack, **dict({'existing': True}, **kwargs))
    clock.now += 1
    return engine.store.get_stack(stack['id'])


def members(engine, stack):
    return engine.nested_stack(stack['resources']['group'])['resources']


def servers(engine, stack):
    """Member name -> its server's physical id."""
    return {name: engine.nested_stack(member)['resources']['VDU1']
            ['physical_id']
            for name, member in members(engine, stack).items()}


def test_actions_are_in_progress_for_the_delay_then_complete(engine, clock):
    stack = engine.create_stack(PROJECT, 'vnf', group_template(),
                                files={'member.yaml': json.dumps(MEMBER)})
    assert engine.status(stack, clock.now) == ('CREATE_IN_PROGRESS',
                                               'Stack CREATE started')
    clock.now += 1
    assert engine.status(stack, clock.now) == (
        'CREATE_COMPLETE', 'Stack CREATE completed successfully')
    events = list(engine.events(stack, clock.now))
    assert [(e['resource_name'], e['resource_status']) for e in events] == [
        ('group', 'CREATE_IN_PROGRESS'), ('group', 'CREATE_COMPLETE'),
        ('vnf', 'CREATE_IN_PROGRESS'), ('vnf', 'CREATE_COMPLETE')]


def test_group_members_are_nested_stacks_of_the_member_template(engine,
                                                                clock):
    stack = create(engine, clock)
    group = stack['resources']['group']
    group_stack = engine.nested_stack(group)
    assert group_stack['name'].startswith('vnf-group-')
    assert group_stack['parent_resource'] == 'group'
    assert len(group_stack['resources']) == 2
    for name, member in group_stack['resources'].items():
        assert len(name) == 12 and member['type'] == 'member.yaml'
        nested = engine.nested_stack(member)
        assert nested['name'].startswith(group_stack['name'] + '-' + name)
        assert nested['parent_resource'] == name
        assert nested['parameters']['flavor'] == 'small'
        server = nested['resources']['VDU1']
        port = nested['resources']['CP1']
        assert server['attributes']['networks'] == {
            'net0': [port['attributes']['fixed_ips'][0]['ip_address']]}
        assert nested['resources']['VirtualStorage']['properties'] == {
            'size': 1}
    outputs = {o['output_key']: o['output_value'] for o in stack['outputs']}
    assert outputs['refs'] == [m['physical_id'] for m in
                               group_stack['resources'].values()]
    assert all(outputs['addresses']) and len(outputs['addresses']) == 2


def test_scaling_keeps_members_and_drops_failed_ones_then_the_oldest(
        engine, clock):
    stack = create(engine, clock)
    first = list(servers(engine, stack))
    stack = update(engine, clock, stack, parameters={'capacity': 4})
    names = list(servers(engine, stack))
    assert names[:2] == first and len(names) == 4
    group_stack = engine.nested_stack(stack['resources']['group'])
    engine.mark_unhealthy(group_stack, names[2], True, 'bad')
    stack = update(engine, clock, stack, parameters={'capacity': 2})
    assert list(servers(engine, stack)) == [names[1], names[3]]
    stack = update(engine, clock, stack, parameters={'capacity': 0})
    assert members(engine, stack) == {}


def test_an_unhealthy_member_is_replaced_when_the_size_stays(engine, clock):
    stack = create(engine, clock)
    before = servers(engine, stack)
    group_stack = engine.nested_stack(stack['resources']['group'])
    sick = list(before)[0]
    old_nested = group_stack['resources'][sick]['nested']
    engine.mark_unhealthy(group_stack, sick, True, 'dead')
    stack = update(engine, clock, stack)
    after = servers(engine, stack)
    assert list(after) == list(before)
    assert after[sick] != before[sick]
    assert members(engine, stack)[sick]['nested'] != old_nested
    assert engine.store.get_stack(old_nested)['action'] == 'DELETE'
    healthy = list(before)[1]
    assert after[healthy] == before[healthy]


def test_a_marked_server_is_replaced_and_the_rest_kept(engine, clock):
    stack = create(engine, clock)
    name = list(members(engine, stack))[0]
    nested = engine.nested_stack(members(engine, stack)[name])
    server, volume = (nested['resources'][key]
                      for key in ('VDU1', 'VirtualStorage'))
    engine.mark_unhealthy(nested, 'VDU1', True, 'heal')
    marked = engine.store.get_stack(nested['id'])['resources']['VDU1']
    assert engine.status(marked, clock.now) == ('CHECK_FAILED', 'heal')
    stack = update(engine, clock, stack)
    nested = engine.nested_stack(members(engine, stack)[name])
    new_server = nested['resources']['VDU1']
    assert new_server['physical_id'] != server['physical_id']
    assert engine.status(new_server, clock.now)[0] == 'CREATE_COMPLETE'
    assert nested['resources']['VirtualStorage'] == volume
    assert engine.status(members(engine, stack)[name], clock.now)[0] == \
        'UPDATE_COMPLETE'


def test_marking_healthy_again_clears_check_failed(engine, clock):
    stack = create(engine, clock)
    group_stack = engine.nested_stack(stack['resources']['group'])
    name = list(group_stack['resources'])[0]
    engine.mark_unhealthy(group_stack, name, True, 'bad')
    engine.mark_unhealthy(group_stack, name, False, 'fine')
    member = group_stack['resources'][name]
    assert engine.status(member, clock.now) == ('CHECK_COMPLETE', 'fine')
    with pytest.raises(errors.NotFound):
        engine.mark_unhealthy(group_stack, 'nope', True, '')


def test_faults_fail_the_resource_and_its_stacks_and_wear_out(engine,
                                                              clock):
    engine.store.set_meta('faults', [
        {'resource': 'VirtualStorage', 'action': 'CREATE', 'reason': 'full',
         'count': 1}])
    stack = create(engine, clock)
    assert engine.status(stack, clock.now) == (
        'CREATE_FAILED', 'Resource CREATE failed: full')
    assert engine.status(stack['resources']['group'], clock.now)[0] == \
        'CREATE_FAILED'
    assert engine.store.get_meta('faults') == []
    failed = [nested['resources']['VirtualStorage'] for nested in (
        engine.nested_stack(member)
        for member in members(engine, stack).values())]
    assert sorted(engine.status(r, clock.now)[0] for r in failed) == [
        'CREATE_COMPLETE', 'CREATE_FAILED']
    stack = update(engine, clock, stack)
    assert engine.status(stack, clock.now)[0] == 'UPDATE_COMPLETE'


def test_deleted_stacks_are_gone_by_name_but_shown_by_id(engine, clock):
    stack = create(engine, clock)
    engine.delete_stack(stack)
    assert engine.lookup(PROJECT, 'vnf')['id'] == stack['id']
    clock.now += 1
    with pytest.raises(errors.NotFound):
        engine.lookup(PROJECT, 'vnf')
    gone = engine.lookup(PROJECT, stack['id'])
    assert engine.status(gone, clock.now)[0] == 'DELETE_COMPLETE'
    assert engine.list_stacks(PROJECT) == []
    nested = engine.nested_stack(gone['resources']['group'])
    assert engine.is_gone(nested, clock.now)
    with pytest.raises(errors.NotFound):
        engine.lookup('other-project', stack['id'])
    create(engine, clock)


def test_no_update_while_an_action_is_in_progress(engine, clock):
    stack = engine.create_stack(PROJECT, 'vnf', group_template(),
                                files={'member.yaml': json.dumps(MEMBER)})
    with pytest.raises(errors.Conflict) as raised:
        engine.update_stack(stack, existing=True)
    assert raised.value.error_type == 'ActionInProgress'
    with pytest.raises(errors.Conflict):
        engine.create_stack(PROJECT, 'vnf', group_template(),
                            files={'member.yaml': json.dumps(MEMBER)})


def test_a_failed_update_changes_nothing(engine, clock):
    stack = create(engine, clock)
    before = engine.store.get_stack(stack['id'])
    with pytest.raises(errors.BadRequest) as raised:
        engine.update_stack(stack, existing=True,
                            parameters={'capacity': 3000})
    assert raised.value.error_type == 'StackValidationFailed'
    with pytest.raises(errors.BadRequest):
        engine.update_stack(engine.store.get_stack(stack['id']),
                            existing=True, parameters={'capacity': 1001})
    assert engine.store.get_stack(stack['id']) == before
    assert len(engine.store.list_stacks()) == 4


@pytest.mark.parametrize('files, error_type, text', [
    ({}, 'ResourceTypeNotFound', 'The Resource Type (member.yaml)'),
    ({'member.yaml': json.dumps(dict(MEMBER, parameters={}))},
     'StackValidationFailed',
     'Unknown Property flavor'),
    ({'member.yaml': json.dumps(dict(MEMBER, parameters=dict(
        MEMBER['parameters'], image={'type': 'string'})))},
     'StackValidationFailed', 'Property image not assigned'),
    ({'member.yaml': 'heat_template_version: 2013-05-23\n'
                     'parameters: {flavor: {type: string}}\n'
                     'resources: {again: {type: member.yaml,\n'
                     '                    properties: {flavor: x}}}\n'},
     'StackValidationFailed', 'Recursion depth exceeds 5.'),
    ({'member.yaml': 'resources: ['}, 'HTTPBadRequest',
     'Error parsing template member.yaml'),
])
def test_bad_nested_templates_are_400_and_leave_nothing(engine, clock, files,
                                                        error_type, text):
    with pytest.raises(errors.BadRequest) as raised:
        engine.create_stack(PROJECT, 'vnf', group_template(), files=files)
    assert raised.value.error_type == error_type
    assert text in raised.value.message
    assert engine.store.list_stacks() == []


def test_patch_merges_parameters_and_put_replaces_them(engine, clock):
    tmpl = {'heat_template_version': '2013-05-23',
            'parameters': {'a': {'type': 'string', 'default': 'a0'},
                           'b': {'type': 'string', 'default': 'b0'}},
            'resources': {'r': {'type': 'OS::Heat::None', 'properties': {
                'value': {'list_join': ['-', [{'get_param': 'a'},
                                              {'get_param': 'b'}]]}}}}}
    stack = create(engine, clock, tmpl, parameters={'a': 'a1'})
    physical_id = stack['resources']['r']['physical_id']
    stack = update(engine, clock, stack, parameters={'b': 'b1'})
    assert stack['resources']['r']['properties'] == {'value': 'a1-b1'}
    assert stack['resources']['r']['physical_id'] == physical_id
    assert engine.status(stack['resources']['r'], clock.now)[0] == \
        'UPDATE_COMPLETE'
    stack = update(engine, clock, stack, existing=False, template=tmpl,
                   parameters={'b': 'b2'})
    assert stack['resources']['r']['properties'] == {'value': 'a0-b2'}
    with pytest.raises(errors.BadRequest):
        engine.update_stack(stack, parameters={})
    with pytest.raises(errors.BadRequest) as raised:
        engine.update_stack(stack, existing=True, parameters={'c': 1})
    assert raised.value.error_type == 'UnknownUserParameter'


def test_an_output_that_fails_is_reported_alone(engine, clock):
    tmpl = {'heat_template_version': '2013-05-23',
            'outputs': {'good': {'value': 1},
                        'bad': {'value': {'get_file': 'missing'}}}}
    stack = create(engine, clock, tmpl)
    assert stack['outputs'][0] == {'output_key': 'good', 'output_value': 1,
                                   'description': 'No description given'}
    assert stack['outputs'][1]['output_value'] is None
    assert 'missing' in stack['outputs'][1]['output_error']
    assert engine.status(stack, clock.now)[0] == 'CREATE_COMPLETE'


def test_resource_registry_and_parameter_defaults_reach_nested_stacks(
        engine, clock):
    environment = {'resource_registry': {'My::VDU': 'member.yaml'},
                   'parameter_defaults': {'size': 5, 'capacity': 1}}
    stack = create(engine, clock, group_template('My::VDU'),
                   environment=environment)
    nested = engine.nested_stack(list(members(engine, stack).values())[0])
    assert nested['resources']['VirtualStorage']['properties'] == {'size': 5}
    assert len(members(engine, stack)) == 1


def test_stack_names_are_checked(engine):
    with pytest.raises(errors.BadRequest) as raised:
        engine.create_stack(PROJECT, '1-starts-with-a-digit',
                            group_template())
    assert 'Invalid stack name' in raised.value.message


def group_stack_of(engine, stack):
    return engine.nested_stack(stack['resources']['group'])


def test_a_group_stack_updated_alone_leaves_its_parent_as_it_was(engine,
                                                                 clock):
    stack = create(engine, clock)
    group_stack = group_stack_of(engine, stack)
    first, second = group_stack['template']['resources']
    assert group_stack['template'] == {
        'heat_template_version': '2015-04-30',
        'resources': dict.fromkeys([first, second], {
            'type': 'member.yaml', 'properties': {'flavor': 'small'}})}
    before = servers(engine, stack)
    template = json.loads(json.dumps(group_stack['template']))
    template['resources'][first]['properties']['flavor'] = 'big'
    engine.update_stack(group_stack, template=template,
                        files={'member.yaml': json.dumps(MEMBER)})
    assert engine.status(engine.store.get_stack(group_stack['id']),
                         clock.now)[0] == 'UPDATE_IN_PROGRESS'
    clock.now += 1
    assert engine.store.get_stack(stack['id']) == stack
    group_stack = group_stack_of(engine, stack)
    assert engine.status(group_stack, clock.now)[0] == 'UPDATE_COMPLETE'
    assert servers(engine, stack) == before
    changed, kept = (engine.nested_stack(group_stack['resources'][name])
                     ['resources']['VDU1'] for name in (first, second))
    assert changed['attributes']['show']['flavor'] == {'id': 'big'}
    assert engine.status(changed, clock.now)[0] == 'UPDATE_COMPLETE'
    assert kept['attributes']['show']['flavor'] == {'id': 'small'}
    assert engine.status(kept, clock.now)[0] == 'CREATE_COMPLETE'
    with pytest.raises(errors.BadRequest):
        engine.delete_stack(group_stack)

    # The parent's next update converges the members to its definition:
    # the one already there is left alone, the other is updated in place.
    template = group_template()
    template['resources']['group']['properties']['resource'][
        'properties']['flavor'] = 'big'
    stack = update(engine, clock, stack, existing=False, template=template,
                   files={'member.yaml': json.dumps(MEMBER)})
    assert servers(engine, stack) == before
    group_stack = group_stack_of(engine, stack)
    assert engine.nested_stack(group_stack['resources'][first])[
        'resources']['VDU1'] == changed
    updated = engine.nested_stack(group_stack['resources'][second])[
        'resources']['VDU1']
    assert updated['attributes']['show']['flavor'] == {'id': 'big'}
    assert engine.status(updated, clock.now)[0] == 'UPDATE_COMPLETE'


def test_a_nested_stack_patch_keeps_what_its_parent_gave(engine, clock):
    stack = create(engine, clock)
    group_stack = group_stack_of(engine, stack)
    before = servers(engine, stack)
    group_stack = update(engine, clock, group_stack)
    assert engine.status(group_stack, clock.now)[0] == 'UPDATE_COMPLETE'
    assert servers(engine, stack) == before
    assert engine.store.get_stack(stack['id']) == stack
    name, member = next(iter(group_stack['resources'].items()))
    nested = engine.nested_stack(member)
    nested = update(engine, clock, nested, parameters={'flavor': 'big'})
    assert nested['resources']['VDU1']['physical_id'] == before[name]
    assert nested['resources']['VDU1']['properties']['flavor'] == 'big'
    assert nested['resources']['VirtualStorage']['properties'] == {
        'size': 1}
    assert engine.status(nested, clock.now)[0] == 'UPDATE_COMPLETE'
    assert engine.store.get_stack(group_stack['id']) == group_stack
    stack = update(engine, clock, stack)
    nested = engine.nested_stack(members(engine, stack)[name])
    assert nested['resources']['VDU1']['physical_id'] == before[name]
    assert nested['resources']['VDU1']['properties']['flavor'] == 'small'
