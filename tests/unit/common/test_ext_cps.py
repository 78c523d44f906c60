"""External CPs of an LCM request as ports (SOL003 v2.6.1 4.4.1.10)."""
import types

import pytest

from tacker.common import exceptions
from tacker.common import ext_cps


def ext_cp(*ip_addresses, mac=None):
    ethernet = {'ipAddresses': list(ip_addresses)}
    if mac:
        ethernet['macAddress'] = mac
    return {'cpdId': 'CP1', 'cpConfig': [{'cpProtocolData': [
        {'layerProtocol': 'IP_OVER_ETHERNET', 'ipOverEthernet': ethernet}]}]}


LINK = {'id': 'ext', 'resourceId': 'net-1'}


@pytest.mark.parametrize('requested, fixed_ips', [
    ({'type': 'IPV4', 'fixedAddresses': ['10.0.0.1', '10.0.0.2'],
      'subnetId': 's'},
     [{'ip_address': '10.0.0.1', 'subnet': 's'},
      {'ip_address': '10.0.0.2', 'subnet': 's'}]),
    ({'type': 'IPV4', 'fixedAddresses': ['10.0.0.1']},
     [{'ip_address': '10.0.0.1'}]),
    ({'type': 'IPV4', 'numDynamicAddresses': 3, 'subnetId': 's'},
     [{'subnet': 's'}] * 3),
    ({'type': 'IPV4', 'subnetId': 's'}, [{'subnet': 's'}]),
])
def test_each_requested_address_is_a_fixed_ip(requested, fixed_ips):
    assert ext_cps.port(LINK, ext_cp(requested)) == {
        'network': 'net-1', 'fixed_ips': fixed_ips}


@pytest.mark.parametrize('requested', [
    {'type': 'IPV4', 'numDynamicAddresses': 1},
    {'type': 'IPV4', 'subnetId': 's', 'addressRange': {
        'minAddress': '10.0.0.1', 'maxAddress': '10.0.0.9'}},
])
def test_addresses_a_port_cannot_name_leave_it_to_the_network(requested):
    assert ext_cps.port(LINK, ext_cp(requested)) == {'network': 'net-1'}


def test_the_first_mac_address_is_the_ports():
    cp = ext_cp({'type': 'IPV4', 'subnetId': 's'}, mac='fa:16:3e:00:00:01')
    cp['cpConfig'].append({'cpProtocolData': [{'ipOverEthernet': {
        'macAddress': 'fa:16:3e:00:00:02'}}]})
    assert ext_cps.port(LINK, cp)['mac_address'] == 'fa:16:3e:00:00:01'


def test_snake_case_objects_and_cp_config_maps_read_the_same():
    cp = ext_cp({'type': 'IPV4', 'fixedAddresses': ['10.0.0.1']})
    keyed = dict(cp, cpConfig={'port-a': cp['cpConfig'][0]})
    snake = types.SimpleNamespace(
        cpd_id='CP1', cp_config=[types.SimpleNamespace(cp_protocol_data=[
            types.SimpleNamespace(ip_over_ethernet=types.SimpleNamespace(
                mac_address=None, ip_addresses=[types.SimpleNamespace(
                    subnet_id=None, fixed_addresses=['10.0.0.1'])]))])])
    link = types.SimpleNamespace(resource_id='net-1', ext_cps=[snake])
    assert ext_cps.port(LINK, keyed) == ext_cps.port(LINK, cp) == \
        ext_cps.port(link, snake)
    assert ext_cps.ext_cps([link]) == [(link, snake, 'CP1')]


@pytest.mark.parametrize('links, field', [
    ([{'extCps': []}], 'extVirtualLinks[0].id '),
    ([{'id': 'a'}, {'id': 'b', 'extCps': [{'cpdId': 'CP1'}, {}]}],
     'extVirtualLinks[1].extCps '),
    ([{'id': 'a', 'extCps': {'cpdId': 'CP1'}}], 'extVirtualLinks[0].extCps '),
])
def test_links_without_ids_or_cpd_ids_are_refused(links, field):
    with pytest.raises(exceptions.InvalidExtVirtualLink) as caught:
        ext_cps.check_links(links)
    assert caught.value.detail.startswith(field)


def test_well_formed_links_pass():
    ext_cps.check_links(None)
    ext_cps.check_links([dict(LINK, extCps=[ext_cp()])])
