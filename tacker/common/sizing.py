"""How many VNFC instances a flavour asks for, VIM-independent.

The API (refusing a request), the grant step and every infra driver size
a VNF the same way: from the VNFD's instantiation levels and scaling
aspects (SOL001 v2.6.1 policies, as parsed by ``tacker.common.vnfd``) and
the client's InstantiateVnfRequest or ScaleVnfRequest (SOL003 v2.6.1
5.5.2.4, 5.5.2.5). Keeping it in one place means a VNF scales identically
on every VIM, and refusals name the request field.
"""
from tacker.common import exceptions

SCALE_OUT = 'SCALE_OUT'
SCALE_IN = 'SCALE_IN'


def check_instantiate(flavour, params):
    """Refuse an InstantiateVnfRequest naming an unknown level.

    :raises UnknownInstantiationLevel:
    """
    level_id = params.get('instantiationLevelId')
    if level_id is not None and level_id not in flavour[
            'instantiation_levels']:
        known = ', '.join(flavour['instantiation_levels']) or 'none'
        raise exceptions.UnknownInstantiationLevel(level_id=level_id,
                                                   known=known)


def instances_per_vdu(flavour, instantiation_level_id=None):
    """{vduId: number of instances} at instantiation.

    The named level wins, else the flavour's default level; a VDU that
    level leaves out, or any VDU when there is no level, gets its
    initial_number_of_instances (SOL001 VduInitialDelta).
    """
    level = _level(flavour, instantiation_level_id)
    vdu_levels = level['vdu_levels'] if level else {}
    return {vdu_id: _count(vdu_levels.get(vdu_id),
                           vdu['initial_number_of_instances'])
            for vdu_id, vdu in flavour['vdus'].items()}


def scale_levels(flavour, instantiation_level_id=None):
    """{aspectId: scale level} at instantiation (SOL003 v2.6.1 5.5.3.4
    ScaleInfo), 0 for aspects the level does not list."""
    level = _level(flavour, instantiation_level_id)
    scale_info = level['scale_info'] if level else {}
    return {aspect_id: _count(scale_info.get(aspect_id), 0)
            for aspect_id in flavour['scaling_aspects']}


def scale_level_after(flavour, aspect_id, current_level, steps,
                      scale_type):
    """The aspect's scale level after a ScaleVnfRequest.

    :raises: UnknownScalingAspect; InvalidScaleRequest naming type or
        numberOfSteps when the type is not SCALE_OUT/SCALE_IN or the steps
        are fewer than 1; ScaleOutOfRange when the new level leaves
        0..max_scale_level.
    """
    aspect = _aspect(flavour, aspect_id)
    if scale_type not in (SCALE_OUT, SCALE_IN):
        raise exceptions.InvalidScaleRequest(
            f'type must be {SCALE_OUT} or {SCALE_IN}, not {scale_type}')
    if (not isinstance(steps, int) or isinstance(steps, bool)
            or steps < 1):
        raise exceptions.InvalidScaleRequest(
            f'numberOfSteps must be an integer of at least 1, not {steps!r}')
    new_level = current_level + (steps if scale_type == SCALE_OUT
                                 else -steps)
    max_level = aspect['max_scale_level']
    if not 0 <= new_level <= max_level:
        raise exceptions.ScaleOutOfRange(
            f'numberOfSteps {steps} would take aspect {aspect_id} from '
            f'scale level {current_level} to {new_level}, outside '
            f'0..{max_level}')
    return new_level


def instances_after_scale(flavour, current_per_vdu, aspect_id, steps,
                          scale_type, current_level):
    """{vduId: number of instances} after a ScaleVnfRequest.

    Each step applies the aspect's delta for that step (SOL001
    ScalingAspect.step_deltas: the first step uses the first delta, and
    the last delta repeats for further steps).

    :raises: as ``scale_level_after``, or ScaleOutOfRange when a VDU
        would leave min..max_number_of_instances.
    """
    new_level = scale_level_after(flavour, aspect_id, current_level, steps,
                                  scale_type)
    aspect = flavour['scaling_aspects'][aspect_id]
    sign = 1 if scale_type == SCALE_OUT else -1
    step_indexes = range(min(current_level, new_level),
                         max(current_level, new_level))
    per_vdu = dict(current_per_vdu)
    changed = set()
    for step_index in step_indexes:
        for vdu_id, count in _step_delta(aspect, step_index).items():
            per_vdu[vdu_id] = per_vdu.get(vdu_id, 0) + sign * _count(count,
                                                                     0)
            changed.add(vdu_id)
    for vdu_id in sorted(changed):
        _check_vdu_bounds(flavour['vdus'].get(vdu_id, {}), vdu_id,
                          per_vdu[vdu_id], steps)
    return per_vdu


def vnfcs_per_vdu(flavour, vnfcs):
    """{vduId: number of instances} of existing VnfcResourceInfo, every
    VDU of the flavour included."""
    per_vdu = dict.fromkeys(flavour['vdus'], 0)
    for vnfc in vnfcs:
        per_vdu[vnfc['vduId']] = per_vdu.get(vnfc['vduId'], 0) + 1
    return per_vdu


def scale_in_victims(vnfcs, target_per_vdu):
    """The VnfcResourceInfo a scale in to ``target_per_vdu`` removes: the
    newest of each VDU (the last in the list) first."""
    victims = []
    for vdu_id, count in target_per_vdu.items():
        of_vdu = [vnfc for vnfc in vnfcs if vnfc['vduId'] == vdu_id]
        if len(of_vdu) > count:
            victims += of_vdu[count:]
    return victims


def _level(flavour, instantiation_level_id):
    level_id = (instantiation_level_id
                or flavour.get('default_instantiation_level'))
    return flavour['instantiation_levels'].get(level_id)


def _count(value, fallback):
    """A VNFD number that tosca-parser may leave None (not set)."""
    if value is None:
        value = fallback
    return int(value or 0)


def _aspect(flavour, aspect_id):
    aspect = flavour['scaling_aspects'].get(aspect_id)
    if aspect is None:
        known = ', '.join(flavour['scaling_aspects']) or 'none'
        raise exceptions.UnknownScalingAspect(aspect_id=aspect_id,
                                              known=known)
    return aspect


def _step_delta(aspect, step_index):
    """{vduId: instances} added by the step from ``step_index`` to the
    next level."""
    delta_ids = aspect['step_deltas'] or list(aspect['vdu_deltas'])
    if not delta_ids:
        return {}
    delta_id = delta_ids[min(step_index, len(delta_ids) - 1)]
    return aspect['vdu_deltas'].get(delta_id) or {}


def _check_vdu_bounds(vdu, vdu_id, count, steps):
    low = _count(vdu.get('min_number_of_instances'), 0)
    high = vdu.get('max_number_of_instances')
    if count < low or (high is not None and count > high):
        raise exceptions.ScaleOutOfRange(
            f'numberOfSteps {steps} would leave VDU {vdu_id} with {count} '
            f'instances, outside {low}..{"" if high is None else high}')
