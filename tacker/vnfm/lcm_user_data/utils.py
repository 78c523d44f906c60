"""Helpers Tacker documents for LCM operation user-data scripts.

A script builds the ``nfv`` parameter of the top HOT step by step::

    param = create_initial_param_dict(base_hot_dict)   # which VDUs/CPs
    final = create_final_param_dict(
        param, create_vdu_flavor_dict(vnfd_dict),
        create_vdu_image_dict(grant_info),
        create_cpd_vl_dict(base_hot_dict, inst_req_info))

The names, arguments and results are Tacker's, so packages written for
Tacker run unchanged. Inputs are taken leniently: ``base_hot_dict`` as
{'heat_template': top, <file>: nested, ...} or with the nested templates
under 'nested_hot_templates'; request structures as dicts with SOL003
camelCase keys or as objects with snake_case attributes.
"""
import collections.abc
import copy
import math

from tacker.common import ext_cps
from tacker.common import sizes
from tacker.common import sizing

HOT_NOVA_FLAVOR = 'OS::Nova::Flavor'
AUTO_SCALING_GROUP = 'OS::Heat::AutoScalingGroup'

_SCALING_ASPECTS = 'tosca.policies.nfv.ScalingAspects'
_ASPECT_DELTAS = 'tosca.policies.nfv.VduScalingAspectDeltas'
_INITIAL_DELTA = 'tosca.policies.nfv.VduInitialDelta'
_LEVELS = 'tosca.policies.nfv.InstantiationLevels'

_field = ext_cps.field
_entries = ext_cps.entries

# Keys telling a SOL003 Grant (9.5.2.3) from a {VDU name: image} map.
_GRANT_KEYS = {'id', 'vimAssets', 'vim_assets', 'vnfInstanceId',
               'vnf_instance_id', 'vnfLcmOpOccId', 'vnf_lcm_op_occ_id'}


def create_initial_param_dict(base_hot_dict):
    """{'nfv': {'VDU': {name: {}}, 'CP': {name: {}}}}: one empty entry per
    VDU and CP that a template declaring the ``nfv`` parameter reads with
    ``{get_param: [nfv, VDU|CP, <name>, <attribute>]}``, anywhere in its
    resources' properties (AutoScalingGroup members included).
    """
    return _initial_param_dict(base_hot_dict, skipped_types=())


def create_initial_param_server_port_dict(base_hot_dict):
    """As ``create_initial_param_dict``, leaving out what OS::Nova::Flavor
    resources read: for templates whose flavors exist already (their
    names come from ``create_vdu_flavor_capability_name_dict``).
    """
    return _initial_param_dict(base_hot_dict,
                               skipped_types=(HOT_NOVA_FLAVOR,))


def create_final_param_dict(param_dict, vdu_flavor_dict, vdu_image_dict,
                            cpd_vl_dict):
    """A copy of ``param_dict`` ({'nfv': ...}) with every VDU's 'flavor'
    and 'image' set from ``vdu_flavor_dict`` and ``vdu_image_dict``
    ({VDU name: value}, None where absent), and the CPs found in
    ``cpd_vl_dict`` given their 'network' (the value, when it is a network
    ID) or their 'network' and 'fixed_ips' (when it is a dict, as from
    ``create_network_dict``).
    """
    final = copy.deepcopy(param_dict)
    nfv = final.get('nfv') or {}
    for vdu_name, vdu in (nfv.get('VDU') or {}).items():
        vdu['flavor'] = (vdu_flavor_dict or {}).get(vdu_name)
        vdu['image'] = (vdu_image_dict or {}).get(vdu_name)
    for cp_name, cp in (nfv.get('CP') or {}).items():
        link = (cpd_vl_dict or {}).get(cp_name)
        if isinstance(link, collections.abc.Mapping):
            cp.update({key: copy.deepcopy(link[key])
                       for key in ('network', 'fixed_ips') if key in link})
        elif link is not None:
            cp['network'] = link
    return final


def create_vdu_flavor_dict(vnfd_dict):
    """{VDU name: {'vcpus': n, 'ram': MiB, 'disk': GiB}} from each VDU's
    virtual_compute capability (num_virtual_cpu, virtual_mem_size, the
    first virtual_local_storage's size_of_storage), sizes rounded up to
    whole units; the keys the VNFD leaves out are left out.
    """
    flavors = {}
    for name, node in _node_templates(vnfd_dict):
        compute = _virtual_compute(node)
        if not compute:
            continue
        flavor = {}
        cpu = compute.get('virtual_cpu') or {}
        if 'num_virtual_cpu' in cpu:
            flavor['vcpus'] = int(cpu['num_virtual_cpu'])
        memory = compute.get('virtual_memory') or {}
        if 'virtual_mem_size' in memory:
            flavor['ram'] = _size_in(memory['virtual_mem_size'], 'MiB')
        storages = compute.get('virtual_local_storage') or []
        if storages and 'size_of_storage' in (storages[0] or {}):
            flavor['disk'] = _size_in(storages[0]['size_of_storage'], 'GiB')
        flavors[name] = flavor
    return flavors


def create_vdu_image_dict(grant_info):
    """{VDU or storage name: VIM image ID} from ``grant_info``, which may
    be any of:

    - {name: [resource, ...]}, resources having a resourceIdentifier
      (``resource_identifier``): the last one's (Tacker's VnfResource);
    - {name: image ID} or {name: {'image': image ID}};
    - a SOL003 Grant, whose vimAssets.softwareImages map
      vnfdSoftwareImageId to vimSoftwareImageId.
    """
    if not grant_info:
        return {}
    if (not isinstance(grant_info, collections.abc.Mapping)
            or _GRANT_KEYS & grant_info.keys()):
        assets = _field(grant_info, 'vimAssets')
        return {_field(image, 'vnfdSoftwareImageId'):
                _field(image, 'vimSoftwareImageId')
                for image in _entries(_field(assets, 'softwareImages'))}
    images = {}
    for name, resources in grant_info.items():
        if isinstance(resources, str):
            images[name] = resources
        elif isinstance(resources, collections.abc.Mapping):
            images[name] = resources.get('image')
        else:
            for resource in _entries(resources):
                images[name] = _field(resource, 'resourceIdentifier')
    return images


def create_cpd_vl_dict(base_hot_dict, inst_req_info):
    """{external CPD ID: network ID}: the resourceId of the
    extVirtualLink holding each extCp whose cpdId names a resource of one
    of the templates.
    """
    resource_names = set()
    for template in _hot_templates(base_hot_dict):
        resource_names.update(template.get('resources') or {})
    return {cpd_id: _field(link, 'resourceId')
            for link, _, cpd_id in _ext_cps(inst_req_info)
            if cpd_id in resource_names}


def create_network_dict(inst_req_info, param_dict):
    """{CPD ID: {'network': network ID, 'fixed_ips': [...]}} for each
    extCp of the request whose cpdId is a CP of ``param_dict``
    ({'nfv': ...}): the network and fixed_ips of the extCp's port as the
    ``nfv`` parameter has them (``tacker.common.ext_cps.port``), fixed_ips
    empty when the extCp requests no address.
    """
    cps = ((param_dict or {}).get('nfv') or {}).get('CP') or {}
    networks = {}
    for link, ext_cp, cpd_id in _ext_cps(inst_req_info):
        if cpd_id in cps:
            port = ext_cps.port(link, ext_cp)
            networks[cpd_id] = {'network': port['network'],
                                'fixed_ips': port.get('fixed_ips', [])}
    return networks


def get_diff_base_hot_param_from_api(base_hot_dict, inst_req_info):
    """{name: value} of the top template's parameters that the request's
    additionalParams set (to anything but null).
    """
    additional = _field(inst_req_info, 'additionalParams') or {}
    top = base_hot_dict.get('heat_template') or {}
    return {name: additional[name] for name in top.get('parameters') or {}
            if additional.get(name) is not None}


def create_vdu_flavor_capability_name_dict(vnfd_dict):
    """{VDU name: flavor name}: the requested_additional_capability_name
    of each VDU's virtual_compute requested_additional_capabilities (the
    first that has one).
    """
    names = {}
    for name, node in _node_templates(vnfd_dict):
        requested = _virtual_compute(node).get(
            'requested_additional_capabilities') or {}
        for capability in requested.values():
            flavor = (capability or {}).get(
                'requested_additional_capability_name')
            if flavor:
                names[name] = flavor
                break
    return names


def create_sw_image_dict(vnfd_dict):
    """{VDU or storage name: image name}: the name in each node's
    sw_image_data, which is how a pre-uploaded image is found by name.
    """
    images = {}
    for name, node in _node_templates(vnfd_dict):
        image = ((node.get('properties') or {}).get('sw_image_data')
                 or {}).get('name')
        if image:
            images[name] = image
    return images


def create_desired_capacity_dict(base_hot_dict, vnfd_dict, inst_req_info):
    """{scaling aspect: desired capacity} at instantiation, when the top
    template scales with AutoScalingGroups ({} otherwise).

    The capacity is the instances of the aspect's first target VDU: its
    VduInitialDelta plus the aspect's step deltas up to the scale level of
    the requested instantiationLevelId (else the default level; 0 when
    the VNFD has no instantiation levels or the level omits the aspect).
    """
    levels = {}
    for _, policy in _policies(vnfd_dict, _LEVELS):
        props = policy.get('properties') or {}
        level_id = (_field(inst_req_info, 'instantiationLevelId')
                    or props.get('default_level'))
        scale_info = ((props.get('levels') or {}).get(level_id) or {}).get(
            'scale_info') or {}
        levels.update({aspect_id: (info or {}).get('scale_level') or 0
                       for aspect_id, info in scale_info.items()})
    return _desired_capacities(base_hot_dict, vnfd_dict,
                               lambda aspect_id: levels.get(aspect_id, 0))


def get_desired_capacity_dict(base_hot_dict, vnfd_dict, inst_vnf_info):
    """{scaling aspect: desired capacity} at the scale levels of
    ``inst_vnf_info``'s scaleStatus (InstantiatedVnfInfo, SOL003 v2.6.1
    5.5.3.3), for the aspects it lists; computed as in
    ``create_desired_capacity_dict``.
    """
    levels = {_field(status, 'aspectId'): _field(status, 'scaleLevel')
              for status in _entries(_field(inst_vnf_info, 'scaleStatus'))}
    return _desired_capacities(base_hot_dict, vnfd_dict, levels.get)


def _initial_param_dict(base_hot_dict, skipped_types):
    param = {'nfv': {'VDU': {}, 'CP': {}}}
    for template in _hot_templates(base_hot_dict):
        if 'nfv' not in (template.get('parameters') or {}):
            continue
        for resource in (template.get('resources') or {}).values():
            if (not isinstance(resource, collections.abc.Mapping)
                    or resource.get('type') in skipped_types):
                continue
            for kind, name in _nfv_references(resource.get('properties')):
                param['nfv'][kind].setdefault(name, {})
    return param


def _nfv_references(value):
    """(VDU or CP, name) of each ``get_param: [nfv, kind, name, attr]``
    within a property value."""
    if isinstance(value, collections.abc.Mapping):
        path = value.get('get_param')
        if (isinstance(path, list) and len(path) == 4 and path[0] == 'nfv'
                and path[1] in ('VDU', 'CP') and isinstance(path[2], str)):
            yield path[1], path[2]
        for item in value.values():
            yield from _nfv_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nfv_references(item)


def _hot_templates(base_hot_dict):
    """Every template of ``base_hot_dict``, in either layout."""
    for name, template in (base_hot_dict or {}).items():
        if name == 'nested_hot_templates':
            yield from (template or {}).values()
        elif isinstance(template, collections.abc.Mapping):
            yield template


def _node_templates(vnfd_dict):
    nodes = ((vnfd_dict or {}).get('topology_template') or {}).get(
        'node_templates') or {}
    return [(name, node) for name, node in nodes.items()
            if isinstance(node, collections.abc.Mapping)]


def _virtual_compute(node):
    return (((node.get('capabilities') or {}).get('virtual_compute')
             or {}).get('properties') or {})


def _policies(vnfd_dict, policy_type):
    """[(name, policy)] of that type; TOSCA lists policies as one-entry
    maps."""
    policies = ((vnfd_dict or {}).get('topology_template') or {}).get(
        'policies') or []
    if isinstance(policies, collections.abc.Mapping):
        policies = [policies]
    return [(name, policy) for entry in policies
            for name, policy in entry.items()
            if (policy or {}).get('type') == policy_type]


def _desired_capacities(base_hot_dict, vnfd_dict, level_of):
    """{aspect: instances of its first target VDU at level_of(aspect)},
    leaving out aspects whose level_of is None."""
    top = base_hot_dict.get('heat_template') or {}
    if not any((resource or {}).get('type') == AUTO_SCALING_GROUP
               for resource in (top.get('resources') or {}).values()):
        return {}
    initial = {}
    for _, policy in _policies(vnfd_dict, _INITIAL_DELTA):
        delta = (policy.get('properties') or {}).get('initial_delta') or {}
        for vdu_name in policy.get('targets') or []:
            initial[vdu_name] = int(delta.get('number_of_instances') or 0)
    step_deltas = {}
    for _, policy in _policies(vnfd_dict, _SCALING_ASPECTS):
        aspects = (policy.get('properties') or {}).get('aspects') or {}
        step_deltas.update({aspect_id: (aspect or {}).get('step_deltas')
                            for aspect_id, aspect in aspects.items()})
    capacities = {}
    for _, policy in _policies(vnfd_dict, _ASPECT_DELTAS):
        props = policy.get('properties') or {}
        aspect_id, targets = props.get('aspect'), policy.get('targets')
        level = level_of(aspect_id)
        if not targets or level is None:
            continue
        # The aspect as tacker.common.vnfd parses it, for its first VDU.
        aspect = {'step_deltas': step_deltas.get(aspect_id) or [],
                  'vdu_deltas': {
                      delta_id: {targets[0]: (delta or {}).get(
                          'number_of_instances')}
                      for delta_id, delta in (props.get('deltas')
                                              or {}).items()}}
        capacities[aspect_id] = initial.get(targets[0], 0) + \
            sizing.instances_added(aspect, 0, int(level)).get(targets[0], 0)
    return capacities


def _ext_cps(inst_req_info):
    """(extVirtualLink, extCp, cpdId) of every extCp of the request."""
    return ext_cps.ext_cps(_field(inst_req_info, 'extVirtualLinks'))


def _size_in(value, unit):
    """A TOSCA scalar-unit.size ("512 MiB", "1 GB") in whole ``unit``s,
    rounded up."""
    return math.ceil(sizes.in_bytes(value)
                     / sizes.in_bytes('1 ' + unit))
