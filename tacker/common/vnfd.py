"""The VNFD of an extracted VNF package (ETSI SOL001 v2.6.1 TOSCA YAML).

tosca-parser validates the types, but it follows imports anywhere: over
the network, and relative to the process's working directory. So the
import graph is resolved here first (inside the package, or by file name
in the operator's directory of standard type definitions), and the parser
gets a working copy in which every import is an absolute local path.
"""
import collections
import contextlib
import dataclasses
import logging
import os
import pathlib
import posixpath
import re
import tempfile
import threading
import urllib.parse

from toscaparser.common import exception as tosca_exception
from toscaparser import functions as tosca_functions
from toscaparser import tosca_template
import yaml

from tacker.common import exceptions
from tacker.common import safe_yaml
from tacker.common import sizes

_SAFE_DUMPER = getattr(yaml, 'CSafeDumper', yaml.SafeDumper)

# Where a TOSCA file comes from: the package, or the directory of
# standard type definitions that URL imports are mapped to.
_PACKAGE = 'package'
_TYPES = 'types'

_URL = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://')
_WEB_SCHEMES = ('http', 'https')

_VNF = 'tosca.nodes.nfv.VNF'
_VDU = 'tosca.nodes.nfv.Vdu.Compute'
_BLOCK_STORAGE = 'tosca.nodes.nfv.Vdu.VirtualBlockStorage'
_VDU_CP = 'tosca.nodes.nfv.VduCp'
_VIRTUAL_LINK = 'tosca.nodes.nfv.VnfVirtualLink'
_SW_IMAGE = 'tosca.artifacts.nfv.SwImage'
_PYTHON_SCRIPT = 'tosca.artifacts.Implementation.Python'
_SCALING_ASPECTS = 'tosca.policies.nfv.ScalingAspects'
_ASPECT_DELTAS = 'tosca.policies.nfv.VduScalingAspectDeltas'
_INITIAL_DELTA = 'tosca.policies.nfv.VduInitialDelta'
_LEVELS = 'tosca.policies.nfv.InstantiationLevels'
_VDU_LEVELS = 'tosca.policies.nfv.VduInstantiationLevels'

# VnfPkgInfo field -> property of the SOL001 VNF node.
_VNF_FIELDS = (('vnfdId', 'descriptor_id'),
               ('vnfProvider', 'provider'),
               ('vnfProductName', 'product_name'),
               ('vnfSoftwareVersion', 'software_version'),
               ('vnfdVersion', 'descriptor_version'))

_MAX_REASON = 1500
# What a 64-bit database column and SOL005 clients hold.
_MAX_SIZE_BYTES = 2 ** 63 - 1

# tosca-parser keeps its errors in class attributes (ExceptionCollector),
# and parse() changes its loggers' levels: one parse at a time.
PARSER_LOCK = threading.Lock()

_Import = collections.namedtuple('_Import', 'name file spec target')
_Template = collections.namedtuple('_Template', 'doc imports')


@dataclasses.dataclass(frozen=True)
class YamlLimits:
    """How much YAML a VNFD may hold, checked before it is parsed:
    ``max_depth`` levels of nesting in any file, ``max_bytes`` in all
    of the package's VNFD files together (``[vnf_package]
    max_yaml_depth``, ``max_vnfd_yaml_bytes``)."""

    max_depth: int = 64
    max_bytes: int = 10 * 1024 ** 2


def parse(contents, tosca_definitions_dir, limits=YamlLimits()):
    """The VNFD of an extracted package as plain dicts.

    ``contents`` is a ``csar.CsarContents``; ``tosca_definitions_dir``
    holds the standard type files (e.g. ETSI's SOL001 ones) that imports by
    URL are mapped to by file name, since nothing is fetched.
    ``limits`` bounds the YAML before anything parses it.

    :returns: dict with vnfdId, vnfProvider, vnfProductName,
        vnfSoftwareVersion, vnfdVersion, flavours (flavourId -> flavour),
        software_images (SOL005 VnfPackageSoftwareImageInfo-like dicts)
        and vnfd_files (package paths of the VNFD's YAML files).
    :raises VnfdLimitExceeded: naming the file and the limit.
    :raises InvalidVnfd: naming the file, import or field at fault.
    """
    root = pathlib.Path(contents.root)
    tree = _load_tree(root, contents.entry_definitions,
                      pathlib.Path(tosca_definitions_dir), limits)
    flavours, images, identities = {}, {}, {}
    with PARSER_LOCK, quiet_tosca_parser(), tempfile.TemporaryDirectory(
            prefix='tacker-vnfd-') as work:
        copies = _write_working_copy(tree, pathlib.Path(work))
        entry_template, flavour_topologies = _parse_with_tosca_parser(
            tree, copies, work)
        top_vnf = _vnf_node(getattr(entry_template, 'nodetemplates', []))
        for source, topology in flavour_topologies:
            flavour_id, flavour, flavour_images, identity = _flavour(
                root, source[1], topology, top_vnf)
            if flavour_id in flavours:
                raise _invalid(f'flavour {flavour_id} is defined twice '
                               f'(again in {source[1]})')
            flavours[flavour_id] = flavour
            images[flavour_id] = flavour_images
            identities[flavour_id] = identity
    vnf = _common_identity(identities)
    return dict(vnf, flavours=flavours,
                software_images=_unique_images(images, vnf['vnfProvider']),
                vnfd_files=_package_files(tree))


def definition_files(root, entry_definitions, limits=YamlLimits()):
    """Package paths of the entry definitions and of every package file it
    imports, directly or not (URL imports are not followed).

    :raises VnfdLimitExceeded: the files are too big or nest too deep.
    :raises InvalidVnfd: a file is not YAML, or an import is unsafe or
        missing.
    """
    return _package_files(_load_tree(pathlib.Path(root), entry_definitions,
                                     None, limits))


def read_template(path, shown, limits=YamlLimits()):
    """The YAML mapping in ``path``, called ``shown`` in errors, read only
    when it is within ``limits``.

    :raises VnfdLimitExceeded: it is too big or nests too deep.
    :raises InvalidVnfd: it is not YAML, not a mapping, uses aliases or
        holds an integer out of bounds.
    """
    with open(path, 'rb') as stream:
        if os.fstat(stream.fileno()).st_size > limits.max_bytes:
            raise _too_big(shown, limits)
        data = stream.read()
    try:
        doc = safe_yaml.load(data, limits.max_depth, aliases=False)
    except safe_yaml.TooDeep as exc:
        raise exceptions.VnfdLimitExceeded(
            reason=f'{shown} {yaml_problem(exc)} ([vnf_package] '
                   'max_yaml_depth)') from None
    except safe_yaml.Refused as exc:
        # Aliases: a few of them nested make a small file expand
        # exponentially as tosca-parser walks it.
        raise _invalid(f'{shown} {yaml_problem(exc)}; a VNFD may '
                       'not use aliases') from None
    except yaml.YAMLError as exc:
        raise _invalid(
            f'{shown} is not valid YAML: {yaml_problem(exc)}') from exc
    if not isinstance(doc, dict):
        raise _invalid(f'{shown} is not a TOSCA service template '
                       '(a YAML mapping)')
    return doc


def _invalid(reason):
    return exceptions.InvalidVnfd(reason=reason)


def _too_big(shown, limits):
    return exceptions.VnfdLimitExceeded(
        reason=f'with {shown}, the VNFD\'s YAML files hold more than '
               f'{limits.max_bytes} bytes ([vnf_package] '
               'max_vnfd_yaml_bytes)')


def _package_files(tree):
    files = [rel for origin, rel in tree if origin == _PACKAGE]
    return files[:1] + sorted(files[1:])


# -- the import graph -----------------------------------------------------

def _load_tree(root, entry, types_dir, limits):
    """Every TOSCA file reachable from ``entry``, in depth-first import
    order, as {(origin, relative path): _Template}.

    With ``types_dir`` None, URL imports are left out rather than mapped.
    The package's files count against ``limits.max_bytes`` together
    (the operator's type definitions do not), each checked by its size
    before it is read.
    """
    budget = [limits.max_bytes]
    start = (_PACKAGE, entry)
    tree = {start: _load_template(start, root, types_dir, limits, budget)}
    chain = [start]
    pending = [iter(tree[start].imports)]
    while pending:
        item = next(pending[-1], None)
        if item is None:
            pending.pop()
            chain.pop()
            continue
        target = item.target
        if target in chain:
            cycle = ' -> '.join(rel for _, rel in chain + [target])
            raise _invalid(f'import cycle: {cycle}')
        if target is None or target in tree:
            continue
        tree[target] = _load_template(target, root, types_dir, limits,
                                      budget)
        chain.append(target)
        pending.append(iter(tree[target].imports))
    return tree


def _load_template(source, root, types_dir, limits, budget):
    origin, rel = source
    base = root if origin == _PACKAGE else types_dir
    if origin == _PACKAGE:
        budget[0] -= (base / rel).stat().st_size
        if budget[0] < 0:
            raise _too_big(_shown(source), limits)
    doc = read_template(base / rel, _shown(source), limits)
    imports = [_Import(name, file, spec,
                       _resolve_import(file, spec, source, root, types_dir))
               for name, file, spec in _import_entries(doc, source)]
    return _Template(doc, imports)


def _shown(source):
    origin, rel = source
    return rel if origin == _PACKAGE else f'type definitions file {rel}'


def yaml_problem(exc):
    mark = getattr(exc, 'problem_mark', None)
    problem = getattr(exc, 'problem', None) or str(exc)
    if mark is None:
        return problem
    return f'{problem} at line {mark.line + 1}, column {mark.column + 1}'


def _import_entries(doc, source):
    """(name, file, import definition) of each import, in the forms
    tosca-parser accepts: "file", {name: "file"} or {name: {file: ...}}.
    """
    imports = doc.get('imports') or []
    if not isinstance(imports, list):
        raise _invalid(f'{_shown(source)}: imports is not a list')
    for item in imports:
        if isinstance(item, str):
            yield None, item, {}
            continue
        if not isinstance(item, dict):
            raise _invalid(f'{_shown(source)}: import {item!r} is neither '
                           'a file name nor an import definition')
        for name, spec in item.items():
            if isinstance(spec, str):
                yield name, spec, {}
            elif isinstance(spec, dict) and isinstance(spec.get('file'),
                                                       str):
                yield name, spec['file'], spec
            else:
                raise _invalid(f'{_shown(source)}: import {name} names '
                               'no file')


def _resolve_import(file, spec, source, root, types_dir):
    """The (origin, path) an import refers to; None for a URL import when
    no type definitions directory is given."""
    shown = f'import {file} in {_shown(source)}'
    if _URL.match(file) or spec.get('repository') is not None:
        if urllib.parse.urlsplit(file).scheme not in _WEB_SCHEMES + ('',):
            raise _invalid(f'{shown}: only http(s) URLs and files of the '
                           'package can be imported')
        if types_dir is None:
            return None
        name = posixpath.basename(urllib.parse.urlsplit(file).path)
        if not name or not (types_dir / name).is_file():
            raise _invalid(f'{shown}: {name or file} is not one of the '
                           'known type definitions (imports by URL are '
                           'never fetched)')
        return (_TYPES, name)
    origin, rel = source
    base = root if origin == _PACKAGE else types_dir
    where = ('the package' if origin == _PACKAGE
             else 'the type definitions directory')
    target = _inside(base, posixpath.dirname(rel), file)
    if target is None:
        raise _invalid(f'{shown} points outside {where}')
    if not (base / target).is_file():
        raise _invalid(f'{shown}: {target} is not in {where}')
    return (origin, target)


def _inside(base, directory, reference):
    """``reference`` (relative to ``directory`` under ``base``) as a
    normalised path under ``base``, or None when it leads elsewhere."""
    if (reference.startswith('/') or '\\' in reference
            or re.match(r'^[A-Za-z]:', reference)):
        return None
    target = posixpath.normpath(posixpath.join(directory, reference))
    if target == '..' or target.startswith('../'):
        return None
    resolved_base = base.resolve()
    if not (base / target).resolve().is_relative_to(resolved_base):
        return None
    return target


# -- tosca-parser ---------------------------------------------------------

def _write_working_copy(tree, work):
    """Write every file of ``tree`` under ``work`` with its imports
    rewritten to absolute paths; return {source: path}."""
    copies = {source: work / source[0] / source[1] for source in tree}
    for source, template in tree.items():
        doc = dict(template.doc)
        if template.imports:
            doc['imports'] = [_local_import(item, copies)
                              for item in template.imports]
        copies[source].parent.mkdir(parents=True, exist_ok=True)
        copies[source].write_text(
            yaml.dump(doc, Dumper=_SAFE_DUMPER, sort_keys=False,
                      allow_unicode=True), encoding='utf-8')
    return copies


def _local_import(item, copies):
    path = str(copies[item.target])
    if item.name is None:
        return path
    namespace = {key: item.spec[key] for key in
                 ('namespace_prefix', 'namespace_uri') if key in item.spec}
    return {item.name: dict(namespace, file=path) if namespace else path}


def _parse_with_tosca_parser(tree, copies, work):
    """Validate the VNFD; return the entry's ToscaTemplate and the
    [(source, TopologyTemplate)] of each deployment flavour.

    A flavour is a package file whose topology_template has
    substitution_mappings: the entry itself, or an imported file that
    tosca-parser reads as the implementation of the entry's VNF node. It
    validates no other topology, so none may be left over.
    """
    sources = {str(path): source for source, path in copies.items()}
    entry = next(iter(tree))
    template = _tosca_template(copies[entry], work)
    found = {}
    if _substitution_mappings(tree[entry].doc):
        found[entry] = template.topology_template
    file_of = {id(tpl.get('topology_template')): sources.get(name)
               for name, tpl in template.nested_tosca_tpls_with_topology
               .items()}
    for topology in template.nested_tosca_templates_with_topology:
        source = file_of.get(id(topology.tpl))
        if source is not None:
            found.setdefault(source, topology)
    flavours = []
    for source, tosca_file in tree.items():
        if source[0] != _PACKAGE or not _substitution_mappings(
                tosca_file.doc):
            continue
        if source not in found:
            node_type = tosca_file.doc['topology_template'][
                'substitution_mappings'].get('node_type')
            raise _invalid(f'{source[1]} implements node type {node_type}, '
                           f'but {entry[1]} has no node of that type '
                           '(without interfaces) for it to substitute')
        flavours.append((source, found[source]))
    if not flavours:
        raise _invalid('no deployment flavour: no file of the VNFD has a '
                       'topology_template with substitution_mappings')
    return template, flavours


def _substitution_mappings(doc):
    topology = doc.get('topology_template')
    return isinstance(topology, dict) and isinstance(
        topology.get('substitution_mappings'), dict)


def _tosca_template(path, work):
    try:
        return tosca_template.ToscaTemplate(path=str(path), a_file=True)
    except Exception as exc:  # it crashes on some malformed input
        raise _invalid(parser_failure(exc, work)) from exc
    finally:
        # A crash skips tosca-parser's own stop(), leaving it collecting
        # errors instead of raising them for everyone.
        tosca_exception.ExceptionCollector.stop()


@contextlib.contextmanager
def quiet_tosca_parser():
    """Silence tosca-parser's logging: it logs every problem it finds,
    which we report once in the exception, and warns about inputs that
    only get values at instantiation."""
    loggers = [logging.getLogger(name) for name in ('tosca', 'toscaparser')]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def parser_failure(exc, work):
    """tosca-parser's findings in one line, without tracebacks or paths of
    the working copy."""
    findings = tosca_exception.ExceptionCollector.getExceptionsReport(
        full=False)
    if not findings:
        findings = [f'tosca-parser failed: {type(exc).__name__}: {exc}']
    prefixes = [f'{work}/{origin}/' for origin in (_PACKAGE, _TYPES)]
    unique = []
    for finding in findings:
        for prefix in prefixes:
            finding = finding.replace(prefix, '')
        finding = ' '.join(finding.split())
        if finding not in unique:
            unique.append(finding)
    reason = '; '.join(unique)
    if len(reason) > _MAX_REASON:
        reason = reason[:_MAX_REASON - 3] + '...'
    return reason


# -- from tosca-parser's model to dicts -----------------------------------

def _vnf_node(nodes):
    return next((node for node in nodes if node.is_derived_from(_VNF)),
                None)


def _plain(value):
    """A property value with intrinsic functions (get_input...) replaced
    by their results; None for those only known at run time."""
    if isinstance(value, tosca_functions.Function):
        result = value.result()
        if isinstance(result, tosca_functions.Function):
            return None
        return _plain(result)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def entity_properties(entity):
    return {name: _plain(prop.value)
            for name, prop in entity.get_properties().items()}


def _flavour(root, flavour_file, topology, top_vnf):
    """(flavourId, flavour dict, software images, VNF identity) of one
    flavour topology."""
    mapping = topology.tpl['substitution_mappings']
    properties = mapping.get('properties')
    flavour_id = (properties.get('flavour_id')
                  if isinstance(properties, dict) else None)
    if not isinstance(flavour_id, str) or not flavour_id:
        raise _invalid(f'{flavour_file}: substitution_mappings has no '
                       'properties.flavour_id')
    own_vnf = _vnf_node(topology.nodetemplates)
    vnf = own_vnf or top_vnf
    if vnf is None:
        raise _invalid(f'{flavour_file}: no node of a type derived from '
                       f'{_VNF} describes the VNF')
    vnf_properties = entity_properties(vnf)
    nodes = topology.nodetemplates
    images = []
    for node in nodes:
        if node.is_derived_from(_VDU) or node.is_derived_from(
                _BLOCK_STORAGE):
            image = _software_image(root, flavour_file, node)
            if image:
                images.append(image)
    image_paths = {image['id']: image['imagePath'] for image in images}
    policies = topology.policies
    aspects = _scaling_aspects(flavour_file, policies)
    levels, default_level = _instantiation_levels(flavour_file, policies)
    vdus = _vdus(nodes, policies, image_paths, levels.get(default_level))
    flavour = {
        'description': vnf_properties.get('flavour_description') or '',
        'vdus': vdus,
        'scaling_aspects': aspects,
        'instantiation_levels': levels,
        'default_instantiation_level': default_level,
        'virtual_links': _virtual_links(nodes),
        'cps': _cps(nodes),
        'software_images': {image['id']: image['name'] for image in images},
    }
    scripts = _lcm_scripts(root, flavour_file, own_vnf)
    if scripts:
        flavour['lcm_scripts'] = scripts
    identity = {field: vnf_properties.get(prop) for field, prop in
                _VNF_FIELDS}
    return flavour_id, flavour, images, identity


def _common_identity(identities):
    """The VNF's identity, which every flavour must agree on."""
    (first_id, identity), *others = identities.items()
    for field, prop in _VNF_FIELDS:
        if identity[field] in (None, ''):
            raise _invalid(f'the VNF node of flavour {first_id} has no '
                           f'{prop}')
        for flavour_id, other in others:
            if other[field] != identity[field]:
                raise _invalid(f'flavours {first_id} and {flavour_id} '
                               f'disagree on the VNF {prop}')
    return {field: str(value) for field, value in identity.items()}


def requirement_targets(node, requirement):
    targets = []
    for item in node.requirements or []:
        target = item.get(requirement) if isinstance(item, dict) else None
        if isinstance(target, dict):
            target = target.get('node')
        if isinstance(target, str):
            targets.append(target)
    return targets


def _vdus(nodes, policies, image_paths, default_level):
    initial = {}
    for policy in policies:
        if policy.is_derived_from(_INITIAL_DELTA):
            delta = entity_properties(policy).get('initial_delta') or {}
            for target in policy.targets or []:
                initial[target] = delta.get('number_of_instances')
    vdus = {}
    for node in nodes:
        if not node.is_derived_from(_VDU):
            continue
        props = entity_properties(node)
        profile = props.get('vdu_profile') or {}
        minimum = profile.get('min_number_of_instances')
        fallback = (default_level or {}).get('vdu_levels', {}).get(
            node.name, minimum)
        vdus[node.name] = {
            'name': props.get('name'),
            'description': props.get('description'),
            'compute_flavour': _requested_capability_name(node),
            'sw_image': image_paths.get(node.name),
            'virtual_storages': requirement_targets(node,
                                                    'virtual_storage'),
            'min_number_of_instances': minimum,
            'max_number_of_instances': profile.get(
                'max_number_of_instances'),
            'initial_number_of_instances': initial.get(node.name,
                                                       fallback),
        }
    return vdus


def _requested_capability_name(node):
    """The VIM flavour a VDU asks for by name: the first
    requested_additional_capability_name of its virtual_compute (SOL001
    RequestedAdditionalCapability), as packages written for Tacker give
    it."""
    capability = (node.get_capabilities() or {}).get('virtual_compute')
    requested = capability.get_property_value(
        'requested_additional_capabilities') if capability else None
    for entry in (requested or {}).values():
        if isinstance(entry, dict) and entry.get(
                'requested_additional_capability_name'):
            return str(entry['requested_additional_capability_name'])
    return None


def _scaling_aspects(flavour_file, policies):
    aspects = {}
    for policy in policies:
        if policy.is_derived_from(_SCALING_ASPECTS):
            for aspect_id, aspect in (entity_properties(policy).get('aspects')
                                      or {}).items():
                aspects[aspect_id] = {
                    'name': aspect.get('name'),
                    'description': aspect.get('description'),
                    'max_scale_level': aspect.get('max_scale_level'),
                    'step_deltas': aspect.get('step_deltas') or [],
                    'vdu_deltas': {},
                }
    for policy in policies:
        if not policy.is_derived_from(_ASPECT_DELTAS):
            continue
        props = entity_properties(policy)
        aspect = aspects.get(props.get('aspect'))
        if aspect is None:
            raise _invalid(f'{flavour_file}: policy {policy.name} refers '
                           f'to unknown scaling aspect {props.get("aspect")}')
        for delta_id, delta in (props.get('deltas') or {}).items():
            per_vdu = aspect['vdu_deltas'].setdefault(delta_id, {})
            for target in policy.targets or []:
                per_vdu[target] = delta.get('number_of_instances')
    return aspects


def _instantiation_levels(flavour_file, policies):
    """({levelId: level}, default levelId) of a flavour."""
    levels = {}
    default_level = None
    for policy in policies:
        if policy.is_derived_from(_LEVELS):
            props = entity_properties(policy)
            default_level = props.get('default_level')
            for level_id, level in (props.get('levels') or {}).items():
                levels[level_id] = {
                    'description': level.get('description'),
                    'scale_info': {
                        aspect: (info or {}).get('scale_level')
                        for aspect, info in (level.get('scale_info')
                                             or {}).items()},
                    'vdu_levels': {},
                }
    for policy in policies:
        if not policy.is_derived_from(_VDU_LEVELS):
            continue
        for level_id, level in (entity_properties(policy).get('levels')
                                or {}).items():
            if level_id not in levels:
                raise _invalid(f'{flavour_file}: policy {policy.name} '
                               f'refers to unknown instantiation level '
                               f'{level_id}')
            for target in policy.targets or []:
                levels[level_id]['vdu_levels'][target] = level.get(
                    'number_of_instances')
    if default_level is None and len(levels) == 1:
        default_level = next(iter(levels))
    if default_level is not None and default_level not in levels:
        raise _invalid(f'{flavour_file}: default_level {default_level} is '
                       'not one of the instantiation levels')
    return levels, default_level


def _virtual_links(nodes):
    links = []
    for node in nodes:
        if node.is_derived_from(_VIRTUAL_LINK):
            props = entity_properties(node)
            profile = props.get('vl_profile') or {}
            links.append({
                'id': node.name,
                'description': props.get('description'),
                'layer_protocols': (props.get('connectivity_type')
                                    or {}).get('layer_protocols', []),
                'protocol_data': profile.get('virtual_link_protocol_data')
                or [],
            })
    return links


def _cps(nodes):
    cps = []
    for node in nodes:
        if node.is_derived_from(_VDU_CP):
            props = entity_properties(node)
            vdus = requirement_targets(node, 'virtual_binding')
            links = requirement_targets(node, 'virtual_link')
            cps.append({
                'id': node.name,
                'vdu': vdus[0] if vdus else None,
                'virtual_link': links[0] if links else None,
                'layer_protocols': props.get('layer_protocols') or [],
                'order': props.get('order'),
            })
    return cps


# -- software images ------------------------------------------------------

def _software_image(root, flavour_file, node):
    """SOL005 VnfPackageSoftwareImageInfo-like dict of a node's sw_image
    artifact (without provider), or None when it has none."""
    artifact = _sw_image_artifact(node)
    if artifact is None:
        return None
    where = f'{flavour_file}: {node.name}'
    image_path = _artifact_location(root, flavour_file, artifact, where)
    data = entity_properties(node).get('sw_image_data')
    if not isinstance(data, dict):
        raise _invalid(f'{where} has a sw_image artifact but no '
                       'sw_image_data')
    checksum = data.get('checksum') or {}
    return {
        'id': node.name,
        'name': data.get('name'),
        'version': str(data.get('version')),
        'checksum': {'algorithm': str(checksum.get('algorithm')).upper(),
                     'hash': str(checksum.get('hash')).lower()},
        'containerFormat': str(data.get('container_format')).upper(),
        'diskFormat': str(data.get('disk_format')).upper(),
        'minDisk': _size_in_bytes(data.get('min_disk'), where, 'min_disk'),
        'minRam': _size_in_bytes(data.get('min_ram', '0 B'), where,
                                 'min_ram'),
        'size': _size_in_bytes(data.get('size'), where, 'size'),
        'imagePath': image_path,
        'userMetadata': {},
    }


def _sw_image_artifact(node):
    """The file of the node's tosca.artifacts.nfv.SwImage artifact."""
    artifacts = node.entity_tpl.get('artifacts')
    for artifact in (artifacts.values() if isinstance(artifacts, dict)
                     else []):
        if isinstance(artifact, dict) and artifact.get('type') == _SW_IMAGE:
            return artifact.get('file')
    return None


def _artifact_location(root, flavour_file, file, where):
    """An artifact's URL, or its path in the package (artifact files are
    relative to the file that declares them)."""
    if not isinstance(file, str) or not file:
        raise _invalid(f'{where}: the sw_image artifact names no file')
    if _URL.match(file):
        if urllib.parse.urlsplit(file).scheme not in _WEB_SCHEMES:
            raise _invalid(f'{where}: sw_image {file} is neither an '
                           'http(s) URL nor a file of the package')
        return file
    return _package_file(root, flavour_file, file, where, 'sw_image')


def _package_file(root, flavour_file, file, where, kind):
    """The package path of an artifact's ``file`` (relative to the
    file that declares it), which must be in the package."""
    path = _inside(root, posixpath.dirname(flavour_file), file)
    if path is None:
        raise _invalid(f'{where}: {kind} {file} points outside the '
                       'package')
    if not (root / path).is_file():
        raise _invalid(f'{where}: {kind} {path} is not in the package')
    return path


# -- management scripts ---------------------------------------------------

def _lcm_scripts(root, flavour_file, vnf):
    """Vnflcm operation (``instantiate_start``...) -> package path of
    the Python artifact the flavour's own VNF node implements it with
    (``tacker.common.lcm_scripts``); other implementations are none."""
    entity = vnf.entity_tpl if vnf is not None else {}
    operations = (entity.get('interfaces') or {}).get('Vnflcm')
    artifacts = entity.get('artifacts')
    if not isinstance(operations, dict) or not isinstance(artifacts, dict):
        return {}
    scripts = {}
    for hook, definition in operations.items():
        name = (definition.get('implementation')
                if isinstance(definition, dict) else None)
        artifact = artifacts.get(name) if isinstance(name, str) else None
        if not isinstance(artifact, dict) or \
                artifact.get('type') != _PYTHON_SCRIPT:
            continue
        where = f'{flavour_file}: {vnf.name} {hook}'
        file = artifact.get('file')
        if not isinstance(file, str) or not file:
            raise _invalid(f'{where}: artifact {name} names no file')
        scripts[hook] = _package_file(root, flavour_file, file, where,
                                      'script')
    return scripts


def _size_in_bytes(value, where, field):
    try:
        size = int(sizes.in_bytes(value))
    except ValueError as error:
        raise _invalid(f'{where}: sw_image_data {field} {error}') from None
    if size > _MAX_SIZE_BYTES:
        raise _invalid(f'{where}: sw_image_data {field} {value} is more '
                       f'than {_MAX_SIZE_BYTES} bytes')
    return size


def _unique_images(images_by_flavour, provider):
    """All flavours' images, once each: an image is named by its node, so
    flavours sharing a node name must describe the same image."""
    images = {}
    for flavour_id, flavour_images in images_by_flavour.items():
        for image in flavour_images:
            image = dict(image, provider=provider)
            known = images.setdefault(image['id'], (flavour_id, image))
            if known[1] != image:
                raise _invalid(f'flavours {known[0]} and {flavour_id} '
                               f'describe the software image of '
                               f'{image["id"]} differently')
    return [image for _, image in images.values()]
