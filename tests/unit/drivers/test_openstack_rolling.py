"""What a group member's properties become in a rolling CHANGE_VNFPKG."""
from tacker.drivers.infra.openstack import rolling

NFV = {'VDU': {'VDU1': {'computeFlavourId': 'm1.large',
                        'vcImageId': 'image-v2'}}, 'CP': {}}
DEFINITION = {
    'flavor': {'get_param': ['nfv', 'VDU', 'VDU1', 'computeFlavourId']},
    'image': {'get_param': ['nfv', 'VDU', 'VDU1', 'vcImageId']},
    'ext_net': {'get_param': ['nfv', 'CP', 'VDU1_CP1', 'network']},
    'int_net': {'get_resource': 'internalVL1'},
    'name': 'worker',
}


def test_get_param_is_resolved_and_what_heat_computed_is_kept():
    current = {'flavor': 'm1.tiny', 'image': 'image-v1', 'ext_net': '',
               'int_net': 'net-uuid', 'name': 'worker'}
    assert rolling.member_properties(DEFINITION, {'nfv': NFV}, current) == {
        'flavor': 'm1.large', 'image': 'image-v2', 'ext_net': '',
        'int_net': 'net-uuid', 'name': 'worker'}


def test_a_member_already_moved_is_unchanged():
    moved = {'flavor': 'm1.large', 'image': 'image-v2', 'ext_net': '',
             'int_net': 'net-uuid', 'name': 'worker'}
    assert rolling.member_properties(DEFINITION, {'nfv': NFV},
                                     moved) == moved


def test_an_unknown_parameter_or_function_keeps_the_current_value():
    definition = {'a': {'get_param': 'other'},
                  'b': {'str_replace': {'template': 'x', 'params': {}}},
                  'c': {'list': [{'get_param': ['nfv', 'VDU', 'VDU1',
                                                'vcImageId']}]}}
    assert rolling.member_properties(
        definition, {'nfv': NFV}, {'a': 1, 'b': 2}) == {
            'a': 1, 'b': 2, 'c': {'list': ['image-v2']}}
