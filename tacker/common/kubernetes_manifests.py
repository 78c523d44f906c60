"""The Kubernetes manifests an LCM request deploys from a CNF package,
read and checked without a VIM.

Tacker's convention for CNF packages: ``additionalParams`` of the
InstantiateVnfRequest (SOL003 v2.6.1 5.5.2.4) names the manifests in
``lcm-kubernetes-def-files`` (package paths such as
``Files/kubernetes/deployment.yaml``, each file one or more YAML
documents) and the target ``namespace``; a VDU (its ``properties.name``)
is the workload of that ``metadata.name``. The API (before its 202) and
the kubernetes infra driver read them here, so both refuse the same
packages. Manifests come from untrusted packages: they are read with the
VNFD's YAML limits.
"""
import re

import yaml

from tacker.common import exceptions
from tacker.common import safe_yaml

DRIVER = 'kubernetes'
DEF_FILES = 'lcm-kubernetes-def-files'
NAMESPACE = 'namespace'

# The kinds a VDU may be (its VNFCs are their Pods), and those of them
# with a scale subresource.
WORKLOAD_KINDS = ('Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet',
                  'Pod', 'Job')
SCALABLE_KINDS = ('Deployment', 'StatefulSet', 'ReplicaSet')

# Kinds that live in no namespace (besides custom resources of
# cluster-scoped definitions, known only to the cluster).
CLUSTER_KINDS = ('Namespace', 'ClusterRole', 'ClusterRoleBinding',
                 'PersistentVolume', 'CustomResourceDefinition',
                 'StorageClass', 'PriorityClass')

MAX_FILES = 100
# RFC 1123 label: what Kubernetes accepts as a namespace name.
_NAMESPACE_NAME = re.compile(r'^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')
# "version" or "group/version", and a kind: what the API server serves.
_API_VERSION = re.compile(r'^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?'
                          r'[a-z0-9]{1,63}$')
_KIND = re.compile(r'^[A-Za-z][A-Za-z0-9]{0,62}$')


def def_files(additional_params):
    """The package paths of ``lcm-kubernetes-def-files``.

    :raises InvalidAdditionalParam: missing, or not a non-empty list of
        at most MAX_FILES strings.
    """
    paths = additional_params.get(DEF_FILES)
    if not (isinstance(paths, list) and 0 < len(paths) <= MAX_FILES
            and all(isinstance(path, str) and path for path in paths)):
        raise exceptions.InvalidAdditionalParam(
            name=DEF_FILES,
            reason=f'must list from 1 to {MAX_FILES} manifest paths of '
                   f'the package (non-empty strings), not {_shown(paths)}')
    return paths


def namespace(additional_params):
    """``additionalParams.namespace``, or None when not given.

    :raises InvalidAdditionalParam: not a Kubernetes namespace name.
    """
    name = additional_params.get(NAMESPACE)
    if name is not None and not (isinstance(name, str)
                                 and _NAMESPACE_NAME.match(name)):
        raise exceptions.InvalidAdditionalParam(
            name=NAMESPACE,
            reason=f'must be a namespace name (RFC 1123 label), not '
                   f'{_shown(name)}')
    return name


def load(package_dir, paths, package_file, max_depth, max_bytes):
    """The objects of the manifests ``paths``, in file and document
    order; empty documents are skipped. ``package_file(package_dir,
    path)`` resolves a path inside the package
    (``infra_requirements.package_file``); each file may nest
    ``max_depth`` levels, all files together hold ``max_bytes``.

    :raises InvalidAdditionalParam: a path is no file of the package.
    :raises PackageNotDeployable: a file is too big, not YAML, or holds
        a document that is no Kubernetes object (apiVersion, kind and
        metadata.name).
    """
    objects, budget = [], max_bytes
    for path in paths:
        try:
            resolved = package_file(package_dir or '', path)
        except ValueError as error:
            raise exceptions.InvalidAdditionalParam(
                name=DEF_FILES, reason=f'{_shown(path)} {error}') from None
        with open(resolved, 'rb') as stream:
            data = stream.read(budget + 1)
        budget -= len(data)
        if budget < 0:
            raise _refused(f'the manifests hold more than {max_bytes}'
                           f' bytes ([vnf_package] max_vnfd_yaml_bytes)')
        objects += [_checked(path, index, document) for index, document
                    in enumerate(_documents(path, data, max_depth), 1)
                    if document is not None]
    return objects


def manifest_namespace(objects):
    """The namespace the manifests themselves name (metadata.namespace),
    or None when none does.

    :raises PackageNotDeployable: they name more than one.
    """
    named = sorted({obj['metadata']['namespace'] for obj in objects
                    if obj['metadata'].get('namespace')
                    and obj['kind'] not in CLUSTER_KINDS})
    if len(named) > 1:
        raise _refused(f'the manifests name several namespaces '
                       f'({", ".join(map(str, named))}); a VNF lives in '
                       f'one')
    return named[0] if named else None


def vdu_workloads(flavour, objects):
    """{vduId: the workload object of the VDU}: the workload whose
    metadata.name is the VDU's properties.name.

    :raises PackageNotDeployable: a VDU has no workload among
        ``objects``.
    """
    workloads = {obj['metadata']['name']: obj for obj in objects
                 if obj['kind'] in WORKLOAD_KINDS}
    found = {}
    for vdu_id, vdu in sorted(flavour['vdus'].items()):
        workload = workloads.get(vdu.get('name'))
        if workload is None:
            raise _refused(
                f'VDU {vdu_id} (name {vdu.get("name")!r}) has no workload '
                f'({", ".join(WORKLOAD_KINDS)}) of that name in '
                f'{DEF_FILES}')
        found[vdu_id] = workload
    return found


def _documents(path, data, max_depth):
    try:
        return safe_yaml.load_all(data, max_depth)
    except yaml.YAMLError as error:
        problem = getattr(error, 'problem', None) or str(error)
        mark = getattr(error, 'problem_mark', None)
        where = f' (line {mark.line + 1})' if mark is not None else ''
        raise _refused(f'{path} is not usable YAML{where}: '
                       f'{problem}') from None


def _checked(path, index, document):
    metadata = document.get('metadata') if isinstance(
        document, dict) else None
    if not (isinstance(metadata, dict)
            and _matches(_API_VERSION, document.get('apiVersion'))
            and _matches(_KIND, document.get('kind'))
            and isinstance(metadata.get('name'), str) and metadata['name']):
        raise _refused(f'document {index} of {path} is not a Kubernetes '
                       f'object (it needs apiVersion, kind and '
                       f'metadata.name)')
    return document


def _matches(pattern, value):
    return isinstance(value, str) and pattern.match(value) is not None


def _refused(reason):
    return exceptions.PackageNotDeployable(driver=DRIVER, reason=reason)


def _shown(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'
