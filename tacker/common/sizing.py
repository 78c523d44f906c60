"""How many VNFC instances a flavour asks for, and which VNFCs an LCM
operation changes, VIM-independent.

The API (refusing a request before its 202), the grant step, every infra
driver and the LCM user-data helpers size a VNF the same way: from the
VNFD's instantiation levels and scaling aspects (SOL001 v2.6.1 policies,
as parsed by ``tacker.common.vnfd``) and the client's
InstantiateVnfRequest, ScaleVnfRequest, ScaleVnfToLevelRequest or
HealVnfRequest (SOL003 v2.6.1 5.5.2.4, 5.5.2.5, 5.5.2.6, 5.5.2.9).
Keeping each rule in one function means they can never disagree about
which VNFCs change, and refusals name the request field.
"""
import dataclasses

from tacker.common import exceptions
from tacker.common import sol003_v3

SCALE_OUT = 'SCALE_OUT'
SCALE_IN = 'SCALE_IN'


def check_instantiate(flavour, params):
    """Refuse an InstantiateVnfRequest naming an unknown level.

    :raises UnknownInstantiationLevel: instantiationLevelId is not one
        of the flavour's.
    """
    level_id = params.get('instantiationLevelId')
    if level_id is not None and level_id not in flavour[
            'instantiation_levels']:
        raise exceptions.UnknownInstantiationLevel(
            level_id=level_id,
            known=', '.join(flavour['instantiation_levels']) or 'none')


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


def scale_levels_of(current):
    """{aspectId: scale level} of an instance's instantiatedVnfInfo
    (SOL003 v2.6.1 5.5.3.3 scaleStatus); {} before INSTANTIATE."""
    return {status['aspectId']: status['scaleLevel']
            for status in (current or {}).get('scaleStatus') or []}


@dataclasses.dataclass(frozen=True)
class ScalePlan:
    """What a ScaleVnfRequest changes: the scale ``levels`` after it
    ({aspectId: level}, every aspect of ``current``), the VNFCs per VDU
    after it (``target``), how many VNFCs each VDU gets (``added``) and
    the VnfcResourceInfo it removes (``removed``, the newest of each VDU).
    """

    levels: dict
    target: dict
    added: dict
    removed: list


def scale_plan(flavour, current, params):
    """The ScalePlan of a ScaleVnfRequest (SOL003 v2.6.1 5.5.2.5) or a
    ScaleVnfToLevelRequest (5.5.2.6) on an instance whose
    instantiatedVnfInfo is ``current``: the one rule the API's check,
    the grant and every infra driver follow.

    Each step applies the aspect's delta for that step (SOL001
    ScalingAspect.step_deltas: the first step uses the first delta, and
    the last delta repeats for further steps).

    :raises UnknownScalingAspect: an aspectId is not an aspect of the
        flavour.
    :raises UnknownInstantiationLevel: so is instantiationLevelId.
    :raises InvalidScaleStep: the type is not SCALE_OUT/SCALE_IN, the
        steps are fewer than 1, or a new level leaves 0..max_scale_level.
    :raises ScaleLeavesVduBounds: a VDU would leave
        min..max_number_of_instances.
    """
    vnfcs = (current or {}).get('vnfcResourceInfo') or []
    levels = scale_levels_of(current)
    new_levels = _new_levels(flavour, levels, params)
    per_vdu = vnfcs_per_vdu(flavour, vnfcs)
    target = dict(per_vdu)
    changed = set()
    for aspect_id, new_level in new_levels.items():
        level = levels.get(aspect_id, 0)
        sign = 1 if new_level > level else -1
        for vdu_id, count in instances_added(
                _aspect(flavour, aspect_id), min(level, new_level),
                max(level, new_level)).items():
            target[vdu_id] = target.get(vdu_id, 0) + sign * count
            changed.add(vdu_id)
    for vdu_id in sorted(changed):
        _check_vdu_bounds(flavour['vdus'].get(vdu_id, {}), vdu_id,
                          target[vdu_id], params)
    return ScalePlan(
        levels=dict(levels, **new_levels), target=target,
        added={vdu_id: count - per_vdu.get(vdu_id, 0)
               for vdu_id, count in target.items()
               if count > per_vdu.get(vdu_id, 0)},
        removed=scale_in_victims(vnfcs, target))


def _new_levels(flavour, levels, params):
    """{aspectId: scale level} the request asks for: one aspect moved by
    its steps (ScaleVnfRequest), or those of an instantiation level or of
    scaleInfo (ScaleVnfToLevelRequest)."""
    if 'instantiationLevelId' in params:
        check_instantiate(flavour, params)
        return scale_levels(flavour, params['instantiationLevelId'])
    if 'scaleInfo' in params:
        new_levels = {}
        for info in params['scaleInfo']:
            aspect_id, level = info['aspectId'], info['scaleLevel']
            _check_level(_aspect(flavour, aspect_id), aspect_id, level,
                         levels.get(aspect_id, 0), 'scaleLevel %d' % level)
            new_levels[aspect_id] = level
        return new_levels
    aspect_id = params.get('aspectId')
    aspect = _aspect(flavour, aspect_id)
    return {aspect_id: _level_after(
        aspect, aspect_id, levels.get(aspect_id, 0),
        params.get('numberOfSteps', 1), params.get('type'))}


def instances_added(aspect, from_level, to_level):
    """{vduId: instances} the steps of ``aspect`` (a flavour's scaling
    aspect: ``step_deltas`` and ``vdu_deltas``) from ``from_level`` up to
    ``to_level`` add (SOL001 v2.6.1 ScalingAspect and
    VduScalingAspectDeltas)."""
    added = {}
    for step_index in range(from_level, to_level):
        for vdu_id, count in _step_delta(aspect, step_index).items():
            added[vdu_id] = added.get(vdu_id, 0) + _count(count, 0)
    return added


def heal_targets(current, params):
    """The VnfcResourceInfo of ``current`` (instantiatedVnfInfo) that a
    HealVnfRequest (SOL003 v2.6.1 5.5.2.9) heals: those its
    vnfcInstanceId names, by their id or (v3.3.1) their VnfcInfo's, all
    of them when it names none.

    :raises UnknownVnfcInstance: naming each vnfcInstanceId the instance
        does not have.
    """
    vnfcs = (current or {}).get('vnfcResourceInfo') or []
    named = params.get('vnfcInstanceId') or []
    by_id = {vnfc_id: vnfc['id'] for vnfc in vnfcs for vnfc_id in (
        vnfc['id'], sol003_v3.vnfc_info_id(vnfc))}
    unknown = [vnfc_id for vnfc_id in named if vnfc_id not in by_id]
    if unknown:
        raise exceptions.UnknownVnfcInstance(ids=', '.join(unknown))
    wanted = {by_id[vnfc_id] for vnfc_id in named}
    return [vnfc for vnfc in vnfcs if not named or vnfc['id'] in wanted]


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


def _level_after(aspect, aspect_id, current_level, steps, scale_type):
    if scale_type not in (SCALE_OUT, SCALE_IN):
        raise exceptions.InvalidScaleStep(
            reason=f'type must be {SCALE_OUT} or {SCALE_IN}, not '
                   f'{scale_type}')
    if (not isinstance(steps, int) or isinstance(steps, bool)
            or steps < 1):
        raise exceptions.InvalidScaleStep(
            reason=f'numberOfSteps must be an integer of at least 1, not '
                   f'{steps!r}')
    new_level = current_level + (steps if scale_type == SCALE_OUT
                                 else -steps)
    _check_level(aspect, aspect_id, new_level, current_level,
                 f'numberOfSteps {steps}')
    return new_level


def _check_level(aspect, aspect_id, new_level, current_level, asked):
    max_level = _count(aspect['max_scale_level'], 0)
    if not 0 <= new_level <= max_level:
        raise exceptions.InvalidScaleStep(
            reason=f'{asked} would take aspect {aspect_id} from scale '
                   f'level {current_level} to {new_level}, outside '
                   f'0..{max_level}')


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
        raise exceptions.UnknownScalingAspect(
            aspect_id=aspect_id,
            known=', '.join(flavour['scaling_aspects']) or 'none')
    return aspect


def _step_delta(aspect, step_index):
    """{vduId: instances} added by the step from ``step_index`` to the
    next level."""
    delta_ids = aspect['step_deltas'] or list(aspect['vdu_deltas'])
    if not delta_ids:
        return {}
    delta_id = delta_ids[min(step_index, len(delta_ids) - 1)]
    return aspect['vdu_deltas'].get(delta_id) or {}


def _check_vdu_bounds(vdu, vdu_id, count, params):
    low = _count(vdu.get('min_number_of_instances'), 0)
    high = vdu.get('max_number_of_instances')
    if count < low or (high is not None and count > high):
        raise exceptions.ScaleLeavesVduBounds(
            asked=_asked(params), vdu_id=vdu_id, count=count,
            bounds=f'{low}..{"" if high is None else high}')


def _asked(params):
    """What a scale request asks, as refusals name it."""
    if 'instantiationLevelId' in params:
        return 'instantiationLevelId %s' % params['instantiationLevelId']
    if 'scaleInfo' in params:
        return 'scaleInfo'
    return 'numberOfSteps %s' % params.get('numberOfSteps', 1)
