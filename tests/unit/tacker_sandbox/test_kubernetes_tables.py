"""Server-side printing of the sandbox Kubernetes: lists, gets and
watches asked for with kubectl's Table Accept header are answered as
meta.k8s.io Tables with the real printers' columns; plain JSON stays
plain."""
import json
import re

from kubernetes import client
import pytest
import requests

from tacker_sandbox.kubernetes import tables
from tests.unit.tacker_sandbox.kubernetes_process import KubeSandbox
from tests.unit.tacker_sandbox.kubernetes_process import wait_for

# What kubectl get sends.
TABLE = ('application/json;as=Table;v=v1;g=meta.k8s.io,'
         'application/json;as=Table;v=v1beta1;g=meta.k8s.io,'
         'application/json')
AGE = re.compile(r'\d+s\Z')


@pytest.fixture(scope='module')
def sandbox():
    with KubeSandbox() as running:
        yield running


@pytest.fixture(scope='module')
def core(sandbox):
    return client.CoreV1Api(sandbox.api_client())


@pytest.fixture
def namespace(core, request):
    name = request.node.name.replace('_', '-')[:50].rstrip('-').lower()
    core.create_namespace({'metadata': {'name': name}})
    return name


def get(sandbox, path, accept=TABLE, code=200, **params):
    response = requests.get(sandbox.url + path, params=params, timeout=5,
                            headers={'Authorization': 'Bearer ' +
                                     sandbox.token, 'Accept': accept})
    assert response.status_code == code, response.text
    return response.json()


def columns(table):
    return [(column['name'], column['priority'])
            for column in table['columnDefinitions']]


def rows(table):
    return {row['cells'][0]: row['cells'] for row in table['rows']}


@pytest.mark.parametrize('seconds, printed', [
    (-5, '<invalid>'), (-1, '0s'), (0, '0s'), (119, '119s'), (120, '2m'),
    (310, '5m10s'), (600, '10m'), (10799, '179m'), (3 * 3600, '3h'),
    (3 * 3600 + 300, '3h5m'), (47 * 3600, '47h'), (52 * 3600, '2d4h'),
    (30 * 86400, '30d'), (800 * 86400, '2y70d'), (9 * 365 * 86400, '9y')])
def test_ages_are_printed_like_the_api_server(seconds, printed):
    assert tables.human_duration(seconds) == printed


def test_deployment_and_its_ready_pods_print_their_columns(
        sandbox, core, namespace):
    client.AppsV1Api(sandbox.api_client()).create_namespaced_deployment(
        namespace, {'metadata': {'name': 'web'}, 'spec': {
            'replicas': 2, 'selector': {'matchLabels': {'app': 'web'}},
            'template': {'metadata': {'labels': {'app': 'web'}}, 'spec': {
                'containers': [{'name': 'main', 'image': 'nginx:1.25'}]}}}})
    path = '/apis/apps/v1/namespaces/%s/deployments' % namespace
    deployments = wait_for(lambda: (lambda table: rows(table)['web'][1] ==
                                    '2/2' and table)(get(sandbox, path)))
    assert (deployments['kind'], deployments['apiVersion']) == (
        'Table', 'meta.k8s.io/v1')
    assert deployments['metadata']['resourceVersion']
    assert columns(deployments) == [
        ('Name', 0), ('Ready', 0), ('Up-to-date', 0), ('Available', 0),
        ('Age', 0), ('Containers', 1), ('Images', 1), ('Selector', 1)]
    cells = rows(deployments)['web']
    assert cells[:4] + cells[5:] == ['web', '2/2', 2, 2, 'main',
                                     'nginx:1.25', 'app=web']
    assert AGE.match(cells[4])
    row_object = deployments['rows'][0]['object']
    assert (row_object['kind'], row_object['apiVersion'],
            row_object['metadata']['name']) == (
        'PartialObjectMetadata', 'meta.k8s.io/v1', 'web')
    assert 'spec' not in row_object

    pods = get(sandbox, '/api/v1/namespaces/%s/pods' % namespace)
    assert columns(pods) == [
        ('Name', 0), ('Ready', 0), ('Status', 0), ('Restarts', 0),
        ('Age', 0), ('IP', 1), ('Node', 1), ('Nominated Node', 1),
        ('Readiness Gates', 1)]
    assert len(pods['rows']) == 2
    for cells in rows(pods).values():
        assert cells[1:4] == ['1/1', 'Running', '0']
        assert cells[5].startswith('10.244.')
        assert cells[6].startswith('sandbox-node-')
        assert cells[7:] == ['<none>', '<none>']


def test_get_of_a_name_is_a_table_of_one_row(sandbox, core, namespace):
    core.create_namespaced_config_map(namespace, {
        'metadata': {'name': 'settings'}, 'data': {'a': '1', 'b': '2'},
        'binaryData': {'c': 'AA=='}})
    path = '/api/v1/namespaces/%s/configmaps/settings' % namespace
    table = get(sandbox, path)
    assert columns(table) == [('Name', 0), ('Data', 0), ('Age', 0)]
    (cells,) = [row['cells'] for row in table['rows']]
    assert cells[:2] == ['settings', 3]
    stored = core.read_namespaced_config_map('settings', namespace)
    assert table['metadata'] == {
        'resourceVersion': stored.metadata.resource_version}


def test_image_pull_backoff_pod_shows_the_waiting_reason(
        sandbox, core, namespace):
    faults = sandbox.admin_url + '/sandbox/kubernetes/faults'
    requests.put(faults, json={'imagePullBackOff': ['no-such']}, timeout=5)
    try:
        core.create_namespaced_pod(namespace, {
            'metadata': {'name': 'broken'},
            'spec': {'containers': [{'name': 'c',
                                     'image': 'example/no-such:1'}]}})
        path = '/api/v1/namespaces/%s/pods/broken' % namespace
        cells = wait_for(lambda: (lambda cells: cells[2] ==
                                  'ImagePullBackOff' and cells)(
            get(sandbox, path)['rows'][0]['cells']))
    finally:
        requests.delete(faults, timeout=5)
    assert cells[:4] == ['broken', '0/1', 'ImagePullBackOff', '0']
    assert cells[5] == '<none>'


def test_service_prints_type_addresses_and_ports(sandbox, core, namespace):
    core.create_namespaced_service(namespace, {
        'metadata': {'name': 'front'},
        'spec': {'type': 'NodePort', 'selector': {'app': 'web'},
                 'ports': [{'port': 80, 'nodePort': 30080,
                            'protocol': 'TCP'},
                           {'port': 53, 'protocol': 'UDP'}]}})
    cluster_ip = core.read_namespaced_service(
        'front', namespace).spec.cluster_ip
    table = get(sandbox, '/api/v1/namespaces/%s/services' % namespace)
    assert columns(table) == [
        ('Name', 0), ('Type', 0), ('Cluster-IP', 0), ('External-IP', 0),
        ('Port(s)', 0), ('Age', 0), ('Selector', 1)]
    cells = rows(table)['front']
    assert cells[:5] + cells[6:] == [
        'front', 'NodePort', cluster_ip, '<none>', '80:30080/TCP,53/UDP',
        'app=web']


def test_custom_resources_print_name_age_and_the_crds_columns(
        sandbox, core, namespace):
    extensions = client.ApiextensionsV1Api(sandbox.api_client())
    for plural, kind, extra in (
            ('plains', 'Plain', {}),
            ('gadgets', 'Gadget', {'additionalPrinterColumns': [
                {'name': 'Size', 'type': 'integer', 'jsonPath': '.spec.size'},
                {'name': 'Color', 'type': 'string',
                 'jsonPath': '.spec.colors[1]', 'priority': 1},
                {'name': 'Age', 'type': 'date',
                 'jsonPath': '.metadata.creationTimestamp'}]})):
        name = '%s.example.com' % plural
        extensions.create_custom_resource_definition({
            'metadata': {'name': name},
            'spec': {'group': 'example.com', 'scope': 'Namespaced',
                     'names': {'plural': plural, 'kind': kind},
                     'versions': [dict(extra, name='v1', served=True,
                                       storage=True)]}})
        wait_for(lambda: any(
            condition.type == 'Established' for condition in
            extensions.read_custom_resource_definition(
                name).status.conditions or ()))
        requests.post(
            '%s/apis/example.com/v1/namespaces/%s/%s' % (
                sandbox.url, namespace, plural), timeout=5,
            headers={'Authorization': 'Bearer ' + sandbox.token},
            json={'apiVersion': 'example.com/v1', 'kind': kind,
                  'metadata': {'name': 'one'},
                  'spec': {'size': 3, 'colors': ['red', 'blue']}}
        ).raise_for_status()

    plain = get(sandbox, '/apis/example.com/v1/namespaces/%s/plains'
                % namespace)
    assert columns(plain) == [('Name', 0), ('Age', 0)]
    assert plain['columnDefinitions'][1]['type'] == 'date'
    name, age = rows(plain)['one']
    assert name == 'one' and AGE.match(age)
    gadgets = get(sandbox, '/apis/example.com/v1/namespaces/%s/gadgets'
                  % namespace)
    assert columns(gadgets) == [('Name', 0), ('Size', 0), ('Color', 1),
                                ('Age', 0)]
    assert rows(gadgets)['one'][:3] == ['one', 3, 'blue']
    crds = get(sandbox, '/apis/apiextensions.k8s.io/v1/'
                        'customresourcedefinitions')
    assert columns(crds) == [('Name', 0), ('Created At', 0)]
    assert re.match(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z',
                    rows(crds)['gadgets.example.com'][1])


def test_include_object_chooses_what_rows_carry(sandbox, core, namespace):
    core.create_namespaced_config_map(namespace, {
        'metadata': {'name': 'settings'}, 'data': {'a': '1'}})
    path = '/api/v1/namespaces/%s/configmaps' % namespace
    full = get(sandbox, path, includeObject='Object')['rows'][0]['object']
    assert (full['kind'], full['apiVersion'], full['data']) == (
        'ConfigMap', 'v1', {'a': '1'})
    assert get(sandbox, path, includeObject='None')['rows'][0][
        'object'] is None
    error = get(sandbox, path, code=400, includeObject='Everything')
    assert (error['kind'], error['reason']) == ('Status', 'BadRequest')
    assert 'includeObject' in error['message']


def test_paging_and_table_versions_carry_over(sandbox, core, namespace):
    for name in ('a', 'b'):
        core.create_namespaced_config_map(namespace, {
            'metadata': {'name': name}})
    path = '/api/v1/namespaces/%s/configmaps' % namespace
    page = get(sandbox, path, limit=1)
    assert [row['cells'][0] for row in page['rows']] == ['a']
    rest = get(sandbox, path, limit=1, **{'continue':
                                          page['metadata']['continue']})
    assert [row['cells'][0] for row in rest['rows']] == ['b']
    beta = get(sandbox, path, accept='application/json;as=Table;v=v1beta1;'
                                     'g=meta.k8s.io')
    assert beta['apiVersion'] == 'meta.k8s.io/v1beta1'
    assert beta['rows'][0]['object']['apiVersion'] == 'meta.k8s.io/v1beta1'


def test_plain_json_stays_plain(sandbox, core, namespace):
    core.create_namespaced_config_map(namespace, {
        'metadata': {'name': 'settings'}})
    path = '/api/v1/namespaces/%s/configmaps' % namespace
    for accept in ('application/json', '*/*',
                   'application/vnd.kubernetes.protobuf;as=Table;v=v1;'
                   'g=meta.k8s.io,application/json'):
        assert get(sandbox, path, accept=accept)['kind'] == 'ConfigMapList'
    assert get(sandbox, path + '/settings',
               accept='application/json')['kind'] == 'ConfigMap'
    assert [item.metadata.name for item in core.list_namespaced_config_map(
        namespace).items] == ['settings']


def test_watch_sends_tables_with_columns_in_the_first_event(
        sandbox, core, namespace):
    for name in ('a', 'b'):
        core.create_namespaced_config_map(namespace, {
            'metadata': {'name': name}})
    response = requests.get(
        '%s/api/v1/namespaces/%s/configmaps' % (sandbox.url, namespace),
        params={'watch': 'true', 'timeoutSeconds': '1'}, timeout=10,
        headers={'Authorization': 'Bearer ' + sandbox.token,
                 'Accept': TABLE})
    events = [json.loads(line) for line in response.text.splitlines()]
    assert [event['type'] for event in events] == ['ADDED', 'ADDED']
    first, second = (event['object'] for event in events)
    assert first['kind'] == second['kind'] == 'Table'
    assert columns(first) == [('Name', 0), ('Data', 0), ('Age', 0)]
    assert second['columnDefinitions'] is None
    assert [table['rows'][0]['cells'][0] for table in (first, second)] == [
        'a', 'b']
