"""VNF sizing from the VNFD's instantiation levels and scaling aspects."""
import pytest

from tacker.common import exceptions
from tacker.common import sizing


def vdu(minimum, maximum, initial):
    return {'name': None, 'description': None, 'sw_image': None,
            'virtual_storages': [], 'min_number_of_instances': minimum,
            'max_number_of_instances': maximum,
            'initial_number_of_instances': initial}


def flavour(**changes):
    """Like the two_flavours sample's 'small' flavour, plus an aspect
    whose steps differ and a VDU that only it scales."""
    base = {
        'description': 'test flavour',
        'vdus': {'VDU1': vdu(1, 3, 1), 'VDU2': vdu(1, 1, 1),
                 'VDU3': vdu(0, 5, 0)},
        'scaling_aspects': {
            'worker_instance': {
                'name': 'worker_instance', 'description': None,
                'max_scale_level': 2, 'step_deltas': ['delta_1'],
                'vdu_deltas': {'delta_1': {'VDU1': 1}}},
            'cache': {
                'name': 'cache', 'description': None,
                'max_scale_level': 3, 'step_deltas': ['first', 'next'],
                'vdu_deltas': {'first': {'VDU3': 1}, 'next': {'VDU3': 2}}},
        },
        'instantiation_levels': {
            'instantiation_level_1': {
                'description': None, 'scale_info': {'worker_instance': 0},
                'vdu_levels': {'VDU1': 1, 'VDU2': 1}},
            'instantiation_level_2': {
                'description': None,
                'scale_info': {'worker_instance': 2, 'cache': 1},
                'vdu_levels': {'VDU1': 3, 'VDU2': 1, 'VDU3': 1}},
        },
        'default_instantiation_level': 'instantiation_level_1',
        'virtual_links': [],
        'cps': [],
    }
    base.update(changes)
    return base


def refusal(call, *args):
    with pytest.raises(exceptions.BadRequest) as caught:
        call(*args)
    return caught.value.detail


def test_named_level_sets_the_instances_of_its_vdus():
    assert sizing.instances_per_vdu(flavour(), 'instantiation_level_2') == {
        'VDU1': 3, 'VDU2': 1, 'VDU3': 1}


def test_default_level_applies_when_none_is_named():
    assert sizing.instances_per_vdu(flavour()) == {
        'VDU1': 1, 'VDU2': 1, 'VDU3': 0}


def test_without_levels_each_vdu_gets_its_initial_instances():
    bare = flavour(instantiation_levels={},
                   default_instantiation_level=None,
                   vdus={'VDU1': vdu(1, 3, 2), 'VDU2': vdu(1, 1, None)})
    assert sizing.instances_per_vdu(bare) == {'VDU1': 2, 'VDU2': 0}


def test_scale_levels_of_a_level_default_aspects_it_omits_to_0():
    assert sizing.scale_levels(flavour(), 'instantiation_level_2') == {
        'worker_instance': 2, 'cache': 1}
    assert sizing.scale_levels(flavour()) == {'worker_instance': 0,
                                              'cache': 0}


def test_check_instantiate_accepts_known_or_absent_levels():
    sizing.check_instantiate(flavour(), {'flavourId': 'small'})
    sizing.check_instantiate(flavour(), {
        'instantiationLevelId': 'instantiation_level_2'})


def test_check_instantiate_refuses_an_unknown_level():
    detail = refusal(sizing.check_instantiate, flavour(),
                     {'instantiationLevelId': 'huge'})
    assert 'instantiationLevelId huge' in detail


def test_scale_out_adds_the_delta_of_each_step():
    assert sizing.instances_after_scale(
        flavour(), {'VDU1': 1, 'VDU2': 1, 'VDU3': 0}, 'worker_instance', 2,
        sizing.SCALE_OUT, 0) == {'VDU1': 3, 'VDU2': 1, 'VDU3': 0}


def test_scale_in_removes_the_delta_of_each_step():
    assert sizing.instances_after_scale(
        flavour(), {'VDU1': 3, 'VDU2': 1}, 'worker_instance', 1,
        sizing.SCALE_IN, 2) == {'VDU1': 2, 'VDU2': 1}


def test_later_steps_repeat_the_last_step_delta():
    after = sizing.instances_after_scale(
        flavour(), {'VDU3': 0}, 'cache', 3, sizing.SCALE_OUT, 0)
    assert after == {'VDU3': 5}
    assert sizing.instances_after_scale(
        flavour(), after, 'cache', 2, sizing.SCALE_IN, 3) == {'VDU3': 1}


def test_scale_level_after_counts_steps_both_ways():
    assert sizing.scale_level_after(flavour(), 'cache', 1, 2,
                                    sizing.SCALE_OUT) == 3
    assert sizing.scale_level_after(flavour(), 'cache', 3, 3,
                                    sizing.SCALE_IN) == 0


@pytest.mark.parametrize('aspect_id, steps, scale_type, level, field', [
    ('nope', 1, sizing.SCALE_OUT, 0, 'aspectId nope'),
    ('worker_instance', 0, sizing.SCALE_OUT, 0, 'numberOfSteps'),
    ('worker_instance', '1', sizing.SCALE_OUT, 0, 'numberOfSteps'),
    ('worker_instance', 1, 'SCALE_SIDEWAYS', 0, 'type'),
    ('worker_instance', 3, sizing.SCALE_OUT, 0, 'numberOfSteps 3'),
    ('worker_instance', 1, sizing.SCALE_IN, 0, 'numberOfSteps 1'),
])
def test_scale_outside_the_aspect_is_refused_naming_the_field(
        aspect_id, steps, scale_type, level, field):
    detail = refusal(sizing.instances_after_scale, flavour(),
                     {'VDU1': 1, 'VDU2': 1}, aspect_id, steps, scale_type,
                     level)
    assert detail.startswith(field)


def test_scale_leaving_a_vdus_bounds_is_refused():
    detail = refusal(sizing.instances_after_scale, flavour(),
                     {'VDU1': 3, 'VDU2': 1}, 'worker_instance', 1,
                     sizing.SCALE_OUT, 0)
    assert detail == ('numberOfSteps 1 would leave VDU VDU1 with 4 '
                      'instances, outside 1..3')
