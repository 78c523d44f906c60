"""The Kubernetes infra driver: a VNF (a CNF) is the objects of the
manifests its INSTANTIATE names (``additionalParams``
``lcm-kubernetes-def-files``), in one namespace, each labelled as the VNF
instance's own (``manifests.OWNER_LABEL``).

Instantiate creates them in dependency order and waits until each is
ready (``readiness``); scale sets the replicas of a VDU's workload
through its scale subresource; heal deletes the named Pods and waits
for their replacements (a bare Pod is re-created from its manifest), or
re-creates every workload; terminate deletes the objects in reverse
order, dependents first. Objects this instance did not create are never
adopted, changed or deleted. CustomResourceDefinitions are the
exception, being cluster-wide definitions that several VNFs (of one
package, say) share: an existing one is used as it is, and one Tacker
created is deleted with the last custom resource of its kinds. After
each step the VNF's Pods are read back into instantiatedVnfInfo
(``inventory``).
"""
import dataclasses

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import kubernetes_manifests
from tacker.common import sizing
from tacker.drivers.infra import base
from tacker.drivers.infra.kubernetes import cluster as k8s_cluster
from tacker.drivers.infra.kubernetes import inventory
from tacker.drivers.infra.kubernetes import manifests
from tacker.drivers.infra import results
from tacker.drivers import kubernetes_client

KUBERNETES = infra_requirements.KUBERNETES
# A ReplicaSet removes the Pods of the lowest cost first: how a scale in
# removes the newest VNFCs (``sizing.scale_in_victims``), as on other
# VIMs. StatefulSets remove their highest ordinals, the newest, anyway.
DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost'


@dataclasses.dataclass(frozen=True)
class _Cnf:
    """What a step deploys: the manifests' ``objects`` as created (in
    creation order), the VDUs' workloads among them, where."""

    namespace: str
    def_files: list
    objects: list
    workloads: dict


class KubernetesDriver(base.InfraDriver):
    """CNFs as labelled objects on a Kubernetes VIM."""

    def validate(self, request):
        infra_requirements.check_driver(
            KUBERNETES, request.operation, request.flavour_id,
            request.package_dir, request.additional_params, request.flavour)
        if request.operation == base.INSTANTIATE:
            sizing.check_instantiate(request.flavour, request.params)
        elif request.operation in base.SCALING:
            plan = sizing.scale_plan(request.flavour, request.current,
                                     request.params)
            _check_scalable(self._cnf(request), _resized(request,
                                                         plan.target))
        elif request.operation == base.HEAL:
            sizing.heal_targets(request.current, request.params)

    def _cnf(self, request, replicas=None):
        """The CNF of the request: its manifests from the INSTANTIATE's
        additionalParams, or as an earlier step recorded them.

        :raises InvalidAdditionalParam, PackageNotDeployable: as
            ``infra_requirements.kubernetes_objects``.
        """
        namespace, def_files = inventory.recorded(request.current)
        params = dict(request.additional_params)
        if def_files and not params.get(kubernetes_manifests.DEF_FILES):
            params[kubernetes_manifests.DEF_FILES] = def_files
        objects = infra_requirements.kubernetes_objects(
            request.package_dir, params, request.flavour, self.conf)
        namespace = (namespace or kubernetes_manifests.namespace(params)
                     or kubernetes_manifests.manifest_namespace(objects)
                     or kubernetes_client.namespace(request.vim_connection))
        workloads = kubernetes_manifests.vdu_workloads(request.flavour,
                                                       objects)
        if replicas is None:
            replicas = sizing.vnfcs_per_vdu(
                request.flavour, (request.current or {}).get(
                    'vnfcResourceInfo') or [])
        prepared = manifests.prepare(objects, request.instance_id,
                                     workloads, replicas)
        by_key = {manifests.key(obj): obj for obj in prepared}
        return _Cnf(namespace,
                    params[kubernetes_manifests.DEF_FILES], prepared,
                    {vdu_id: by_key[manifests.key(workload)]
                     for vdu_id, workload in workloads.items()})

    def _connect(self, request):
        return k8s_cluster.connect(request.vim_connection, self.conf,
                                   request.cancellation)

    def _read(self, request, cluster, cnf, scale_levels):
        pods = cluster.list('v1', 'Pod', cnf.namespace,
                            {manifests.OWNER_LABEL: request.instance_id})
        vnfcs = inventory.vnfcs(pods, cnf.workloads, request.instance_id,
                                request.vim_connection.get('id'))
        return inventory.instantiated_info(request.flavour_id, scale_levels,
                                           vnfcs, cnf.namespace,
                                           cnf.def_files)

    def _vdu_pods(self, request, cluster, cnf, vdu_id):
        return lambda: cluster.list(
            'v1', 'Pod', cnf.namespace,
            {manifests.OWNER_LABEL: request.instance_id,
             manifests.VDU_LABEL: vdu_id})

    def _wait_ready(self, request, cluster, cnf, objects):
        vdu_of = {manifests.key(workload): vdu_id
                  for vdu_id, workload in cnf.workloads.items()}
        for obj in objects:
            vdu_id = vdu_of.get(manifests.key(obj))
            cluster.wait_ready(obj, cnf.namespace, None if vdu_id is None
                               else self._vdu_pods(request, cluster, cnf,
                                                   vdu_id))

    def _create(self, request, cluster, cnf, obj):
        """Create ``obj`` unless this instance already did (a retry) or,
        for a CustomResourceDefinition, it exists at all.

        :raises KubernetesObjectNotOwned: it exists and is not ours.
        """
        existing = cluster.get(obj, cnf.namespace)
        if existing is not None and obj['kind'] != manifests.CRD:
            owner = manifests.owner(existing)
            if owner != request.instance_id:
                raise exceptions.KubernetesObjectNotOwned(
                    kind=obj['kind'], name=obj['metadata']['name'],
                    owner='VNF instance %s' % owner if owner
                    else 'no VNF instance', instance_id=request.instance_id)
            return
        if existing is None:
            cluster.create(obj, cnf.namespace)
        if obj['kind'] == manifests.CRD:
            # Its custom resources can be created once it is served.
            cluster.wait_ready(obj, cnf.namespace)

    def instantiate(self, request):
        level_id = request.params.get('instantiationLevelId')
        cnf = self._cnf(request, sizing.instances_per_vdu(request.flavour,
                                                          level_id))
        with self._connect(request) as cluster:
            cluster.start_clock()
            for obj in cnf.objects:
                request.cancellation.check()
                self._create(request, cluster, cnf, obj)
            self._wait_ready(request, cluster, cnf, cnf.objects)
            info = self._read(request, cluster, cnf, sizing.scale_levels(
                request.flavour, level_id))
        return results.diff(None, info)

    def scale(self, request):
        current = request.current or {}
        plan = sizing.scale_plan(request.flavour, current, request.params)
        cnf = self._cnf(request, plan.target)
        resized = _resized(request, plan.target)
        _check_scalable(cnf, resized)
        with self._connect(request) as cluster:
            for vnfc in plan.removed:
                cluster.annotate(_pod(vnfc), cnf.namespace,
                                 {DELETION_COST: '-1000'})
            self._resize(request, cluster, cnf, resized)
            info = self._read(request, cluster, cnf, plan.levels)
        return results.diff(current, info)

    def _resize(self, request, cluster, cnf, replicas):
        cluster.start_clock()
        for vdu_id, count in sorted(replicas.items()):
            request.cancellation.check()
            cluster.scale(cnf.workloads[vdu_id], cnf.namespace, count)
        self._wait_ready(request, cluster, cnf,
                         [cnf.workloads[vdu_id] for vdu_id in
                          sorted(replicas)])

    def heal(self, request):
        current = request.current or {}
        targets = sizing.heal_targets(current, request.params)
        cnf = self._cnf(request)
        with self._connect(request) as cluster:
            cluster.start_clock()
            if request.params.get('vnfcInstanceId'):
                self._replace_pods(request, cluster, cnf, targets)
            else:
                self._recreate_workloads(request, cluster, cnf)
            info = self._read(request, cluster, cnf,
                              sizing.scale_levels_of(current))
        return results.diff(current, info)

    def _replace_pods(self, request, cluster, cnf, vnfcs):
        """Delete the Pods of ``vnfcs``; done when they are gone and their
        workloads ready again (a bare Pod re-created first)."""
        pods = [(vnfc['vduId'], _pod(vnfc)) for vnfc in vnfcs]
        for _, pod in pods:
            request.cancellation.check()
            cluster.delete(pod, cnf.namespace)
        for vdu_id, pod in pods:
            cluster.wait_gone(pod, cnf.namespace)
            workload = cnf.workloads[vdu_id]
            if workload['kind'] == 'Pod':
                cluster.create(workload, cnf.namespace)
        self._wait_ready(request, cluster, cnf, [
            cnf.workloads[vdu_id] for vdu_id in sorted(
                {vdu_id for vdu_id, _ in pods})])

    def _recreate_workloads(self, request, cluster, cnf):
        workloads = [obj for obj in cnf.objects
                     if obj['kind'] in kubernetes_manifests.WORKLOAD_KINDS]
        self._delete_owned(request, cluster, cnf, workloads)
        for obj in workloads:
            request.cancellation.check()
            cluster.create(obj, cnf.namespace)
        self._wait_ready(request, cluster, cnf, workloads)

    def _delete_owned(self, request, cluster, cnf, objects):
        """Delete those of ``objects`` that carry this instance's label,
        in reverse creation order, and wait until they are gone; then
        the CustomResourceDefinitions among them that Tacker created
        and no custom resource uses any more."""
        self._delete(request, cluster, cnf, [
            obj for obj in reversed(objects) if obj['kind'] != manifests.CRD
        ], lambda existing: manifests.owner(existing) == request.instance_id)
        self._delete(request, cluster, cnf, [
            obj for obj in objects if obj['kind'] == manifests.CRD
        ], lambda existing: manifests.owner(existing) is not None
            and not cluster.defines_objects(existing))

    def _delete(self, request, cluster, cnf, objects, deletable):
        """Delete those of ``objects`` that exist and are
        ``deletable(existing)``, in their order, and wait until they are
        gone."""
        deleted = []
        for obj in objects:
            request.cancellation.check()
            existing = cluster.get(obj, cnf.namespace)
            if existing is None or not deletable(existing):
                continue
            cluster.delete(obj, cnf.namespace)
            deleted.append(obj)
        for obj in deleted:
            cluster.wait_gone(obj, cnf.namespace)

    def terminate(self, request):
        base.wait_graceful_termination(request)
        self._remove(request)
        return results.removal(request.current)

    def _remove(self, request):
        cnf = self._cnf(request)
        with self._connect(request) as cluster:
            cluster.start_clock()
            self._delete_owned(request, cluster, cnf, cnf.objects)

    def change_ext_conn(self, request):
        """Always refused, as ``infra_requirements`` tells the API.

        :raises OperationNotSupported
        """
        infra_requirements.check_driver(
            KUBERNETES, request.operation, request.flavour_id,
            request.package_dir, request.additional_params)

    def rollback(self, request):
        """INSTANTIATE: delete what this instance created. SCALE (out):
        return each VDU's workload to the replicas of
        ``request.current``."""
        if request.operation == base.INSTANTIATE:
            self._remove(request)
            return results.removal(request.current)
        current = request.current or {}
        cnf = self._cnf(request)
        levels = sizing.scale_levels_of(current)
        kept = {vnfc['id'] for vnfc in current.get('vnfcResourceInfo') or []}
        with self._connect(request) as cluster:
            before = self._read(request, cluster, cnf, levels)
            for vnfc in before['vnfcResourceInfo']:
                if vnfc['id'] not in kept:
                    cluster.annotate(_pod(vnfc), cnf.namespace,
                                     {DELETION_COST: '-1000'})
            self._resize(request, cluster, cnf, {
                vdu_id: count for vdu_id, count in sizing.vnfcs_per_vdu(
                    request.flavour, current.get('vnfcResourceInfo') or []
                ).items() if cnf.workloads[vdu_id]['kind'] in
                kubernetes_manifests.SCALABLE_KINDS})
            info = self._read(request, cluster, cnf, levels)
        return results.diff(before, info)

    def reconcile(self, request):
        """The VNF's Pods now (the cluster replaces failed Pods on its
        own), or None when they are still those of ``request.current``."""
        current = request.current or {}
        cnf = self._cnf(request)
        with self._connect(request) as cluster:
            info = self._read(request, cluster, cnf,
                              sizing.scale_levels_of(current))
        if _pod_names(info) == _pod_names(current):
            return None
        return dict(current, vnfcResourceInfo=info['vnfcResourceInfo'])


def _resized(request, target):
    """{vduId: VNFCs} of the VDUs whose number of VNFCs ``target``
    ({vduId: VNFCs}) changes."""
    before = sizing.vnfcs_per_vdu(request.flavour, (
        request.current or {}).get('vnfcResourceInfo') or [])
    return {vdu_id: count for vdu_id, count in target.items()
            if count != before.get(vdu_id)}


def _check_scalable(cnf, resized):
    """:raises PackageNotDeployable: a VDU to resize is a workload
        without replicas (a DaemonSet, Pod or Job)."""
    for vdu_id in sorted(resized):
        kind = cnf.workloads[vdu_id]['kind']
        if kind not in kubernetes_manifests.SCALABLE_KINDS:
            raise exceptions.PackageNotDeployable(
                driver=KUBERNETES,
                reason='VDU %s is a %s, which has no replicas to scale'
                       % (vdu_id, kind))


def _pod(vnfc):
    """The Pod of a VnfcResourceInfo, as an object reference."""
    return {'apiVersion': 'v1', 'kind': 'Pod',
            'metadata': {'name': vnfc['computeResource']['resourceId']}}


def _pod_names(info):
    return [vnfc['computeResource']['resourceId']
            for vnfc in (info or {}).get('vnfcResourceInfo') or []]
