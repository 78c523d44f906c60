"""The Kubernetes infra driver (kubernetes/driver.py) against the
sandbox Kubernetes API server (``tacker-sandbox-vim --kubernetes-port``,
a process started once for the module), through the official client,
with the 'cnf' sample package parsed as onboarding parses it."""
import re
import threading
import time
import types

from kubernetes import dynamic
import pytest
import requests

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import states
from tacker.common import vnfd
from tacker.drivers.infra import base
from tacker.drivers.infra.kubernetes import cluster as k8s_cluster
from tacker.drivers.infra.kubernetes import driver as k8s_driver
from tacker.drivers.infra.kubernetes import manifests
from tacker.drivers.infra.kubernetes import readiness
from tests import packages
from tests.unit.tacker_sandbox import kubernetes_process

TOKEN = 'sandbox-kubernetes-token'
FILES = ['Files/kubernetes/config.yaml', 'Files/kubernetes/crd.yaml',
         'Files/kubernetes/deployment.yaml', 'Files/kubernetes/service.yaml',
         'Files/kubernetes/statefulset.yaml']


@pytest.fixture(scope='module')
def sandbox():
    with kubernetes_process.KubeSandbox(delay=0.1) as box:
        yield box


@pytest.fixture(scope='module')
def kube_url(sandbox):
    return sandbox.url


@pytest.fixture(scope='module')
def knobs(sandbox):
    """The URL of the sandbox Kubernetes' fault knobs."""
    return sandbox.admin_url + '/sandbox/kubernetes'


@pytest.fixture
def image_pull_fails(knobs):
    """Make the sandbox fail to pull the web-frontend's image."""
    requests.put(knobs + '/faults', json={'imagePullBackOff': ['nginx:1.25']},
                 timeout=10).raise_for_status()
    yield
    requests.delete(knobs + '/faults', timeout=10)


@pytest.fixture(scope='module')
def package(tmp_path_factory):
    """(extracted package directory, its 'default' flavour)."""
    directory = tmp_path_factory.mktemp('cnf')
    zip_path = packages.build_csar('cnf', directory / 'cnf.zip')
    root = directory / 'cnf'
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    parsed = vnfd.parse(csar.load(root), packages.SOL001_DIR)
    return str(root), dict(parsed['flavours']['default'],
                           flavour_id='default')


@pytest.fixture
def conf():
    return types.SimpleNamespace(
        kubernetes_vim=types.SimpleNamespace(timeout=10, ready_timeout=20),
        vnf_package=types.SimpleNamespace(max_yaml_depth=64,
                                          max_vnfd_yaml_bytes=2 ** 20))


@pytest.fixture(scope='module')
def kube(sandbox, tmp_path_factory):
    """A DynamicClient of the sandbox, to look behind the driver."""
    with sandbox.api_client() as api:
        yield dynamic.DynamicClient(api, cache_file=str(
            tmp_path_factory.mktemp('discovery') / 'cache.json'))


class Cnf:
    """One VNF instance's steps, each building its LcmRequest as the
    conductor would."""

    def __init__(self, conf, url, package, instance_id, namespace):
        self.driver = k8s_driver.KubernetesDriver(conf)
        self.package_dir, self.flavour = package
        self.instance_id = instance_id
        self.namespace = namespace
        self.def_files = FILES
        self.vim_url = url
        self.vim = {'id': 'vim-1', 'vimType': 'kubernetes',
                    'interfaceInfo': {'endpoint': url},
                    'accessInfo': {'bearer_token': TOKEN}}
        self.current = None

    def request(self, operation, params, current=None):
        return base.LcmRequest(
            operation, self.instance_id, self.flavour, params,
            vim_connection=self.vim, current=current,
            package_dir=self.package_dir)

    def run(self, operation, params, method=None):
        request = self.request(operation, params, self.current)
        self.driver.validate(request)
        result = getattr(self.driver, method or operation.lower())(request)
        self.current = result.instantiated_vnf_info
        return result

    def additional_params(self):
        return {'lcm-kubernetes-def-files': self.def_files,
                'namespace': self.namespace}

    def instantiate(self, **params):
        params.setdefault('additionalParams', self.additional_params())
        return self.run(states.INSTANTIATE,
                        dict(params, flavourId='default'))


@pytest.fixture
def make_cnf(conf, kube_url, package, kube):
    made = []

    def make(instance_id, namespace='default'):
        cnf = Cnf(conf, kube_url, package, instance_id, namespace)
        made.append(cnf)
        return cnf
    yield make
    for cnf in made:
        # Leave the shared sandbox clean for the next test.
        cnf.driver.rollback(cnf.request(states.INSTANTIATE, {
            'additionalParams': cnf.additional_params()}))


def pods_of(kube, instance_id, namespace='default'):
    listed = kube.resources.get(api_version='v1', kind='Pod').get(
        namespace=namespace,
        label_selector='%s=%s' % (manifests.OWNER_LABEL, instance_id))
    return sorted(pod.metadata.name for pod in listed.items)


def exists(kube, api_version, kind, name, namespace='default'):
    try:
        resource = kube.resources.get(api_version=api_version, kind=kind)
        resource.get(name=name, namespace=namespace)
    except (dynamic.exceptions.NotFoundError,
            dynamic.exceptions.ResourceNotFoundError):
        # No such object, or no such kind (its definition is gone).
        return False
    return True


def test_instantiate_creates_every_object_and_reports_each_pod(make_cnf,
                                                               kube):
    cnf = make_cnf('inst-a')
    result = cnf.instantiate(instantiationLevelId='instantiation_level_2')
    info = result.instantiated_vnf_info
    assert sorted((vnfc['vduId'],
                   vnfc['computeResource']['vimLevelResourceType'])
                  for vnfc in info['vnfcResourceInfo']) == [
        ('VDU1', 'Deployment'), ('VDU1', 'Deployment'),
        ('VDU2', 'StatefulSet'), ('VDU2', 'StatefulSet')]
    assert sorted(vnfc['computeResource']['resourceId']
                  for vnfc in info['vnfcResourceInfo']) == pods_of(
        kube, 'inst-a')
    assert sorted(info['scaleStatus'], key=lambda s: s['aspectId']) == [
        {'aspectId': 'cache_aspect', 'scaleLevel': 1},
        {'aspectId': 'frontend_aspect', 'scaleLevel': 1}]
    assert [change['changeType'] for change in result.affected_vnfcs] == [
        'ADDED'] * 4
    route = kube.resources.get(api_version='web.example.com/v1',
                               kind='Route').get(name='web-frontend',
                                                 namespace='default')
    assert route.metadata.labels[manifests.OWNER_LABEL] == 'inst-a'
    assert exists(kube, 'v1', 'ConfigMap', 'web-config')


def test_scale_out_and_in_change_the_workloads_replicas(make_cnf, kube):
    cnf = make_cnf('inst-b')
    cnf.instantiate()
    first = {vnfc['id'] for vnfc in cnf.current['vnfcResourceInfo']}
    out = cnf.run(states.SCALE, {'type': 'SCALE_OUT',
                                 'aspectId': 'frontend_aspect',
                                 'numberOfSteps': 2})
    assert [(c['vduId'], c['changeType']) for c in out.affected_vnfcs] == [
        ('VDU1', 'ADDED'), ('VDU1', 'ADDED')]
    assert len(pods_of(kube, 'inst-b')) == 4
    deployment = kube.resources.get(api_version='apps/v1',
                                    kind='Deployment').get(
        name='web-frontend', namespace='default')
    assert deployment.spec.replicas == 3
    scaled_in = cnf.run(states.SCALE, {'type': 'SCALE_IN',
                                       'aspectId': 'frontend_aspect',
                                       'numberOfSteps': 2})
    assert [c['changeType'] for c in scaled_in.affected_vnfcs] == [
        'REMOVED', 'REMOVED']
    assert len(first) == len(cnf.current['vnfcResourceInfo'])
    assert sorted(vnfc['computeResource']['resourceId']
                  for vnfc in cnf.current['vnfcResourceInfo']) == \
        pods_of(kube, 'inst-b')


def test_scale_to_a_level_resizes_every_aspects_workload(make_cnf, kube):
    cnf = make_cnf('inst-s')
    cnf.instantiate()
    result = cnf.run(states.SCALE_TO_LEVEL, {
        'instantiationLevelId': 'instantiation_level_2'}, method='scale')
    assert sorted(c['vduId'] for c in result.affected_vnfcs) == [
        'VDU1', 'VDU2']
    assert len(pods_of(kube, 'inst-s')) == 4
    cnf.run(states.SCALE_TO_LEVEL, {'scaleInfo': [
        {'aspectId': 'cache_aspect', 'scaleLevel': 0}]}, method='scale')
    assert sorted(vnfc['vduId'] for vnfc in
                  cnf.current['vnfcResourceInfo']) == ['VDU1', 'VDU1',
                                                       'VDU2']


def test_rollback_of_a_scale_out_returns_to_the_replicas_before(make_cnf,
                                                                kube):
    cnf = make_cnf('inst-c')
    cnf.instantiate()
    before = cnf.current
    cnf.run(states.SCALE, {'type': 'SCALE_OUT', 'aspectId': 'cache_aspect'})
    assert len(pods_of(kube, 'inst-c')) == 3
    cnf.current = before
    result = cnf.driver.rollback(cnf.request(states.SCALE, {
        'type': 'SCALE_OUT', 'aspectId': 'cache_aspect'}, before))
    assert [c['changeType'] for c in result.affected_vnfcs] == ['REMOVED']
    assert len(pods_of(kube, 'inst-c')) == 2


def test_heal_replaces_the_named_pod_and_waits_for_its_successor(make_cnf,
                                                                 kube):
    cnf = make_cnf('inst-d')
    cnf.instantiate()
    frontend = next(vnfc for vnfc in cnf.current['vnfcResourceInfo']
                    if vnfc['vduId'] == 'VDU1')
    result = cnf.run(states.HEAL, {'vnfcInstanceId': [frontend['id']]})
    changes = {c['changeType']: c for c in result.affected_vnfcs}
    assert changes['REMOVED']['id'] == frontend['id']
    assert changes['ADDED']['vduId'] == 'VDU1'
    pods = pods_of(kube, 'inst-d')
    assert frontend['computeResource']['resourceId'] not in pods
    assert changes['ADDED']['computeResource']['resourceId'] in pods


def test_terminate_removes_every_object_of_the_instance(make_cnf, kube):
    cnf = make_cnf('inst-e')
    cnf.instantiate()
    result = cnf.run(states.TERMINATE, {'terminationType': 'GRACEFUL',
                                        'gracefulTerminationTimeout': 1})
    assert result.instantiated_vnf_info is None
    assert [c['changeType'] for c in result.affected_vnfcs] == [
        'REMOVED', 'REMOVED']
    assert pods_of(kube, 'inst-e') == []
    for api_version, kind, name in [
            ('apps/v1', 'Deployment', 'web-frontend'),
            ('apps/v1', 'StatefulSet', 'web-cache'),
            ('v1', 'Service', 'web-frontend'), ('v1', 'Service', 'web-cache'),
            ('v1', 'ConfigMap', 'web-config'),
            ('web.example.com/v1', 'Route', 'web-frontend')]:
        assert not exists(kube, api_version, kind, name), (kind, name)


def test_an_object_another_instance_owns_is_never_adopted(make_cnf, kube):
    owner = make_cnf('inst-f', namespace='tenant-f')
    kube.resources.get(api_version='v1', kind='Namespace').create(
        body={'metadata': {'name': 'tenant-f'}})
    owner.instantiate()
    intruder = make_cnf('inst-g', namespace='tenant-f')
    with pytest.raises(exceptions.KubernetesObjectNotOwned) as caught:
        intruder.instantiate()
    # The definition is shared; the ConfigMap is the first object of
    # the namespace that the first instance owns.
    assert caught.value.detail == (
        'The VIM could not create ConfigMap web-config: it already exists '
        'and belongs to VNF instance inst-f, not to VNF instance inst-g')
    assert caught.value.status == 502
    # Rolling the failed INSTANTIATE back leaves the owner's objects.
    intruder.driver.rollback(intruder.request(states.INSTANTIATE, {
        'additionalParams': intruder.additional_params()}))
    assert exists(kube, 'apiextensions.k8s.io/v1',
                  'CustomResourceDefinition', 'routes.web.example.com')
    assert exists(kube, 'v1', 'ConfigMap', 'web-config', 'tenant-f')
    assert len(pods_of(kube, 'inst-f', 'tenant-f')) == 2


def definition_exists(kube):
    return exists(kube, 'apiextensions.k8s.io/v1',
                  'CustomResourceDefinition', 'routes.web.example.com')


def test_a_definition_is_shared_until_its_last_resource_goes(
        make_cnf, kube):
    first = make_cnf('inst-k', namespace='default')
    first.instantiate()
    second = make_cnf('inst-l', namespace='kube-public')
    second.instantiate()
    terminate = {'terminationType': 'FORCEFUL'}
    first.run(states.TERMINATE, terminate)
    assert definition_exists(kube)
    assert exists(kube, 'web.example.com/v1', 'Route', 'web-frontend',
                  'kube-public')
    second.run(states.TERMINATE, terminate)
    assert not definition_exists(kube)


def test_a_definition_tacker_did_not_create_stays(make_cnf, kube):
    cnf = make_cnf('inst-m')
    cnf.instantiate()
    definitions = kube.resources.get(api_version='apiextensions.k8s.io/v1',
                                     kind='CustomResourceDefinition')
    # As if the cluster's administrator had installed it.
    definitions.patch(name='routes.web.example.com', body={
        'metadata': {'labels': {manifests.OWNER_LABEL: None}}},
        content_type='application/merge-patch+json')
    try:
        cnf.run(states.TERMINATE, {'terminationType': 'FORCEFUL'})
        assert definition_exists(kube)
        assert not exists(kube, 'web.example.com/v1', 'Route',
                          'web-frontend')
    finally:
        definitions.delete(name='routes.web.example.com')


def test_an_unlabelled_object_is_never_adopted(make_cnf, kube):
    kube.resources.get(api_version='v1', kind='ConfigMap').create(
        namespace='default',
        body={'metadata': {'name': 'web-config'}, 'data': {'mine': 'yes'}})
    try:
        cnf = make_cnf('inst-h')
        with pytest.raises(exceptions.KubernetesObjectNotOwned) as caught:
            cnf.instantiate()
        assert 'belongs to no VNF instance' in caught.value.detail
    finally:
        kube.resources.get(api_version='v1', kind='ConfigMap').delete(
            name='web-config', namespace='default')


def test_change_ext_conn_of_a_cnf_is_refused_with_a_conflict(make_cnf):
    cnf = make_cnf('inst-i')
    with pytest.raises(exceptions.OperationNotSupported) as caught:
        cnf.driver.change_ext_conn(cnf.request(states.CHANGE_EXT_CONN, {
            'extVirtualLinks': []}))
    assert caught.value.status == 409


def test_heal_without_vnfcs_recreates_every_workload(make_cnf, kube):
    cnf = make_cnf('inst-j')
    cnf.instantiate()
    before = pods_of(kube, 'inst-j')
    result = cnf.run(states.HEAL, {})
    after = pods_of(kube, 'inst-j')
    # The StatefulSet's new Pod has its predecessor's name.
    assert len(after) == 2 and after != before
    assert sorted(c['changeType'] for c in result.affected_vnfcs) == [
        'ADDED', 'ADDED', 'REMOVED', 'REMOVED']


def test_reconcile_reports_a_pod_the_cluster_replaced(make_cnf, kube,
                                                      knobs):
    cnf = make_cnf('inst-k')
    cnf.instantiate()
    observe = cnf.request(states.INSTANTIATE, {}, cnf.current)
    assert cnf.driver.reconcile(observe) is None
    frontend = next(vnfc for vnfc in cnf.current['vnfcResourceInfo']
                    if vnfc['vduId'] == 'VDU1')
    name = frontend['computeResource']['resourceId']
    requests.post('%s/namespaces/default/pods/%s/replace' % (knobs, name),
                  timeout=10).raise_for_status()
    for _ in range(50):
        info = cnf.driver.reconcile(observe)
        if info and len(info['vnfcResourceInfo']) == 2:
            break
        time.sleep(0.1)
    names = [vnfc['computeResource']['resourceId']
             for vnfc in info['vnfcResourceInfo']]
    assert name not in names and len(names) == 2


def test_a_pod_that_cannot_pull_its_image_fails_the_step_naming_it(
        make_cnf, conf, image_pull_fails):
    conf.kubernetes_vim.ready_timeout = 2
    cnf = make_cnf('inst-l')
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        cnf.instantiate()
    detail = caught.value.detail
    assert detail.startswith('The VIM could not make Deployment web-frontend'
                             ' ready: ')
    assert re.search(r'Pod web-frontend-\S+: container nginx '
                     r'ImagePullBackOff', detail), detail
    assert detail.endswith('(after [kubernetes_vim] ready_timeout, 2 s)')


BARE = """\
apiVersion: v1
kind: Pod
metadata: {name: probe}
spec:
  containers: [{name: probe, image: busybox:1.36}]
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
             'VDU2': {'name': 'agent', 'initial_number_of_instances': 1}},
    'scaling_aspects': {'agent_aspect': {
        'max_scale_level': 2, 'step_deltas': ['d'],
        'vdu_deltas': {'d': {'VDU2': 1}}}},
    'instantiation_levels': {}, 'default_instantiation_level': None}


@pytest.fixture
def bare_cnf(make_cnf, tmp_path):
    (tmp_path / 'Files').mkdir()
    (tmp_path / 'Files' / 'bare.yaml').write_text(BARE)
    cnf = make_cnf('inst-m')
    cnf.package_dir, cnf.flavour = str(tmp_path), BARE_FLAVOUR
    cnf.def_files = ['Files/bare.yaml']
    return cnf


def test_heal_recreates_a_bare_pod_from_its_manifest(bare_cnf, kube):
    bare_cnf.instantiate()
    probe = next(vnfc for vnfc in bare_cnf.current['vnfcResourceInfo']
                 if vnfc['vduId'] == 'VDU1')
    assert probe['computeResource'] == {
        'resourceId': 'probe', 'vimConnectionId': 'vim-1',
        'vimLevelResourceType': 'Pod'}
    result = bare_cnf.run(states.HEAL, {'vnfcInstanceId': [probe['id']]})
    healed = next(vnfc for vnfc in bare_cnf.current['vnfcResourceInfo']
                  if vnfc['vduId'] == 'VDU1')
    assert healed['computeResource']['resourceId'] == 'probe'
    assert healed['id'] != probe['id']
    assert sorted(c['changeType'] for c in result.affected_vnfcs) == [
        'ADDED', 'REMOVED']
    pod = kube.resources.get(api_version='v1', kind='Pod').get(
        name='probe', namespace='default')
    assert pod.metadata.labels[manifests.OWNER_LABEL] == 'inst-m'


def test_a_daemon_set_vdu_cannot_be_scaled(bare_cnf):
    bare_cnf.instantiate()
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        bare_cnf.run(states.SCALE, {'type': 'SCALE_OUT',
                                    'aspectId': 'agent_aspect'})
    assert 'VDU VDU2 is a DaemonSet, which has no replicas to scale' in \
        caught.value.detail


def test_an_unreachable_api_server_fails_the_step(make_cnf, closed_url):
    cnf = make_cnf('inst-n')
    cnf.vim['interfaceInfo']['endpoint'] = closed_url
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        cnf.instantiate()
    assert caught.value.detail.startswith(
        'The VIM could not discover the API server: ')
    cnf.vim['interfaceInfo']['endpoint'] = None
    with pytest.raises(exceptions.VimConnectionIncomplete):
        cnf.instantiate()
    cnf.vim = dict(cnf.vim, interfaceInfo={'endpoint': cnf.vim_url})


def test_a_refused_token_fails_the_step_with_the_clusters_answer(make_cnf):
    cnf = make_cnf('inst-o')
    cnf.vim['accessInfo']['bearer_token'] = 'not-the-token'
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        cnf.instantiate()
    assert '401' in caught.value.detail
    cnf.vim['accessInfo']['bearer_token'] = TOKEN


# Waiting, without a cluster.

class Options:
    timeout = 1.0
    ready_timeout = 1


def test_a_wait_that_times_out_gives_the_clusters_last_reason():
    waiting = k8s_cluster.Cluster(None, Options, base.Cancellation())
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        waiting.wait('make Deployment w ready', lambda: readiness.NotReady(
            'Pod w-1: container app ImagePullBackOff: Back-off pulling'))
    assert caught.value.detail == (
        'The VIM could not make Deployment w ready: Pod w-1: container app '
        'ImagePullBackOff: Back-off pulling (after [kubernetes_vim] '
        'ready_timeout, 1 s)')


def test_a_final_reason_ends_the_wait_at_once():
    waiting = k8s_cluster.Cluster(None, Options, base.Cancellation())
    calls = []

    def probe():
        calls.append(1)
        return readiness.NotReady('Job j failed: BackoffLimitExceeded',
                                  final=True)
    with pytest.raises(exceptions.VimOperationFailed) as caught:
        waiting.wait('make Job j ready', probe)
    assert calls == [1]
    assert caught.value.detail.endswith('Job j failed: BackoffLimitExceeded')


def test_a_forceful_cancel_stops_the_wait():
    cancellation = base.Cancellation()
    options = type('Long', (Options,), {'ready_timeout': 60})
    waiting = k8s_cluster.Cluster(None, options, cancellation)
    threading.Timer(0.2, cancellation.request, [states.FORCEFUL]).start()
    with pytest.raises(exceptions.OperationCancelled):
        waiting.wait('make Pod p ready',
                     lambda: readiness.NotReady('Pod p is Pending'))
