"""The objects of the sandbox Kubernetes, as both the REST API and the
controllers change them: every write takes a new resourceVersion and
wakes the controllers, and deletion follows the garbage collector's
rules (finalizers, ``deletionTimestamp``, ownerReferences and the
Foreground, Background and Orphan propagation policies)."""
import time

from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import status
from tacker_sandbox import store as store_lib

FOREGROUND = 'foregroundDeletion'
POLICIES = ('Foreground', 'Background', 'Orphan')
SYSTEM_NAMESPACES = ('default', 'kube-system', 'kube-public',
                     'kube-node-lease')
NODES = ('sandbox-node-1', 'sandbox-node-2')


class Cluster:

    def __init__(self, store, clock=time.time, wake=lambda: None):
        self.store = store
        self.catalog = kinds.Catalog(store)
        self.clock = clock
        self.wake = wake

    def bootstrap(self):
        """The namespaces and nodes every cluster starts with."""
        for plural, names in (('namespaces', SYSTEM_NAMESPACES),
                              ('nodes', NODES)):
            rtype = kinds.BY_PLURAL[plural]
            for name in names:
                if self.get(rtype, None, name) is None:
                    self.create(rtype, _system_object(rtype, name))

    # ---- reads --------------------------------------------------------

    def get(self, rtype, namespace, name):
        return self.store.get_object(rtype.resource, namespace, name)

    def list(self, rtype, namespace=None):
        return [obj for _, obj in self.store.list_objects(rtype.resource,
                                                          namespace)]

    def owned_by(self, owner, rtype=None):
        """The objects (of one type, or of all) that name ``owner``'s uid
        among their ownerReferences."""
        return self.store.owned_objects(owner['metadata']['uid'],
                                        rtype.resource if rtype else None)

    # ---- writes -------------------------------------------------------

    def save(self, rtype, obj, due=store_lib.KEEP):
        self.store.save_object(rtype.resource, obj, due)
        self.wake()

    def create(self, rtype, obj, due=None):
        if self.store.count_objects() >= objects.MAX_OBJECTS:
            raise status.Forbidden('the sandbox holds its maximum of %d '
                                   'objects' % objects.MAX_OBJECTS)
        objects.stamp_new(self.store, obj, self.clock())
        self.save(rtype, obj, due)
        return obj

    def update(self, rtype, old, new):
        """``new`` replaces ``old``; an object being deleted goes once its
        last finalizer is removed."""
        objects.carry_over(self.store, old, new)
        if new['metadata'].get('deletionTimestamp') and \
                not new['metadata'].get('finalizers') and \
                rtype.plural != 'namespaces':
            self.store.delete_object(rtype.resource,
                                     new['metadata'].get('namespace'),
                                     new['metadata']['name'])
            self.wake()
        else:
            self.save(rtype, new)
        return new

    def delete(self, rtype, obj, policy=None):
        """Delete as the API server does; returns the object as it is
        left (with ``deletionTimestamp`` while finalizers hold it)."""
        metadata = obj['metadata']
        if metadata.get('deletionTimestamp'):
            return obj
        policy = policy or ('Orphan' if rtype.resource == 'jobs.batch'
                            else 'Background')
        if policy == 'Orphan':
            self.orphan_dependents(obj)
        finalizers = list(metadata.get('finalizers') or ())
        if policy == 'Foreground' and self.owned_by(obj):
            finalizers.append(FOREGROUND)
        if finalizers or rtype.plural == 'namespaces':
            new = dict(obj, metadata=dict(metadata))
            objects.carry_over(self.store, obj, new)
            new['metadata'].update(
                deletionTimestamp=objects.timestamp(self.clock()),
                deletionGracePeriodSeconds=0)
            if finalizers:
                new['metadata']['finalizers'] = finalizers
            if rtype.plural == 'namespaces':
                new['status'] = {'phase': 'Terminating'}
            self.save(rtype, new)
            return new
        self.store.delete_object(rtype.resource, metadata.get('namespace'),
                                 metadata['name'])
        self.wake()
        return obj

    def orphan_dependents(self, owner):
        uid = owner['metadata']['uid']
        for resource, dependent in self.owned_by(owner):
            rtype = self.catalog.by_resource(resource)
            new = dict(dependent, metadata=dict(dependent['metadata']))
            new['metadata']['ownerReferences'] = [
                ref for ref in dependent['metadata']['ownerReferences']
                if ref.get('uid') != uid]
            if not new['metadata']['ownerReferences']:
                del new['metadata']['ownerReferences']
            self.update(rtype, dependent, new)

    def remove_finalizer(self, rtype, obj, finalizer):
        new = dict(obj, metadata=dict(obj['metadata']))
        new['metadata']['finalizers'] = [
            name for name in obj['metadata'].get('finalizers') or ()
            if name != finalizer]
        return self.update(rtype, obj, new)


def owner_reference(rtype, owner):
    """What a controller writes into the objects it makes."""
    return {'apiVersion': rtype.api_version, 'kind': rtype.kind,
            'name': owner['metadata']['name'],
            'uid': owner['metadata']['uid'], 'controller': True,
            'blockOwnerDeletion': True}


def _system_object(rtype, name):
    obj = {'apiVersion': 'v1', 'kind': rtype.kind,
           'metadata': {'name': name}}
    if rtype.plural == 'namespaces':
        obj['spec'] = {'finalizers': ['kubernetes']}
        obj['status'] = {'phase': 'Active'}
        obj['metadata']['labels'] = {'kubernetes.io/metadata.name': name}
    else:
        obj['metadata']['labels'] = {'kubernetes.io/hostname': name}
        obj['spec'] = {}
        obj['status'] = {
            'conditions': [{'type': 'Ready', 'status': 'True',
                            'reason': 'KubeletReady'}],
            'capacity': {'cpu': '8', 'memory': '32Gi', 'pods': '110'},
            'allocatable': {'cpu': '8', 'memory': '32Gi', 'pods': '110'},
            'nodeInfo': dict(
                {key: name for key in ('bootID', 'machineID', 'systemUUID')},
                kubeletVersion=kinds.VERSION_INFO['gitVersion'],
                kubeProxyVersion=kinds.VERSION_INFO['gitVersion'],
                containerRuntimeVersion='sandbox://1.0',
                kernelVersion='6.1.0', osImage='tacker sandbox',
                architecture='amd64', operatingSystem='linux')}
    return obj
