"""The Kubernetes infra driver: a VNF (a CNF) is the objects of the
manifests its INSTANTIATE names (``additionalParams``
``lcm-kubernetes-def-files``), in one namespace, each labelled as the VNF
instance's own (``manifests.OWNER_LABEL``).

Instantiate creates them in dependency order and waits until each is
ready (``readiness``); scale sets the replicas of a VDU's workload
through its scale subresource; heal deletes the named Pods and waits
for their replacements (a bare Pod is re-created from its manifest), or
re-creates every workload; terminate deletes the objects in reverse
order, dependents first; change_vnfpkg rolls the changed VDUs'
workloads to the new package's manifests, and change_flavour moves the
CNF to the manifests of its new flavour in the same way. Objects this
instance did not create are never adopted, changed or deleted.
CustomResourceDefinitions are the exception, being cluster-wide
definitions that several VNFs (of one package, say) share: an existing
one is used as it is, and one Tacker created is deleted with the last
custom resource of its kinds. After each step the VNF's Pods are read
back into instantiatedVnfInfo (``inventory``).
"""
import dataclasses

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import kubernetes_manifests
from tacker.common import sizing
from tacker.drivers.infra import base
from tacker.drivers.infra import coordination
from tacker.drivers.infra.kubernetes import cluster as k8s_cluster
from tacker.drivers.infra.kubernetes import inventory
from tacker.drivers.infra.kubernetes import manifests
from tacker.drivers.infra.kubernetes import readiness
from tacker.drivers.infra import results
from tacker.drivers import kubernetes_client

KUBERNETES = infra_requirements.KUBERNETES
# A ReplicaSet removes the Pods of the lowest cost first: how a scale in
# removes the newest VNFCs (``sizing.scale_in_victims``), as on other
# VIMs. StatefulSets remove their highest ordinals, the newest, anyway.
DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost'
# Workloads whose Pod template Kubernetes does not let change: a package
# change re-creates them.
RECREATED_KINDS = ('Pod', 'Job')
# The operations that move the CNF to other manifests (``_move``).
CHANGES = (base.CHANGE_VNFPKG, base.CHANGE_FLAVOUR)


@dataclasses.dataclass(frozen=True)
class _Cnf:
    """What a step deploys: the manifests' ``objects`` as created (in
    creation order), the VDUs' workloads among them, where, and in which
    flavour."""

    namespace: str
    def_files: list
    objects: list
    workloads: dict
    flavour_id: str


class KubernetesDriver(base.InfraDriver):
    """CNFs as labelled objects on a Kubernetes VIM."""

    def validate(self, request):
        base.check_requirements(KUBERNETES, request)
        if request.operation == base.CHANGE_VNFPKG:
            self._change(request)
        elif request.operation == base.CHANGE_FLAVOUR:
            self._flavours(request)
        elif request.operation == base.INSTANTIATE:
            sizing.check_instantiate(request.flavour, request.params)
        elif request.operation in base.SCALING:
            plan = sizing.scale_plan(request.flavour, request.current,
                                     request.params)
            _check_scalable(self._cnf(request), _resized(request,
                                                         plan.target))
        elif request.operation == base.HEAL:
            sizing.heal_targets(request.current, request.params)

    def _cnf(self, request, replicas=None, target=False):
        """The CNF of the request: its manifests from the INSTANTIATE's
        additionalParams, or as an earlier step recorded them. Of a
        CHANGE_VNFPKG or CHANGE_FLAVOUR, whose additionalParams name the
        new package's or flavour's manifests, the CNF the instance is,
        or with ``target`` the one it becomes: the new manifests (of a
        CHANGE_VNFPKG by default at the paths recorded) in the new
        flavour, by default with each VDU's VNFCs of now (a VDU new to
        the flavour with its instantiation's).

        :raises InvalidAdditionalParam, PackageNotDeployable: as
            ``infra_requirements.kubernetes_objects``.
        """
        namespace, def_files = inventory.recorded(request.current)
        package_dir, flavour = request.package_dir, request.flavour
        flavour_id = request.flavour_id
        params = dict(request.additional_params)
        if request.operation in CHANGES:
            if target:
                package_dir = request.target_package_dir
                flavour = request.target_flavour
                flavour_id = flavour.get('flavour_id', flavour_id)
            else:
                params = {}
        if def_files and not params.get(kubernetes_manifests.DEF_FILES):
            params[kubernetes_manifests.DEF_FILES] = def_files
        objects = infra_requirements.kubernetes_objects(
            package_dir, params, flavour, self.conf)
        namespace = (namespace or kubernetes_manifests.namespace(params)
                     or kubernetes_manifests.manifest_namespace(objects)
                     or kubernetes_client.namespace(request.vim_connection))
        workloads = kubernetes_manifests.vdu_workloads(flavour, objects)
        if replicas is None:
            replicas = dict(sizing.instances_per_vdu(flavour),
                            **sizing.vnfcs_per_vdu(
                                request.flavour, (request.current or {}).get(
                                    'vnfcResourceInfo') or []))
        prepared = manifests.prepare(objects, request.instance_id,
                                     workloads, replicas)
        by_key = {manifests.key(obj): obj for obj in prepared}
        return _Cnf(namespace,
                    params[kubernetes_manifests.DEF_FILES], prepared,
                    {vdu_id: by_key[manifests.key(workload)]
                     for vdu_id, workload in workloads.items()},
                    flavour_id)

    def _connect(self, request):
        return k8s_cluster.connect(request.vim_connection, self.conf,
                                   request.cancellation)

    def _read(self, request, cluster, cnf, scale_levels):
        pods = cluster.list('v1', 'Pod', cnf.namespace,
                            {manifests.OWNER_LABEL: request.instance_id})
        vnfcs = inventory.vnfcs(pods, cnf.workloads, request.instance_id,
                                request.vim_connection.get('id'))
        return inventory.instantiated_info(cnf.flavour_id, scale_levels,
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

    def change_vnfpkg(self, request):
        """Move the CNF to the new package's manifests with a rolling
        update (SOL003 v3.3.1 5.4.11a; ``_change`` says which VDUs move):

        1. the objects of the new manifests that the old ones lack are
           created (the instance's, as at INSTANTIATE), so that a new
           workload finds its new ConfigMaps, Secrets and Services;
        2. each changed VDU's workload in turn gets the new manifest's
           spec, keeping its replicas (the scale level) and labels, and
           is waited for until its Pods all run the new spec, are Ready
           and the old ones gone (``_roll``); then the package's
           coordination script runs for each of its new VNFCs;
        3. the objects of the old manifests that the new ones lack are
           deleted, as a TERMINATE would have.

        Other objects are left as they are, even where the new manifests
        define them differently: unchanged VDUs use them too, and a
        change to them would reach those VDUs' Pods without a rollout to
        wait for or roll back. A package changes configuration by
        shipping it under a new name, which the changed workloads refer
        to. Afterwards the instance records the new manifests.

        :raises CoordinationFailed: a coordination script failed.
        :raises KubernetesObjectNotOwned, VimOperationFailed
        """
        old, new, vdus = self._change(request)
        current = request.current or {}
        with self._connect(request) as cluster:
            cluster.start_clock()
            self._move(request, cluster, old, new, vdus, current)
            info = self._read(request, cluster, new,
                              sizing.scale_levels_of(current))
        return results.diff(current, info)

    def _change(self, request):
        """(the CNF now, the CNF of the new package, the VDUs to move) of
        a CHANGE_VNFPKG: the VDUs vdu_params names, else those whose
        workload the new manifests change.

        :raises PackageNotCompatible, PackageNotDeployable: as
            ``_check_change``, or as ``_cnf``.
        :raises InvalidAdditionalParam: as ``_cnf``.
        """
        old, new = self._cnf(request), self._cnf(request, target=True)
        vdus = [vdu_id for vdu_id in request.target_flavour['vdus']
                if infra_requirements.vdu_param(request.additional_params,
                                                vdu_id)]
        vdus = vdus or [vdu_id for vdu_id in request.target_flavour['vdus']
                        if old.workloads.get(vdu_id) != new.workloads[vdu_id]]
        _check_change(request, old, new, vdus)
        return old, new, vdus

    def change_flavour(self, request):
        """Redeploy the CNF in its new flavour (SOL003 5.4.7): the
        manifests its additionalParams name (lcm-kubernetes-def-files,
        as at INSTANTIATE), each VDU's workload with the replicas of the
        requested instantiation level (the flavour's default one
        otherwise), in the VNF's namespace. It moves as ``change_vnfpkg``
        does (``_move``): the objects only the new manifests have are
        created, the VDUs' workloads both have are replaced by the new
        ones, replicas included, one by one, and the objects only the
        old manifests have are deleted; other objects both have are
        left as they are. The instance then records the new manifests.

        :raises KubernetesObjectNotOwned, VimOperationFailed
        """
        old, new = self._flavours(request)
        current = request.current or {}
        with self._connect(request) as cluster:
            cluster.start_clock()
            self._move(request, cluster, old, new, _shared(old, new),
                       current)
            info = self._read(request, cluster, new, sizing.scale_levels(
                request.target_flavour,
                request.params.get('instantiationLevelId')))
        return results.diff(current, info)

    def _flavours(self, request):
        """(the CNF now, the CNF of the new flavour at the requested
        level) of a CHANGE_FLAVOUR.

        :raises InvalidAdditionalParam, PackageNotDeployable: as
            ``_cnf`` or ``_check_flavour_change``.
        """
        old = self._cnf(request)
        new = self._cnf(request, sizing.instances_per_vdu(
            request.target_flavour,
            request.params.get('instantiationLevelId')), target=True)
        _check_flavour_change(request, old, new)
        return old, new

    def _move(self, request, cluster, source, target, vdus, current,
              rollback=False):
        """Move the CNF from ``source`` to ``target`` (as
        ``change_vnfpkg`` says), the workloads of ``vdus`` that
        ``target`` has one by one (``_roll``); of a CHANGE_VNFPKG, the
        VNFCs that are not in instantiatedVnfInfo ``current`` are
        coordinated (with the old package's script when ``rollback``).
        Each step skips what is done already, so a move can be repeated
        from wherever it stopped."""
        had = {manifests.identity(obj) for obj in source.objects}
        added = [obj for obj in target.objects
                 if manifests.identity(obj) not in had]
        for obj in added:
            request.cancellation.check()
            self._create(request, cluster, target, obj)
        self._wait_ready(request, cluster, target, added)
        known = {vnfc['id'] for vnfc in current.get('vnfcResourceInfo')
                 or []}
        for vdu_id in vdus:
            if vdu_id not in target.workloads:
                continue
            self._roll(request, cluster, target, vdu_id)
            if request.operation == base.CHANGE_VNFPKG:
                self._coordinate(request, cluster, target, vdu_id, known,
                                 rollback)
        kept = {manifests.identity(obj) for obj in target.objects}
        self._delete_owned(request, cluster, source, [
            obj for obj in source.objects
            if manifests.identity(obj) not in kept])

    def _roll(self, request, cluster, cnf, vdu_id):
        """Give the VDU's workload its spec of ``cnf``, with the replicas
        it has (a package change keeps the scale level) or, of a change
        of flavour, those of ``cnf``, and wait until the rollout is
        done. A Pod or Job (whose template Kubernetes does not
        let change) is re-created if it runs other images; a ReplicaSet
        (which leaves its Pods as they are) has its Pods that do not run
        its template replaced one at a time; the other workloads roll
        their Pods themselves, but a StatefulSet leaves a Pod of another
        template that is not Ready (a rollback of a rollout that got
        stuck), so such Pods are deleted. Replacing a workload with the
        spec it has changes nothing, so no Pod is replaced.

        :raises VimOperationFailed: the workload is not the instance's,
            or the cluster failed or timed out.
        """
        workload = cnf.workloads[vdu_id]
        request.cancellation.check()
        live = cluster.get(workload, cnf.namespace)
        if live is None:
            # Deleted to be re-created when the step stopped.
            cluster.create(workload, cnf.namespace)
        elif manifests.owner(live) != request.instance_id:
            raise exceptions.VimOperationFailed(
                action='replace ' + manifests.describe(workload),
                reason='it does not belong to VNF instance %s'
                       % request.instance_id)
        elif workload['kind'] in RECREATED_KINDS:
            if not manifests.runs(manifests.pod_template(workload),
                                  manifests.pod_template(live)):
                cluster.delete(workload, cnf.namespace)
                cluster.wait_gone(workload, cnf.namespace)
                cluster.create(workload, cnf.namespace)
        else:
            cluster.replace(manifests.replacement(
                workload, live,
                keep_replicas=request.operation == base.CHANGE_VNFPKG),
                cnf.namespace)
            if workload['kind'] in ('ReplicaSet', 'StatefulSet'):
                self._replace_outdated_pods(
                    request, cluster, cnf, vdu_id,
                    broken_only=workload['kind'] == 'StatefulSet')
        self._wait_ready(request, cluster, cnf, [workload])
        cluster.wait_terminated(workload, self._vdu_pods(
            request, cluster, cnf, vdu_id))

    def _replace_outdated_pods(self, request, cluster, cnf, vdu_id,
                               broken_only=False):
        """Delete the VDU's Pods that do not run its workload's template,
        one at a time, each once the workload is ready again; with
        ``broken_only``, those of them that are not Ready, at once."""
        workload = cnf.workloads[vdu_id]
        template = manifests.pod_template(workload)
        for pod in self._vdu_pods(request, cluster, cnf, vdu_id)():
            if pod['metadata'].get('deletionTimestamp') or \
                    manifests.runs(template, pod):
                continue
            if not broken_only:
                self._wait_ready(request, cluster, cnf, [workload])
            elif readiness.pod_problem(pod) is None:
                continue
            request.cancellation.check()
            cluster.delete(pod, cnf.namespace)
            cluster.wait_gone(pod, cnf.namespace)

    def _coordinate(self, request, cluster, cnf, vdu_id, known, rollback):
        """Run the package's coordination script for each VNFC of the VDU
        whose id is not ``known``, oldest first, with its Pod's IP.

        :raises CoordinationFailed: as ``coordination.coordinate``.
        """
        pods = self._vdu_pods(request, cluster, cnf, vdu_id)()
        addresses = {pod['metadata']['name']: (pod.get('status') or {}).get(
            'podIP') for pod in pods}
        for vnfc in inventory.vnfcs(pods, cnf.workloads, request.instance_id,
                                    request.vim_connection.get('id')):
            if vnfc['id'] in known:
                continue
            request.cancellation.check()
            coordination.coordinate(
                request, vnfc, addresses[vnfc['computeResource'][
                    'resourceId']], self.conf.vnf_lcm.coordination_timeout,
                rollback=rollback)

    def rollback(self, request):
        """INSTANTIATE: delete what this instance created. SCALE (out):
        return each VDU's workload to the replicas of
        ``request.current``. CHANGE_VNFPKG: move the CNF back to the old
        package's manifests (``request.package_dir``, those
        ``request.current`` records) as ``change_vnfpkg`` moved it
        forward, running the old package's coordination script for each
        VNFC returned. CHANGE_FLAVOUR: move it back likewise to the old
        flavour's manifests (those ``request.current`` records), each
        VDU's workload with its VNFCs of ``request.current``. Either
        whatever the failed change did or did not do (it may be
        repeated)."""
        if request.operation == base.INSTANTIATE:
            self._remove(request)
            return results.removal(request.current)
        if request.operation in CHANGES:
            return self._rollback_change(request)
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

    def _rollback_change(self, request):
        if request.operation == base.CHANGE_VNFPKG:
            old, new, vdus = self._change(request)
        else:
            old, new = self._flavours(request)
            vdus = _shared(new, old)
        levels = sizing.scale_levels_of(request.current)
        with self._connect(request) as cluster:
            cluster.start_clock()
            # The VNFCs of the VDUs of either flavour there are now.
            before = self._read(request, cluster, dataclasses.replace(
                new, workloads=dict(old.workloads, **new.workloads)), levels)
            self._move(request, cluster, new, old, vdus, before,
                       rollback=True)
            info = self._read(request, cluster, old, levels)
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


def _check_change(request, old, new, vdus):
    """Refuse a package change from the CNF ``old`` to ``new`` that
    moves ``vdus`` and that a rolling update cannot make.

    :raises PackageNotCompatible: the new manifests move the CNF to
        another namespace, or a VDU's workload to another name or kind,
        or have it select other Pods (Kubernetes keeps a selector).
    :raises PackageNotDeployable: a workload to move updates its Pods
        only when they are deleted (updateStrategy OnDelete).
    """
    def incompatible(reason):
        return exceptions.PackageNotCompatible(
            vnfd_id=request.params.get('vnfdId'), reason=reason)
    moved = (kubernetes_manifests.namespace(request.additional_params)
             or kubernetes_manifests.manifest_namespace(new.objects))
    if moved and moved != old.namespace:
        raise incompatible('its manifests are for namespace %s; the VNF '
                           'lives in namespace %s' % (moved, old.namespace))
    for vdu_id, workload in sorted(new.workloads.items()):
        before = old.workloads.get(vdu_id)
        if before is None:
            continue
        if manifests.key(before) != manifests.key(workload):
            raise incompatible(
                'VDU %s would be %s (%s), not %s (%s): a rolling update '
                'keeps a workload\'s name and kind' % (
                    vdu_id, manifests.describe(workload),
                    workload['apiVersion'], manifests.describe(before),
                    before['apiVersion']))
        reselected = _reselected(vdu_id, before, workload)
        if reselected:
            raise incompatible(reselected)
    for vdu_id in vdus:
        _check_rolling(vdu_id, new.workloads[vdu_id])


def _shared(source, target):
    """The VDUs of the CNF ``target`` whose workloads the CNF ``source``
    has too: those a change of flavour replaces in place."""
    had = {manifests.identity(obj) for obj in source.objects}
    return [vdu_id for vdu_id, workload in sorted(target.workloads.items())
            if manifests.identity(workload) in had]


def _check_flavour_change(request, old, new):
    """Refuse a change of flavour from the CNF ``old`` to ``new`` that
    replacing the workloads both have (``_shared``) cannot make.

    :raises InvalidAdditionalParam: additionalParams.namespace is not the
        VNF's (a change of flavour keeps it).
    :raises PackageNotDeployable: the new manifests are for another
        namespace, or would have a workload both have select other Pods,
        or give one that updates its Pods only when deleted another Pod
        template.
    """
    asked = kubernetes_manifests.namespace(request.additional_params)
    if asked and asked != old.namespace:
        raise exceptions.InvalidAdditionalParam(
            name=kubernetes_manifests.NAMESPACE,
            reason='must be the VNF\'s namespace %s, which a change of '
                   'flavour keeps, not %s' % (old.namespace, asked))
    named = kubernetes_manifests.manifest_namespace(new.objects)
    if named and named != old.namespace:
        raise exceptions.PackageNotDeployable(
            driver=KUBERNETES,
            reason='the manifests of flavour %s are for namespace %s; the '
                   'VNF lives in namespace %s' % (new.flavour_id, named,
                                                  old.namespace))
    before = {manifests.identity(obj): obj for obj in old.objects}
    for vdu_id in _shared(old, new):
        workload = new.workloads[vdu_id]
        was = before[manifests.identity(workload)]
        reselected = _reselected(vdu_id, was, workload)
        if reselected:
            raise exceptions.PackageNotDeployable(driver=KUBERNETES,
                                                  reason=reselected)
        if manifests.pod_template(was) != manifests.pod_template(workload):
            _check_rolling(vdu_id, workload)


def _reselected(vdu_id, before, workload):
    """Why the VDU's ``workload`` cannot replace ``before``: it selects
    other Pods (Kubernetes keeps a selector); or None."""
    if _spec(before).get('selector') == _spec(workload).get('selector'):
        return None
    return ('VDU %s\'s %s would select other Pods (its spec.selector cannot '
            'change)' % (vdu_id, manifests.describe(workload)))


def _check_rolling(vdu_id, workload):
    """:raises PackageNotDeployable: the VDU's workload updates its Pods
        only when they are deleted (updateStrategy OnDelete)."""
    if (_spec(workload).get('updateStrategy') or {}).get(
            'type') == 'OnDelete':
        raise exceptions.PackageNotDeployable(
            driver=KUBERNETES,
            reason='VDU %s is %s, which updates its Pods only when '
                   'they are deleted (updateStrategy OnDelete); a '
                   'rolling update needs RollingUpdate'
                   % (vdu_id, manifests.describe(workload)))


def _spec(obj):
    return obj.get('spec') or {}


def _pod(vnfc):
    """The Pod of a VnfcResourceInfo, as an object reference."""
    return {'apiVersion': 'v1', 'kind': 'Pod',
            'metadata': {'name': vnfc['computeResource']['resourceId']}}


def _pod_names(info):
    return [vnfc['computeResource']['resourceId']
            for vnfc in (info or {}).get('vnfcResourceInfo') or []]
