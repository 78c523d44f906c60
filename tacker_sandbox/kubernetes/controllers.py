"""The controllers of the sandbox Kubernetes, one reconcile pass at a
time: the garbage collector (ownerReferences, Foreground deletion),
namespace and CRD lifecycles, Deployment -> ReplicaSet -> Pods,
StatefulSet (ordered Pods and their claims), DaemonSet (a Pod per
node), Job (Pods that succeed), and the simulated kubelet.

A pass writes only what changed, so passes settle; the loop sleeps
until a write wakes it or a Pod is due (``--delay``), and at most
``IDLE`` seconds so that cleared faults are noticed.
"""
import copy
import logging
import time

from tacker_sandbox.kubernetes import cluster as cluster_lib
from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import pods as pods_lib
from tacker_sandbox.kubernetes import workloads

LOG = logging.getLogger(__name__)
IDLE = 2.0
REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost'
TYPES = kinds.BY_PLURAL


def _deleting(obj):
    return bool(obj['metadata'].get('deletionTimestamp'))


def _victims(pods):
    """A ReplicaSet's Pods in the order it deletes surplus ones, as the
    real controller does: not ready first, then the lowest
    ``pod-deletion-cost``, then the newest."""
    newest_first = sorted(pods, key=lambda pod: pod['metadata'][
        'creationTimestamp'], reverse=True)
    return sorted(newest_first, key=lambda pod: (
        pods_lib.is_ready(pod), _deletion_cost(pod)))


def _deletion_cost(pod):
    annotations = pod['metadata'].get('annotations') or {}
    try:
        return int(annotations.get(DELETION_COST_ANNOTATION, 0))
    except ValueError:
        return 0


def _counts(keep=(), **counts):
    """Status counters as the API omits them: zero ones left out."""
    return {key: value for key, value in counts.items()
            if value or key in keep}


class Controllers:

    def __init__(self, cluster, delay):
        self.cluster = cluster
        self.store = cluster.store
        self.delay = delay

    def run(self, wake_event):
        """Reconcile forever (a green thread of ``cmd``)."""
        while True:
            wake_event.clear()
            try:
                settled = self.reconcile()
            except Exception:
                LOG.exception('Kubernetes reconcile pass failed')
                settled = False
            if not settled:
                # A failing pass may have woken itself: no busy loop.
                time.sleep(IDLE)
                continue
            due = self.store.next_due()
            timeout = IDLE if due is None else min(
                IDLE, max(0.0, due - self.cluster.clock()))
            wake_event.wait(timeout)

    def reconcile(self):
        """One pass of every controller; False when one of them failed
        (and logged why)."""
        settled = True
        with self.store.transaction():
            now = self.cluster.clock()
            self.store.clear_due(now)
            self.now = now
            for step in (self._definitions, self._namespaces,
                         self._collect_garbage, self._deployments,
                         self._replicasets, self._statefulsets,
                         self._daemonsets, self._jobs, self._kubelet,
                         self._storage):
                # One controller's trouble must not stop the others.
                try:
                    step()
                except Exception:
                    LOG.exception('Kubernetes controller %s failed',
                                  step.__name__)
                    settled = False
        return settled

    # ---- helpers ------------------------------------------------------

    def _set_status(self, rtype, obj, state):
        if obj.get('status') != state:
            new = dict(obj, status=state)
            self.cluster.update(rtype, obj, new)

    def _owned(self, owner, plural):
        return [obj for _, obj in self.cluster.owned_by(owner, TYPES[plural])
                if not _deleting(obj)]

    def _create_pod(self, owner_rtype, owner, template, name, labels=None,
                    node=None):
        namespace = owner['metadata']['namespace']
        if self.cluster.get(TYPES['pods'], namespace, name) is None:
            self.cluster.create(TYPES['pods'], workloads.pod_from_template(
                template, namespace, name, owner_rtype, owner, labels,
                node or cluster_lib.NODES[
                    sum(map(ord, name)) % len(cluster_lib.NODES)]))

    # ---- cluster objects ----------------------------------------------

    def _definitions(self):
        """CRDs become Established; objects of types no longer served
        go with them."""
        rtype = TYPES['customresourcedefinitions']
        for crd in self.cluster.list(rtype):
            spec = crd['spec']
            storage = [version['name'] for version in spec['versions']
                       if version.get('storage')]
            self._set_status(rtype, crd, {
                'conditions': pods_lib.conditions(
                    (crd.get('status') or {}).get('conditions'), [
                        ('NamesAccepted', 'True', 'NoConflicts',
                         'no conflicts found'),
                        ('Established', 'True', 'InitialNamesAccepted',
                         'the initial names have been accepted')],
                    self.now),
                'acceptedNames': spec['names'], 'storedVersions': storage})
        served = {rtype.resource for rtype in self.cluster.catalog.types()}
        for resource, obj in self.store.list_objects():
            if resource not in served:
                self.store.delete_object(resource, obj['metadata'].get(
                    'namespace'), obj['metadata']['name'])

    def _namespaces(self):
        rtype = TYPES['namespaces']
        for namespace in self.cluster.list(rtype):
            if not _deleting(namespace):
                continue
            name = namespace['metadata']['name']
            contents = self.store.list_objects(namespace=name)
            for resource, obj in contents:
                self.cluster.delete(self.cluster.catalog.by_resource(
                    resource), obj, 'Background')
            if not self.store.list_objects(namespace=name):
                self.store.delete_object(rtype.resource, None, name)

    def _collect_garbage(self):
        """Dependents whose owners are all gone go (Background); those
        of an owner in foreground deletion go first, then the owner."""
        entries = self.store.list_objects()
        by_uid = {obj['metadata']['uid']: obj for _, obj in entries}
        for resource, obj in entries:
            refs = obj['metadata'].get('ownerReferences') or ()
            if not refs or _deleting(obj):
                continue
            owners = [by_uid.get(ref.get('uid')) for ref in refs]
            rtype = self.cluster.catalog.by_resource(resource)
            if all(owner is None for owner in owners):
                self.cluster.delete(rtype, obj, 'Background')
            elif any(owner is not None and cluster_lib.FOREGROUND in (
                    owner['metadata'].get('finalizers') or ())
                    for owner in owners):
                self.cluster.delete(rtype, obj, 'Foreground')
        for resource, obj in entries:
            if cluster_lib.FOREGROUND in (obj['metadata'].get('finalizers')
                                          or ()) and _deleting(obj) and \
                    not self.cluster.owned_by(obj):
                rtype = self.cluster.catalog.by_resource(resource)
                current = self.cluster.get(rtype, obj['metadata'].get(
                    'namespace'), obj['metadata']['name'])
                if current is not None:
                    self.cluster.remove_finalizer(rtype, current,
                                                  cluster_lib.FOREGROUND)

    def _storage(self):
        """Claims are Bound at once; volumes Available."""
        for plural, phase in (('persistentvolumeclaims', 'Bound'),
                              ('persistentvolumes', 'Available')):
            for obj in self.cluster.list(TYPES[plural]):
                if not (obj.get('status') or {}).get('phase'):
                    spec = obj.get('spec') or {}
                    state = {'phase': phase}
                    if phase == 'Bound':
                        state.update(
                            accessModes=spec.get('accessModes') or [],
                            capacity=(spec.get('resources') or {}).get(
                                'requests') or {})
                    self._set_status(TYPES[plural], obj, state)

    # ---- workloads ----------------------------------------------------

    def _deployments(self):
        rtype, rs_type = TYPES['deployments'], TYPES['replicasets']
        for deploy in self.cluster.list(rtype):
            if _deleting(deploy):
                continue
            spec = deploy['spec']
            template_hash = workloads.template_hash(spec['template'])
            owned = self._owned(deploy, 'replicasets')
            current = [rs for rs in owned if rs['metadata'].get(
                'labels', {}).get(workloads.HASH_LABEL) == template_hash]
            if current:
                current = current[0]
                if current['spec']['replicas'] != spec['replicas']:
                    new = copy.deepcopy(current)
                    new['spec']['replicas'] = spec['replicas']
                    current = self.cluster.update(rs_type, current, new)
            else:
                current = self._new_replicaset(deploy, template_hash, owned)
                if current is None:
                    continue
            old = [rs for rs in owned if
                   rs['metadata']['uid'] != current['metadata']['uid']]
            ready = (current.get('status') or {}).get('readyReplicas', 0)
            if ready >= spec['replicas']:
                for rs in old:
                    if rs['spec']['replicas']:
                        new = copy.deepcopy(rs)
                        new['spec']['replicas'] = 0
                        self.cluster.update(rs_type, rs, new)
            self._deployment_status(deploy, current, old)

    def _new_replicaset(self, deploy, template_hash, owned):
        metadata, spec = deploy['metadata'], deploy['spec']
        name = '%s-%s' % (metadata['name'], template_hash)
        rs_type = TYPES['replicasets']
        if self.cluster.get(rs_type, metadata['namespace'], name):
            return None
        template = copy.deepcopy(spec['template'])
        template['metadata'].setdefault('labels', {})[
            workloads.HASH_LABEL] = template_hash
        selector = copy.deepcopy(spec['selector'])
        selector.setdefault('matchLabels', {})[
            workloads.HASH_LABEL] = template_hash
        revisions = [(rs['metadata'].get('annotations') or {}).get(
            REVISION_ANNOTATION, '') for rs in owned]
        revision = 1 + max([int(revision) for revision in revisions
                            if revision.isdigit()] or [0])
        return self.cluster.create(rs_type, {
            'apiVersion': 'apps/v1', 'kind': 'ReplicaSet',
            'metadata': {
                'name': name, 'namespace': metadata['namespace'],
                'labels': template['metadata']['labels'],
                'annotations': {REVISION_ANNOTATION: str(revision)},
                'ownerReferences': [cluster_lib.owner_reference(
                    TYPES['deployments'], deploy)]},
            'spec': {'replicas': spec['replicas'], 'selector': selector,
                     'template': template}})

    def _deployment_status(self, deploy, current, old):
        desired = deploy['spec']['replicas']
        states = [rs.get('status') or {} for rs in [current] + old]
        available = sum(state.get('availableReplicas', 0)
                        for state in states)
        updated = (current.get('status') or {}).get('replicas', 0)
        rolled_out = updated == desired and (current.get('status') or {}).get(
            'availableReplicas', 0) == desired and not any(
                (rs.get('status') or {}).get('replicas') for rs in old)
        state = _counts(
            observedGeneration=deploy['metadata']['generation'],
            replicas=sum(state.get('replicas', 0) for state in states),
            updatedReplicas=updated,
            readyReplicas=sum(state.get('readyReplicas', 0)
                              for state in states),
            availableReplicas=available,
            unavailableReplicas=max(0, desired - available))
        state['conditions'] = pods_lib.conditions(
            (deploy.get('status') or {}).get('conditions'), [
                ('Available', 'True', 'MinimumReplicasAvailable',
                 'Deployment has minimum availability.')
                if available >= desired else
                ('Available', 'False', 'MinimumReplicasUnavailable',
                 'Deployment does not have minimum availability.'),
                ('Progressing', 'True', 'NewReplicaSetAvailable',
                 'ReplicaSet "%s" has successfully progressed.'
                 % current['metadata']['name']) if rolled_out else
                ('Progressing', 'True', 'ReplicaSetUpdated',
                 'ReplicaSet "%s" is progressing.'
                 % current['metadata']['name'])], self.now)
        self._set_status(TYPES['deployments'], deploy, state)

    def _replicasets(self):
        rtype = TYPES['replicasets']
        for rs in self.cluster.list(rtype):
            if _deleting(rs):
                continue
            spec, name = rs['spec'], rs['metadata']['name']
            owned = self._owned(rs, 'pods')
            for _ in range(spec['replicas'] - len(owned)):
                self._create_pod(rtype, rs, spec['template'], '%s-%s' % (
                    name, objects.random_suffix()))
            surplus = max(0, len(owned) - spec['replicas'])
            for pod in _victims(owned)[:surplus]:
                self.cluster.delete(TYPES['pods'], pod)
            owned = self._owned(rs, 'pods')
            ready = sum(1 for pod in owned if pods_lib.is_ready(pod))
            self._set_status(rtype, rs, _counts(
                keep=('replicas',), replicas=len(owned),
                fullyLabeledReplicas=len(owned), readyReplicas=ready,
                availableReplicas=ready,
                observedGeneration=rs['metadata']['generation']))

    def _statefulsets(self):
        rtype = TYPES['statefulsets']
        for sts in self.cluster.list(rtype):
            if not _deleting(sts):
                self._statefulset(rtype, sts)

    def _statefulset(self, rtype, sts):
        """Pods name-0, name-1, ... each once the one before is Ready
        (OrderedReady); scale-down and updates from the highest."""
        spec, name = sts['spec'], sts['metadata']['name']
        revision = '%s-%s' % (name, workloads.template_hash(spec['template']))
        ordered = spec.get('podManagementPolicy') != 'Parallel'
        owned = {pod['metadata']['name']: pod
                 for pod in self._owned(sts, 'pods')}
        for index in range(spec['replicas']):
            pod_name = '%s-%d' % (name, index)
            pod = owned.get(pod_name)
            if pod is None:
                self._claims(sts, index)
                self._create_pod(rtype, sts, _with_hostname(
                    spec, pod_name), pod_name, labels={
                        workloads.REVISION_LABEL: revision,
                        'statefulset.kubernetes.io/pod-name': pod_name,
                        'apps.kubernetes.io/pod-index': str(index)})
                if ordered:
                    break
            elif ordered and not pods_lib.is_ready(pod):
                break
        else:
            extra = sorted((pod for pod_name, pod in owned.items()
                            if _ordinal(pod_name) >= spec['replicas']),
                           key=lambda pod: -_ordinal(pod['metadata']['name']))
            outdated = sorted((pod for pod in owned.values() if pod[
                'metadata']['labels'].get(workloads.REVISION_LABEL) !=
                revision), key=lambda pod: -_ordinal(pod['metadata']['name']))
            if extra:
                self.cluster.delete(TYPES['pods'], extra[0])
            elif outdated and all(pods_lib.is_ready(pod)
                                  for pod in owned.values()):
                self.cluster.delete(TYPES['pods'], outdated[0])
        owned = self._owned(sts, 'pods')
        ready = sum(1 for pod in owned if pods_lib.is_ready(pod))
        updated = sum(1 for pod in owned if pod['metadata']['labels'].get(
            workloads.REVISION_LABEL) == revision)
        state = _counts(keep=('replicas',), replicas=len(owned),
                        readyReplicas=ready, availableReplicas=ready,
                        currentReplicas=updated, updatedReplicas=updated,
                        observedGeneration=sts['metadata']['generation'])
        state.update(currentRevision=revision, updateRevision=revision,
                     collisionCount=0)
        self._set_status(rtype, sts, state)

    def _claims(self, sts, index):
        """A StatefulSet's claims outlive its Pods, as in Kubernetes."""
        rtype = TYPES['persistentvolumeclaims']
        namespace = sts['metadata']['namespace']
        labels = sts['spec']['selector'].get('matchLabels') or {}
        for template in sts['spec']['volumeClaimTemplates']:
            name = '%s-%s-%d' % (template['metadata']['name'],
                                 sts['metadata']['name'], index)
            if self.cluster.get(rtype, namespace, name) is None:
                metadata = dict(copy.deepcopy(template['metadata']),
                                name=name, namespace=namespace)
                metadata['labels'] = dict(metadata.get('labels') or {},
                                          **labels)
                self.cluster.create(rtype, {
                    'apiVersion': 'v1', 'kind': 'PersistentVolumeClaim',
                    'metadata': metadata,
                    'spec': copy.deepcopy(template.get('spec') or {})})

    def _daemonsets(self):
        rtype = TYPES['daemonsets']
        for ds in self.cluster.list(rtype):
            if _deleting(ds):
                continue
            spec, name = ds['spec'], ds['metadata']['name']
            revision = workloads.template_hash(spec['template'])
            owned = self._owned(ds, 'pods')
            # A node without its Pod counts as unavailable.
            available = len(owned) == len(cluster_lib.NODES)
            for node in cluster_lib.NODES:
                on_node = [pod for pod in owned
                           if pod['spec'].get('nodeName') == node]
                if not on_node:
                    self._create_pod(rtype, ds, spec['template'], '%s-%s' % (
                        name, objects.random_suffix()), labels={
                            workloads.REVISION_LABEL: revision}, node=node)
                for pod in on_node[1:]:
                    self.cluster.delete(TYPES['pods'], pod)
            outdated = [pod for pod in owned if pod['metadata']['labels'].get(
                workloads.REVISION_LABEL) != revision]
            # As the real controller (maxUnavailable 1): outdated Pods
            # that are not Ready go at once (as in a rollback of a rollout
            # stuck on a bad template), Ready ones one at a time, while
            # every node has a Ready Pod.
            broken = [pod for pod in outdated if not pods_lib.is_ready(pod)]
            for pod in broken:
                self.cluster.delete(TYPES['pods'], pod)
            if outdated and not broken and available and all(
                    pods_lib.is_ready(pod) for pod in owned):
                self.cluster.delete(TYPES['pods'], outdated[0])
            owned = self._owned(ds, 'pods')
            ready = sum(1 for pod in owned if pods_lib.is_ready(pod))
            nodes = len(cluster_lib.NODES)
            self._set_status(rtype, ds, _counts(
                keep=('desiredNumberScheduled', 'currentNumberScheduled',
                      'numberReady', 'numberMisscheduled'),
                desiredNumberScheduled=nodes,
                currentNumberScheduled=len({pod['spec'].get('nodeName')
                                            for pod in owned}),
                numberMisscheduled=0, numberReady=ready,
                numberAvailable=ready, numberUnavailable=nodes - ready,
                updatedNumberScheduled=sum(
                    1 for pod in owned if pod['metadata']['labels'].get(
                        workloads.REVISION_LABEL) == revision),
                observedGeneration=ds['metadata']['generation']))

    def _jobs(self):
        rtype = TYPES['jobs']
        for job in self.cluster.list(rtype):
            if _deleting(job):
                continue
            spec, name = job['spec'], job['metadata']['name']
            owned = self._owned(job, 'pods')
            phases = [(pod.get('status') or {}).get('phase') for pod in owned]
            succeeded = phases.count('Succeeded')
            active = sum(1 for pod in owned if pods_lib.is_active(pod))
            wanted = min(spec['parallelism'],
                         spec['completions'] - succeeded) - active
            uid = job['metadata']['uid']
            for _ in range(max(0, wanted)):
                self._create_pod(rtype, job, spec['template'], '%s-%s' % (
                    name, objects.random_suffix()), labels={
                        'batch.kubernetes.io/controller-uid': uid,
                        'controller-uid': uid})
            old = job.get('status') or {}
            state = _counts(
                active=active + max(0, wanted), succeeded=succeeded,
                failed=phases.count('Failed'),
                ready=sum(1 for pod in owned if pods_lib.is_ready(pod)))
            state['startTime'] = old.get('startTime') or \
                objects.timestamp(self.now)
            if succeeded >= spec['completions']:
                state['completionTime'] = old.get('completionTime') or \
                    objects.timestamp(self.now)
                state['conditions'] = pods_lib.conditions(
                    old.get('conditions'), [
                        ('SuccessCriteriaMet', 'True', 'CompletionsReached',
                         'Reached expected number of succeeded pods'),
                        ('Complete', 'True', 'CompletionsReached',
                         'Reached expected number of succeeded pods')],
                    self.now)
            self._set_status(rtype, job, state)

    # ---- the kubelet --------------------------------------------------

    def _kubelet(self):
        """Pods: scheduled, then (after ``--delay``) started, and a Job's
        Pods succeed ``--delay`` after they start."""
        rtype = TYPES['pods']
        faults = self.store.get_meta(pods_lib.FAULTS_KEY, {})
        waiting = self.store.future_due(rtype.resource, self.now)
        for pod in self.cluster.list(rtype):
            if _deleting(pod):
                continue
            metadata = pod['metadata']
            phase = (pod.get('status') or {}).get('phase')
            due = None
            if phase is None:
                new = copy.deepcopy(pod)
                new['spec'].setdefault('nodeName', cluster_lib.NODES[
                    sum(map(ord, metadata['name'])) % len(cluster_lib.NODES)])
                new['status'] = pods_lib.scheduled(new, self.now)
                due = self.now + self.delay
            elif (metadata['namespace'], metadata['name']) in waiting:
                continue
            elif phase == 'Pending':
                new = dict(pod, status=pods_lib.started(pod, faults,
                                                        self.now))
                if pods_lib.owner_kind(pod) == 'Job':
                    due = self.now + self.delay
            elif phase == 'Running' and pods_lib.owner_kind(pod) == 'Job':
                new = dict(pod, status=pods_lib.completed(pod, self.now))
            else:
                continue
            if new != pod:
                self.cluster.update(rtype, pod, new)
                if due is not None:
                    self.store.save_object(rtype.resource, new, due)


def _with_hostname(spec, pod_name):
    template = copy.deepcopy(spec['template'])
    template.setdefault('spec', {})['hostname'] = pod_name
    if spec.get('serviceName'):
        template['spec']['subdomain'] = spec['serviceName']
    return template


def _ordinal(pod_name):
    suffix = pod_name.rpartition('-')[2]
    return int(suffix) if suffix.isdigit() else -1
