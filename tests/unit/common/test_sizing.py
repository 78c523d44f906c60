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
    with pytest.raises(exceptions.UnknownInstantiationLevel) as caught:
        sizing.check_instantiate(flavour(), {'instantiationLevelId': 'huge'})
    detail = caught.value.detail
    assert 'instantiationLevelId huge' in detail


def current(levels, **per_vdu):
    """instantiatedVnfInfo with ``per_vdu`` VNFCs per VDU (ids
    <vdu>-<n>, oldest first) at scale ``levels``."""
    return {'flavourId': 'small',
            'scaleStatus': [{'aspectId': aspect_id, 'scaleLevel': level}
                            for aspect_id, level in levels.items()],
            'vnfcResourceInfo': [{'id': f'{vdu_id}-{n}', 'vduId': vdu_id}
                                 for vdu_id, count in per_vdu.items()
                                 for n in range(count)]}


def scale(scale_type, aspect_id, steps=None):
    request = {'type': scale_type, 'aspectId': aspect_id}
    if steps is not None:
        request['numberOfSteps'] = steps
    return request


def test_scale_out_adds_the_delta_of_each_step():
    plan = sizing.scale_plan(flavour(), current(
        {'worker_instance': 0}, VDU1=1, VDU2=1),
        scale(sizing.SCALE_OUT, 'worker_instance', 2))
    assert plan.target == {'VDU1': 3, 'VDU2': 1, 'VDU3': 0}
    assert plan.added == {'VDU1': 2}
    assert plan.removed == []
    assert plan.levels == {'worker_instance': 2}


def test_scale_in_removes_the_newest_vnfcs_of_each_step():
    plan = sizing.scale_plan(flavour(), current(
        {'worker_instance': 2}, VDU1=3, VDU2=1),
        scale(sizing.SCALE_IN, 'worker_instance'))
    assert plan.target == {'VDU1': 2, 'VDU2': 1, 'VDU3': 0}
    assert plan.added == {}
    assert [vnfc['id'] for vnfc in plan.removed] == ['VDU1-2']
    assert plan.levels == {'worker_instance': 1}


def test_later_steps_repeat_the_last_step_delta():
    plan = sizing.scale_plan(flavour(), current({}),
                             scale(sizing.SCALE_OUT, 'cache', 3))
    assert (plan.added, plan.levels) == ({'VDU3': 5}, {'cache': 3})
    plan = sizing.scale_plan(flavour(), current({'cache': 3}, VDU3=5),
                             scale(sizing.SCALE_IN, 'cache', 2))
    assert plan.target['VDU3'] == 1
    assert [vnfc['id'] for vnfc in plan.removed] == [
        'VDU3-1', 'VDU3-2', 'VDU3-3', 'VDU3-4']


def test_instances_added_sums_the_step_deltas_between_levels():
    aspect = flavour()['scaling_aspects']['cache']
    assert sizing.instances_added(aspect, 0, 0) == {}
    assert sizing.instances_added(aspect, 0, 1) == {'VDU3': 1}
    assert sizing.instances_added(aspect, 1, 3) == {'VDU3': 4}


@pytest.mark.parametrize('request_, error, field', [
    (scale(sizing.SCALE_OUT, 'nope'), exceptions.UnknownScalingAspect,
     'aspectId nope'),
    (scale(sizing.SCALE_OUT, 'worker_instance', 0),
     exceptions.InvalidScaleStep, 'numberOfSteps'),
    (scale(sizing.SCALE_OUT, 'worker_instance', '1'),
     exceptions.InvalidScaleStep, 'numberOfSteps'),
    (scale('SCALE_SIDEWAYS', 'worker_instance'),
     exceptions.InvalidScaleStep, 'type'),
    (scale(sizing.SCALE_OUT, 'worker_instance', 3),
     exceptions.InvalidScaleStep, 'numberOfSteps 3'),
    (scale(sizing.SCALE_IN, 'worker_instance'),
     exceptions.InvalidScaleStep, 'numberOfSteps 1'),
])
def test_scale_outside_the_aspect_is_refused_naming_the_field(
        request_, error, field):
    with pytest.raises(error) as caught:
        sizing.scale_plan(flavour(), current({}, VDU1=1, VDU2=1), request_)
    assert caught.value.detail.startswith(field)


def test_scale_leaving_a_vdus_bounds_is_refused():
    with pytest.raises(exceptions.ScaleLeavesVduBounds) as caught:
        sizing.scale_plan(flavour(), current({}, VDU1=3, VDU2=1),
                          scale(sizing.SCALE_OUT, 'worker_instance'))
    assert caught.value.detail == (
        'numberOfSteps 1 would leave VDU VDU1 with 4 instances, outside '
        '1..3.')


def test_scale_levels_of_reads_scale_status():
    assert sizing.scale_levels_of(None) == {}
    assert sizing.scale_levels_of(current({'cache': 2})) == {'cache': 2}


def test_heal_targets_are_the_named_vnfcs_or_all():
    info = current({}, VDU1=2, VDU2=1)
    assert [v['id'] for v in sizing.heal_targets(info, {})] == [
        'VDU1-0', 'VDU1-1', 'VDU2-0']
    assert [v['id'] for v in sizing.heal_targets(
        info, {'vnfcInstanceId': ['VDU2-0', 'VDU1-1']})] == [
        'VDU1-1', 'VDU2-0']


def test_heal_naming_an_unknown_vnfc_is_refused_naming_it():
    with pytest.raises(exceptions.UnknownVnfcInstance) as caught:
        sizing.heal_targets(current({}, VDU1=1),
                            {'vnfcInstanceId': ['VDU1-0', 'ghost', 'x']})
    assert caught.value.detail.startswith('vnfcInstanceId ghost, x ')


def test_scale_to_an_instantiation_level_moves_every_aspect():
    plan = sizing.scale_plan(flavour(), current(
        {'worker_instance': 0, 'cache': 0}, VDU1=1, VDU2=1),
        {'instantiationLevelId': 'instantiation_level_2'})
    assert plan.levels == {'worker_instance': 2, 'cache': 1}
    assert plan.added == {'VDU1': 2, 'VDU3': 1}
    back = sizing.scale_plan(flavour(), current(
        plan.levels, VDU1=3, VDU2=1, VDU3=1),
        {'instantiationLevelId': 'instantiation_level_1'})
    assert back.levels == {'worker_instance': 0, 'cache': 0}
    assert [vnfc['id'] for vnfc in back.removed] == [
        'VDU1-1', 'VDU1-2', 'VDU3-0']


def test_scale_to_levels_of_scale_info_leaves_other_aspects():
    plan = sizing.scale_plan(flavour(), current(
        {'worker_instance': 1, 'cache': 0}, VDU1=2, VDU2=1),
        {'scaleInfo': [{'aspectId': 'cache', 'scaleLevel': 2}]})
    assert plan.levels == {'worker_instance': 1, 'cache': 2}
    assert (plan.added, plan.removed) == ({'VDU3': 3}, [])


@pytest.mark.parametrize('request_, error, detail', [
    ({'instantiationLevelId': 'nope'}, exceptions.UnknownInstantiationLevel,
     'instantiationLevelId nope'),
    ({'scaleInfo': [{'aspectId': 'cache', 'scaleLevel': 4}]},
     exceptions.InvalidScaleStep, 'scaleLevel 4 would take aspect cache '
     'from scale level 0 to 4, outside 0..3'),
    ({'scaleInfo': [{'aspectId': 'nope', 'scaleLevel': 1}]},
     exceptions.UnknownScalingAspect, 'aspectId nope'),
])
def test_scale_to_a_level_the_flavour_lacks_is_refused(request_, error,
                                                       detail):
    with pytest.raises(error) as caught:
        sizing.scale_plan(flavour(), current({}, VDU1=1, VDU2=1), request_)
    assert detail in caught.value.detail


def test_heal_names_a_vnfc_by_its_vnfc_info_id_too():
    info = current({}, VDU1=2)
    assert [v['id'] for v in sizing.heal_targets(
        info, {'vnfcInstanceId': ['VDU1-VDU1-1']})] == ['VDU1-1']
