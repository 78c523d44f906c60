"""MODIFY_INFO: what a VnfInfoModificationRequest changes."""
from tacker.conductor import vnf_info

INSTANCE = {
    'vnf_instance_name': 'a', 'vnf_instance_description': 'd',
    'metadata': {'keep': 1, 'drop': 2}, 'extensions': None,
    'vnf_configurable_properties': {}, 'vnf_pkg_id': 'pkg-1',
    'vim_connection_info': [{'id': 'v1', 'vimType': 'noop'},
                            {'id': 'v2', 'vimType': 'noop'}],
}


def test_attributes_are_replaced_or_merged():
    values, changed = vnf_info.modification(INSTANCE, {
        'vnfInstanceName': 'b', 'metadata': {'drop': None, 'new': 3},
        'extensions': {'x': 1}})
    assert values == {'vnf_instance_name': 'b',
                      'metadata': {'keep': 1, 'new': 3},
                      'extensions': {'x': 1}}
    assert changed == {'vnfInstanceName': 'b',
                       'metadata': {'drop': None, 'new': 3},
                       'extensions': {'x': 1}}


def test_vim_connections_merge_by_id_and_delete():
    values, changed = vnf_info.modification(INSTANCE, {
        'vimConnectionInfo': [{'id': 'v1', 'vimType': 'noop',
                               'extra': {'k': 1}},
                              {'id': 'v3', 'vimType': 'noop'}],
        'vimConnectionInfoDeleteIds': ['v2']})
    assert values['vim_connection_info'] == [
        {'id': 'v1', 'vimType': 'noop', 'extra': {'k': 1}},
        {'id': 'v3', 'vimType': 'noop'}]
    assert changed['vimConnectionInfo'] == values['vim_connection_info']


def test_new_package_copies_its_identity():
    package = {'id': 'pkg-2', 'vnfd_id': 'vnfd-2', 'vnf_provider': 'P',
               'vnf_product_name': 'N', 'vnf_software_version': '2',
               'vnfd_version': '2.1'}
    values, changed = vnf_info.modification(INSTANCE, {'vnfdId': 'vnfd-2'},
                                            package)
    assert values['vnf_pkg_id'] == 'pkg-2'
    assert changed == {'vnfPkgId': 'pkg-2', 'vnfdId': 'vnfd-2',
                       'vnfProvider': 'P', 'vnfProductName': 'N',
                       'vnfSoftwareVersion': '2', 'vnfdVersion': '2.1'}
