"""The sandbox VIM as a process, driven only through the real clients:
keystoneauth1 (v3 password auth, catalog) and python-heatclient."""
import json

from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
import pytest

from tests.functional import sandbox

TOP = """
heat_template_version: 2013-05-23
description: One VDU in a scaling group
parameters:
  nfv: {type: json}
resources:
  VDU1_scale_group:
    type: OS::Heat::AutoScalingGroup
    properties:
      min_size: 1
      max_size: 3
      desired_capacity: {get_param: [nfv, VDU, VDU1, desired_capacity]}
      resource:
        type: VDU1.yaml
        properties:
          flavor: {get_param: [nfv, VDU, VDU1, computeFlavourId]}
          image: {get_param: [nfv, VDU, VDU1, vcImageId]}
          net: {get_resource: internal_net}
  VDU1_scale_out:
    type: OS::Heat::ScalingPolicy
    properties:
      adjustment_type: change_in_capacity
      auto_scaling_group_id: {get_resource: VDU1_scale_group}
      scaling_adjustment: 1
  internal_net:
    type: OS::Neutron::Net
outputs:
  addresses:
    value: {get_attr: [VDU1_scale_group, outputs_list, address]}
"""

VDU1 = """
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
      networks: [{port: {get_resource: VDU1_CP1}}]
  VDU1_CP1:
    type: OS::Neutron::Port
    properties: {network: {get_param: net}}
  VirtualStorage:
    type: OS::Cinder::Volume
    properties: {size: 1}
outputs:
  address: {value: {get_attr: [VDU1, first_address]}}
"""

FILES = {'VDU1.yaml': VDU1}


def nfv(capacity):
    return {'VDU': {'VDU1': {'desired_capacity': capacity,
                             'computeFlavourId': 'm1.tiny',
                             'vcImageId': 'cirros'}}}


@pytest.fixture
def vim(tmp_path):
    with sandbox.SandboxVim(tmp_path) as running:
        yield running


def create(vim, heat, name='vnf1', capacity=2):
    stack_id = heat.stacks.create(
        stack_name=name, template=TOP, files=FILES,
        parameters={'nfv': nfv(capacity)})['stack']['id']
    return vim.wait_for_stack(heat, stack_id, 'CREATE_COMPLETE')


def update(vim, heat, stack_id, **fields):
    heat.stacks.update(stack_id, existing=True, **fields)
    return vim.wait_for_stack(heat, stack_id, 'UPDATE_COMPLETE')


def resources_by_type(heat, stack_id):
    found = {}
    for resource in heat.resources.list(stack_id, nested_depth=2):
        found.setdefault(resource.resource_type, []).append(resource)
    return found


def stack_identifier(resource):
    """``name/id`` of the stack a listed resource belongs to."""
    href = next(link['href'] for link in resource.links
                if link['rel'] == 'stack')
    return '/'.join(href.split('/')[-2:])


def test_password_auth_gives_a_catalog_with_heat(vim):
    session = vim.session()
    assert session.get_token()
    endpoint = session.get_endpoint(service_type='orchestration',
                                    interface='public')
    assert endpoint == vim.heat_url
    assert vim.heat_url.startswith(vim.url + '/heat-api/v1/')
    regions = session.get(vim.auth_url + '/regions').json()['regions']
    assert [region['id'] for region in regions] == ['RegionOne']
    projects = session.get(vim.auth_url + '/auth/projects').json()
    assert [project['name'] for project in projects['projects']] == ['admin']


def test_wrong_password_or_token_is_unauthorized(vim):
    with pytest.raises(ks_exc.Unauthorized):
        vim.session(password='wrong').get_token()
    bogus = ks_session.Session(auth=token_endpoint.Token(vim.heat_url,
                                                         'bogus'))
    with pytest.raises(heat_exc.HTTPUnauthorized):
        list(vim.heat(bogus).stacks.list())


def test_scaling_group_lifecycle(vim):
    heat = vim.heat()
    stack = create(vim, heat)
    stack_id = stack.id
    assert json.loads(stack.parameters['nfv']) == nfv(2)
    addresses = stack.outputs[0]['output_value']
    assert stack.outputs[0]['output_key'] == 'addresses'
    assert len(addresses) == 2 and all(addresses)
    assert [s.stack_name for s in heat.stacks.list(
        filters={'name': 'vnf1'})] == ['vnf1']
    assert set(heat.stacks.template(stack_id)['resources']) == {
        'VDU1_scale_group', 'VDU1_scale_out', 'internal_net'}

    found = resources_by_type(heat, stack_id)
    assert len(found['OS::Heat::AutoScalingGroup']) == 1
    assert len(found['OS::Heat::ScalingPolicy']) == 1
    members = found['VDU1.yaml']
    servers = found['OS::Nova::Server']
    assert len(members) == len(servers) == 2
    assert len(found['OS::Neutron::Port']) == 2
    assert len(found['OS::Cinder::Volume']) == 2
    assert {m.parent_resource for m in members} == {'VDU1_scale_group'}
    assert {s.parent_resource for s in servers} == {
        m.resource_name for m in members}
    physical_ids = [r.physical_resource_id for rs in found.values()
                    for r in rs]
    assert all(physical_ids) and len(set(physical_ids)) == len(physical_ids)
    assert all(r.resource_status == 'CREATE_COMPLETE'
               for rs in found.values() for r in rs)
    server = heat.resources.get(stack_identifier(servers[0]), 'VDU1')
    assert server.attributes['show']['flavor'] == {'id': 'm1.tiny'}
    assert server.attributes['first_address'] in addresses

    # Scale out: a PATCH with a new desired capacity adds one member.
    update(vim, heat, stack_id, parameters={'nfv': nfv(3)})
    found = resources_by_type(heat, stack_id)
    assert len(found['OS::Nova::Server']) == 3
    assert {s.physical_resource_id for s in servers} < {
        s.physical_resource_id for s in found['OS::Nova::Server']}

    # Heal: the server marked unhealthy is replaced, nothing else is.
    sick = found['OS::Nova::Server'][0]
    before = {r.physical_resource_id for rs in found.values() for r in rs}
    heat.resources.mark_unhealthy(stack_identifier(sick), 'VDU1', True,
                                  'heal requested')
    marked = heat.resources.get(stack_identifier(sick), 'VDU1')
    assert marked.resource_status == 'CHECK_FAILED'
    assert marked.resource_status_reason == 'heal requested'
    update(vim, heat, stack_id)
    found = resources_by_type(heat, stack_id)
    after = {r.physical_resource_id for rs in found.values() for r in rs}
    assert sick.physical_resource_id not in after
    assert before - after == {sick.physical_resource_id}
    assert len(found['OS::Nova::Server']) == 3

    # Scale in: the member marked unhealthy goes, not the oldest.
    doomed = found['VDU1.yaml'][-1]
    heat.resources.mark_unhealthy(stack_identifier(doomed),
                                  doomed.resource_name, True, 'scale in')
    update(vim, heat, stack_id, parameters={'nfv': nfv(2)})
    members = resources_by_type(heat, stack_id)['VDU1.yaml']
    assert [m.resource_name for m in members] == [
        m.resource_name for m in found['VDU1.yaml'][:2]]

    events = list(heat.events.list(stack_id))
    assert events[-1].resource_name == 'vnf1'
    assert events[-1].resource_status == 'UPDATE_COMPLETE'
    group_events = list(heat.events.list(stack_id,
                                         resource_name='VDU1_scale_group'))
    assert {e.resource_status for e in group_events} >= {
        'CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'UPDATE_COMPLETE'}

    heat.stacks.delete(stack_id)
    vim.wait_for_stack(heat, stack_id, 'DELETE_COMPLETE')
    with pytest.raises(heat_exc.HTTPNotFound):
        heat.stacks.get('vnf1')
    assert list(heat.stacks.list()) == []


def test_fault_makes_the_stack_fail_until_cleared(vim):
    heat = vim.heat()
    vim.set_faults([{'resource': 'OS::Cinder::Volume', 'action': 'CREATE',
                     'reason': 'No valid host was found.'}])
    stack_id = heat.stacks.create(
        stack_name='vnf1', template=TOP, files=FILES,
        parameters={'nfv': nfv(1)})['stack']['id']
    stack = vim.wait_for_stack(heat, stack_id, 'CREATE_FAILED')
    assert stack.stack_status_reason == (
        'Resource CREATE failed: No valid host was found.')
    volume, = resources_by_type(heat, stack_id)['OS::Cinder::Volume']
    assert volume.resource_status == 'CREATE_FAILED'
    assert volume.resource_status_reason == 'No valid host was found.'

    vim.clear_faults()
    update(vim, heat, stack_id)
    volume_after, = resources_by_type(heat, stack_id)['OS::Cinder::Volume']
    assert volume_after.resource_status == 'CREATE_COMPLETE'
    assert volume_after.physical_resource_id != volume.physical_resource_id

    vim.set_faults([{'resource': 'VDU1', 'action': 'DELETE',
                     'reason': 'stuck', 'count': 1}])
    heat.stacks.delete(stack_id)
    stack = vim.wait_for_stack(heat, stack_id, 'DELETE_FAILED')
    assert stack.stack_status_reason == 'Resource DELETE failed: stuck'
    heat.stacks.delete(stack_id)
    vim.wait_for_stack(heat, stack_id, 'DELETE_COMPLETE')


@pytest.mark.parametrize('fields, message', [
    ({'template': TOP.replace('VDU1.yaml', 'VDU9.yaml')},
     'The Resource Type (VDU9.yaml) could not be found.'),
    ({'parameters': {'nfv': nfv(1), 'bogus': 1}},
     'The Parameter (bogus) was not defined in template.'),
    ({'parameters': {}}, 'The Parameter (nfv) was not provided.'),
    ({'template': 'resources: [unclosed'}, 'Error parsing template'),
    ({'parameters': {'nfv': nfv(4)}},
     'desired_capacity must be between min_size and max_size'),
])
def test_template_errors_are_400(vim, fields, message):
    heat = vim.heat()
    request = dict({'stack_name': 'bad', 'template': TOP, 'files': FILES,
                    'parameters': {'nfv': nfv(1)}}, **fields)
    with pytest.raises(heat_exc.HTTPBadRequest) as raised:
        heat.stacks.create(**request)
    assert message in str(raised.value)
    assert vim.stacks() == []


def test_duplicate_name_is_409_and_unknown_stack_404(vim):
    heat = vim.heat()
    create(vim, heat, capacity=1)
    with pytest.raises(heat_exc.HTTPConflict):
        heat.stacks.create(stack_name='vnf1', template=TOP, files=FILES,
                           parameters={'nfv': nfv(1)})
    with pytest.raises(heat_exc.HTTPNotFound):
        heat.stacks.get('vnf2')


def test_state_file_survives_a_restart(tmp_path):
    with sandbox.SandboxVim(tmp_path, state_file=tmp_path / 'vim.db') as vim:
        heat = vim.heat()
        stack = create(vim, heat, capacity=1)
        before = {r.physical_resource_id for r in
                  heat.resources.list(stack.id, nested_depth=2)}
        vim.restart()
        # The same session: its token is still valid after the restart.
        stack = heat.stacks.get('vnf1')
        assert stack.stack_status == 'CREATE_COMPLETE'
        assert {r.physical_resource_id for r in heat.resources.list(
            stack.id, nested_depth=2)} == before
        update(vim, heat, stack.id, parameters={'nfv': nfv(2)})
