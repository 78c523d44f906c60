"""The objects a CNF's manifests become on the cluster: in dependency
order, in the VNF's namespace, labelled as the VNF instance's own and
with each VDU's replica count.

Pure functions over object dicts; the manifests themselves are read and
checked by ``tacker.common.kubernetes_manifests``.
"""
import copy

from tacker.common import kubernetes_manifests

# The label that marks an object (and the Pods of a workload) as created
# for one VNF instance: its value is the instance id. An object without
# it, or with another instance's id, is never changed or deleted.
OWNER_LABEL = 'tacker.openstack.org/vnf-instance-id'
# The label that ties a Pod to the VDU whose workload made it.
VDU_LABEL = 'tacker.openstack.org/vdu-id'

CRD = 'CustomResourceDefinition'
# What a replacement keeps of the metadata of the object it replaces.
_KEPT_METADATA = ('name', 'namespace', 'uid', 'ownerReferences',
                  'finalizers')
# Creation order: what others refer to first (definitions, namespaces,
# accounts and their rights, configuration, storage, services), then
# custom resources and other kinds, then the workloads.
_BEFORE_OTHERS = (CRD, 'Namespace', 'ServiceAccount', 'Role',
                  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
                  'ConfigMap', 'Secret', 'PersistentVolume',
                  'PersistentVolumeClaim', 'Service')


def rank(kind):
    """The place of ``kind`` in creation order (deletion goes in
    reverse)."""
    if kind in _BEFORE_OTHERS:
        return _BEFORE_OTHERS.index(kind)
    if kind in kubernetes_manifests.WORKLOAD_KINDS:
        return len(_BEFORE_OTHERS) + 1 + \
            kubernetes_manifests.WORKLOAD_KINDS.index(kind)
    return len(_BEFORE_OTHERS)


def ordered(objects):
    """``objects`` in creation order; objects of one kind keep their
    order in the manifests."""
    return sorted(objects, key=lambda obj: rank(obj['kind']))


def key(obj):
    """What identifies an object on the cluster within the namespace."""
    return obj['apiVersion'], obj['kind'], obj['metadata']['name']


def identity(obj):
    """What names an object whichever version of its API group a
    manifest uses: (group, kind, name)."""
    return (obj['apiVersion'].rpartition('/')[0], obj['kind'],
            obj['metadata']['name'])


def describe(obj):
    return '%s %s' % (obj['kind'], obj['metadata']['name'])


def owner(obj):
    """The VNF instance id an object on the cluster is labelled with, or
    None."""
    return ((obj.get('metadata') or {}).get('labels') or {}).get(
        OWNER_LABEL)


def prepare(objects, instance_id, vdu_workloads, replicas):
    """The objects to create, in creation order: each labelled as
    ``instance_id``'s, a VDU's workload (``vdu_workloads``: {vduId:
    object}) also labelling its Pods with the VDU and, when it has
    replicas, set to ``replicas[vduId]`` of them."""
    vdu_of = {key(workload): vdu_id
              for vdu_id, workload in vdu_workloads.items()}
    prepared = []
    for obj in ordered(objects):
        obj = copy.deepcopy(obj)
        _label(obj['metadata'], {OWNER_LABEL: instance_id})
        vdu_id = vdu_of.get(key(obj))
        if obj['kind'] in kubernetes_manifests.WORKLOAD_KINDS:
            pod_labels = {OWNER_LABEL: instance_id}
            if vdu_id is not None:
                pod_labels[VDU_LABEL] = vdu_id
            if obj['kind'] == 'Pod':
                _label(obj['metadata'], pod_labels)
            else:
                spec = _mapping(obj, 'spec')
                _label(_mapping(_mapping(spec, 'template'), 'metadata'),
                       pod_labels)
                if vdu_id is not None and obj['kind'] in \
                        kubernetes_manifests.SCALABLE_KINDS:
                    spec['replicas'] = replicas[vdu_id]
        prepared.append(obj)
    return prepared


def replacement(desired, live, keep_replicas=True):
    """The body that replaces the workload ``live`` (as read) with the
    spec of ``desired`` (as ``prepare`` made it): the replicas ``live``
    has (a package change keeps the scale level) unless not
    ``keep_replicas`` (a change of flavour takes its level's), the
    labels and annotations of both (``desired``'s winning), and
    ``live``'s name, uid, owners and finalizers, but not its
    resourceVersion (an unconditional update: its controller writes the
    status meanwhile)."""
    body = copy.deepcopy(desired)
    metadata = {name: value for name, value in live['metadata'].items()
                if name in _KEPT_METADATA}
    for field in ('labels', 'annotations'):
        merged = {**(live['metadata'].get(field) or {}),
                  **(desired['metadata'].get(field) or {})}
        if merged:
            metadata[field] = merged
    body['metadata'] = metadata
    live_spec = live.get('spec') or {}
    if keep_replicas and 'replicas' in live_spec and \
            desired['kind'] in kubernetes_manifests.SCALABLE_KINDS:
        body['spec']['replicas'] = live_spec['replicas']
    return body


def pod_template(obj):
    """The Pod a workload makes (its spec.template), or a Pod itself."""
    if obj['kind'] == 'Pod':
        return obj
    return (obj.get('spec') or {}).get('template') or {}


def runs(template, pod):
    """Whether ``pod`` (or a Pod template, as read) runs the Pod
    ``template``: it carries the template's labels and, by container
    name, the template's images. What the cluster adds to Pods
    (defaults, admission's volumes, mounts and sidecars) does not
    count; nor does any change to a template besides images and
    labels."""
    labels = (pod.get('metadata') or {}).get('labels') or {}
    wanted = (template.get('metadata') or {}).get('labels') or {}
    if any(labels.get(name) != value for name, value in wanted.items()):
        return False
    spec, running = template.get('spec') or {}, pod.get('spec') or {}
    for field in ('initContainers', 'containers'):
        images = {container.get('name'): container.get('image')
                  for container in running.get(field) or []}
        if any(images.get(container.get('name')) != container.get('image')
               for container in spec.get(field) or []):
            return False
    return True


def _mapping(parent, name):
    """``parent[name]``, a new dict when it is missing or no mapping."""
    if not isinstance(parent.get(name), dict):
        parent[name] = {}
    return parent[name]


def _label(metadata, labels):
    _mapping(metadata, 'labels').update(labels)
