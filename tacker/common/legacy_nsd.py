"""NSDs of the legacy API (/v1.0/nsds), as Tacker's NFVO took them: a
TOSCA NFV profile template that ``imports`` VNFDs onboarded here by
name, whose VNF nodes are typed by those VNFDs' substitution_mappings
``node_type``, and whose VLs (``tosca.nodes.nfv.VL``) name existing
networks; a VNF node's requirement ``virtualLinkN: <VL>`` puts the CP
its VNFD maps to ``virtualLinkN`` on that VL's network. Pure: the API
looks the imported VNFDs up."""
import dataclasses

from tacker.common import legacy_vnfd
from tacker.common import safe_yaml

VL = 'tosca.nodes.nfv.VL'
MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_IMPORTS = 20
MAX_NODES = 50
_mapping = legacy_vnfd.mapping


@dataclasses.dataclass(frozen=True)
class VnfNode:
    """A VNF of the NS: its node name and type, and {virtualLinkN: VL}."""

    name: str
    node_type: str
    links: dict


@dataclasses.dataclass(frozen=True)
class LegacyNsd:
    description: str
    imports: tuple
    inputs: dict
    vnfs: dict
    # {VL node: network_name as written (text or {get_input: name})}.
    vls: dict
    template: dict = dataclasses.field(repr=False)


def _text(value, what):
    if not isinstance(value, str) or not value or len(value) > 255:
        raise ValueError(f'{what} must be a name')
    return value


def _load(template):
    if isinstance(template, dict):
        return template
    if not isinstance(template, str) or len(template) > MAX_BYTES:
        raise ValueError(f'the NSD must be YAML text of at most {MAX_BYTES} '
                         'bytes, or a mapping')
    try:
        doc = safe_yaml.load(template, MAX_DEPTH, aliases=False)
    except Exception as exc:
        raise ValueError('the NSD is not YAML: %s' % str(exc).splitlines()[
            0]) from None
    return _mapping(doc, 'the NSD')


def _links(name, node):
    links = {}
    for requirement in node.get('requirements') or []:
        if not isinstance(requirement, dict) or len(requirement) != 1:
            raise ValueError(f'node {name}: each requirement maps one '
                             'virtualLinkN to a VL')
        link, target = next(iter(requirement.items()))
        links[_text(link, f'node {name} requirement')] = _text(
            target, f'node {name} requirement {link}')
    return links


def parse(template):
    """The NSD ``template`` (YAML text or a mapping).

    :raises ValueError: naming what is wrong.
    """
    doc = _load(template)
    if doc.get('tosca_definitions_version') != legacy_vnfd.VERSION:
        raise ValueError('tosca_definitions_version must be '
                         f'{legacy_vnfd.VERSION}')
    imports = doc.get('imports') or []
    if not isinstance(imports, list) or len(imports) > MAX_IMPORTS:
        raise ValueError(f'imports must list at most {MAX_IMPORTS} VNFD '
                         'names')
    imports = tuple(_text(item, 'an import') for item in imports)
    topology = _mapping(doc.get('topology_template'), 'topology_template')
    nodes = _mapping(topology.get('node_templates'), 'node_templates')
    if not nodes or len(nodes) > MAX_NODES:
        raise ValueError(f'an NSD has 1 to {MAX_NODES} nodes')
    vnfs, vls = {}, {}
    for name, node in nodes.items():
        node = _mapping(node, f'node {name}')
        node_type = _text(node.get('type'), f'node {name} type')
        if node_type == VL:
            network = _mapping(node.get('properties'),
                               f'node {name} properties').get('network_name')
            if not (isinstance(network, str) and network or
                    isinstance(network, dict) and
                    list(network) == ['get_input']):
                raise ValueError(f'VL {name} needs a network_name')
            vls[name] = network
        else:
            vnfs[name] = VnfNode(name, node_type, _links(name, node))
    if not vnfs:
        raise ValueError('the NSD has no VNF node')
    for vnf in vnfs.values():
        for link, target in vnf.links.items():
            if target not in vls:
                raise ValueError(f'node {vnf.name} requirement {link} names '
                                 f'no VL of the NSD: {target}')
    inputs = _mapping(topology.get('inputs'), 'inputs')
    return LegacyNsd(doc.get('description') or '', imports, inputs, vnfs,
                     vls, doc)


def networks(nsd, param_values):
    """{VL node: network name}, get_input read from ``param_values``
    (the NS's ``param_values.nsd``), else the inputs' defaults.

    :raises ValueError: an input without a value.
    """
    resolved = {}
    for name, network in nsd.vls.items():
        if isinstance(network, dict):
            key = network['get_input']
            value = (param_values or {}).get(
                key, _mapping(nsd.inputs.get(key), f'input {key}').get(
                    'default'))
            if not isinstance(value, str) or not value:
                raise ValueError(f'no value for input {key} (VL {name})')
            network = value
        resolved[name] = network
    return resolved


def vnf_template(vnfd_template, vnfd, node, networks):
    """The VNFD of VNF ``node`` as the NS deploys it (``vnfd_template``,
    a mapping of its own, changed): the VL each mapped CP links to on
    the network of the NSD's VL that ``node`` names for that
    virtualLinkN.

    :raises ValueError: ``node`` names a virtualLinkN the VNFD does not
        map.
    """
    mapped = (vnfd.substitution or {}).get('requirements') or {}
    nodes = vnfd_template['topology_template']['node_templates']
    for link, vl in node.links.items():
        if link not in mapped:
            raise ValueError(f'node {node.name}: the VNFD maps no {link}')
        target = next(cp.virtual_link for vdu in vnfd.vdus.values()
                      for cp in vdu.cps if cp.name == mapped[link])
        nodes[target].setdefault('properties', {})['network_name'] = \
            networks[vl]
    return vnfd_template
