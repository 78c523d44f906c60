"""The nfv parameter of the OpenStack driver (Tacker's standard user
data) and how Heat resources read back into SOL003 structures."""
import pytest

from tacker.common import exceptions
from tacker.conf import CONF
from tacker.drivers.infra import base
from tacker.drivers.infra.openstack import driver
from tacker.drivers.infra.openstack import inventory
from tacker.drivers.infra.openstack import parameters
from tacker.drivers.infra import results
from tacker.vnfm.lcm_user_data import utils

EXT_LINK = {'id': 'ext', 'resourceId': 'net-1', 'extCps': [{
    'cpdId': 'VDU1_CP1', 'cpConfig': [{'cpProtocolData': [{
        'layerProtocol': 'IP_OVER_ETHERNET',
        'ipOverEthernet': {'macAddress': 'fa:16:3e:00:00:01', 'ipAddresses': [
            {'type': 'IPV4', 'fixedAddresses': ['10.0.0.5', '10.0.0.6'],
             'subnetId': 'sub-1'}]}}]}]}]}


def test_nfv_from_the_vnfd_and_the_request(small):
    nfv = parameters.nfv(small, {'VDU1': 3, 'VDU2': 1}, [EXT_LINK],
                         [{'id': 'm', 'vnfVirtualLinkDescId': 'internalVL1',
                           'resourceId': 'net-9'}])
    assert nfv['VDU']['VDU1'] == {'computeFlavourId': 'm1.tiny',
                                  'vcImageId': 'vdu1-image',
                                  'desiredCapacity': 3,
                                  'desired_capacity': 3}
    assert nfv['VDU']['VirtualStorage'] == {'vcImageId': 'vdu2-root-image'}
    assert nfv['CP'] == {'VDU1_CP1': {
        'network': 'net-1', 'mac_address': 'fa:16:3e:00:00:01',
        'fixed_ips': [{'ip_address': '10.0.0.5', 'subnet': 'sub-1'},
                      {'ip_address': '10.0.0.6', 'subnet': 'sub-1'}]}}
    assert nfv['VL'] == {'internalVL1': {'network': 'net-9'}}


def test_grant_vim_assets_win_over_the_vnfd(small):
    grant = {'vimAssets': {
        'computeResourceFlavours': [{'vnfdVirtualComputeDescId': 'VDU1',
                                     'vimFlavourId': 'flavor-uuid'}],
        'softwareImages': [{'vnfdSoftwareImageId': 'VDU1',
                            'vimSoftwareImageId': 'image-uuid'}]}}
    vdu1 = parameters.nfv(small, {'VDU1': 1}, [], [], grant)['VDU']['VDU1']
    assert (vdu1['computeFlavourId'], vdu1['vcImageId']) == (
        'flavor-uuid', 'image-uuid')


def resource(name, resource_type, physical_id, stack, created='1'):
    return {'resource_name': name, 'resource_type': resource_type,
            'physical_resource_id': physical_id, 'creation_time': created,
            'links': [{'rel': 'stack',
                       'href': 'http://heat/stacks/s-%s/%s' % (stack, stack)}]}


def test_inventory_groups_resources_by_stack_and_keeps_ids(small):
    resources = [
        resource('group', 'OS::Heat::AutoScalingGroup', 'g', 'top'),
        resource('m1', 'VDU1.yaml', 'member-1', 'g', '1'),
        resource('m2', 'VDU1.yaml', 'member-2', 'g', '2'),
        resource('VDU1', 'OS::Nova::Server', 'srv-1', 'member-1', '1'),
        resource('VDU1_CP1', 'OS::Neutron::Port', 'port-1', 'member-1'),
        resource('VDU1', 'OS::Nova::Server', 'srv-2', 'member-2', '2'),
        resource('VDU2', 'OS::Nova::Server', 'srv-3', 'top', '0'),
        resource('VirtualStorage', 'OS::Cinder::Volume', 'vol-1', 'top'),
        resource('internalVL1', 'OS::Neutron::Net', 'net-1', 'top'),
    ]
    vnfcs, links, storages = inventory.read(resources, small, 'vim-1')
    assert [v['computeResource']['resourceId'] for v in vnfcs] == [
        'srv-3', 'srv-1', 'srv-2']
    first = vnfcs[1]
    assert first['metadata'] == {'stackId': 'member-1',
                                 'groupStackId': 'g', 'memberName': 'm1'}
    assert [cp['cpdId'] for cp in first['vnfcCpInfo']] == ['VDU1_CP1']
    assert vnfcs[0]['storageResourceIds'] == [s['id'] for s in storages]
    assert [link['vnfVirtualLinkDescId'] for link in links] == [
        'internalVL1']
    # Healing replaces the server, not the VNFC.
    resources[3] = resource('VDU1', 'OS::Nova::Server', 'srv-9',
                            'member-1', '1')
    healed, _, _ = inventory.read(resources, small, 'vim-1')
    assert healed[1]['id'] == first['id']
    changes = results.diff({'vnfcResourceInfo': vnfcs},
                           {'vnfcResourceInfo': healed})
    assert [(a['id'], a['changeType']) for a in changes.affected_vnfcs] == [
        (first['id'], base.MODIFIED)]


def test_package_templates_nested_too_deep_are_a_named_failure():
    infra = driver.OpenStackDriver(CONF)
    assert infra._load_yaml('a: [1, {b: 2}]') == {'a': [1, {'b': 2}]}
    with pytest.raises(exceptions.InvalidCsar) as caught:
        infra._load_yaml('[' * 200000 + ']' * 200000)
    assert 'deeper than' in str(caught.value)


# One extCp whose two cpConfig entries (SOL003 v2.6.1 VnfExtCpConfig)
# request five addresses between them: the port gets all five.
TWO_CONFIGS = {'id': 'ext', 'resourceId': 'net-1', 'extCps': [{
    'cpdId': 'VDU1_CP1', 'cpConfig': [
        {'cpProtocolData': [{
            'layerProtocol': 'IP_OVER_ETHERNET',
            'ipOverEthernet': {'macAddress': 'fa:16:3e:00:00:01',
                               'ipAddresses': [
                                   {'type': 'IPV4', 'subnetId': 'sub-4',
                                    'fixedAddresses': ['10.0.0.5']}]}}]},
        {'cpProtocolData': [{
            'layerProtocol': 'IP_OVER_ETHERNET',
            'ipOverEthernet': {'ipAddresses': [
                {'type': 'IPV6', 'numDynamicAddresses': 2,
                 'subnetId': 'sub-6'},
                {'type': 'IPV4',
                 'fixedAddresses': ['10.0.1.7', '10.0.1.8']}]}}]}]}]}
TWO_CONFIGS_FIXED_IPS = [
    {'ip_address': '10.0.0.5', 'subnet': 'sub-4'},
    {'subnet': 'sub-6'}, {'subnet': 'sub-6'},
    {'ip_address': '10.0.1.7'}, {'ip_address': '10.0.1.8'}]


def test_nfv_parameter_and_user_data_helpers_give_the_same_port():
    nfv_cp = parameters.cps([TWO_CONFIGS])['VDU1_CP1']
    helper_cp = utils.create_network_dict(
        {'extVirtualLinks': [TWO_CONFIGS]},
        {'nfv': {'CP': {'VDU1_CP1': {}}}})['VDU1_CP1']

    assert nfv_cp == {'network': 'net-1',
                      'mac_address': 'fa:16:3e:00:00:01',
                      'fixed_ips': TWO_CONFIGS_FIXED_IPS}
    assert helper_cp == {'network': 'net-1',
                         'fixed_ips': TWO_CONFIGS_FIXED_IPS}
