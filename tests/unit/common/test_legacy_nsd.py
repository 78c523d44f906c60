"""Legacy NSDs: VNF nodes, VLs and the virtual links between them;
anything else refused with the reason."""
import pytest

from tacker.common import legacy_nsd

NSD = {
    'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
    'imports': ['vnfd-a'],
    'topology_template': {
        'inputs': {'net': {'type': 'string', 'default': 'net_mgmt'}},
        'node_templates': {
            'VNF1': {'type': 'tosca.nodes.nfv.VNFA',
                     'requirements': [{'virtualLink1': 'VL1'}]},
            'VL1': {'type': 'tosca.nodes.nfv.VL',
                    'properties': {'network_name': {'get_input': 'net'}}}}}}


def test_an_nsd_names_its_vnfs_vls_and_links():
    nsd = legacy_nsd.parse(NSD)
    assert nsd.imports == ('vnfd-a',)
    assert nsd.vnfs['VNF1'] == legacy_nsd.VnfNode(
        'VNF1', 'tosca.nodes.nfv.VNFA', {'virtualLink1': 'VL1'})
    assert legacy_nsd.networks(nsd, {}) == {'VL1': 'net_mgmt'}
    assert legacy_nsd.networks(nsd, {'net': 'net0'}) == {'VL1': 'net0'}


def _with(**changes):
    topology = dict(NSD['topology_template'], **changes)
    return dict(NSD, topology_template=topology)


@pytest.mark.parametrize('nsd,says', [
    ('not: [yaml', 'not YAML'),
    ([1], 'mapping'),
    (dict(NSD, tosca_definitions_version='x'), 'tosca_definitions_version'),
    (dict(NSD, imports='vnfd-a'), 'imports'),
    (_with(node_templates={}), 'nodes'),
    (_with(node_templates={'VL1': NSD['topology_template'][
        'node_templates']['VL1']}), 'no VNF node'),
    (_with(node_templates={'VNF1': {
        'type': 'tosca.nodes.nfv.VNFA',
        'requirements': [{'virtualLink1': 'VL9'}]}}), 'VL9'),
    (_with(node_templates={'VNF1': {'type': 'x'}, 'VL1': {
        'type': 'tosca.nodes.nfv.VL'}}), 'network_name'),
])
def test_what_is_no_nsd_is_refused(nsd, says):
    with pytest.raises(ValueError, match=says):
        legacy_nsd.parse(nsd)


def test_an_input_without_value_is_refused():
    nsd = legacy_nsd.parse(_with(inputs={'net': {'type': 'string'}}))
    with pytest.raises(ValueError, match='no value for input net'):
        legacy_nsd.networks(nsd, {})
