"""The sandbox's Prometheus metrics in-process: ``GET /metrics`` lists
the live servers of every stack and the Pods of the sandbox Kubernetes,
and the knob under ``/sandbox/metrics`` sets their values."""
import json
import re

from prometheus_client import parser
import pytest

from tacker_sandbox import app as app_lib
from tacker_sandbox.kubernetes import admin as kube_admin_lib
from tacker_sandbox.kubernetes import app as kube_app_lib
from tacker_sandbox import metrics
from tests.unit.tacker_sandbox.test_app import call
from tests.unit.tacker_sandbox.test_app import issue

KUBE_TOKEN = 'secret-token'
TYPE_LINE = re.compile(r'^# TYPE (\S+) (\S+)$', re.M)
GIB = 2 ** 30
SERVER_NAME = 'db "main"\\0\nx'
TOP = {
    'heat_template_version': '2013-05-23',
    'resources': {
        'db': {'type': 'OS::Nova::Server',
               'properties': {'name': SERVER_NAME, 'flavor': 'm1.tiny'}},
        'net': {'type': 'OS::Neutron::Net'},
        'VDU1_scale_group': {'type': 'OS::Heat::AutoScalingGroup',
                             'properties': {
                                 'min_size': 1, 'max_size': 3,
                                 'desired_capacity': 2,
                                 'resource': {'type': 'VDU1.yaml'}}}}}
VDU1 = json.dumps({
    'heat_template_version': '2013-05-23',
    'resources': {'VDU1': {'type': 'OS::Nova::Server',
                           'properties': {'flavor': 'm1.tiny'}}}})


@pytest.fixture
def app():
    application, store = app_lib.build_app(password='secret', delay=0)
    yield application
    store.close()


@pytest.fixture
def kube(app):
    """The sandbox Kubernetes on the app's store, as
    ``tacker-sandbox-vim --kubernetes-port`` serves it; ``.reconcile()``
    runs its controllers once."""
    kube_app, controllers, _ = kube_app_lib.build(app.store, 0,
                                                  token=KUBE_TOKEN)
    kube_admin_lib.KubernetesAdmin(kube_app.cluster, {}).connect(app)

    def kube_call(method, path, body=None):
        return call(kube_app, method, path, body, headers={
            'Authorization': 'Bearer ' + KUBE_TOKEN})
    kube_call.reconcile = controllers.reconcile
    return kube_call


def heat_of(app):
    token = issue(app)[0]
    project_id = app.keystone.project['id']

    def heat_call(method, path, body=None):
        return call(app, method, '/heat-api/v1/%s%s' % (project_id, path),
                    body, headers={'X-Auth-Token': token})
    return heat_call


@pytest.fixture
def heat(app):
    return heat_of(app)


def exposition(app):
    """The text of ``GET /metrics``, and its metric names -> types (from
    its TYPE lines: one per family)."""
    response = call(app, 'GET', '/metrics')
    assert response.status_int == 200
    assert response.headers['Content-Type'] == metrics.CONTENT_TYPE
    types = TYPE_LINE.findall(response.text)
    assert len(types) == len(dict(types))
    return response.text, dict(types)


def scrape(app):
    """Metric name -> [(labels, value)], from the exposition as
    Prometheus' client library parses it."""
    text, types = exposition(app)
    families = list(parser.text_string_to_metric_families(text))
    # The library names a counter's family without "_total" (and its
    # samples with it); every sample belongs to a typed family.
    assert [(family.name, family.type) for family in families] == [
        (name.removesuffix('_total') if kind == 'counter' else name, kind)
        for name, kind in types.items()]
    assert set(types.values()) == {'counter', 'gauge'}
    return {name: [(sample.labels, sample.value)
                   for sample in family.samples]
            for name, family in zip(types, families)}


def server_values(app, server_id):
    """Metric name -> value of one server, for the three server gauges."""
    return {name: value for name, samples in scrape(app).items()
            if name.startswith('sandbox_server_')
            for labels, value in samples if labels['server_id'] == server_id}


def create_vnf(heat):
    response = heat('POST', '/stacks', {'stack_name': 'vnf', 'template': TOP,
                                        'files': {'VDU1.yaml': VDU1}})
    assert response.status_int == 201, response.text
    return response.json['stack']['id']


def servers_of(app):
    """Server id -> (its stack, the resource's name), from the admin
    API's view of every live stack."""
    return {resource['physical_resource_id']: (stack, name)
            for stack in call(app, 'GET', '/sandbox/stacks').json['stacks']
            for name, resource in stack['resources'].items()
            if resource['resource_type'] == 'OS::Nova::Server'}


def test_every_live_server_is_listed_with_its_labels(app, heat):
    top_id = create_vnf(heat)
    servers = servers_of(app)
    assert len(servers) == 3
    found = scrape(app)
    assert sorted(name for name in found
                  if name.startswith('sandbox_server_')) == [
        'sandbox_server_cpu_utilization', 'sandbox_server_health',
        'sandbox_server_memory_bytes']
    for name, default in (('cpu_utilization', 10.0),
                          ('memory_bytes', 256 * 1024 * 1024),
                          ('health', 1)):
        samples = found['sandbox_server_' + name]
        assert {labels['server_id'] for labels, _ in samples} == \
            set(servers)
        assert {value for _, value in samples} == {default}
    for labels, _ in found['sandbox_server_health']:
        stack, resource_name = servers[labels['server_id']]
        assert labels['stack_id'] == stack['id']
        assert labels['resource_name'] == resource_name
        assert labels['root_stack_id'] == top_id
        assert labels['project_id'] == app.keystone.project['id']
        if resource_name == 'db':
            assert labels['server_name'] == SERVER_NAME
        else:
            assert labels['server_name'].startswith(stack['stack_name'])


def test_knob_sets_reads_and_resets_a_servers_values(app, heat):
    create_vnf(heat)
    server_id, other_id = sorted(servers_of(app))[:2]
    path = '/sandbox/metrics/servers/' + server_id
    response = call(app, 'PUT', path, {'health': 0, 'cpu_utilization': 95,
                                       'memory_bytes': 123})
    assert response.status_int == 200
    assert (response.json['server_id'], response.json['health'],
            response.json['cpu_utilization'],
            response.json['memory_bytes']) == (server_id, 0, 95.0, 123)
    assert server_values(app, server_id) == {
        'sandbox_server_health': 0, 'sandbox_server_cpu_utilization': 95.0,
        'sandbox_server_memory_bytes': 123}
    assert server_values(app, other_id)['sandbox_server_health'] == 1
    # Values not given keep theirs.
    assert call(app, 'PUT', path, {'health': 1}).json[
        'cpu_utilization'] == 95.0
    assert call(app, 'GET', path).json['health'] == 1
    assert call(app, 'DELETE', path).status_int == 204
    shown = call(app, 'GET', path).json
    assert {key: shown[key] for key in metrics.DEFAULTS} == metrics.DEFAULTS
    assert server_values(app, server_id)[
        'sandbox_server_cpu_utilization'] == 10.0


def test_knob_values_live_in_the_state_file(tmp_path):
    state = str(tmp_path / 'state.db')
    first, store = app_lib.build_app(state, password='secret', delay=0)
    create_vnf(heat_of(first))
    server_id = sorted(servers_of(first))[0]
    assert call(first, 'PUT', '/sandbox/metrics/servers/' + server_id,
                {'health': 0}).status_int == 200
    second, other_store = app_lib.build_app(state, password='secret',
                                            delay=0)
    try:
        assert server_values(second, server_id)[
            'sandbox_server_health'] == 0
    finally:
        other_store.close()
        store.close()


@pytest.mark.parametrize('body, raw', [
    ({'health': 2}, None), ({'health': True}, None), ({'health': '0'}, None),
    ({'cpu_utilization': 100.5}, None), ({'cpu_utilization': -1}, None),
    ({'memory_bytes': 1.5}, None), ({'memory_bytes': -1}, None),
    ({'memory_bytes': 2 ** 60}, None), ({'disk': 1}, None),
    ({'disk_bytes': 1.5}, None), ({'disk_bytes': -1}, None),
    (None, b'{"cpu_utilization": NaN}'), (None, b'[0]'), (None, b'{'),
])
def test_bad_knob_values_are_400_and_change_nothing(app, heat, body, raw):
    create_vnf(heat)
    server_id = sorted(servers_of(app))[0]
    path = '/sandbox/metrics/servers/' + server_id
    response = call(app, 'PUT', path, body, raw=raw)
    assert response.status_int == 400
    assert response.json['error']['code'] == 400
    assert call(app, 'GET', path).json['health'] == 1


def test_unknown_servers_and_pods_are_404(app, kube):
    for path in ('/sandbox/metrics/servers/nope',
                 '/sandbox/metrics/pods/default/nope'):
        for method, body in (('GET', None), ('PUT', {'health': 0}),
                             ('DELETE', None)):
            response = call(app, method, path, body)
            assert response.status_int == 404, (method, path)
            assert response.json['error']['code'] == 404


def test_a_deleted_stacks_servers_are_gone(app, heat):
    top_id = create_vnf(heat)
    server_id = sorted(servers_of(app))[0]
    call(app, 'PUT', '/sandbox/metrics/servers/' + server_id, {'health': 0})
    assert heat('DELETE', '/stacks/vnf/' + top_id).status_int == 204
    assert scrape(app)['sandbox_server_health'] == []
    assert call(app, 'GET', '/sandbox/metrics/servers/' +
                server_id).status_int == 404


def test_a_replaced_server_starts_healthy(app, heat):
    """Heal as Tacker does it: mark the server unhealthy, update the
    stack; the new server has a new id and its own values."""
    top_id = create_vnf(heat)
    old_id, (stack, name) = next(
        (server_id, where) for server_id, where in servers_of(app).items()
        if where[1] == 'VDU1')
    call(app, 'PUT', '/sandbox/metrics/servers/' + old_id, {'health': 0})
    assert heat('PATCH', '/stacks/%s/%s/resources/VDU1' % (
        stack['stack_name'], stack['id']),
        {'mark_unhealthy': True}).status_int == 200
    assert heat('PATCH', '/stacks/vnf/' + top_id, {}).status_int == 202
    new_id, = [server_id for server_id, where in servers_of(app).items()
               if where[0]['id'] == stack['id']]
    assert new_id != old_id
    assert server_values(app, old_id) == {}
    assert server_values(app, new_id)['sandbox_server_health'] == 1


def pod_samples(app, name='sandbox_pod_health'):
    return {(labels['namespace'], labels['pod']): (labels['uid'], value)
            for labels, value in scrape(app)[name]}


def test_pods_are_listed_and_set_by_the_knob(app, kube):
    for pod in ('a', 'b'):
        assert kube('POST', '/api/v1/namespaces/default/pods', {
            'metadata': {'name': pod},
            'spec': {'containers': [{'name': 'c', 'image': 'nginx'}]}},
        ).status_int == 201
    uid = kube('GET', '/api/v1/namespaces/default/pods/a').json[
        'metadata']['uid']
    assert sorted(name for name in scrape(app)
                  if name.startswith('sandbox_pod_')) == [
        'sandbox_pod_cpu_utilization', 'sandbox_pod_health',
        'sandbox_pod_memory_bytes']
    samples = pod_samples(app)
    assert {key: value for key, (_, value) in samples.items()} == {
        ('default', 'a'): 1, ('default', 'b'): 1}
    assert samples[('default', 'a')][0] == uid
    response = call(app, 'PUT', '/sandbox/metrics/pods/default/a',
                    {'health': 0, 'cpu_utilization': 99.5})
    assert response.status_int == 200
    assert (response.json['pod'], response.json['namespace'],
            response.json['uid'], response.json['health']) == (
        'a', 'default', uid, 0)
    assert pod_samples(app)[('default', 'a')] == (uid, 0)
    assert pod_samples(app, 'sandbox_pod_cpu_utilization')[
        ('default', 'a')] == (uid, 99.5)
    assert pod_samples(app)[('default', 'b')][1] == 1
    assert call(app, 'PUT', '/sandbox/metrics/pods/default/a',
                {'health': -1}).status_int == 400


def test_a_replaced_pod_starts_healthy_and_a_deleted_one_is_gone(app, kube):
    kube('POST', '/api/v1/namespaces/default/pods', {
        'metadata': {'name': 'alone'},
        'spec': {'containers': [{'name': 'c', 'image': 'nginx'}]}})
    call(app, 'PUT', '/sandbox/metrics/pods/default/alone', {'health': 0})
    old_uid, health = pod_samples(app)[('default', 'alone')]
    assert health == 0
    assert call(app, 'POST', '/sandbox/kubernetes/namespaces/default/pods/'
                'alone/replace').status_int == 202
    new_uid, health = pod_samples(app)[('default', 'alone')]
    assert (new_uid != old_uid, health) == (True, 1)
    call(app, 'PUT', '/sandbox/metrics/pods/default/alone', {'health': 0})
    assert kube('DELETE', '/api/v1/namespaces/default/pods/'
                'alone').status_int == 200
    assert pod_samples(app) == {}


def test_without_kubernetes_there_are_no_pod_metrics(app):
    assert not [name for name in scrape(app)
                if name.startswith(('sandbox_pod_', 'pod_', 'kube_',
                                    'container_'))]
    assert call(app, 'GET', '/sandbox/metrics/pods/default/a').status_int \
        == 404


def create_pods(kube):
    """Pod ``placed`` on sandbox-node-2 with containers app and side,
    and Pod ``free`` that the controllers have yet to schedule."""
    for name, spec in (('placed', {'nodeName': 'sandbox-node-2',
                                   'containers': [
                                       {'name': 'app', 'image': 'nginx'},
                                       {'name': 'side', 'image': 'busybox'}]}),
                       ('free', {'containers': [{'name': 'c',
                                                 'image': 'nginx'}]})):
        assert kube('POST', '/api/v1/namespaces/default/pods', {
            'metadata': {'name': name}, 'spec': spec}).status_int == 201


def by_pod(samples):
    return {labels['pod']: (labels, value) for labels, value in samples}


def test_servers_have_ceilometers_series(app, heat):
    create_vnf(heat)
    servers = servers_of(app)
    names = {labels['server_id']: labels['server_name']
             for labels, _ in scrape(app)['sandbox_server_health']}
    server_id = sorted(servers)[0]
    call(app, 'PUT', '/sandbox/metrics/servers/' + server_id,
         {'memory_bytes': 3 * 2 ** 20 + 2 ** 19})
    types = exposition(app)[1]
    assert (types['ceilometer_cpu'], types['ceilometer_memory_usage'],
            types['ceilometer_memory']) == ('counter', 'gauge', 'gauge')
    found = scrape(app)
    for name in ('ceilometer_cpu', 'ceilometer_memory_usage',
                 'ceilometer_memory'):
        assert sorted(sorted(labels.items())
                      for labels, _ in found[name]) == sorted(
            [('project', app.keystone.project['id']), ('resource', id_),
             ('resource_name', names[id_])] for id_ in servers)
    assert SERVER_NAME in names.values()
    memory = {labels['resource']: value
              for labels, value in found['ceilometer_memory_usage']}
    assert memory.pop(server_id) == 3.5
    assert set(memory.values()) == {256.0}
    assert {value for _, value in found['ceilometer_memory']} == {4096}


def test_pods_have_kubernetes_series(app, kube):
    create_pods(kube)
    types = exposition(app)[1]
    assert {name: types[name] for name in (
        'pod_cpu_usage_seconds_total', 'pod_memory_working_set_bytes',
        'kube_pod_info', 'kube_node_status_capacity',
        'container_fs_usage_bytes', 'container_fs_limit_bytes')} == {
        'pod_cpu_usage_seconds_total': 'counter',
        'pod_memory_working_set_bytes': 'gauge', 'kube_pod_info': 'gauge',
        'kube_node_status_capacity': 'gauge',
        'container_fs_usage_bytes': 'gauge',
        'container_fs_limit_bytes': 'gauge'}
    found = scrape(app)
    for name in ('pod_cpu_usage_seconds_total',
                 'pod_memory_working_set_bytes'):
        assert sorted((labels for labels, _ in found[name]),
                      key=lambda labels: labels['pod']) == [
            {'namespace': 'default', 'pod': pod}
            for pod in ('free', 'placed')]
    assert by_pod(found['pod_memory_working_set_bytes'])['placed'][1] == \
        256 * 2 ** 20
    # An unscheduled Pod has no node (an empty label is none).
    assert by_pod(found['kube_pod_info']) == {
        'placed': ({'namespace': 'default', 'pod': 'placed',
                    'node': 'sandbox-node-2'}, 1),
        'free': ({'namespace': 'default', 'pod': 'free', 'node': ''}, 1)}
    assert sorted(found['kube_node_status_capacity'],
                  key=lambda sample: sample[0]['node']) == [
        ({'node': node, 'resource': 'memory', 'unit': 'byte'}, 16 * GIB)
        for node in ('sandbox-node-1', 'sandbox-node-2')]
    for name, value in (('container_fs_usage_bytes', GIB),
                        ('container_fs_limit_bytes', 10 * GIB)):
        assert by_pod(found[name])['placed'] == (
            {'namespace': 'default', 'pod': 'placed', 'container': 'app'},
            value)


def test_pods_scheduled_by_the_sandbox_name_their_node(app, kube):
    create_pods(kube)
    assert kube.reconcile()
    node = kube('GET', '/api/v1/namespaces/default/pods/free').json[
        'spec']['nodeName']
    assert by_pod(scrape(app)['kube_pod_info'])['free'][0]['node'] == node
    assert node in {labels['node'] for labels, _
                    in scrape(app)['kube_node_status_capacity']}


def test_knob_sets_a_pods_memory_and_disk(app, kube):
    create_pods(kube)
    path = '/sandbox/metrics/pods/default/placed'
    assert call(app, 'GET', path).json['disk_bytes'] == GIB
    response = call(app, 'PUT', path, {'disk_bytes': 3 * GIB,
                                       'memory_bytes': 5 * 2 ** 20})
    assert response.status_int == 200
    assert response.json['disk_bytes'] == 3 * GIB
    found = scrape(app)
    assert by_pod(found['container_fs_usage_bytes'])['placed'][1] == 3 * GIB
    assert by_pod(found['container_fs_usage_bytes'])['free'][1] == GIB
    assert by_pod(found['container_fs_limit_bytes'])['placed'][1] == \
        10 * GIB
    assert by_pod(found['pod_memory_working_set_bytes'])['placed'][1] == \
        5 * 2 ** 20
    assert call(app, 'DELETE', path).status_int == 204
    assert by_pod(scrape(app)['container_fs_usage_bytes'])['placed'][1] == \
        GIB


@pytest.fixture
def clock(app, monkeypatch):
    """The time the CPU counters see, in seconds; set ``clock.now``."""
    def now():
        return now.now
    now.now = 1000.0
    monkeypatch.setattr(app.metrics.cpu_seconds, 'clock', now)
    return now


@pytest.mark.parametrize('kind', ['server', 'pod'])
def test_cpu_counters_grow_at_the_knobs_rate_and_never_drop(
        app, kube, heat, clock, kind):
    # kube before heat: the app matches no route added after a request.
    if kind == 'server':
        create_vnf(heat)
        key = sorted(servers_of(app))[0]
        path = '/sandbox/metrics/servers/' + key
        name, label, unit = 'ceilometer_cpu', 'resource', 1e9
    else:
        create_pods(kube)
        key = 'placed'
        path = '/sandbox/metrics/pods/default/placed'
        name, label, unit = 'pod_cpu_usage_seconds_total', 'pod', 1

    def seconds():
        return {labels[label]: value / unit
                for labels, value in scrape(app)[name]}[key]

    assert seconds() == 0  # first seen now; 10% of a core by default
    clock.now += 10
    assert seconds() == pytest.approx(1.0)
    assert call(app, 'PUT', path, {'cpu_utilization': 50}).status_int == 200
    clock.now += 4
    assert seconds() == pytest.approx(3.0)
    clock.now += 6
    assert call(app, 'PUT', path, {'health': 0}).json[
        'cpu_utilization'] == 50  # and so does the rate
    call(app, 'PUT', path, {'cpu_utilization': 0})
    assert seconds() == pytest.approx(6.0)
    clock.now += 100
    assert seconds() == pytest.approx(6.0)
    assert call(app, 'DELETE', path).status_int == 204  # back to 10%
    clock.now += 10
    assert seconds() == pytest.approx(7.0)


def test_a_replaced_pods_cpu_counter_starts_at_zero(app, kube, clock):
    create_pods(kube)
    clock.now += 10
    assert by_pod(scrape(app)['pod_cpu_usage_seconds_total'])['free'][1] \
        == 0
    clock.now += 10
    assert by_pod(scrape(app)['pod_cpu_usage_seconds_total'])['free'][1] \
        == pytest.approx(1.0)
    assert call(app, 'POST', '/sandbox/kubernetes/namespaces/default/pods/'
                'free/replace').status_int == 202
    clock.now += 10
    assert by_pod(scrape(app)['pod_cpu_usage_seconds_total'])['free'][1] \
        == 0


def test_a_pod_spec_of_odd_types_still_scrapes(app, kube):
    """The sandbox Kubernetes takes a number as nodeName."""
    assert kube('POST', '/api/v1/namespaces/default/pods', {
        'metadata': {'name': 'odd'}, 'spec': {
            'nodeName': 5, 'containers': [{'name': 'c', 'image': 'x'}]}},
    ).status_int == 201
    assert by_pod(scrape(app)['kube_pod_info'])['odd'][0]['node'] == '5'
