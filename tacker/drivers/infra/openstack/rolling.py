"""A CHANGE_VNFPKG on Heat: VNFCs moved to another package's images and
compute flavours one at a time (SOL003 v3.3.1 5.4.11a, upgrade_type
RollingUpdate), as Tacker does it.

A VNFC in an AutoScalingGroup is one member of the group's nested
stack: that stack is updated on its own, with the member's properties
as the destination package's group definition gives them, so Heat
rebuilds only that server. A VNFC of the top stack is moved by a PATCH
of the top stack's ``nfv`` entries of its VDU. After each VNFC, the
package's coordination script runs (``coordination``). Last, the whole
top stack is updated to the destination package's templates and
``nfv``: Heat finds each member already as defined and leaves it.

Each move compares what the member has with what it should have, so a
retry or a rollback after a failure at any point only moves the VNFCs
that still need it.
"""
import copy
import dataclasses

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.drivers.infra import base
from tacker.drivers.infra import coordination
from tacker.drivers.infra.openstack import inventory
from tacker.drivers.infra.openstack import parameters
from tacker.drivers.infra import results

# HOT intrinsic functions other than get_param: what they give is known
# only to Heat, so a member keeps its current value of such a property.
_INTRINSICS = frozenset((
    'get_resource', 'get_attr', 'get_file', 'list_join', 'str_replace',
    'str_replace_strict', 'str_replace_vstrict', 'str_split', 'repeat',
    'digest', 'resource_facade', 'map_merge', 'map_replace', 'yaql',
    'equals', 'if', 'not', 'and', 'or', 'filter', 'make_url', 'list_concat',
    'list_concat_unique', 'contains'))


class _Unresolved(Exception):
    """A value only Heat can compute."""


@dataclasses.dataclass(frozen=True)
class Destination:
    """The package VNFCs move to: its flavour, top template (parsed) and
    nested files, and the ``nfv`` parameter its VDUs get."""

    flavour: dict
    template: dict
    files: dict
    nfv: dict


def destination(request, stack_nfv, template, files, rollback):
    """The Destination of a CHANGE_VNFPKG step (the new package) or of
    its rollback (the old one); ``template`` is the package's top HOT
    parsed, ``stack_nfv`` the stack's ``nfv`` now."""
    flavour = request.flavour if rollback else request.target_flavour
    return Destination(flavour, template, files, parameters.with_looks_of(
        stack_nfv, flavour, changed_vdus(request),
        None if rollback else request.grant))


def changed_vdus(request):
    return infra_requirements.changed_vdus(
        request.additional_params, request.flavour, request.target_flavour)


def move_vnfcs(stacks, stack, request, to, timeout, rollback=False):
    """Move each VNFC of the changed VDUs to ``to`` (a Destination),
    oldest first, with the coordination script after each; returns the
    ids of the VNFCs moved. Forward, the script runs for each VNFC
    (again, on a retry); in a rollback only for those moved back."""
    vim_id = request.vim_connection.get('id')
    resources = stacks.resources(stack.id)
    vnfcs, _, _ = inventory.read(resources, request.flavour, vim_id)
    names = {resource['physical_resource_id']: resource['resource_name']
             for resource in resources}
    vdus = changed_vdus(request)
    moved = []
    for vnfc in vnfcs:
        if vnfc['vduId'] not in vdus:
            continue
        request.cancellation.check()
        metadata = vnfc['metadata']
        if metadata.get('memberName'):
            group = to.template['resources'].get(
                names.get(metadata['groupStackId']))
            changed = _move_member(stacks, metadata, group, to)
        else:
            changed = _move_top_vnfc(stacks, stack.id, vnfc, to)
        if changed:
            moved.append(vnfc['id'])
        if changed or not rollback:
            coordination.coordinate(
                request, vnfc, _address(stacks, request, vnfc, rollback),
                timeout, rollback)
    return moved


def finish(stacks, stack, to):
    """The whole stack on the destination package's templates."""
    stacks.replace(stack.id, to.template, to.files, {'nfv': to.nfv})


def _move_member(stacks, metadata, group, to):
    """Give one member of a group's nested stack the properties the
    destination's group definition gives it; whether it changed."""
    if not isinstance(group, dict):
        raise exceptions.PackageNotDeployable(
            driver=infra_requirements.OPENSTACK,
            reason='its top Heat template has no group of member %s'
                   % metadata['memberName'])
    template = stacks.template(metadata['groupStackId'])
    member = template['resources'][metadata['memberName']]
    wanted = ((group.get('properties') or {}).get('resource') or {}).get(
        'properties') or {}
    properties = member_properties(wanted, {'nfv': to.nfv},
                                   member.get('properties') or {})
    if properties == member.get('properties'):
        return False
    template = copy.deepcopy(template)
    template['resources'][metadata['memberName']] = dict(
        member, properties=properties)
    stacks.replace(metadata['groupStackId'], template, to.files)
    return True


def _move_top_vnfc(stacks, stack_id, vnfc, to):
    """PATCH the top stack's ``nfv`` entries of the VNFC's VDU and its
    storages to the destination's; whether they changed."""
    now = stacks.find(stack_id)
    nfv = parameters.stack_nfv(now)
    vdu = to.flavour['vdus'][vnfc['vduId']]
    names = [vnfc['vduId'], *(vdu.get('virtual_storages') or [])]
    entries = nfv.setdefault('VDU', {})
    wanted = {name: dict(entries.get(name) or {},
                         **{key: value for key, value in
                            (to.nfv['VDU'].get(name) or {}).items()
                            if key in ('computeFlavourId', 'vcImageId')})
              for name in names}
    if all(entries.get(name) == wanted[name] for name in names):
        return False
    entries.update(wanted)
    stacks.update(stack_id, {'nfv': nfv})
    return True


def member_properties(definition, parameters_, current):
    """The properties ``definition`` (a group's member definition) gives
    a member with the stack parameters ``parameters_``: get_param
    resolved; a property made by another intrinsic function keeps the
    member's ``current`` value (Heat computed it)."""
    properties = {}
    for key, value in definition.items():
        try:
            properties[key] = _resolve(value, parameters_)
        except _Unresolved:
            if key in current:
                properties[key] = current[key]
    return properties


def _resolve(value, parameters_):
    if isinstance(value, dict):
        if len(value) == 1:
            function, argument = next(iter(value.items()))
            if function == 'get_param':
                return _param(argument, parameters_)
            if function in _INTRINSICS or str(function).startswith('Fn::'):
                raise _Unresolved(function)
        return {key: _resolve(item, parameters_)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, parameters_) for item in value]
    return value


def _param(argument, parameters_):
    """get_param as Heat answers it: '' where the path leads nowhere."""
    path = argument if isinstance(argument, list) else [argument]
    if not path or path[0] not in parameters_:
        raise _Unresolved('get_param')
    value = parameters_[path[0]]
    try:
        for step in path[1:]:
            value = value[int(step) if isinstance(value, list) else step]
    except (KeyError, IndexError, TypeError, ValueError):
        return ''
    return value


def _address(stacks, request, vnfc, rollback):
    """The VNFC's address for its coordination script: of the CP its
    vdu_params entry names (``cp_name``), floating first; None when
    there is no script or no cp_name."""
    key = (infra_requirements.COORDINATE_OLD_VNF if rollback
           else infra_requirements.COORDINATE_NEW_VNF)
    entry = infra_requirements.vdu_param(request.additional_params,
                                         vnfc['vduId']) or {}
    cp_name = (entry.get('old_vnfc_param' if rollback
                         else 'new_vnfc_param') or {}).get('cp_name')
    if not request.additional_params.get(key) or not cp_name:
        return None
    attributes = stacks.attributes(vnfc['metadata']['stackId'], cp_name)
    if attributes.get('floating_ip_address'):
        return attributes['floating_ip_address']
    fixed = attributes.get('fixed_ips') or [{}]
    return fixed[0].get('ip_address')


def affected(info, moved):
    """AffectedVnfc (MODIFIED) of each moved VNFC, as it is now."""
    return results.changes(
        info, base.MODIFIED,
        [vnfc for vnfc in info.get('vnfcResourceInfo') or []
         if vnfc['id'] in moved], [], [])
