"""What a CNF's Pods are, as SOL003 v2.6.1 structures.

Each Pod labelled with the VNF instance and a VDU (``manifests``) is one
VNFC of that VDU; its id is derived from the instance and the Pod's uid,
so it is stable for the Pod's life and new for its replacement. The
VNF's namespace and manifest paths ride in instantiatedVnfInfo's
``metadata``, a member SOL003 does not define (Tacker's v2 API shows it
there; our v1 API renders SOL003's members only): later steps (scale,
heal, terminate) get no additionalParams of the INSTANTIATE, and read
them back from there, also when the VNF has no VNFC at all.
"""
import uuid

from tacker.common import kubernetes_manifests
from tacker.drivers.infra.kubernetes import manifests
from tacker.drivers.infra import results

NAMESPACE = 'namespace'
DEF_FILES = kubernetes_manifests.DEF_FILES


def vnfc_id(instance_id, pod):
    metadata = pod['metadata']
    return str(uuid.uuid5(uuid.NAMESPACE_URL, 'vnf/%s/pod/%s' % (
        instance_id, metadata.get('uid') or metadata['name'])))


def vnfcs(pods, vdu_workloads, instance_id, vim_connection_id):
    """vnfcResourceInfo (SOL003 v2.6.1 5.5.3.5) of the VNF's ``pods``:
    those of a VDU that are not being deleted, oldest first (a scale in
    removes the newest), each with the kind of its VDU's workload
    (``vdu_workloads``) as vimLevelResourceType."""
    alive = [pod for pod in pods
             if not pod['metadata'].get('deletionTimestamp')
             and _vdu_of(pod) in vdu_workloads]
    alive.sort(key=lambda pod: (pod['metadata'].get('creationTimestamp')
                                or '', pod['metadata']['name']))
    found = []
    for pod in alive:
        vdu_id = _vdu_of(pod)
        handle = {'resourceId': pod['metadata']['name'],
                  'vimLevelResourceType': vdu_workloads[vdu_id]['kind']}
        if vim_connection_id:
            handle['vimConnectionId'] = vim_connection_id
        found.append({
            'id': vnfc_id(instance_id, pod),
            'vduId': vdu_id,
            'computeResource': handle,
            'storageResourceIds': [],
            'vnfcCpInfo': [],
        })
    return found


def instantiated_info(flavour_id, scale_levels, vnfc_list, namespace,
                      def_files):
    """instantiatedVnfInfo (SOL003 v2.6.1 5.5.2.2) of a CNF: its VNFCs;
    no external CPs or virtual links the driver manages; where it is
    and what it was made of in its metadata."""
    return {
        'flavourId': flavour_id,
        'vnfState': 'STARTED',
        'scaleStatus': results.scale_status(scale_levels),
        'extCpInfo': [],
        'extVirtualLinkInfo': [],
        'vnfcResourceInfo': vnfc_list,
        'virtualLinkResourceInfo': [],
        'virtualStorageResourceInfo': [],
        'metadata': {NAMESPACE: namespace, DEF_FILES: list(def_files)},
    }


def recorded(current):
    """(namespace, manifest paths) an earlier step recorded in
    instantiatedVnfInfo ``current``, or (None, None)."""
    metadata = (current or {}).get('metadata') or {}
    return metadata.get(NAMESPACE), metadata.get(DEF_FILES)


def _vdu_of(pod):
    return (pod['metadata'].get('labels') or {}).get(manifests.VDU_LABEL)
