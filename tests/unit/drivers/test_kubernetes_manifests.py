"""The objects a CNF's manifests become (kubernetes/manifests.py), on
the 'cnf' sample's manifests."""
import copy

from tacker.common import infra_requirements
from tacker.common import kubernetes_manifests
from tacker.drivers.infra.kubernetes import manifests
from tests import packages as samples

INSTANCE = 'inst-1'
FILES = ['Files/kubernetes/config.yaml', 'Files/kubernetes/crd.yaml',
         'Files/kubernetes/deployment.yaml', 'Files/kubernetes/service.yaml',
         'Files/kubernetes/statefulset.yaml']
FLAVOUR = {'vdus': {'VDU1': {'name': 'web-frontend'},
                    'VDU2': {'name': 'web-cache'}}}


def sample_objects():
    return infra_requirements.kubernetes_objects(
        str(samples.SAMPLES_DIR / 'cnf'),
        {kubernetes_manifests.DEF_FILES: FILES}, FLAVOUR)


def prepared(replicas=None):
    objects = sample_objects()
    return manifests.prepare(
        objects, INSTANCE,
        kubernetes_manifests.vdu_workloads(FLAVOUR, objects),
        replicas or {'VDU1': 3, 'VDU2': 2})


def by_name(objects, kind, name):
    return next(obj for obj in objects if obj['kind'] == kind
                and obj['metadata']['name'] == name)


def test_objects_come_in_dependency_order():
    assert [manifests.describe(obj) for obj in prepared()] == [
        'CustomResourceDefinition routes.web.example.com',
        'ConfigMap web-config', 'Service web-frontend', 'Service web-cache',
        'Route web-frontend', 'Deployment web-frontend',
        'StatefulSet web-cache']


def test_every_kind_has_its_place():
    kinds = ['Job', 'Pod', 'DaemonSet', 'ReplicaSet', 'StatefulSet',
             'Deployment', 'Widget', 'Service', 'PersistentVolumeClaim',
             'PersistentVolume', 'Secret', 'ConfigMap', 'ClusterRoleBinding',
             'RoleBinding', 'ClusterRole', 'Role', 'ServiceAccount',
             'Namespace', 'CustomResourceDefinition']
    objects = [{'kind': kind, 'metadata': {'name': 'x'}} for kind in kinds]
    assert [obj['kind'] for obj in manifests.ordered(objects)] == \
        list(reversed(kinds))


def test_every_object_and_pod_template_is_labelled_as_the_instances():
    objects = prepared()
    assert {manifests.owner(obj) for obj in objects} == {INSTANCE}
    deployment = by_name(objects, 'Deployment', 'web-frontend')
    assert deployment['spec']['template']['metadata']['labels'] == {
        'app': 'web-frontend', manifests.OWNER_LABEL: INSTANCE,
        manifests.VDU_LABEL: 'VDU1'}
    assert deployment['metadata']['labels']['app'] == 'web-frontend'
    # The selector is the manifest's: the Pods still match it.
    assert deployment['spec']['selector'] == {
        'matchLabels': {'app': 'web-frontend'}}


def test_a_vdus_workload_gets_its_replicas():
    objects = prepared({'VDU1': 3, 'VDU2': 2})
    assert by_name(objects, 'Deployment', 'web-frontend')['spec'][
        'replicas'] == 3
    assert by_name(objects, 'StatefulSet', 'web-cache')['spec'][
        'replicas'] == 2


def test_prepare_leaves_the_manifests_alone():
    objects = sample_objects()
    before = copy.deepcopy(objects)
    manifests.prepare(objects, INSTANCE,
                      kubernetes_manifests.vdu_workloads(FLAVOUR, objects),
                      {'VDU1': 2, 'VDU2': 2})
    assert objects == before


def test_a_bare_pod_is_labelled_itself():
    pod = {'apiVersion': 'v1', 'kind': 'Pod',
           'metadata': {'name': 'probe', 'labels': None},
           'spec': {'containers': []}}
    job = {'apiVersion': 'batch/v1', 'kind': 'Job',
           'metadata': {'name': 'setup'}, 'spec': {'template': None}}
    flavour = {'vdus': {'VDU9': {'name': 'probe'}}}
    objects = [pod, job]
    done = manifests.prepare(
        objects, INSTANCE,
        kubernetes_manifests.vdu_workloads(flavour, objects), {'VDU9': 5})
    assert done[0]['metadata']['labels'] == {
        manifests.OWNER_LABEL: INSTANCE, manifests.VDU_LABEL: 'VDU9'}
    assert 'replicas' not in done[0]['spec']
    assert done[1]['spec']['template']['metadata']['labels'] == {
        manifests.OWNER_LABEL: INSTANCE}


def test_owner_of_an_unlabelled_object_is_none():
    assert manifests.owner({'metadata': {}}) is None
    assert manifests.owner({'metadata': {'labels': {
        manifests.OWNER_LABEL: 'other'}}}) == 'other'


def test_an_objects_identity_ignores_the_version_of_its_api():
    route = {'apiVersion': 'web.example.com/v1beta1', 'kind': 'Route',
             'metadata': {'name': 'web'}}
    assert manifests.identity(route) == ('web.example.com', 'Route', 'web')
    assert manifests.identity(dict(route, apiVersion='web.example.com/v1')) \
        == manifests.identity(route)
    assert manifests.identity(by_name(prepared(), 'ConfigMap',
                                      'web-config'))[0] == ''


def test_a_replacement_keeps_the_live_replicas_and_metadata():
    desired = by_name(prepared(), 'Deployment', 'web-frontend')
    live = copy.deepcopy(desired)
    live['spec']['replicas'] = 5
    live['metadata'].update(
        uid='u-1', resourceVersion='42', generation=3,
        labels=dict(live['metadata']['labels'], app='old', extra='yes'),
        annotations={'deployment.kubernetes.io/revision': '2'})
    live['status'] = {'replicas': 5}
    body = manifests.replacement(desired, live)
    assert body['spec'] == dict(desired['spec'], replicas=5)
    assert body['metadata'] == {
        'name': 'web-frontend', 'uid': 'u-1',
        'labels': dict(desired['metadata']['labels'], extra='yes'),
        'annotations': {'deployment.kubernetes.io/revision': '2'}}
    assert 'status' not in body


def test_a_pod_runs_a_template_by_its_labels_and_images():
    template = manifests.pod_template(by_name(prepared(), 'Deployment',
                                              'web-frontend'))
    pod = {'metadata': {'labels': dict(template['metadata']['labels'],
                                       **{'pod-template-hash': 'abc'})},
           'spec': copy.deepcopy(template['spec'])}
    # What admission adds does not count.
    pod['spec']['containers'][0]['volumeMounts'] = [{'name': 'token'}]
    pod['spec']['containers'].append({'name': 'proxy', 'image': 'envoy'})
    assert manifests.runs(template, pod)
    pod['spec']['containers'][0]['image'] = 'nginx:1.26'
    assert not manifests.runs(template, pod)
    pod = dict(pod, spec=template['spec'], metadata={'labels': {}})
    assert not manifests.runs(template, pod)
