"""The sandbox Kubernetes through the official kubernetes client (typed
APIs and DynamicClient): discovery, object semantics, errors as Status
bodies, the admin knobs, TLS and the state file."""
import json
import threading
import time

from kubernetes import client
from kubernetes.dynamic import DynamicClient
from kubernetes import watch
import pytest
import requests

from tests.unit.tacker_sandbox.kubernetes_process import KubeSandbox
from tests.unit.tacker_sandbox.kubernetes_process import wait_for


@pytest.fixture(scope='module')
def sandbox():
    with KubeSandbox() as running:
        yield running


@pytest.fixture(scope='module')
def api(sandbox):
    return sandbox.api_client()


@pytest.fixture(scope='module')
def core(api):
    return client.CoreV1Api(api)


@pytest.fixture(scope='module')
def apps(api):
    return client.AppsV1Api(api)


@pytest.fixture(scope='module')
def dynamic(api, tmp_path_factory):
    return DynamicClient(api, cache_file=str(
        tmp_path_factory.mktemp('discovery') / 'cache.json'))


@pytest.fixture
def namespace(core, request):
    name = request.node.name.replace('_', '-')[:50].rstrip('-').lower()
    core.create_namespace({'metadata': {'name': name}})
    return name


def deployment(name, replicas=2, image='nginx:1.25', labels=None):
    labels = labels or {'app': name}
    return {'apiVersion': 'apps/v1', 'kind': 'Deployment',
            'metadata': {'name': name, 'labels': labels},
            'spec': {'replicas': replicas,
                     'selector': {'matchLabels': labels},
                     'template': {'metadata': {'labels': labels}, 'spec': {
                         'containers': [{'name': 'main',
                                         'image': image}]}}}}


def pods(core, namespace, selector=None):
    return core.list_namespaced_pod(namespace,
                                    label_selector=selector).items


def ready(pod):
    return any(condition.type == 'Ready' and condition.status == 'True'
               for condition in pod.status.conditions or ())


def error_of(call, *args, **kwargs):
    with pytest.raises(client.ApiException) as caught:
        call(*args, **kwargs)
    return caught.value.status, json.loads(caught.value.body)


def test_discovery_through_dynamic_client(dynamic, api):
    for api_version, kind in (('v1', 'Pod'), ('apps/v1', 'StatefulSet'),
                              ('batch/v1', 'Job'),
                              ('rbac.authorization.k8s.io/v1', 'ClusterRole'),
                              ('networking.k8s.io/v1', 'Ingress'),
                              ('apiextensions.k8s.io/v1',
                               'CustomResourceDefinition')):
        resource = dynamic.resources.get(api_version=api_version, kind=kind)
        assert resource.kind == kind
    roles = dynamic.resources.get(api_version='rbac.authorization.k8s.io/v1',
                                  kind='ClusterRole')
    assert roles.namespaced is False
    assert client.VersionApi(api).get_code().major == '1'


def test_create_get_and_list_with_selectors(core, namespace):
    for name, labels in (('a', {'tier': 'web', 'env': 'prod'}),
                         ('b', {'tier': 'db', 'env': 'prod'}),
                         ('c', {'tier': 'web'})):
        core.create_namespaced_config_map(namespace, {
            'metadata': {'name': name, 'labels': labels},
            'data': {'key': name}})
    created = core.read_namespaced_config_map('a', namespace)
    assert created.metadata.uid and created.metadata.creation_timestamp
    assert created.metadata.namespace == namespace

    def names(**selectors):
        return sorted(item.metadata.name for item in
                      core.list_namespaced_config_map(
                          namespace, **selectors).items)
    assert names(label_selector='tier=web') == ['a', 'c']
    assert names(label_selector='tier==web,env=prod') == ['a']
    assert names(label_selector='tier!=web') == ['b']
    assert names(label_selector='tier in (db, cache)') == ['b']
    assert names(label_selector='tier notin (db)') == ['a', 'c']
    assert names(label_selector='env') == ['a', 'b']
    assert names(label_selector='!env') == ['c']
    assert names(field_selector='metadata.name=b') == ['b']
    assert names(field_selector='metadata.name!=b') == ['a', 'c']
    assert error_of(core.list_namespaced_config_map, namespace,
                    label_selector='tier in (web')[0] == 400
    page = core.list_namespaced_config_map(namespace, limit=2)
    rest = core.list_namespaced_config_map(
        namespace, limit=2, _continue=page.metadata._continue)
    assert [item.metadata.name for item in page.items + rest.items] == [
        'a', 'b', 'c']


def test_errors_are_status_bodies(sandbox, core, namespace):
    body = {'metadata': {'name': 'one'}, 'data': {}}
    core.create_namespaced_config_map(namespace, body)
    code, status = error_of(core.create_namespaced_config_map, namespace,
                            body)
    assert (code, status['kind'], status['status'], status['reason'],
            status['code']) == (409, 'Status', 'Failure', 'AlreadyExists',
                                409)
    assert status['details']['name'] == 'one'
    code, status = error_of(core.read_namespaced_config_map, 'two',
                            namespace)
    assert (code, status['reason']) == (404, 'NotFound')
    assert status['message'] == 'configmaps "two" not found'
    code, status = error_of(core.create_namespaced_config_map, namespace,
                            {'metadata': {'name': 'Not_A_Name'}})
    assert (code, status['reason']) == (422, 'Invalid')
    code, status = error_of(core.create_namespaced_config_map, namespace,
                            {'metadata': {}})
    assert (code, status['reason']) == (422, 'Invalid')
    code, status = error_of(core.create_namespaced_config_map, namespace,
                            {'kind': 'Secret', 'metadata': {'name': 'x'}})
    assert (code, status['reason']) == (422, 'Invalid')
    stale = core.read_namespaced_config_map('one', namespace)
    core.patch_namespaced_config_map('one', namespace, {'data': {'k': 'v'}})
    stale.data = {'k': 'w'}
    code, status = error_of(core.replace_namespaced_config_map, 'one',
                            namespace, stale)
    assert (code, status['reason']) == (409, 'Conflict')
    stranger = client.CoreV1Api(sandbox.api_client(token='wrong'))
    code, status = error_of(stranger.list_namespace)
    assert (code, status['reason'], status['kind']) == (
        401, 'Unauthorized', 'Status')
    assert requests.get(sandbox.url + '/version', timeout=5).status_code \
        == 401


def test_hostile_requests_get_4xx(sandbox):
    headers = {'Authorization': 'Bearer ' + sandbox.token,
               'Content-Type': 'application/json'}
    url = sandbox.url + '/api/v1/namespaces/default/configmaps'
    for data, code in ((b'{"metadata": ', 400), (b'[1, 2]', 400),
                       (b'[' * 100000, 400),
                       (b'"' + b'x' * (11 * 1024 * 1024) + b'"', 413)):
        response = requests.post(url, data=data, headers=headers, timeout=10)
        assert response.status_code == code
        assert response.json()['kind'] == 'Status'
    for path in ('/api/v1/nothings', '/apis/x/y/z/w/v/u/t', '/api/v1/pods/a'):
        assert requests.get(sandbox.url + path, headers=headers,
                            timeout=5).status_code == 404
    patch = requests.patch(url + '/none', data=b'{}', timeout=5, headers=dict(
        headers, **{'Content-Type': 'text/plain'}))
    assert patch.status_code in (404, 415)


def test_patch_formats_and_generation(apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web'))
    merged = apps.patch_namespaced_deployment(
        'web', namespace, {'metadata': {'labels': {'extra': 'yes'}}})
    assert merged.metadata.labels['extra'] == 'yes'
    assert merged.metadata.generation == 1
    patched = apps.patch_namespaced_deployment('web', namespace, [
        {'op': 'replace', 'path': '/spec/replicas', 'value': 3},
        {'op': 'remove', 'path': '/metadata/labels/extra'}])
    assert patched.spec.replicas == 3 and patched.metadata.generation == 2
    assert 'extra' not in patched.metadata.labels
    assert int(patched.metadata.resource_version) > int(
        merged.metadata.resource_version)


def test_deployment_pods_become_ready_and_scale(core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web'))

    def status_ready(replicas):
        status = apps.read_namespaced_deployment_status(
            'web', namespace).status
        return status.ready_replicas == replicas and \
            status.available_replicas == replicas and \
            status.updated_replicas == replicas and \
            status.observed_generation is not None
    wait_for(lambda: status_ready(2))
    web_pods = pods(core, namespace, 'app=web')
    assert len(web_pods) == 2 and all(ready(pod) for pod in web_pods)
    assert all(pod.status.phase == 'Running' and pod.status.pod_ip
               for pod in web_pods)
    replicaset, = apps.list_namespaced_replica_set(namespace).items
    template_hash = replicaset.metadata.labels['pod-template-hash']
    assert replicaset.metadata.name == 'web-' + template_hash
    assert all(pod.metadata.labels['pod-template-hash'] == template_hash
               for pod in web_pods)

    scale = apps.read_namespaced_deployment_scale('web', namespace)
    assert (scale.kind, scale.spec.replicas) == ('Scale', 2)
    apps.patch_namespaced_deployment_scale('web', namespace,
                                           {'spec': {'replicas': 4}})
    wait_for(lambda: status_ready(4))
    scale.spec.replicas = 1
    scale.metadata.resource_version = None
    apps.replace_namespaced_deployment_scale('web', namespace, scale)
    wait_for(lambda: len(pods(core, namespace, 'app=web')) == 1)
    assert error_of(apps.patch_namespaced_deployment_scale, 'web',
                    namespace, {'spec': {'replicas': -1}})[0] == 422


def test_scale_in_deletes_the_pod_of_the_lowest_deletion_cost(
        core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web', 3))
    wait_for(lambda: len([pod for pod in pods(core, namespace, 'app=web')
                          if ready(pod)]) == 3)
    # The last listed: neither the oldest nor the first of equals.
    cheapest = pods(core, namespace, 'app=web')[-1].metadata.name
    core.patch_namespaced_pod(cheapest, namespace, {'metadata': {
        'annotations': {'controller.kubernetes.io/pod-deletion-cost':
                        '-100'}}})
    apps.patch_namespaced_deployment_scale('web', namespace,
                                           {'spec': {'replicas': 2}})
    wait_for(lambda: len(pods(core, namespace, 'app=web')) == 2)
    assert cheapest not in {pod.metadata.name for pod in pods(
        core, namespace, 'app=web')}


def test_template_change_rolls_to_a_new_replicaset(core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web'))
    wait_for(lambda: apps.read_namespaced_deployment(
        'web', namespace).status.ready_replicas == 2)
    apps.patch_namespaced_deployment('web', namespace, {'spec': {
        'template': {'spec': {'containers': [{'name': 'main',
                                              'image': 'nginx:1.26'}]}}}})

    def rolled_out():
        sets = {rs.metadata.name: rs.spec.replicas for rs in
                apps.list_namespaced_replica_set(namespace).items}
        images = {pod.spec.containers[0].image
                  for pod in pods(core, namespace)}
        return len(sets) == 2 and sorted(sets.values()) == [0, 2] and \
            images == {'nginx:1.26'}
    wait_for(rolled_out)


def test_watch_streams_changes(core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web', 1))
    events = []
    for event in watch.Watch().stream(core.list_namespaced_pod, namespace,
                                      timeout_seconds=1):
        events.append((event['type'], event['object'].status.phase))
        if event['object'].status.phase == 'Running':
            break
    assert events[0][0] == 'ADDED' and events[-1][1] == 'Running'
    listed = core.list_namespaced_pod(namespace)
    kinds = []
    watcher = threading.Thread(target=lambda: kinds.extend(
        event['type'] for event in watch.Watch().stream(
            core.list_namespaced_pod, namespace, timeout_seconds=1,
            resource_version=listed.metadata.resource_version)))
    watcher.start()
    time.sleep(0.3)
    name = listed.items[0].metadata.name
    core.patch_namespaced_pod(name, namespace,
                              {'metadata': {'labels': {'seen': 'yes'}}})
    time.sleep(0.3)
    core.delete_namespaced_pod(name, namespace)
    watcher.join(5)
    assert kinds[:3] == ['MODIFIED', 'DELETED', 'ADDED']


def test_pod_replaced_when_deleted(core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web', 1))
    first = wait_for(lambda: pods(core, namespace))[0]
    core.delete_namespaced_pod(first.metadata.name, namespace)
    second = wait_for(lambda: [pod for pod in pods(core, namespace)
                               if pod.metadata.uid != first.metadata.uid])
    assert second[0].metadata.name != first.metadata.name


def test_statefulset_makes_ordered_pods_and_claims(core, apps, namespace):
    labels = {'app': 'db'}
    apps.create_namespaced_stateful_set(namespace, {
        'metadata': {'name': 'db'},
        'spec': {'replicas': 3, 'serviceName': 'db',
                 'selector': {'matchLabels': labels},
                 'template': {'metadata': {'labels': labels}, 'spec': {
                     'containers': [{'name': 'db', 'image': 'postgres'}]}},
                 'volumeClaimTemplates': [{
                     'metadata': {'name': 'data'},
                     'spec': {'accessModes': ['ReadWriteOnce'],
                              'resources': {'requests': {
                                  'storage': '1Gi'}}}}]}})
    created = []

    def all_ready():
        for pod in pods(core, namespace):
            if pod.metadata.name not in created:
                created.append(pod.metadata.name)
        status = apps.read_namespaced_stateful_set('db', namespace).status
        return status.ready_replicas == 3 and status.current_replicas == 3
    wait_for(all_ready)
    assert created == ['db-0', 'db-1', 'db-2']
    claims = sorted(claim.metadata.name for claim in core.
                    list_namespaced_persistent_volume_claim(namespace).items)
    assert claims == ['data-db-0', 'data-db-1', 'data-db-2']
    apps.patch_namespaced_stateful_set_scale('db', namespace,
                                             {'spec': {'replicas': 1}})
    wait_for(lambda: [pod.metadata.name for pod in pods(core, namespace)]
             == ['db-0'])


def test_daemonset_runs_a_pod_per_node(core, apps, namespace):
    labels = {'app': 'agent'}
    apps.create_namespaced_daemon_set(namespace, {
        'metadata': {'name': 'agent'},
        'spec': {'selector': {'matchLabels': labels},
                 'template': {'metadata': {'labels': labels}, 'spec': {
                     'containers': [{'name': 'a', 'image': 'agent'}]}}}})
    nodes = {node.metadata.name for node in core.list_node().items}
    assert len(nodes) == 2
    wait_for(lambda: apps.read_namespaced_daemon_set(
        'agent', namespace).status.number_ready == 2)
    status = apps.read_namespaced_daemon_set('agent', namespace).status
    assert status.desired_number_scheduled == 2
    assert {pod.spec.node_name for pod in pods(core, namespace)} == nodes


def test_daemonset_rolls_back_from_a_template_that_never_runs(
        sandbox, core, apps, namespace):
    faults = sandbox.admin_url + '/sandbox/kubernetes/faults'
    labels = {'app': 'agent'}

    def daemon_set(image):
        return {'metadata': {'name': 'agent'},
                'spec': {'selector': {'matchLabels': labels},
                         'template': {'metadata': {'labels': labels},
                                      'spec': {'containers': [{
                                          'name': 'a', 'image': image}]}}}}

    def images():
        return sorted((pod.spec.containers[0].image, ready(pod))
                      for pod in pods(core, namespace)
                      if not pod.metadata.deletion_timestamp)
    apps.create_namespaced_daemon_set(namespace, daemon_set('agent:1'))
    wait_for(lambda: images() == [('agent:1', True)] * 2)
    requests.put(faults, json={'imagePullBackOff': ['agent:2']},
                 timeout=5).raise_for_status()
    try:
        apps.replace_namespaced_daemon_set('agent', namespace,
                                           daemon_set('agent:2'))
        # One Pod at a time: the second waits for the first to be Ready.
        wait_for(lambda: images() == [('agent:1', True), ('agent:2', False)])
        time.sleep(0.3)
        assert images() == [('agent:1', True), ('agent:2', False)]
        status = apps.read_namespaced_daemon_set('agent', namespace).status
        assert (status.updated_number_scheduled, status.number_ready) == (
            1, 1)
        # The Pod of the bad template is not Ready: it goes at once.
        apps.replace_namespaced_daemon_set('agent', namespace,
                                           daemon_set('agent:1'))
        wait_for(lambda: images() == [('agent:1', True)] * 2)
    finally:
        requests.delete(faults, timeout=5)


def test_job_pods_succeed(api, core, namespace):
    batch = client.BatchV1Api(api)
    batch.create_namespaced_job(namespace, {
        'metadata': {'name': 'once'},
        'spec': {'completions': 2, 'template': {'spec': {
            'restartPolicy': 'Never',
            'containers': [{'name': 'run', 'image': 'busybox'}]}}}})
    job = wait_for(lambda: (lambda job: job.status.succeeded == 2 and job)(
        batch.read_namespaced_job('once', namespace)))
    assert any(condition.type == 'Complete' and condition.status == 'True'
               for condition in job.status.conditions)
    assert job.status.completion_time is not None
    assert all(pod.status.phase == 'Succeeded'
               for pod in pods(core, namespace))


def test_crd_serves_its_custom_resources(dynamic, api):
    extensions = client.ApiextensionsV1Api(api)
    extensions.create_custom_resource_definition({
        'metadata': {'name': 'widgets.example.com'},
        'spec': {'group': 'example.com', 'scope': 'Namespaced',
                 'names': {'plural': 'widgets', 'singular': 'widget',
                           'kind': 'Widget'},
                 'versions': [{'name': 'v1', 'served': True,
                               'storage': True, 'schema': {
                                   'openAPIV3Schema': {'type': 'object'}}}]}})
    wait_for(lambda: any(
        condition.type == 'Established' and condition.status == 'True'
        for condition in extensions.read_custom_resource_definition(
            'widgets.example.com').status.conditions or ()))
    widgets = dynamic.resources.get(api_version='example.com/v1',
                                    kind='Widget')
    widgets.create(body={'apiVersion': 'example.com/v1', 'kind': 'Widget',
                         'metadata': {'name': 'w1'}, 'spec': {'size': 3}},
                   namespace='default')
    got = widgets.get(name='w1', namespace='default')
    assert got.spec.size == 3 and got.metadata.uid
    assert error_of(extensions.create_custom_resource_definition, {
        'metadata': {'name': 'bad'}, 'spec': {
            'group': 'nodot', 'scope': 'Namespaced',
            'names': {'plural': 'bads', 'kind': 'Bad'},
            'versions': [{'name': 'v1', 'served': True,
                          'storage': True}]}})[0] == 422


def test_foreground_delete_removes_dependents_first(core, apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web'))
    held_pod = wait_for(lambda: pods(core, namespace))[0].metadata.name
    # A finalizer on one Pod holds the whole cascade where it is.
    core.patch_namespaced_pod(held_pod, namespace, {'metadata': {
        'finalizers': ['example.com/hold']}})
    apps.delete_namespaced_deployment(
        'web', namespace, propagation_policy='Foreground')

    def held():
        deploy = apps.read_namespaced_deployment('web', namespace)
        names = [pod.metadata.name for pod in pods(core, namespace)]
        return names == [held_pod] and deploy
    deploy = wait_for(held)
    assert deploy.metadata.deletion_timestamp is not None
    assert deploy.metadata.finalizers == ['foregroundDeletion']
    replicaset, = apps.list_namespaced_replica_set(namespace).items
    assert replicaset.metadata.finalizers == ['foregroundDeletion']
    core.patch_namespaced_pod(held_pod, namespace, {'metadata': {
        'finalizers': None}})
    wait_for(lambda: not apps.list_namespaced_deployment(namespace).items)
    assert pods(core, namespace) == []
    assert apps.list_namespaced_replica_set(namespace).items == []


def test_orphan_delete_keeps_dependents(apps, namespace):
    apps.create_namespaced_deployment(namespace, deployment('web'))
    wait_for(lambda: apps.list_namespaced_replica_set(namespace).items)
    apps.delete_namespaced_deployment('web', namespace,
                                      propagation_policy='Orphan')
    replicaset, = apps.list_namespaced_replica_set(namespace).items
    assert not replicaset.metadata.owner_references


def test_image_pull_backoff_knob(sandbox, core, namespace):
    faults = sandbox.admin_url + '/sandbox/kubernetes/faults'
    assert requests.put(faults, json={'imagePullBackOff': ['no-such']},
                        timeout=5).status_code == 200
    assert requests.get(faults, timeout=5).json() == {
        'imagePullBackOff': ['no-such']}
    assert requests.put(faults, json={'imagePullBackOff': 'x'},
                        timeout=5).status_code == 400
    info = requests.get(sandbox.admin_url + '/sandbox/kubernetes',
                        timeout=5).json()
    assert (info['url'], len(info['nodes'])) == (sandbox.url, 2)
    try:
        core.create_namespaced_pod(namespace, {
            'metadata': {'name': 'broken'},
            'spec': {'containers': [{'name': 'c',
                                     'image': 'example/no-such:1'}]}})

        def waiting():
            pod = core.read_namespaced_pod('broken', namespace)
            statuses = pod.status.container_statuses or ()
            return statuses and statuses[0].state.waiting and pod
        pod = wait_for(waiting)
        assert pod.status.phase == 'Pending'
        assert pod.status.container_statuses[0].state.waiting.reason == \
            'ImagePullBackOff'
        assert 'example/no-such:1' in \
            pod.status.container_statuses[0].state.waiting.message
    finally:
        requests.delete(faults, timeout=5)
    wait_for(lambda: core.read_namespaced_pod(
        'broken', namespace).status.phase == 'Running', timeout=8)


def test_replace_pod_knob(sandbox, core, apps, namespace):
    core.create_namespaced_pod(namespace, {
        'metadata': {'name': 'alone'},
        'spec': {'containers': [{'name': 'c', 'image': 'nginx'}]}})
    before = core.read_namespaced_pod('alone', namespace)
    response = requests.post(
        '%s/sandbox/kubernetes/namespaces/%s/pods/alone/replace'
        % (sandbox.admin_url, namespace), timeout=5)
    assert response.status_code == 202
    after = core.read_namespaced_pod('alone', namespace)
    assert after.metadata.uid != before.metadata.uid
    missing = requests.post(
        '%s/sandbox/kubernetes/namespaces/%s/pods/nope/replace'
        % (sandbox.admin_url, namespace), timeout=5)
    assert missing.status_code == 404


def test_tls_verified_with_the_written_ca(tmp_path):
    ca_file = tmp_path / 'ca.pem'
    with KubeSandbox('--kubernetes-tls', '--kubernetes-ca-file',
                     str(ca_file)) as sandbox:
        assert sandbox.url.startswith('https://')
        assert sandbox.ca_file == str(ca_file)
        headers = {'Authorization': 'Bearer ' + sandbox.token}
        with pytest.raises(requests.exceptions.SSLError,
                           match='CERTIFICATE_VERIFY_FAILED'):
            requests.get(sandbox.url + '/version', headers=headers,
                         timeout=5)
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(sandbox.url.replace('https:', 'http:') +
                         '/version', headers=headers, timeout=5)
        verified = client.CoreV1Api(sandbox.api_client(
            ca_file=str(ca_file)))
        assert verified.read_namespace('default').metadata.name == 'default'


def test_state_survives_a_restart(tmp_path):
    state = tmp_path / 'state.db'
    with KubeSandbox('--state-file', str(state)) as sandbox:
        core = client.CoreV1Api(sandbox.api_client())
        created = core.create_namespaced_config_map('default', {
            'metadata': {'name': 'kept'}, 'data': {'a': 'b'}})
    with KubeSandbox('--state-file', str(state)) as sandbox:
        core = client.CoreV1Api(sandbox.api_client())
        kept = core.read_namespaced_config_map('kept', 'default')
        assert kept.metadata.uid == created.metadata.uid
        assert kept.data == {'a': 'b'}
        again = core.create_namespaced_config_map('default', {
            'metadata': {'name': 'next'}})
        assert int(again.metadata.resource_version) > int(
            kept.metadata.resource_version)
