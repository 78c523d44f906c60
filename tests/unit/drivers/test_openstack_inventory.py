"""A Heat stack's resources as SOL003 structures (openstack/inventory.py),
from resource lists shaped like Heat's (nested_depth=2) for the 'small'
flavour of the two_flavours sample: VDU1 servers in the members of an
AutoScalingGroup, VDU2 with its volume and the internal network in the
top stack."""
import pytest

from tacker.drivers.infra.openstack import inventory

TOP = 'top-stack-id'
GROUP = 'group-stack-id'
VIM = 'vim-1'


def resource(stack_id, name, resource_type, physical_id, created=None):
    return {'resource_name': name, 'resource_type': resource_type,
            'physical_resource_id': physical_id,
            'creation_time': created,
            'links': [{'rel': 'self',
                       'href': 'http://heat/v1/p/stacks/s/%s/resources/%s'
                               % (stack_id, name)},
                      {'rel': 'stack',
                       'href': 'http://heat/v1/p/stacks/vnf-x/%s'
                               % stack_id}]}


def worker(member, created):
    """One AutoScalingGroup member (a nested stack) holding VDU1 and its
    two ports."""
    stack_id = 'member-%s' % member
    return [
        resource(GROUP, member, 'VDU1.yaml', stack_id, created),
        resource(stack_id, 'VDU1', inventory.SERVER, 'server-' + member,
                 created),
        resource(stack_id, 'VDU1_CP1', inventory.PORT, 'port1-' + member),
        resource(stack_id, 'VDU1_CP2', inventory.PORT, 'port2-' + member),
    ]


def stack(*members):
    listed = [
        resource(TOP, 'VDU1_scale_group', 'OS::Heat::AutoScalingGroup',
                 GROUP),
        resource(TOP, 'VDU2', inventory.SERVER, 'server-vdu2',
                 '2026-01-01T00:00:00Z'),
        resource(TOP, 'VirtualStorage', inventory.VOLUME, 'volume-1'),
        resource(TOP, 'VDU2_CP1', inventory.PORT, 'port-vdu2'),
        resource(TOP, 'internalVL1', inventory.NET, 'net-1'),
        resource(TOP, 'internalVL1_subnet', 'OS::Neutron::Subnet', 'sub-1'),
    ]
    for name, created in members:
        listed += worker(name, created)
    return listed


def by_vdu(vnfcs, vdu_id):
    return [vnfc for vnfc in vnfcs if vnfc['vduId'] == vdu_id]


def test_each_server_named_after_a_vdu_is_a_vnfc_newest_last(small):
    vnfcs, _, _ = inventory.read(
        stack(('b', '2026-01-01T00:02:00Z'), ('a', '2026-01-01T00:01:00Z')),
        small, VIM)
    assert [(v['vduId'], v['computeResource']['resourceId'])
            for v in vnfcs] == [('VDU2', 'server-vdu2'),
                                ('VDU1', 'server-a'), ('VDU1', 'server-b')]
    assert vnfcs[1]['computeResource'] == {
        'resourceId': 'server-a', 'vimConnectionId': VIM,
        'vimLevelResourceType': inventory.SERVER}


def test_a_group_members_vnfc_records_its_group_and_member_name(small):
    vnfcs, _, _ = inventory.read(stack(('a', '1')), small, VIM)
    [member] = by_vdu(vnfcs, 'VDU1')
    [top] = by_vdu(vnfcs, 'VDU2')
    assert member['metadata'] == {'stackId': 'member-a',
                                  'groupStackId': GROUP,
                                  'memberName': 'a'}
    assert top['metadata'] == {'stackId': TOP}


def test_a_vnfcs_cps_are_the_ports_of_its_vdu_in_its_own_stack(small):
    vnfcs, _, _ = inventory.read(stack(('a', '1'), ('b', '2')), small,
                                 VIM)
    first, second = by_vdu(vnfcs, 'VDU1')
    assert sorted(cp['cpdId'] for cp in first['vnfcCpInfo']) == [
        'VDU1_CP1', 'VDU1_CP2']
    assert {cp['id'] for cp in first['vnfcCpInfo']}.isdisjoint(
        cp['id'] for cp in second['vnfcCpInfo'])
    [vdu2] = by_vdu(vnfcs, 'VDU2')
    assert [cp['cpdId'] for cp in vdu2['vnfcCpInfo']] == ['VDU2_CP1']


def test_the_volume_of_a_vdu_is_its_storage(small):
    vnfcs, _, storages = inventory.read(stack(('a', '1')), small, VIM)
    [vdu2] = by_vdu(vnfcs, 'VDU2')
    assert [s['virtualStorageDescId'] for s in storages] == [
        'VirtualStorage']
    assert storages[0]['storageResource']['resourceId'] == 'volume-1'
    assert vdu2['storageResourceIds'] == [storages[0]['id']]
    assert by_vdu(vnfcs, 'VDU1')[0]['storageResourceIds'] == []


def test_only_nets_named_after_a_virtual_link_are_links(small):
    listed = stack() + [resource(TOP, 'unrelated', inventory.NET, 'net-2')]
    _, links, _ = inventory.read(listed, small, VIM)
    assert [(link['vnfVirtualLinkDescId'],
             link['networkResource']['resourceId']) for link in links] == [
        ('internalVL1', 'net-1')]
    assert links[0]['vnfLinkPorts'] == []


def test_resources_of_other_names_or_types_are_ignored(small):
    listed = stack() + [
        resource(TOP, 'NotAVdu', inventory.SERVER, 'server-x'),
        resource(TOP, 'VDU1', inventory.VOLUME, 'volume-x')]
    vnfcs, _, _ = inventory.read(listed, small, VIM)
    assert [v['computeResource']['resourceId'] for v in vnfcs] == [
        'server-vdu2']


def test_ids_stay_when_a_server_is_replaced_and_differ_across_members(
        small):
    before, links_before, storages_before = inventory.read(
        stack(('a', '1'), ('b', '2')), small, VIM)
    healed = stack(('a', '1'), ('b', '2'))
    for item in healed:
        if item['physical_resource_id'] == 'server-a':
            item['physical_resource_id'] = 'server-a-new'
    after, links_after, storages_after = inventory.read(healed, small, VIM)
    assert [v['id'] for v in after] == [v['id'] for v in before]
    assert len({v['id'] for v in after}) == 3
    assert by_vdu(after, 'VDU1')[0]['computeResource']['resourceId'] == \
        'server-a-new'
    assert [link['id'] for link in links_after] == [
        link['id'] for link in links_before]
    assert [s['id'] for s in storages_after] == [
        s['id'] for s in storages_before]


@pytest.mark.parametrize('vim_connection_id', [None, ''])
def test_without_a_vim_connection_id_handles_name_none(small,
                                                       vim_connection_id):
    vnfcs, links, _ = inventory.read(stack(), small, vim_connection_id)
    assert 'vimConnectionId' not in vnfcs[0]['computeResource']
    assert 'vimConnectionId' not in links[0]['networkResource']
