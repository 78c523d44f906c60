"""CHANGE_VNFPKG (SOL003 v3.3.1 5.4.11a, RollingUpdate) and its rollback
in the Kubernetes infra driver, against the sandbox Kubernetes API
server (a process started once for the module): the 'cnf' sample
package, and a new version of it built here with new images and
coordination scripts."""
import json
import types

from kubernetes import dynamic
import pytest
import requests

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import states
from tacker.common import vnfd
from tacker.drivers.infra import base
from tacker.drivers.infra.kubernetes import manifests
from tests import packages
from tests.unit.drivers.test_kubernetes_driver import Cnf
from tests.unit.drivers.test_kubernetes_driver import FILES
from tests.unit.tacker_sandbox import kubernetes_process

KUBERNETES_DIR = packages.SAMPLES_DIR / 'cnf' / 'Files' / 'kubernetes'
NEW_VNFD_ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'
SCRIPT = 'Scripts/coordinate.py'
# A coordination script: appends what it got to the file its VNFC
# parameter names, and exits with the status it names.
COORDINATE = """\
import json
import pickle
import sys

param = pickle.load(sys.stdin.buffer)
with open(param['record'], 'a') as out:
    out.write(json.dumps({'vnfc': param['vnfc_info_id'],
                          'address': param['ssh_ip'],
                          'rollback': param['is_rollback']}) + '\\n')
sys.exit(param.get('exit', 0))
"""


def _variant(source, *edits):
    text = (KUBERNETES_DIR / source).read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


# The new package's manifests, besides the old ones: a new image of a
# VDU, and workloads a rolling update cannot reach.
VARIANTS = {
    'deployment-v2.yaml': _variant('deployment.yaml',
                                   ('nginx:1.25', 'nginx:1.26')),
    'statefulset-v2.yaml': _variant('statefulset.yaml',
                                    ('redis:7.2', 'redis:7.4')),
    'renamed.yaml': _variant('deployment.yaml', ('name: web-frontend\n',
                                                 'name: web-front\n')),
    'replicaset.yaml': _variant('deployment.yaml',
                                ('kind: Deployment', 'kind: ReplicaSet')),
    'reselected.yaml': _variant('deployment.yaml',
                                ('app: web-frontend', 'app: web')),
    'elsewhere.yaml': _variant('deployment.yaml', (
        'name: web-frontend\n', 'name: web-frontend\n  namespace: other\n')),
    'ondelete.yaml': _variant('statefulset.yaml', (
        'serviceName: web-cache\n',
        'serviceName: web-cache\n  updateStrategy: {type: OnDelete}\n')),
}


def def_files(**replaced):
    """The INSTANTIATE's manifests, some replaced by variants
    (deployment='deployment-v2.yaml')."""
    paths = {path.rpartition('/')[2].partition('.')[0]: path
             for path in FILES}
    for name, variant in replaced.items():
        paths[name] = 'Files/kubernetes/' + variant
    return sorted(paths.values())


def add_files(files):
    def mutate(package):
        for relative, text in files.items():
            path = package / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return mutate


def flavours(directory, **build):
    """(extracted package directory, {flavourId: flavour}) of the cnf
    sample built with ``build`` (``packages.build_csar``)."""
    zip_path = packages.build_csar('cnf', directory / 'cnf.zip', **build)
    root = directory / 'cnf'
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    parsed = vnfd.parse(csar.load(root), packages.SOL001_DIR)
    return str(root), {flavour_id: dict(flavour, flavour_id=flavour_id)
                       for flavour_id, flavour in parsed['flavours'].items()}


def extract(directory, **build):
    """(extracted package directory, its 'default' flavour)."""
    root, found = flavours(directory, **build)
    return root, found['default']


@pytest.fixture(scope='module')
def old_package(tmp_path_factory):
    return extract(tmp_path_factory.mktemp('old'),
                   mutate=add_files({SCRIPT: COORDINATE}))


@pytest.fixture(scope='module')
def new_package(tmp_path_factory):
    files = {'Files/kubernetes/' + name: text
             for name, text in VARIANTS.items()}
    return extract(tmp_path_factory.mktemp('new'), vnfd_id=NEW_VNFD_ID,
                   mutate=add_files(dict(files, **{SCRIPT: COORDINATE})))


@pytest.fixture(scope='module')
def sandbox():
    with kubernetes_process.KubeSandbox(delay=0.1) as box:
        yield box


@pytest.fixture(scope='module')
def kube(sandbox, tmp_path_factory):
    with sandbox.api_client() as api:
        yield dynamic.DynamicClient(api, cache_file=str(
            tmp_path_factory.mktemp('discovery') / 'cache.json'))


@pytest.fixture
def conf():
    return types.SimpleNamespace(
        kubernetes_vim=types.SimpleNamespace(timeout=10, ready_timeout=20),
        vnf_package=types.SimpleNamespace(max_yaml_depth=64,
                                          max_vnfd_yaml_bytes=2 ** 20),
        vnf_lcm=types.SimpleNamespace(coordination_timeout=30))


class Changing(Cnf):
    """A VNF instance that moves to another package."""

    def change_request(self, package, additional_params, current=None):
        target_dir, target_flavour = package
        return base.LcmRequest(
            states.CHANGE_VNFPKG, self.instance_id, self.flavour,
            {'vnfdId': NEW_VNFD_ID, 'additionalParams': dict(
                additional_params, upgrade_type='RollingUpdate')},
            vim_connection=self.vim, current=current or self.current,
            package_dir=self.package_dir, target_flavour=target_flavour,
            target_package_dir=target_dir)

    def change(self, package, **additional_params):
        request = self.change_request(package, additional_params)
        self.driver.validate(request)
        result = self.driver.change_vnfpkg(request)
        self.current = result.instantiated_vnf_info
        return result

    def rollback(self, package, current, **additional_params):
        result = self.driver.rollback(self.change_request(
            package, additional_params, current))
        self.current = result.instantiated_vnf_info
        return result


@pytest.fixture
def make_cnf(conf, sandbox, old_package, kube):
    made = []

    def make(instance_id):
        cnf = Changing(conf, sandbox.url, old_package, instance_id,
                       'default')
        made.append(cnf)
        return cnf
    yield make
    for cnf in made:
        # Leave the shared sandbox clean for the next test.
        cnf.driver.rollback(cnf.request(states.INSTANTIATE, {
            'additionalParams': cnf.additional_params()}))


def pods(kube, instance_id, vdu_id):
    """{name: (uid, images)} of a VDU's Pods, terminating ones too."""
    listed = kube.resources.get(api_version='v1', kind='Pod').get(
        namespace='default', label_selector='%s=%s,%s=%s' % (
            manifests.OWNER_LABEL, instance_id, manifests.VDU_LABEL,
            vdu_id))
    return {pod.metadata.name: (pod.metadata.uid, tuple(
        container.image for container in pod.spec.containers))
        for pod in listed.items}


def addresses(kube, instance_id):
    listed = kube.resources.get(api_version='v1', kind='Pod').get(
        namespace='default', label_selector='%s=%s' % (
            manifests.OWNER_LABEL, instance_id))
    return {pod.metadata.name: pod.status.podIP for pod in listed.items}


def workload(kube, kind, name):
    return kube.resources.get(api_version='apps/v1', kind=kind).get(
        name=name, namespace='default')


def changes(result):
    return sorted((change['vduId'], change['changeType'])
                  for change in result.affected_vnfcs)


def vnfcs(info, vdu_id):
    return {vnfc['computeResource']['resourceId']: vnfc
            for vnfc in info['vnfcResourceInfo'] if vnfc['vduId'] == vdu_id}


def records(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_change_rolls_only_the_changed_vdu_and_keeps_its_replicas(
        make_cnf, new_package, kube):
    cnf = make_cnf('pkg-a')
    cnf.instantiate()
    cnf.run(states.SCALE, {'type': 'SCALE_OUT',
                           'aspectId': 'frontend_aspect'})
    before = cnf.current
    cache = pods(kube, 'pkg-a', 'VDU2')
    new_files = def_files(deployment='deployment-v2.yaml')
    result = cnf.change(new_package, **{
        'lcm-kubernetes-def-files': new_files})
    frontend = pods(kube, 'pkg-a', 'VDU1')
    assert [images for _, images in frontend.values()] == [
        ('nginx:1.26',)] * 2
    assert workload(kube, 'Deployment', 'web-frontend').spec.replicas == 2
    assert pods(kube, 'pkg-a', 'VDU2') == cache
    info = result.instantiated_vnf_info
    assert sorted(vnfcs(info, 'VDU1')) == sorted(frontend)
    assert info['metadata'] == {'namespace': 'default',
                                'lcm-kubernetes-def-files': new_files}
    assert info['scaleStatus'] == before['scaleStatus']
    assert changes(result) == [('VDU1', 'ADDED'), ('VDU1', 'ADDED'),
                               ('VDU1', 'REMOVED'), ('VDU1', 'REMOVED')]
    removed = {change['id'] for change in result.affected_vnfcs
               if change['changeType'] == 'REMOVED'}
    assert removed == {vnfc['id'] for vnfc in
                       vnfcs(before, 'VDU1').values()}


def test_vdu_params_name_the_vdus_that_move(make_cnf, new_package, kube):
    cnf = make_cnf('pkg-b')
    cnf.instantiate()
    frontend = pods(kube, 'pkg-b', 'VDU1')
    result = cnf.change(new_package, **{
        'lcm-kubernetes-def-files': def_files(
            deployment='deployment-v2.yaml',
            statefulset='statefulset-v2.yaml'),
        'vdu_params': [{'vdu_id': 'VDU2'}]})
    assert pods(kube, 'pkg-b', 'VDU1') == frontend
    (name, (_, images)), = pods(kube, 'pkg-b', 'VDU2').items()
    # A StatefulSet's new Pod has its predecessor's name.
    assert (name, images) == ('web-cache-0', ('redis:7.4',))
    assert changes(result) == [('VDU2', 'ADDED'), ('VDU2', 'REMOVED')]


def test_coordination_runs_for_each_new_vnfc_with_its_address(
        make_cnf, new_package, kube, tmp_path):
    cnf = make_cnf('pkg-c')
    cnf.instantiate(instantiationLevelId='instantiation_level_2')
    record = tmp_path / 'new.jsonl'
    result = cnf.change(new_package, **{
        'lcm-kubernetes-def-files': def_files(
            deployment='deployment-v2.yaml'),
        'lcm-operation-coordinate-new-vnf': SCRIPT,
        'vdu_params': [{'vdu_id': 'VDU1',
                        'new_vnfc_param': {'record': str(record)}}]})
    now = addresses(kube, 'pkg-c')
    added = [change for change in result.affected_vnfcs
             if change['changeType'] == 'ADDED']
    assert sorted(records(record), key=lambda got: got['vnfc']) == sorted((
        {'vnfc': 'VDU1-' + change['id'],
         'address': now[change['computeResource']['resourceId']],
         'rollback': False} for change in added),
        key=lambda got: got['vnfc'])
    assert len(added) == 2 and all(
        got['address'] for got in records(record))


def test_a_failing_coordination_fails_the_step_and_rollback_returns(
        make_cnf, new_package, kube, tmp_path):
    cnf = make_cnf('pkg-d')
    cnf.instantiate()
    before = cnf.current
    cache = pods(kube, 'pkg-d', 'VDU2')
    old_record = tmp_path / 'old.jsonl'
    params = {
        'lcm-kubernetes-def-files': def_files(
            deployment='deployment-v2.yaml',
            statefulset='statefulset-v2.yaml'),
        'lcm-operation-coordinate-new-vnf': SCRIPT,
        'lcm-operation-coordinate-old-vnf': SCRIPT,
        'vdu_params': [{
            'vdu_id': 'VDU1',
            'new_vnfc_param': {'record': str(tmp_path / 'new.jsonl'),
                               'exit': 1},
            'old_vnfc_param': {'record': str(old_record)}}, {
            'vdu_id': 'VDU2',
            'old_vnfc_param': {'record': str(old_record)}}]}
    with pytest.raises(exceptions.CoordinationFailed) as caught:
        cnf.change(new_package, **params)
    assert caught.value.status == 409
    assert 'exited with status 1' in caught.value.detail
    (changed, (_, images)), = pods(kube, 'pkg-d', 'VDU1').items()
    assert images == ('nginx:1.26',)
    # The step stopped before VDU2, whose rollback then changes nothing.
    assert pods(kube, 'pkg-d', 'VDU2') == cache

    result = cnf.rollback(new_package, before, **params)
    (returned, (_, images)), = pods(kube, 'pkg-d', 'VDU1').items()
    assert images == ('nginx:1.25',) and returned != changed
    assert pods(kube, 'pkg-d', 'VDU2') == cache
    info = result.instantiated_vnf_info
    assert info['metadata']['lcm-kubernetes-def-files'] == FILES
    assert sorted(vnfcs(info, 'VDU1')) == [returned]
    assert changes(result) == [('VDU1', 'ADDED'), ('VDU1', 'REMOVED')]
    assert records(old_record) == [{
        'vnfc': 'VDU1-' + vnfcs(info, 'VDU1')[returned]['id'],
        'address': addresses(kube, 'pkg-d')[returned], 'rollback': True}]

    # Rolling back again changes nothing, and coordinates no VNFC.
    again = cnf.rollback(new_package, before, **params)
    assert again.affected_vnfcs == []
    assert again.instantiated_vnf_info == info
    assert list(pods(kube, 'pkg-d', 'VDU1')) == [returned]
    assert len(records(old_record)) == 1


@pytest.fixture
def image_pull_fails(sandbox):
    """Make the sandbox fail to pull the new package's images."""
    knobs = sandbox.admin_url + '/sandbox/kubernetes'
    requests.put(knobs + '/faults', json={
        'imagePullBackOff': ['nginx:1.26', 'redis:7.4']},
        timeout=10).raise_for_status()
    yield
    requests.delete(knobs + '/faults', timeout=10)


def fail_to_change(cnf, conf, package, **params):
    conf.kubernetes_vim.ready_timeout = 3
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        cnf.change(package, **params)
    conf.kubernetes_vim.ready_timeout = 20
    assert 'ImagePullBackOff' in caught.value.detail


def test_rollback_of_a_rollout_that_never_became_ready(
        make_cnf, new_package, kube, conf, image_pull_fails):
    cnf = make_cnf('pkg-e')
    cnf.instantiate()
    before = cnf.current
    cache = pods(kube, 'pkg-e', 'VDU2')
    params = {'lcm-kubernetes-def-files': def_files(
        deployment='deployment-v2.yaml')}
    fail_to_change(cnf, conf, new_package, **params)
    result = cnf.rollback(new_package, before, **params)
    assert [images for _, images in pods(kube, 'pkg-e', 'VDU1').values()
            ] == [('nginx:1.25',)]
    assert pods(kube, 'pkg-e', 'VDU2') == cache
    # The Pod that never became Ready was no VNFC of the instance.
    assert result.instantiated_vnf_info['vnfcResourceInfo'] == \
        before['vnfcResourceInfo']
    sets = kube.resources.get(api_version='apps/v1', kind='ReplicaSet').get(
        namespace='default', label_selector='%s=%s' % (
            manifests.OWNER_LABEL, 'pkg-e'))
    assert sorted(rs.spec.replicas for rs in sets.items) == [0, 1]


def test_rollback_replaces_a_stateful_sets_pod_that_never_became_ready(
        make_cnf, new_package, kube, conf, image_pull_fails):
    cnf = make_cnf('pkg-h')
    cnf.instantiate()
    before = cnf.current
    params = {'lcm-kubernetes-def-files': def_files(
        statefulset='statefulset-v2.yaml')}
    fail_to_change(cnf, conf, new_package, **params)
    assert [images for _, images in pods(kube, 'pkg-h', 'VDU2').values()
            ] == [('redis:7.4',)]
    # Kubernetes itself would leave the Pod that is not Ready as it is.
    result = cnf.rollback(new_package, before, **params)
    assert [images for _, images in pods(kube, 'pkg-h', 'VDU2').values()
            ] == [('redis:7.2',)]
    assert changes(result) == [('VDU2', 'ADDED'), ('VDU2', 'REMOVED')]


@pytest.mark.parametrize('replaced, error, reason', [
    ({'deployment': 'renamed.yaml'}, exceptions.PackageNotDeployable,
     "VDU VDU1 (name 'web-frontend') has no workload"),
    ({'deployment': 'replicaset.yaml'}, exceptions.PackageNotCompatible,
     'VDU VDU1 would be ReplicaSet web-frontend (apps/v1), not Deployment '
     'web-frontend (apps/v1)'),
    ({'deployment': 'reselected.yaml'}, exceptions.PackageNotCompatible,
     "VDU VDU1's Deployment web-frontend would select other Pods"),
    ({'deployment': 'elsewhere.yaml'}, exceptions.PackageNotCompatible,
     'its manifests are for namespace other; the VNF lives in namespace '
     'default'),
    ({'statefulset': 'ondelete.yaml'}, exceptions.PackageNotDeployable,
     'VDU VDU2 is StatefulSet web-cache, which updates its Pods only when '
     'they are deleted'),
])
def test_validate_refuses_manifests_a_rolling_update_cannot_reach(
        conf, sandbox, old_package, new_package, replaced, error, reason):
    cnf = Changing(conf, sandbox.url, old_package, 'pkg-f', 'default')
    current = {'vnfcResourceInfo': [], 'metadata': {
        'namespace': 'default', 'lcm-kubernetes-def-files': FILES}}
    request = cnf.change_request(new_package, {
        'lcm-kubernetes-def-files': def_files(**replaced)}, current)
    with pytest.raises(error) as caught:
        cnf.driver.validate(request)
    assert reason in caught.value.detail


BARE = """\
apiVersion: v1
kind: Pod
metadata: {name: probe}
spec:
  containers: [{name: probe, image: busybox:1.36}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: pool}
spec:
  replicas: 2
  selector: {matchLabels: {app: pool}}
  template:
    metadata: {labels: {app: pool}}
    spec:
      containers: [{name: worker, image: busybox:1.36}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: busybox:1.36}]
"""
BARE_FLAVOUR = {
    'flavour_id': 'default',
    'vdus': {'VDU1': {'name': 'probe', 'initial_number_of_instances': 1},
             'VDU2': {'name': 'pool', 'initial_number_of_instances': 2},
             'VDU3': {'name': 'agent', 'initial_number_of_instances': 2}},
    'scaling_aspects': {}, 'instantiation_levels': {},
    'default_instantiation_level': None}


def test_a_bare_pod_is_recreated_and_replica_and_daemon_sets_roll(
        make_cnf, kube, tmp_path):
    for version, image in (('old', 'busybox:1.36'), ('new', 'busybox:1.37')):
        (tmp_path / version / 'Files').mkdir(parents=True)
        (tmp_path / version / 'Files' / 'bare.yaml').write_text(
            BARE.replace('busybox:1.36', image))
    cnf = make_cnf('pkg-g')
    cnf.package_dir, cnf.flavour = str(tmp_path / 'old'), BARE_FLAVOUR
    cnf.def_files = ['Files/bare.yaml']
    cnf.instantiate()
    before = cnf.current
    new = (str(tmp_path / 'new'), BARE_FLAVOUR)
    result = cnf.change(new)
    assert [images for _, images in pods(kube, 'pkg-g', 'VDU1').values()
            ] == [('busybox:1.37',)]
    pool = pods(kube, 'pkg-g', 'VDU2')
    assert [images for _, images in pool.values()] == [('busybox:1.37',)] * 2
    assert [images for _, images in pods(kube, 'pkg-g', 'VDU3').values()
            ] == [('busybox:1.37',)] * 2
    assert changes(result) == [('VDU1', 'ADDED'), ('VDU1', 'REMOVED')] + [
        ('VDU2', 'ADDED')] * 2 + [('VDU2', 'REMOVED')] * 2 + [
        ('VDU3', 'ADDED')] * 2 + [('VDU3', 'REMOVED')] * 2

    cnf.rollback(new, before)
    probe = pods(kube, 'pkg-g', 'VDU1')
    assert [images for _, images in probe.values()] == [('busybox:1.36',)]
    assert [images for _, images in pods(kube, 'pkg-g', 'VDU2').values()
            ] == [('busybox:1.36',)] * 2
    assert workload(kube, 'ReplicaSet', 'pool').spec.replicas == 2
    assert [images for _, images in pods(kube, 'pkg-g', 'VDU3').values()
            ] == [('busybox:1.36',)] * 2
    again = cnf.rollback(new, before)
    assert again.affected_vnfcs == []
    assert pods(kube, 'pkg-g', 'VDU1') == probe
