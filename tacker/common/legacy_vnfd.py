"""Legacy VNFDs (/v1.0/vnfds): TOSCA NFV profile 1.0 templates with
Tacker's VDU, CP and policy types, and the Heat templates they become.

``parse`` validates a VNFD with tosca-parser against Tacker's types
(tacker/data/legacy/tacker_legacy_defs.yaml, imported into
every VNFD) once each ``get_input`` whose input has a value (a
param_value, else its default) is replaced by it, so the values are
checked against the properties they fill.

``to_hot`` has heat-translator translate the nodes (TranslateNodeTemplates,
the part of TOSCATranslator that builds resources): servers with their
image, flavor, zone, key, user data and ports in CP order; ports with
their addresses. TOSCATranslator's own output is not used: it is YAML
text with every quote and blank line stripped (which corrupts user_data)
and its translate() writes nested templates into the working directory.
Post-processed here, for what it does not do for Tacker's types:

- each server's ``networks`` and each port's ``network`` from the model
  (heat-translator writes references as ``'{ get_resource: CP1 }'``
  strings); CP properties become Neutron's (``anti_spoofing_protection``
  -> ``port_security_enabled``, ``type`` -> ``binding:vnic_type``) and
  ``management`` is dropped;
- ``nfv_compute`` becomes an ``OS::Nova::Flavor`` ``<VDU>_flavor`` of
  exactly that size, rather than the closest of heat-translator's
  predefined m1.* flavors, which knows nothing of the VIM's flavors (it
  asks Nova only given a session). Like upstream Tacker, MB and GB read
  as Nova's MiB and GiB, rounded up;
- an output ``mgmt_ip-<VDU>``: the fixed IP of its ``management`` CP,
  else of its first CP (by ``order``);
- scaling policies: heat-translator's translation of
  tosca.policies.tacker.Scaling moves every resource, whatever the
  targets, into the nested template, names the group ``<policy>_group``
  and only works for one policy. Here a policy's target VDUs and their
  CPs move into ``<policy>_res.yaml``, members of an
  ``OS::Heat::AutoScalingGroup`` named after the policy, with
  ``<policy>_scale_out`` and ``<policy>_scale_in`` ScalingPolicies;
  what the members reference in the main template (a flavor) is passed
  in as parameters.
"""
import contextlib
import copy
import dataclasses
import json
import math
import pathlib
import re

from toscaparser.common import exception as tosca_exception
from toscaparser import functions as tosca_functions
from toscaparser import tosca_template
from translator.hot.syntax import hot_template
from translator.hot import translate_node_templates
import yaml

from tacker.common import safe_yaml
from tacker.common import vnfd as sol001

DEFINITIONS = (pathlib.Path(__file__).resolve().parent.parent / 'data' /
               'legacy' / 'tacker_legacy_defs.yaml')
# Upstream Tacker's type files, which its VNFDs may import: ours stand in.
UPSTREAM_DEFINITIONS = ('tacker_defs.yaml', 'tacker_nfv_defs.yaml')
VERSION = 'tosca_simple_profile_for_nfv_1_0_0'
HOT_VERSION = '2013-05-23'

MAX_BYTES = 1024 ** 2
MAX_DEPTH = 32
# Each node becomes up to two Heat resources; Heat's default
# max_resources_per_stack is 1000.
MAX_NODES = 300

VDU = 'tosca.nodes.nfv.VDU.Tacker'
CP = 'tosca.nodes.nfv.CP.Tacker'
VL = 'tosca.nodes.nfv.VL'
SCALING = 'tosca.policies.tacker.Scaling'
ALARMING = 'tosca.policies.tacker.Alarming'
_NFV_CP = 'tosca.nodes.nfv.CP'

_SECTIONS = ('tosca_definitions_version', 'description', 'metadata',
             'imports', 'topology_template')
_TOPOLOGY_SECTIONS = ('description', 'inputs', 'node_templates', 'policies',
                      'substitution_mappings')
_NODE_SECTIONS = ('type', 'description', 'metadata', 'properties',
                  'capabilities', 'requirements')
_VL_PROPERTIES = ('network_name', 'vendor')
_INPUT_TYPES = ('string', 'integer', 'float', 'boolean', 'timestamp',
                'version', 'range', 'list', 'map', 'scalar-unit.size',
                'scalar-unit.frequency', 'scalar-unit.time')
_CP_TO_PORT = {'anti_spoofing_protection': 'port_security_enabled',
               'type': 'binding:vnic_type'}
_VNIC_TYPES = {'vnic': 'normal', 'sriov': 'direct'}
# Nova's units: powers of 1024, whichever way the VNFD spells them.
_SIZE = re.compile(r'\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)\s*')
_SIZE_POWERS = {'b': 0, 'kb': 1, 'kib': 1, 'mb': 2, 'mib': 2, 'gb': 3,
                'gib': 3, 'tb': 4, 'tib': 4}


@dataclasses.dataclass(frozen=True)
class NfvCompute:
    """A VDU's ``nfv_compute`` capability in Nova's units."""

    num_cpus: int
    mem_mb: int
    disk_gb: int


@dataclasses.dataclass(frozen=True)
class Cp:
    """A ``tosca.nodes.nfv.CP.Tacker``: a port of its VDU on the network
    its VL names."""

    name: str
    management: bool
    order: int
    virtual_link: str
    network: str


@dataclasses.dataclass(frozen=True)
class Vdu:
    """A ``tosca.nodes.nfv.VDU.Tacker`` (a server); ``cps`` in order.
    ``monitoring_policy`` is a dict of name, parameters and actions."""

    name: str
    image: str
    flavor: str
    nfv_compute: NfvCompute
    availability_zone: str
    key_name: str
    user_data: str
    user_data_format: str
    mgmt_driver: str
    config: str
    monitoring_policy: dict
    cps: tuple


@dataclasses.dataclass(frozen=True)
class Vl:
    """A ``tosca.nodes.nfv.VL``: an existing network, by name."""

    name: str
    network_name: str
    vendor: str


@dataclasses.dataclass(frozen=True)
class ScalingPolicy:
    """A ``tosca.policies.tacker.Scaling`` of its target VDUs."""

    name: str
    targets: tuple
    increment: int
    cooldown: int
    min_instances: int
    max_instances: int
    default_instances: int


@dataclasses.dataclass(frozen=True)
class LegacyVnfd:
    """A parsed legacy VNFD. Values are None where a ``get_input`` has
    no value yet (a property's whole value; inside one, the
    ``{get_input: name}`` stays). ``alarming_policies`` maps names to the
    policies as written; ``input_values`` holds each input's value (None
    without one); ``template`` is the VNFD without its imports, for
    ``to_hot``."""

    description: str
    metadata: dict
    inputs: dict
    vdus: dict
    vls: dict
    scaling_policies: dict
    alarming_policies: dict
    mgmt_driver: str
    input_values: dict
    template: dict = dataclasses.field(repr=False)
    # substitution_mappings, as an NSD uses the VNFD: {"node_type": the
    # NSD's node type of the VNF, "requirements": {virtualLinkN: CP}};
    # None without them.
    substitution: dict | None = None


def parse(template, param_values=None):
    """The legacy VNFD ``template`` (YAML text or a mapping), with the
    inputs' values from ``param_values`` (a mapping or YAML text: a VNF's
    ``attributes.param_values``).

    :raises ValueError: with the reason, when it is not a legacy VNFD
        Tacker can deploy, or a param value does not fit.
    """
    doc = _checked(_load(template, 'the VNFD'))
    topology = doc['topology_template']
    substitution = _substitution(topology.pop('substitution_mappings', None),
                                 topology['node_templates'])
    params = _load(param_values, 'param_values') if param_values else {}
    values = _input_values(doc, params)
    bound, _ = _bound(doc, values)
    with _tosca_parser():
        tosca = _tosca_template(bound, params)
        return dataclasses.replace(_read(doc, tosca, values),
                                   substitution=substitution)


def monitoring_policies(vnfd):
    """{VDU: its monitoring_policy} of a parsed VNFD, None when none has
    one (what a VNF's ``monitoring`` holds)."""
    return {name: vdu.monitoring_policy for name, vdu in vnfd.vdus.items()
            if vdu.monitoring_policy} or None


def scaled_size(policy, sizes, direction):
    """(current size, size after one step ``direction`` 'out' or 'in')
    of scaling ``policy``'s group, by its increment within its bounds;
    ``sizes`` are a VNF's sizes by policy (the default size where
    absent). Equal sizes: at a bound."""
    current = (sizes or {}).get(policy.name, policy.default_instances)
    step = policy.increment if direction == 'out' else -policy.increment
    return current, min(max(current + step, policy.min_instances),
                        policy.max_instances)


def scaling_policy_of(vnfd, vdu_name):
    """The scaling policy whose targets hold VDU ``vdu_name``, or
    None."""
    return next((policy for policy in vnfd.scaling_policies.values()
                 if vdu_name in policy.targets), None)


def to_hot(vnfd, param_values=None):
    """The Heat templates of ``vnfd``: ``(main, files)``, ``files``
    mapping the nested templates' names to them (all as dicts).
    ``param_values`` (as for ``parse``) replaces those ``vnfd`` was
    parsed with.

    :raises ValueError: an input the VNFD uses has no value, or
        generated resource names clash with the VNFD's.
    """
    if param_values is not None:
        vnfd = parse(vnfd.template, param_values)
    bound, unresolved = _bound(vnfd.template, vnfd.input_values)
    if unresolved:
        raise ValueError('no value for input %s: give it in param_values'
                         % ', '.join(sorted(unresolved)))
    # Scaling is done below; the inputs, bound, would only make
    # heat-translator give every VDU an input named key_name.
    for section in ('policies', 'inputs'):
        bound['topology_template'].pop(section, None)
    with _tosca_parser():
        resources = _translate(_tosca_template(bound, None))
    main = {'heat_template_version': HOT_VERSION,
            'description': vnfd.description or '',
            'resources': resources, 'outputs': {}}
    for vdu in vnfd.vdus.values():
        _post_process(main, vdu)
    files = {}
    for policy in vnfd.scaling_policies.values():
        files.update(_scale(main, policy, vnfd.vdus))
    return main, files


# -- loading and checking -------------------------------------------------

def _load(source, what):
    """``source`` (YAML text or a mapping) as a mapping of JSON data,
    within MAX_BYTES and MAX_DEPTH, without aliases."""
    if isinstance(source, dict):
        source = _json(source, what)
    if not isinstance(source, (str, bytes)):
        raise ValueError(f'{what} is neither YAML text nor a mapping')
    data = source.encode() if isinstance(source, str) else source
    if len(data) > MAX_BYTES:
        raise ValueError(f'{what} holds more than {MAX_BYTES} bytes')
    try:
        doc = safe_yaml.load(data, MAX_DEPTH, aliases=False)
    except safe_yaml.Refused as exc:
        raise ValueError(f'{what} {sol001.yaml_problem(exc)}') from None
    except yaml.YAMLError as exc:
        raise ValueError(f'{what} is not valid YAML: '
                         f'{sol001.yaml_problem(exc)}') from None
    if not isinstance(doc, dict):
        raise ValueError(f'{what} is not a YAML mapping')
    # Dates and the like become text, non-text keys text.
    return json.loads(_json(doc, what))


def _json(value, what):
    try:
        return json.dumps(value, default=str, allow_nan=False)
    except RecursionError:
        raise ValueError(f'{what} nests too deep') from None
    except (TypeError, ValueError) as exc:
        raise ValueError(f'{what} does not hold JSON data: {exc}') from None


def _checked(doc):
    """``doc`` without its imports, once its sections, nodes and policies
    are of the kinds a legacy VNFD may hold."""
    version = doc.get('tosca_definitions_version')
    if version != VERSION:
        raise ValueError(f'tosca_definitions_version is {version}; a legacy '
                         f'VNFD is written in {VERSION}')
    _known_keys(doc, _SECTIONS, 'the VNFD')
    for item in _list(doc.get('imports'), 'imports'):
        if not isinstance(item, str) or \
                item.rpartition('/')[2] not in UPSTREAM_DEFINITIONS:
            raise ValueError(f'import {item}: a legacy VNFD may import only '
                             f'{" and ".join(UPSTREAM_DEFINITIONS)}, whose '
                             'types are built in')
    if not isinstance(doc.get('description', ''), str):
        raise ValueError('description must be text')
    mapping(doc.get('metadata'), 'metadata')
    topology = mapping(doc.get('topology_template'), 'topology_template')
    _known_keys(topology, _TOPOLOGY_SECTIONS, 'topology_template')
    nodes = mapping(topology.get('node_templates'), 'node_templates')
    if not nodes or len(nodes) > MAX_NODES:
        raise ValueError(f'a legacy VNFD has 1 to {MAX_NODES} nodes, not '
                         f'{len(nodes)}')
    for name, node in nodes.items():
        _check_node(name, mapping(node, f'node {name}'))
    for name, definition in mapping(topology.get('inputs'),
                                    'inputs').items():
        input_type = mapping(definition, f'input {name}').get('type')
        if input_type not in _INPUT_TYPES:
            raise ValueError(f'input {name}: type {input_type} is not one of '
                             f'TOSCA\'s ({", ".join(_INPUT_TYPES)})')
    for name, policy in _policies(topology).items():
        _of_type(policy, (SCALING, ALARMING), f'policy {name}')
    return {key: value for key, value in doc.items() if key != 'imports'}


def _substitution(mappings, nodes):
    """The substitution_mappings of a VNFD an NSD uses (as Tacker's NSDs
    do: a node_type, and virtualLinkN: [CP, virtualLink]), checked;
    None without them."""
    if mappings is None:
        return None
    mappings = mapping(mappings, 'substitution_mappings')
    _known_keys(mappings, ('node_type', 'requirements'),
                'substitution_mappings')
    node_type = mappings.get('node_type')
    if not isinstance(node_type, str) or not node_type or \
            len(node_type) > 255:
        raise ValueError('substitution_mappings.node_type must be a type '
                         'name')
    requirements = {}
    for name, target in mapping(mappings.get('requirements'),
                                'substitution_mappings.requirements'
                                ).items():
        if not (isinstance(target, list) and len(target) == 2 and
                target[1] == 'virtualLink' and
                (nodes.get(target[0]) or {}).get('type') == CP):
            raise ValueError(f'substitution_mappings requirement {name} '
                             'must be [<a CP of the VNFD>, virtualLink]')
        requirements[name] = target[0]
    return {'node_type': node_type, 'requirements': requirements}


def _check_node(name, node):
    where = f'node {name}'
    _known_keys(node, _NODE_SECTIONS, where)
    node_type = _of_type(node, (VDU, CP, VL), where)
    properties = mapping(node.get('properties'), f'the properties of {where}')
    for capability, definition in mapping(
            node.get('capabilities'), f'the capabilities of {where}').items():
        mapping(definition, f'capability {capability} of {where}')
    _named(node.get('requirements'), f'the requirements of {where}')
    if node_type == VL:
        _known_keys(properties, _VL_PROPERTIES,
                    f'VL {name} (VLs name existing networks)')


def _of_type(entity, types, where):
    if entity.get('type') not in types:
        raise ValueError(f'{where}: type {entity.get("type")} is not one '
                         f'of a legacy VNFD\'s ({", ".join(types)})')
    return entity['type']


def _known_keys(mapping, known, where):
    for key in mapping:
        if key not in known:
            raise ValueError(f'{where}: {key} is not supported in a legacy '
                             'VNFD')


def mapping(value, what):
    """``value`` when a mapping, {} for None.

    :raises ValueError: naming ``what`` otherwise.
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f'{what} must be a mapping')
    return value


def _list(value, what):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f'{what} must be a list')
    return value


def _named(items, what):
    """(name, definition) of each item of the list ``items``, as in
    policies and requirements."""
    found = []
    for item in _list(items, what):
        if not isinstance(item, dict) or len(item) != 1:
            raise ValueError(f'each of {what} must map one name to its '
                             'definition')
        found.append(next(iter(item.items())))
    return found


def _policies(topology):
    """{name: policy} of the topology's ``policies`` list."""
    return {name: mapping(policy, f'policy {name}')
            for name, policy in _named(topology.get('policies'), 'policies')}


# -- inputs ---------------------------------------------------------------

def _input_values(doc, params):
    """Each input's value: its param value, else its default, else
    None."""
    inputs = doc['topology_template'].get('inputs') or {}
    unknown = sorted(set(params) - set(inputs))
    if unknown:
        raise ValueError(f'param_values names {", ".join(unknown)}, which '
                         'the VNFD has no input for')
    return {name: params.get(name, definition.get('default'))
            for name, definition in inputs.items()}


def _bound(doc, values):
    """A copy of ``doc`` with each ``get_input`` of an input with a value
    replaced by the value, and the names of the inputs without one that it
    still gets."""
    topology = doc['topology_template']
    unresolved = set()
    bound = dict(topology, node_templates={
        name: _bind(node, values, unresolved, f'node {name}')
        for name, node in topology['node_templates'].items()})
    if 'policies' in topology:
        bound['policies'] = [
            {name: _bind(policy, values, unresolved, f'policy {name}')}
            for name, policy in _policies(topology).items()]
    return dict(doc, topology_template=bound), unresolved


def _bind(value, values, unresolved, where):
    """``value`` with get_input bound (see ``_bound``).

    :raises ValueError: a TOSCA function other than get_input, or a
        get_input of an input the VNFD does not declare.
    """
    if isinstance(value, list):
        return [_bind(item, values, unresolved, where) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (function, name), = value.items()
        if function == tosca_functions.GET_INPUT:
            if not isinstance(name, str) or name not in values:
                raise ValueError(f'{where}: get_input of {name}, which is '
                                 'not an input of the VNFD')
            if values[name] is None:
                unresolved.add(name)
                return value
            return values[name]
        if function in tosca_functions.function_mappings:
            raise ValueError(f'{where}: {function} is not supported in a '
                             'legacy VNFD (only get_input is)')
    return {key: _bind(item, values, unresolved, where)
            for key, item in value.items()}


# -- tosca-parser ---------------------------------------------------------

class _ToscaTemplate(tosca_template.ToscaTemplate):
    """tosca-parser's template, except that CPs do not need the binding
    and link requirements that tosca.nodes.nfv.CP inherits from
    tosca.nodes.network.Port: the NFV profile's virtualBinding and
    virtualLink stand for them (``_cp`` checks those)."""

    def _validate_relationship_occurences(self):
        for node in self.nodetemplates:
            if not node.is_derived_from(_NFV_CP):
                node._validate_relationship_occurrences()


@contextlib.contextmanager
def _tosca_parser():
    """tosca-parser (heat-translator too) for one template at a time and
    quiet (see tacker.common.vnfd)."""
    with sol001.PARSER_LOCK, sol001.quiet_tosca_parser():
        yield


def _tosca_template(doc, params):
    tpl = dict(copy.deepcopy(doc), imports=[str(DEFINITIONS)])
    try:
        return _ToscaTemplate(yaml_dict_tpl=tpl, parsed_params=params)
    except Exception as exc:  # it crashes on some malformed input
        raise ValueError(sol001.parser_failure(exc, DEFINITIONS.parent)) \
            from exc
    finally:
        tosca_exception.ExceptionCollector.stop()


# -- the model ------------------------------------------------------------

def _read(doc, tosca, values):
    topology = doc['topology_template']
    nodes = tosca.nodetemplates
    vls = {node.name: _vl(node) for node in nodes if node.type == VL}
    vdu_names = [node.name for node in nodes if node.type == VDU]
    cps = {}
    for index, node in enumerate(nodes):
        if node.type == CP:
            vdu, cp = _cp(node, vdu_names, vls)
            cps.setdefault(vdu, []).append((cp.order or 0, index, cp))
    vdus = {node.name: _vdu(node, tuple(
        cp for *_, cp in sorted(cps.get(node.name, []))))
        for node in nodes if node.type == VDU}
    policies = _policies(topology)
    return LegacyVnfd(
        description=doc.get('description'),
        metadata=doc.get('metadata') or {},
        inputs=topology.get('inputs') or {},
        vdus=vdus, vls=vls,
        scaling_policies=_scaling_policies(
            [policy for policy in tosca.policies if policy.type == SCALING],
            vdus),
        alarming_policies={name: policy for name, policy in policies.items()
                           if policy['type'] == ALARMING},
        mgmt_driver=next((vdu.mgmt_driver for vdu in vdus.values()
                          if vdu.mgmt_driver), 'noop'),
        input_values=values, template=doc)


def _vl(node):
    props = sol001.entity_properties(node)
    if 'network_name' not in (node.entity_tpl.get('properties') or {}):
        raise ValueError(f'VL {node.name} has no network_name (the existing '
                         'network it stands for)')
    return Vl(name=node.name, network_name=props['network_name'],
              vendor=props.get('vendor'))


def _cp(node, vdu_names, vls):
    """(its VDU's name, the Cp) of a CP node."""
    binding = _one_target(node, 'virtualBinding', vdu_names, 'VDU')
    link = _one_target(node, 'virtualLink', vls, 'VL')
    props = sol001.entity_properties(node)
    cp = Cp(name=node.name, management=bool(props.get('management')),
            order=props.get('order'), virtual_link=link,
            network=vls[link].network_name)
    return binding, cp


def _one_target(node, requirement, names, kind):
    targets = sol001.requirement_targets(node, requirement)
    if len(targets) != 1 or targets[0] not in names:
        raise ValueError(f'CP {node.name} needs one {requirement} '
                         f'requirement, on a {kind}')
    return targets[0]


def _vdu(node, cps):
    """The Vdu of a VDU node with its ``cps``."""
    props = sol001.entity_properties(node)
    written = node.entity_tpl.get('properties') or {}
    capability = (node.entity_tpl.get('capabilities') or {}).get(
        'nfv_compute')
    if 'image' not in written:
        raise ValueError(f'VDU {node.name} has no image')
    if not cps:
        raise ValueError(f'VDU {node.name} has no CP (the VNF is reached '
                         'through them)')
    if ('flavor' in written) == (capability is not None):
        raise ValueError(f'VDU {node.name} needs either a flavor or an '
                         'nfv_compute capability (not both)')
    policy = props.get('monitoring_policy')
    return Vdu(
        name=node.name, image=props['image'], flavor=props.get('flavor'),
        nfv_compute=None if capability is None else _nfv_compute(node),
        availability_zone=props.get('availability_zone'),
        key_name=props.get('key_name'), user_data=props.get('user_data'),
        user_data_format=props.get('user_data_format'),
        mgmt_driver=props.get('mgmt_driver'), config=props.get('config'),
        monitoring_policy=policy and {
            'name': policy['name'],
            'parameters': policy.get('parameters') or {},
            'actions': policy.get('actions') or {}},
        cps=cps)


def _nfv_compute(node):
    props = sol001.entity_properties(node.get_capability('nfv_compute'))
    missing = [name for name in ('num_cpus', 'mem_size', 'disk_size')
               if name not in props]
    if missing:
        raise ValueError(f'VDU {node.name}: nfv_compute needs '
                         f'{", ".join(missing)} too')
    where = f'VDU {node.name}: nfv_compute'
    return NfvCompute(num_cpus=props['num_cpus'],
                      mem_mb=_size(props['mem_size'], 2, f'{where} mem_size'),
                      disk_gb=_size(props['disk_size'], 3,
                                    f'{where} disk_size'))


def _size(value, power, where):
    """A size in units of 1024 ** ``power`` bytes, rounded up; None for
    one only known at instantiation."""
    if value is None:
        return None
    match = _SIZE.fullmatch(str(value))
    if not match or match[2].lower() not in _SIZE_POWERS:
        raise ValueError(f'{where} is not a size (such as 512 MB): {value}')
    exponent = _SIZE_POWERS[match[2].lower()] - power
    return math.ceil(float(match[1]) * 1024 ** exponent)


def _scaling_policies(policies, vdus):
    scaled = {}
    found = {}
    for policy in policies:
        if not policy.targets:
            raise ValueError(f'policy {policy.name} has no targets')
        props = sol001.entity_properties(policy)
        for target in policy.targets:
            if target not in vdus:
                raise ValueError(f'policy {policy.name}: target {target} is '
                                 'not a VDU')
            if target in scaled:
                raise ValueError(f'VDU {target} is scaled by both '
                                 f'{scaled[target]} and {policy.name}')
            scaled[target] = policy.name
        found[policy.name] = ScalingPolicy(
            name=policy.name, targets=tuple(policy.targets),
            increment=props['increment'], cooldown=props['cooldown'],
            min_instances=props['min_instances'],
            max_instances=props['max_instances'],
            default_instances=props['default_instances'])
        _check_sizes(found[policy.name])
    return found


def _check_sizes(policy):
    sizes = (policy.min_instances, policy.default_instances,
             policy.max_instances)
    if None not in sizes and sorted(sizes) != list(sizes):
        raise ValueError(f'policy {policy.name}: min_instances <= '
                         'default_instances <= max_instances does not hold')


# -- heat-translator and the HOT -------------------------------------------

def _translate(tosca):
    """heat-translator's resources for the nodes of ``tosca``."""
    try:
        translated = translate_node_templates.TranslateNodeTemplates(
            tosca, hot_template.HotTemplate()).translate()
    except Exception as exc:  # unforeseen input; reported, not a 500
        raise ValueError(f'heat-translator cannot translate the VNFD: '
                         f'{type(exc).__name__}: {exc}') from exc
    resources = {}
    for resource in translated:
        if not resource.hide_resource:
            resources.update(resource.get_dict_output())
    return json.loads(json.dumps(resources))


def _post_process(main, vdu):
    """What heat-translator leaves undone for ``vdu``: its ports' and
    flavor's properties and its mgmt_ip output."""
    resources = main['resources']
    server = resources[vdu.name]['properties']
    if vdu.nfv_compute:
        flavor = f'{vdu.name}_flavor'
        _add(resources, flavor, {
            'type': 'OS::Nova::Flavor',
            'properties': {'vcpus': vdu.nfv_compute.num_cpus,
                           'ram': vdu.nfv_compute.mem_mb,
                           'disk': vdu.nfv_compute.disk_gb}})
        server['flavor'] = {'get_resource': flavor}
    server['networks'] = [{'port': {'get_resource': cp.name}}
                          for cp in vdu.cps]
    for cp in vdu.cps:
        port = resources[cp.name]
        port['properties'] = dict(_port_properties(port['properties']),
                                  network=cp.network)
    main['outputs'][_mgmt_output(vdu)] = {'value': _mgmt_ip(vdu)}


def _port_properties(properties):
    for key, value in properties.items():
        if key == 'management':
            continue
        if key == 'type':
            value = _VNIC_TYPES[value]
        yield _CP_TO_PORT.get(key, key), value


def _mgmt_output(vdu):
    return f'mgmt_ip-{vdu.name}'


def _mgmt_ip(vdu):
    cp = next((cp for cp in vdu.cps if cp.management), vdu.cps[0])
    return {'get_attr': [cp.name, 'fixed_ips', 0, 'ip_address']}


def _add(resources, name, definition):
    if name in resources:
        raise ValueError(f'resource {name} of the Heat template clashes '
                         'with a node of the VNFD')
    resources[name] = definition


def _scale(main, policy, vdus):
    """Move ``policy``'s VDUs and their CPs from ``main`` into its nested
    template, make them the members of its group; return {file name:
    nested template}."""
    resources, outputs = main['resources'], main['outputs']
    members = [name for target in policy.targets
               for name in (target, *(cp.name for cp in vdus[target].cps))]
    outside = set()
    nested_resources = _parameterized(
        {name: resources.pop(name) for name in members}, members, outside)
    keys = [_mgmt_output(vdus[target]) for target in policy.targets]
    nested = {'heat_template_version': HOT_VERSION,
              'parameters': {name: {'type': 'string'}
                             for name in sorted(outside)},
              'resources': nested_resources,
              'outputs': {key: outputs.pop(key) for key in keys}}
    file_name = f'{policy.name}_res.yaml'
    _add(resources, policy.name, {
        'type': 'OS::Heat::AutoScalingGroup',
        'properties': {
            'min_size': policy.min_instances,
            'max_size': policy.max_instances,
            'desired_capacity': policy.default_instances,
            'cooldown': policy.cooldown,
            'resource': {'type': file_name, 'properties': {
                name: {'get_resource': name} for name in sorted(outside)}}}})
    for action, sign in (('out', 1), ('in', -1)):
        _add(resources, f'{policy.name}_scale_{action}', {
            'type': 'OS::Heat::ScalingPolicy',
            'properties': {
                'auto_scaling_group_id': {'get_resource': policy.name},
                'adjustment_type': 'change_in_capacity',
                'scaling_adjustment': sign * policy.increment,
                'cooldown': policy.cooldown}})
    for key in keys:
        outputs[key] = {'value': {'get_attr': [policy.name, 'outputs_list',
                                               key]}}
    return {file_name: nested}


def _parameterized(value, inside, outside):
    """``value`` with each get_resource of a resource not ``inside``
    turned into a get_param of the same name, added to ``outside``."""
    if isinstance(value, list):
        return [_parameterized(item, inside, outside) for item in value]
    if not isinstance(value, dict):
        return value
    target = value.get('get_resource') if len(value) == 1 else None
    if isinstance(target, str) and target not in inside:
        outside.add(target)
        return {'get_param': target}
    return {key: _parameterized(item, inside, outside)
            for key, item in value.items()}
