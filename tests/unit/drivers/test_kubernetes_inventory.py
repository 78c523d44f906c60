"""A CNF's Pods as SOL003 structures (kubernetes/inventory.py)."""
from tacker.drivers.infra.kubernetes import inventory
from tacker.drivers.infra.kubernetes import manifests

INSTANCE = 'inst-1'
WORKLOADS = {'VDU1': {'kind': 'Deployment'}, 'VDU2': {'kind': 'StatefulSet'}}
FILES = ['Files/kubernetes/deployment.yaml']


def pod(name, vdu_id, created, uid=None, deleting=False, owner=INSTANCE):
    metadata = {'name': name, 'uid': uid or 'uid-' + name,
                'creationTimestamp': created,
                'labels': {manifests.OWNER_LABEL: owner}}
    if vdu_id:
        metadata['labels'][manifests.VDU_LABEL] = vdu_id
    if deleting:
        metadata['deletionTimestamp'] = '2026-12-06T01:00:00Z'
    return {'kind': 'Pod', 'metadata': metadata}


def vnfcs(pods):
    return inventory.vnfcs(pods, WORKLOADS, INSTANCE, 'vim-1')


def test_each_pod_of_a_vdu_is_a_vnfc_oldest_first():
    found = vnfcs([
        pod('web-cache-0', 'VDU2', '2026-12-06T00:00:02Z'),
        pod('web-frontend-b', 'VDU1', '2026-12-06T00:00:03Z'),
        pod('web-frontend-a', 'VDU1', '2026-12-06T00:00:01Z')])
    assert [(vnfc['vduId'], vnfc['computeResource']) for vnfc in found] == [
        ('VDU1', {'resourceId': 'web-frontend-a', 'vimConnectionId': 'vim-1',
                  'vimLevelResourceType': 'Deployment'}),
        ('VDU2', {'resourceId': 'web-cache-0', 'vimConnectionId': 'vim-1',
                  'vimLevelResourceType': 'StatefulSet'}),
        ('VDU1', {'resourceId': 'web-frontend-b', 'vimConnectionId': 'vim-1',
                  'vimLevelResourceType': 'Deployment'})]


def test_a_pod_keeps_its_id_and_its_replacement_gets_a_new_one():
    first = vnfcs([pod('web-cache-0', 'VDU2', 't1', uid='u1')])
    again = vnfcs([pod('web-cache-0', 'VDU2', 't1', uid='u1')])
    replaced = vnfcs([pod('web-cache-0', 'VDU2', 't2', uid='u2')])
    assert first[0]['id'] == again[0]['id']
    assert replaced[0]['id'] != first[0]['id']
    other_instance = inventory.vnfcs(
        [pod('web-cache-0', 'VDU2', 't1', uid='u1')], WORKLOADS, 'inst-2',
        None)
    assert other_instance[0]['id'] != first[0]['id']
    assert 'vimConnectionId' not in other_instance[0]['computeResource']


def test_pods_being_deleted_or_of_no_vdu_are_no_vnfcs():
    assert vnfcs([pod('old', 'VDU1', 't1', deleting=True),
                  pod('job-x', None, 't1'),
                  pod('stray', 'VDU7', 't1')]) == []


def test_the_namespace_and_manifests_are_read_back_without_vnfcs():
    info = inventory.instantiated_info(
        'default', {'frontend_aspect': 1}, [], 'tenant-a', FILES)
    assert info['scaleStatus'] == [{'aspectId': 'frontend_aspect',
                                    'scaleLevel': 1}]
    assert inventory.recorded(info) == ('tenant-a', FILES)
    assert inventory.recorded(None) == (None, None)
    assert inventory.recorded({'vnfcResourceInfo': []}) == (None, None)
