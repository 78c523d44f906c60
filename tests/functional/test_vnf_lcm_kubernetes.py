"""CNF lifecycles on a Kubernetes VIM: the real server, conductor,
RabbitMQ and kubernetes client against the sandbox's Kubernetes API
server over HTTPS, registered through /v1.0/vims, with the cnf sample
(Deployment web-frontend = VDU1, StatefulSet web-cache = VDU2, two
Services, a ConfigMap, a CustomResourceDefinition and a Route of it).
What Tacker did is checked at the sandbox with the kubernetes client;
each test deploys into a namespace of its own. Its change_vnfpkg and
change_flavour go through the v2 API; flavour 'lite' is the unit
tests' (``add_lite_flavour``)."""
import datetime
import uuid

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509 import oid
from kubernetes.dynamic import exceptions as dynamic_exceptions
import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_openstack as openstack
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs
from tests import packages
from tests.unit.drivers import test_kubernetes_change_flavour as flavours

VIMS = '/v1.0/vims'
# Short, so that a Pod that never gets Ready fails its step quickly; far
# above what a step on the sandbox takes (its Pods are Ready after 0.1 s).
READY_TIMEOUT = 10
# What an operation may take beyond ready_timeout to end FAILED_TEMP.
MARGIN_S = 15
OWNER_LABEL = 'tacker.openstack.org/vnf-instance-id'
VDU_LABEL = 'tacker.openstack.org/vdu-id'
FILES = ['Files/kubernetes/config.yaml', 'Files/kubernetes/crd.yaml',
         'Files/kubernetes/deployment.yaml', 'Files/kubernetes/service.yaml',
         'Files/kubernetes/statefulset.yaml']
# The namespaced objects of the cnf sample, in the order Tacker creates
# them (definitions, configuration, services, other kinds, workloads).
OBJECTS = [('v1', 'ConfigMap', 'web-config'),
           ('v1', 'Service', 'web-frontend'), ('v1', 'Service', 'web-cache'),
           ('web.example.com/v1', 'Route', 'web-frontend'),
           ('apps/v1', 'Deployment', 'web-frontend'),
           ('apps/v1', 'StatefulSet', 'web-cache')]
CRD = ('apiextensions.k8s.io/v1', 'CustomResourceDefinition',
       'routes.web.example.com')


@pytest.fixture(scope='module')
def module_sandbox(tmp_path_factory):
    with sandbox_lib.SandboxVim(tmp_path_factory.mktemp('sandbox'),
                                delay=0.1, kubernetes=True,
                                kubernetes_tls=True) as vim:
        yield vim


@pytest.fixture
def sandbox(module_sandbox):
    """The module's sandbox, without the faults a test set."""
    yield module_sandbox
    module_sandbox.clear_kubernetes_faults()


@pytest.fixture(scope='module')
def kube(module_sandbox):
    """A DynamicClient of the sandbox's API server, to look behind
    Tacker."""
    with module_sandbox.kubernetes_api_client() as api:
        yield module_sandbox.kubernetes_client(api)


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('kubernetes'), sections={
                'kubernetes_vim': {'timeout': 5,
                                   'ready_timeout': READY_TIMEOUT}}) \
            as deploy:
        yield deploy


@pytest.fixture(scope='module')
def vnfd_id(deployment, tmp_path_factory):
    return pkgs.onboard(deployment, tmp_path_factory.mktemp('cnf'),
                        'cnf')['vnfdId']


@pytest.fixture(scope='module')
def vim(deployment, module_sandbox, kube):
    """The sandbox's API server registered as a Kubernetes VIM."""
    response = register(deployment, vim_request(
        module_sandbox, new_namespace(kube), name='sandbox-k8s'))
    assert response.status_code == 201, response.text
    return response.json()['vim']


@pytest.fixture
def namespace(kube):
    return new_namespace(kube)


def new_namespace(kube):
    name = 'cnf-%s' % uuid.uuid4().hex[:10]
    kube.resources.get(api_version='v1', kind='Namespace').create(
        body={'metadata': {'name': name}})
    return name


def vim_request(sandbox, namespace, name='vim-1', **credentials):
    auth_cred = {'bearer_token': sandbox.kubernetes_token,
                 'ssl_ca_cert': sandbox.kubernetes_ca()}
    auth_cred.update(credentials)
    return {'vim': {'name': name, 'type': 'kubernetes',
                    'auth_url': sandbox.kubernetes_url,
                    'auth_cred': auth_cred,
                    'vim_project': {'name': namespace}}}


def register(deployment, body):
    return deployment.request('POST', VIMS, json=body, timeout=60)


def vim_names(deployment):
    return sorted(vim['name'] for vim in deployment.get(VIMS).json()['vims'])


def other_ca():
    """PEM of a self-signed CA that signed nothing the sandbox serves."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME,
                                         'not the sandbox CA')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = x509.CertificateBuilder().subject_name(name).issuer_name(
        name).public_key(key.public_key()).serial_number(
        x509.random_serial_number()).not_valid_before(
        now - datetime.timedelta(minutes=5)).not_valid_after(
        now + datetime.timedelta(days=1)).add_extension(
        x509.BasicConstraints(ca=True, path_length=None),
        critical=True).sign(key, hashes.SHA256())
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def instantiate_body(vim, namespace, files=FILES):
    return {'flavourId': 'default',
            'vimConnectionInfo': [{'id': 'k8s', 'vimId': vim['id'],
                                   'vimType': 'ETSINFV.KUBERNETES.V_1'}],
            'additionalParams': {'lcm-kubernetes-def-files': files,
                                 'namespace': namespace}}


def v2_instantiate_body(vim, namespace, files=FILES):
    """``instantiate_body`` as v2 takes it: vimConnectionInfo a map."""
    return dict(instantiate_body(vim, namespace, files), vimConnectionInfo={
        'k8s': {'vimId': vim['id'], 'vimType': 'ETSINFV.KUBERNETES.V_1'}})


def onboard_cnf(deployment, tmp_path, *edits):
    """The cnf sample with the coordination script of the v2 tests
    (``v2_lcm.SCRIPT``), edited by the ``edits`` (``mutate``s)."""
    return v2_lcm.onboard_version(deployment, tmp_path, 'cnf', edits=edits)


def rollback(deployment, op):
    """Roll the FAILED_TEMP ``op`` back; it ends ROLLED_BACK."""
    url = '%s/vnf_lcm_op_occs/%s/rollback' % (lcm.API, op['id'])
    assert deployment.request('POST', url).status_code == 202
    op = lcm.wait_op(deployment, op['id'], ('ROLLED_BACK', 'FAILED_TEMP'),
                     after=op['stateEnteredTime'], timeout=60)
    assert op['operationState'] == 'ROLLED_BACK', op
    return op


def v2_rollback(deployment, op):
    """Roll the FAILED_TEMP ``op`` back through v2; it ends
    ROLLED_BACK."""
    response = v2_lcm.v2(deployment, 'POST',
                         '/vnf_lcm_op_occs/%s/rollback' % op['id'])
    assert response.status_code == 202, response.text
    return v2_lcm.wait(deployment, op['id'], 'ROLLED_BACK',
                       after=op['stateEnteredTime'])


# ---- at the sandbox ------------------------------------------------------

def found(kube, api_version, kind, name, namespace):
    """The object as a dict, or None (also when its kind is not served:
    its definition is gone)."""
    try:
        resource = kube.resources.get(api_version=api_version, kind=kind)
        return resource.get(name=name, namespace=namespace).to_dict()
    except (dynamic_exceptions.NotFoundError,
            dynamic_exceptions.ResourceNotFoundError):
        return None


def owned(kube, api_version, kind, namespace, instance_id, vdu=None):
    """The objects of ``kind`` in ``namespace`` labelled as the VNF
    instance's (and as the VDU's), as dicts, by name."""
    selector = '%s=%s' % (OWNER_LABEL, instance_id)
    if vdu:
        selector += ',%s=%s' % (VDU_LABEL, vdu)
    try:
        resource = kube.resources.get(api_version=api_version, kind=kind)
        listed = resource.get(namespace=namespace, label_selector=selector)
    except (dynamic_exceptions.NotFoundError,
            dynamic_exceptions.ResourceNotFoundError):
        return []
    return sorted(listed.to_dict()['items'],
                  key=lambda item: item['metadata']['name'])


def pods(kube, namespace, instance_id, vdu=None):
    return owned(kube, 'v1', 'Pod', namespace, instance_id, vdu)


def pod_names(kube, namespace, instance_id, vdu=None):
    return [pod['metadata']['name']
            for pod in pods(kube, namespace, instance_id, vdu)]


def images(pod):
    return [container['image'] for container in pod['spec']['containers']]


def uids(objects):
    return [obj['metadata']['uid'] for obj in objects]


def ready(pod):
    return any(condition['type'] == 'Ready' and condition['status'] == 'True'
               for condition in pod['status'].get('conditions') or [])


def remaining(kube, namespace, instance_id):
    """(kind, name) of every object of the sample, or Pod, that still
    carries the instance's label in ``namespace``."""
    kinds = {(api_version, kind) for api_version, kind, _ in OBJECTS}
    return sorted((kind, item['metadata']['name'])
                  for api_version, kind in kinds | {('v1', 'Pod')}
                  for item in owned(kube, api_version, kind, namespace,
                                    instance_id))


def versions(kube, namespace, instance_id):
    """{(kind, name): (uid, resourceVersion)} of the sample's objects in
    ``namespace`` and of the instance's Pods: what changes when anything
    touches them."""
    objects = {(kind, name): found(kube, api_version, kind, name,
                                   namespace)
               for api_version, kind, name in OBJECTS}
    objects.update((('Pod', pod['metadata']['name']), pod)
                   for pod in pods(kube, namespace, instance_id))
    return {key: (obj['metadata']['uid'], obj['metadata']['resourceVersion'])
            for key, obj in objects.items() if obj is not None}


def resource_ids(info, vdu=None):
    return sorted(vnfc['computeResource']['resourceId']
                  for vnfc in openstack.vnfcs(info, vdu))


# ---- tests ---------------------------------------------------------------

def test_register_checks_the_token_and_the_ca_of_the_api_server(
        deployment, sandbox, kube):
    namespace = new_namespace(kube)

    response = register(deployment, vim_request(sandbox, namespace))

    assert response.status_code == 201, response.text
    vim = response.json()['vim']
    assert (vim['type'], vim['status'], vim['auth_url'],
            vim['placement_attr'], vim['vim_project']) == (
        'kubernetes', 'REACHABLE', sandbox.kubernetes_url,
        {'regions': [namespace]}, {'name': namespace})
    assert vim['auth_cred']['bearer_token'] == '***'
    for answer in (response, deployment.get(VIMS),
                   deployment.get('%s/%s' % (VIMS, vim['id']))):
        assert sandbox.kubernetes_token not in answer.text

    pkgs.assert_problem(register(deployment, vim_request(
        sandbox, namespace, name='wrong-token', bearer_token='not-it')),
        400, 'Kubernetes API server at %s refused the credentials (401)'
        % sandbox.kubernetes_url)
    pkgs.assert_problem(register(deployment, vim_request(
        sandbox, namespace, name='wrong-ca', ssl_ca_cert=other_ca())),
        400, 'Cannot reach Kubernetes API server at %s: its TLS '
        'certificate is not trusted (' % sandbox.kubernetes_url)
    assert 'wrong-token' not in vim_names(deployment)
    assert 'wrong-ca' not in vim_names(deployment)


def test_lifecycle_on_the_registered_vim(deployment, sandbox, kube, vim,
                                         vnfd_id, namespace):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op, info = openstack.run(deployment, vnf, 'instantiate',
                             instantiate_body(vim, namespace))
    for api_version, kind, name in OBJECTS:
        obj = found(kube, api_version, kind, name, namespace)
        assert obj is not None, (kind, name)
        assert obj['metadata']['labels'][OWNER_LABEL] == vnf, (kind, name)
    assert found(kube, *CRD, None) is not None
    assert resource_ids(info) == pod_names(kube, namespace, vnf)
    assert len(resource_ids(info, 'VDU1')) == len(
        resource_ids(info, 'VDU2')) == 1
    assert {a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']} == {'ADDED'}
    assert [(c['vimId'], c['vimType']) for c in info['vimConnectionInfo']] \
        == [(vim['id'], 'ETSINFV.KUBERNETES.V_1')]
    assert sandbox.kubernetes_token not in str(info)

    op, info = openstack.run(deployment, vnf, 'scale', {
        'type': 'SCALE_OUT', 'aspectId': 'frontend_aspect'})
    assert found(kube, 'apps/v1', 'Deployment', 'web-frontend',
                 namespace)['spec']['replicas'] == 2
    assert len(resource_ids(info, 'VDU1')) == 2
    assert resource_ids(info) == pod_names(kube, namespace, vnf)
    op, info = openstack.run(deployment, vnf, 'scale', {
        'type': 'SCALE_IN', 'aspectId': 'frontend_aspect'})
    assert found(kube, 'apps/v1', 'Deployment', 'web-frontend',
                 namespace)['spec']['replicas'] == 1
    assert len(resource_ids(info, 'VDU1')) == 1
    assert resource_ids(info) == pod_names(kube, namespace, vnf)

    healed = openstack.vnfcs(info, 'VDU1')[0]
    old_pod = healed['computeResource']['resourceId']
    op, info = openstack.run(deployment, vnf, 'heal', {
        'vnfcInstanceId': [healed['id']]})
    frontend = pods(kube, namespace, vnf, 'VDU1')
    assert old_pod not in [pod['metadata']['name'] for pod in frontend]
    assert len(frontend) == 1 and ready(frontend[0]), frontend
    assert resource_ids(info, 'VDU1') == [frontend[0]['metadata']['name']]
    assert sorted(a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']) == ['ADDED', 'REMOVED']

    before = {pod['metadata']['uid'] for pod in pods(kube, namespace, vnf)}
    op, info = openstack.run(deployment, vnf, 'heal', {})
    after = pods(kube, namespace, vnf)
    assert len(after) == 2 and all(ready(pod) for pod in after), after
    assert not before & {pod['metadata']['uid'] for pod in after}
    assert resource_ids(info) == pod_names(kube, namespace, vnf)

    op, info = openstack.run(deployment, vnf, 'terminate', {
        'terminationType': 'FORCEFUL'})
    assert info['instantiationState'] == 'NOT_INSTANTIATED'
    assert remaining(kube, namespace, vnf) == []
    for api_version, kind, name in OBJECTS:
        assert found(kube, api_version, kind, name, namespace) is None, (
            kind, name)
    assert {a['changeType'] for a in op['resourceChanges'][
        'affectedVnfcs']} == {'REMOVED'}


def test_scale_in_removes_the_newest_pod(deployment, kube, vim, vnfd_id,
                                         namespace):
    vnf = lcm.new_instance(deployment, vnfd_id)
    openstack.run(deployment, vnf, 'instantiate',
                  instantiate_body(vim, namespace))
    _, info = openstack.run(deployment, vnf, 'scale', {
        'type': 'SCALE_OUT', 'aspectId': 'frontend_aspect'})
    oldest, newest = openstack.vnfcs(info, 'VDU1')

    op, info = openstack.run(deployment, vnf, 'scale', {
        'type': 'SCALE_IN', 'aspectId': 'frontend_aspect'})

    assert [(a['id'], a['changeType']) for a in op['resourceChanges'][
        'affectedVnfcs']] == [(newest['id'], 'REMOVED')]
    assert openstack.vnfcs(info, 'VDU1') == [oldest]
    assert pod_names(kube, namespace, vnf, 'VDU1') == [
        oldest['computeResource']['resourceId']]


def test_invalid_manifest_fails_temp_with_the_status_message_and_rollback(
        deployment, kube, vim, namespace, tmp_path):
    # The API server refuses a Deployment whose selector does not select
    # its Pods; Tacker's own checks of manifests let it pass.
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'cnf', mutate=(
        packages.replace_text(
            'Files/kubernetes/deployment.yaml',
            'matchLabels:\n      app: web-frontend',
            'matchLabels:\n      app: elsewhere')))['vnfdId']
    vnf = lcm.new_instance(deployment, vnfd_id)

    op, _ = openstack.run(deployment, vnf, 'instantiate',
                          instantiate_body(vim, namespace),
                          state='FAILED_TEMP')

    assert op['error']['detail'].startswith(
        'The VIM could not create Deployment web-frontend: 422 '), op
    assert 'Deployment.apps "web-frontend" is invalid: ' \
        'spec.template.metadata.labels: Invalid value: `selector` does ' \
        'not match template `labels`' in op['error']['detail']
    # What came before the Deployment was created, and stays until
    # the rollback.
    assert ('ConfigMap', 'web-config') in remaining(kube, namespace, vnf)
    rollback(deployment, op)
    assert remaining(kube, namespace, vnf) == []
    assert lcm.instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'


def test_name_collision_fails_temp_and_leaves_the_owners_objects(
        deployment, kube, vim, vnfd_id, namespace):
    owner = lcm.new_instance(deployment, vnfd_id)
    openstack.run(deployment, owner, 'instantiate',
                  instantiate_body(vim, namespace))
    before = versions(kube, namespace, owner)
    assert len(before) == len(OBJECTS) + 2
    intruder = lcm.new_instance(deployment, vnfd_id)

    op, _ = openstack.run(deployment, intruder, 'instantiate',
                          instantiate_body(vim, namespace),
                          state='FAILED_TEMP')

    # The first namespaced object of the sample is the ConfigMap.
    assert op['error']['detail'] == (
        'The VIM could not create ConfigMap web-config: it already exists '
        'and belongs to VNF instance %s, not to VNF instance %s'
        % (owner, intruder)), op['error']
    assert versions(kube, namespace, owner) == before
    rollback(deployment, op)
    assert versions(kube, namespace, owner) == before
    assert remaining(kube, namespace, intruder) == []
    assert all(ready(pod) for pod in pods(kube, namespace, owner))
    # The owner's instance still works: its terminate removes its own.
    openstack.run(deployment, owner, 'terminate',
                  {'terminationType': 'FORCEFUL'})
    assert remaining(kube, namespace, owner) == []


def test_two_instances_of_a_package_share_its_definition(
        deployment, kube, vim, vnfd_id):
    first, second = (lcm.new_instance(deployment, vnfd_id) for _ in '12')
    namespaces = {first: new_namespace(kube), second: new_namespace(kube)}
    for vnf in (first, second):
        openstack.run(deployment, vnf, 'instantiate',
                      instantiate_body(vim, namespaces[vnf]))

    openstack.run(deployment, first, 'terminate',
                  {'terminationType': 'FORCEFUL'})

    assert remaining(kube, namespaces[first], first) == []
    assert found(kube, *CRD, None) is not None
    route = found(kube, 'web.example.com/v1', 'Route', 'web-frontend',
                  namespaces[second])
    assert route['metadata']['labels'][OWNER_LABEL] == second
    openstack.run(deployment, second, 'terminate',
                  {'terminationType': 'FORCEFUL'})
    assert remaining(kube, namespaces[second], second) == []


def test_a_pod_that_cannot_pull_its_image_fails_temp_naming_it(
        deployment, sandbox, kube, vim, vnfd_id, namespace):
    sandbox.set_kubernetes_faults(['nginx:1.25'])
    vnf = lcm.new_instance(deployment, vnfd_id)

    op = lcm.wait_op(deployment, lcm.task(
        deployment, vnf, 'instantiate', instantiate_body(vim, namespace)),
        timeout=READY_TIMEOUT + MARGIN_S)

    assert op['operationState'] == 'FAILED_TEMP', op
    [pod] = pod_names(kube, namespace, vnf, 'VDU1')
    detail = op['error']['detail']
    assert detail.startswith(
        'The VIM could not make Deployment web-frontend ready: '), detail
    assert 'Pod %s: container nginx ImagePullBackOff' % pod in detail
    assert detail.endswith('(after [kubernetes_vim] ready_timeout, %d s)'
                           % READY_TIMEOUT), detail
    sandbox.clear_kubernetes_faults()
    rollback(deployment, op)
    assert remaining(kube, namespace, vnf) == []


@pytest.mark.parametrize('params, status, detail', [
    ({'lcm-kubernetes-def-files': FILES + ['Files/kubernetes/gone.yaml']},
     400, 'Files/kubernetes/gone.yaml'),
    ({'lcm-kubernetes-def-files': [
        name for name in FILES if not name.endswith('statefulset.yaml')]},
     422, 'VDU2'),
    ({'lcm-kubernetes-def-files': FILES, 'namespace': 'Not_A_Name'},
     400, 'Not_A_Name'),
], ids=['manifest-missing', 'vdu-without-workload', 'bad-namespace'])
def test_what_the_package_cannot_deploy_is_refused_before_the_202(
        deployment, kube, vim, vnfd_id, params, status, detail):
    vnf = lcm.new_instance(deployment, vnfd_id)
    body = instantiate_body(vim, new_namespace(kube))
    body['additionalParams'].update(params)

    response = deployment.request(
        'POST', '%s/vnf_instances/%s/instantiate' % (lcm.API, vnf),
        json=body, timeout=30)

    assert response.status_code == status, response.text
    assert detail in response.json()['detail']
    assert deployment.get('%s/vnf_lcm_op_occs?filter=(eq,vnfInstanceId,%s)'
                          % (lcm.API, vnf)).json() == []
    assert lcm.instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'


def test_a_cnf_through_the_v2_api_on_the_default_kubernetes_vim(
        deployment, kube, vim, vnfd_id, namespace):
    """v2 (SOL003 v3.3.1) runs the same operations: the registered VIM
    is the project's default Kubernetes VIM once made so, and
    scale_to_level resizes both workloads."""
    assert deployment.request('PUT', '%s/%s' % (VIMS, vim['id']), json={
        'vim': {'is_default': True}}, timeout=60).status_code == 200
    vnf = v2_lcm.new_instance(deployment, vnfd_id)
    body = instantiate_body(vim, namespace)
    del body['vimConnectionInfo']

    v2_lcm.run(deployment, vnf, 'instantiate', body)
    info = v2_lcm.instance(deployment, vnf)
    assert [entry['vimId'] for entry in
            info['vimConnectionInfo'].values()] == [vim['id']]
    v2_lcm.run(deployment, vnf, 'scale_to_level', {
        'instantiationLevelId': 'instantiation_level_2'})
    assert [found(kube, 'apps/v1', kind, name, namespace)['spec'][
        'replicas'] for kind, name in (('Deployment', 'web-frontend'),
                                       ('StatefulSet', 'web-cache'))] == [
        2, 2]
    info = v2_lcm.instance(deployment, vnf)
    assert sorted(vnfc['vnfcResourceInfoId'] for vnfc in info[
        'instantiatedVnfInfo']['vnfcInfo']) == sorted(
        vnfc['id'] for vnfc in info['instantiatedVnfInfo'][
            'vnfcResourceInfo'])
    assert sorted(vnfc['computeResource']['resourceId'] for vnfc in info[
        'instantiatedVnfInfo']['vnfcResourceInfo']) == pod_names(
        kube, namespace, vnf)
    v2_lcm.run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    assert remaining(kube, namespace, vnf) == []


def changed_cnf(deployment, vim, namespace, tmp_path, **params):
    """Two versions of the cnf sample, the second running nginx:1.26 in
    web-frontend (VDU1), and a VNF instantiated (with ``params``) from
    the first."""
    old = onboard_cnf(deployment, tmp_path)
    new = onboard_cnf(deployment, tmp_path, packages.replace_text(
        'Files/kubernetes/deployment.yaml', 'nginx:1.25', 'nginx:1.26'))
    vnf = v2_lcm.new_instance(deployment, old['vnfdId'])
    v2_lcm.run(deployment, vnf, 'instantiate',
               dict(v2_instantiate_body(vim, namespace), **params))
    return old, new, vnf


def test_change_vnfpkg_through_v2_rolls_a_deployment_to_its_new_image(
        deployment, kube, vim, namespace, tmp_path):
    old, new, vnf = changed_cnf(deployment, vim, namespace, tmp_path,
                                instantiationLevelId='instantiation_level_2')
    cache = uids(pods(kube, namespace, vnf, 'VDU2'))
    log = tmp_path / 'log'

    op = v2_lcm.run(deployment, vnf, 'change_vnfpkg',
                    v2_lcm.change_request(new['vnfdId'], log))

    assert op['modificationsTriggeredByVnfPkgChange']['vnfdId'] == \
        new['vnfdId']
    frontend = pods(kube, namespace, vnf, 'VDU1')
    assert [images(pod) for pod in frontend] == [['nginx:1.26']] * 2
    assert all(ready(pod) for pod in frontend)
    assert uids(pods(kube, namespace, vnf, 'VDU2')) == cache
    info = v2_lcm.instance(deployment, vnf)
    assert info['vnfdId'] == new['vnfdId']
    vnfcs = {vnfc['computeResource']['resourceId']: vnfc for vnfc in info[
        'instantiatedVnfInfo']['vnfcResourceInfo']}
    # The new package's script ran once for each new Pod, with its IP.
    assert sorted(v2_lcm.logged(log), key=str) == sorted(({
        'vnfc_info_id': 'VDU1-' + vnfcs[pod['metadata']['name']]['id'],
        'ssh_ip': pod['status']['podIP'], 'is_rollback': False,
        'password': None} for pod in frontend), key=str)
    assert all(entry['ssh_ip'] for entry in v2_lcm.logged(log))
    assert (v2_lcm.usage(deployment, old), v2_lcm.usage(deployment, new)) \
        == ('NOT_IN_USE', 'IN_USE')


def test_a_failed_change_vnfpkg_rolls_the_pods_back_to_the_old_image(
        deployment, kube, vim, namespace, tmp_path):
    old, new, vnf = changed_cnf(deployment, vim, namespace, tmp_path)
    log = tmp_path / 'log'

    op = v2_lcm.run(deployment, vnf, 'change_vnfpkg', v2_lcm.change_request(
        new['vnfdId'], log, old_param={'exit_status': 0}, exit_status=1),
        'FAILED_TEMP')

    assert 'exited with status 1' in op['error']['detail']
    changed = pods(kube, namespace, vnf, 'VDU1')
    assert [images(pod) for pod in changed] == [['nginx:1.26']]
    v2_rollback(deployment, op)
    frontend = pods(kube, namespace, vnf, 'VDU1')
    assert [images(pod) for pod in frontend] == [['nginx:1.25']]
    assert all(ready(pod) for pod in frontend)
    # The new package's script refused the new Pod; the old one's
    # accepted the Pod the rollback returned.
    assert [(entry['is_rollback'], entry['ssh_ip'])
            for entry in v2_lcm.logged(log)] == [
        (False, changed[0]['status']['podIP']),
        (True, frontend[0]['status']['podIP'])]
    info = v2_lcm.instance(deployment, vnf)
    assert info['vnfdId'] == old['vnfdId']
    assert resource_ids(info) == pod_names(kube, namespace, vnf)
    assert (v2_lcm.usage(deployment, old), v2_lcm.usage(deployment, new)) \
        == ('IN_USE', 'NOT_IN_USE')


def test_change_flavour_through_v2_redeploys_and_a_failed_one_rolls_back(
        deployment, kube, vim, namespace, tmp_path):
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'cnf',
                           mutate=flavours.add_lite_flavour)['vnfdId']
    vnf = v2_lcm.new_instance(deployment, vnfd_id)
    v2_lcm.run(deployment, vnf, 'instantiate',
               v2_instantiate_body(vim, namespace))
    change = '/vnf_instances/%s/change_flavour' % vnf
    pkgs.assert_problem(v2_lcm.v2(deployment, 'POST', change, json={
        'newFlavourId': 'lite'}), 400, 'lcm-kubernetes-def-files')

    op = v2_lcm.run(deployment, vnf, 'change_flavour', {
        'newFlavourId': 'lite', 'instantiationLevelId': 'lite_level_2',
        'additionalParams': {
            'lcm-kubernetes-def-files': flavours.LITE_FILES}})

    assert sorted((a['vduId'], a['changeType']) for a in op[
        'resourceChanges']['affectedVnfcs']) == [('VDU1', 'ADDED')] * 3 + [
        ('VDU1', 'REMOVED'), ('VDU2', 'REMOVED'), ('VDU3', 'ADDED')]
    assert found(kube, 'apps/v1', 'Deployment', 'web-frontend',
                 namespace)['spec']['replicas'] == 3
    assert [images(pod) for pod in pods(kube, namespace, vnf, 'VDU1')] == [
        [flavours.LITE_IMAGE]] * 3
    assert len(pods(kube, namespace, vnf, 'VDU3')) == 1
    assert found(kube, 'apps/v1', 'StatefulSet', 'web-cache',
                 namespace) is None
    info = v2_lcm.instance(deployment, vnf)
    assert (info['instantiatedVnfInfo']['flavourId'],
            info['instantiatedVnfInfo']['scaleStatus']) == (
        'lite', [{'aspectId': 'frontend_aspect', 'scaleLevel': 2}])
    assert resource_ids(info) == pod_names(kube, namespace, vnf)

    # Going back fails at a StatefulSet web-cache that is not the VNF's:
    # the rollback removes what the change created, and only that.
    labels = {'app': 'intruder'}
    kube.resources.get(api_version='apps/v1', kind='StatefulSet').create(
        namespace=namespace, body={
            'apiVersion': 'apps/v1', 'kind': 'StatefulSet',
            'metadata': {'name': 'web-cache'},
            'spec': {'serviceName': 'web-cache',
                     'selector': {'matchLabels': labels},
                     'template': {'metadata': {'labels': labels}, 'spec': {
                         'containers': [{'name': 'cache',
                                         'image': 'redis:7.2'}]}}}})
    vnf_pods = uids(pods(kube, namespace, vnf))
    failed = v2_lcm.run(deployment, vnf, 'change_flavour', {
        'newFlavourId': 'default', 'additionalParams': {
            'lcm-kubernetes-def-files': FILES}}, 'FAILED_TEMP')
    assert 'StatefulSet web-cache: it already exists' in failed['error'][
        'detail']
    assert found(kube, 'v1', 'Service', 'web-cache', namespace) is not None
    v2_rollback(deployment, failed)
    assert v2_lcm.instance(deployment, vnf)['instantiatedVnfInfo'] == info[
        'instantiatedVnfInfo']
    assert found(kube, 'v1', 'Service', 'web-cache', namespace) is None
    assert found(kube, 'web.example.com/v1', 'Route', 'web-frontend',
                 namespace) is None
    intruder = found(kube, 'apps/v1', 'StatefulSet', 'web-cache', namespace)
    assert OWNER_LABEL not in (intruder['metadata'].get('labels') or {})
    assert uids(pods(kube, namespace, vnf)) == vnf_pods
