"""The sandbox Kubernetes in-process: selectors, patches, names, and the
controllers stepped by hand on a fake clock."""
import json

import pytest
import webob

from tacker_sandbox.kubernetes import app as app_lib
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import selectors
from tacker_sandbox.kubernetes import status
from tacker_sandbox import store as store_lib

TOKEN = 'secret-token'


@pytest.mark.parametrize('selector, labels, expected', [
    ('a=1', {'a': '1'}, True),
    ('a==1,b!=2', {'a': '1', 'b': '3'}, True),
    ('a!=1', {}, True),
    ('a in (1, 2)', {'a': '2'}, True),
    ('a notin (1,2)', {'a': '2'}, False),
    ('a', {'b': '1'}, False),
    ('!a', {'b': '1'}, True),
    ('', {}, True),
])
def test_label_selector(selector, labels, expected):
    assert selectors.label_matcher(selector)(labels) is expected


@pytest.mark.parametrize('selector', ['a in (1', '=x', 'a=b=c', 'a b',
                                      'x' * 5000])
def test_bad_label_selector_is_400(selector):
    with pytest.raises(status.BadRequest):
        selectors.label_matcher(selector)


def test_field_selector_knows_its_fields():
    pod = {'metadata': {'name': 'p', 'namespace': 'n'},
           'status': {'phase': 'Running'}}
    assert selectors.field_matcher('status.phase=Running,metadata.name=p')(
        pod)
    assert not selectors.field_matcher('status.phase!=Running')(pod)
    with pytest.raises(status.BadRequest, match='not supported'):
        selectors.field_matcher('spec.containers=x')


def test_merge_patch_deletes_with_null_and_replaces_lists():
    target = {'a': {'b': 1, 'c': 2}, 'l': [1, 2]}
    assert objects.merge_patch(target, {'a': {'b': None, 'd': 3},
                                        'l': [3]}) == {
        'a': {'c': 2, 'd': 3}, 'l': [3]}


def test_json_patch_ops_and_failures():
    target = {'a': [1, 2], 'b': {'c': 'x'}}
    assert objects.json_patch(target, [
        {'op': 'add', 'path': '/a/-', 'value': 3},
        {'op': 'move', 'from': '/b/c', 'path': '/d'},
        {'op': 'test', 'path': '/d', 'value': 'x'},
        {'op': 'copy', 'from': '/d', 'path': '/b/e'}]) == {
        'a': [1, 2, 3], 'b': {'e': 'x'}, 'd': 'x'}
    assert target == {'a': [1, 2], 'b': {'c': 'x'}}
    for operations in ([{'op': 'remove', 'path': '/zz'}],
                       [{'op': 'test', 'path': '/a/0', 'value': 9}],
                       [{'op': 'replace', 'path': '/a/7', 'value': 1}]):
        with pytest.raises(status.Invalid):
            objects.json_patch(target, operations)
    with pytest.raises(status.BadRequest):
        objects.json_patch(target, {'op': 'add'})


@pytest.mark.parametrize('plural, name, valid', [
    ('configmaps', 'a.b-c', True), ('services', 'a.b', False),
    ('configmaps', 'A', False), ('configmaps', '-a', False),
    ('configmaps', 'a' * 254, False), ('namespaces', 'a' * 63, True),
    ('namespaces', 'a' * 64, False)])
def test_names_follow_dns_1123(plural, name, valid):
    assert (objects.name_problem(plural, name) is None) is valid


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def cluster():
    store = store_lib.Store()
    clock = Clock()
    app, controllers, _ = app_lib.build(store, delay=5, token=TOKEN,
                                        clock=clock)
    yield app, controllers, clock
    store.close()


def call(app, method, path, body=None, token=TOKEN,
         content_type='application/json'):
    req = webob.Request.blank(path, method=method)
    if token:
        req.headers['Authorization'] = 'Bearer ' + token
    if body is not None:
        req.body = json.dumps(body).encode()
        req.content_type = content_type
    response = req.get_response(app)
    return response.status_int, response.json


def settle(controllers):
    for _ in range(20):
        before = controllers.store.get_meta(
            'kubernetes_resource_version')
        controllers.reconcile()
        if controllers.store.get_meta(
                'kubernetes_resource_version') == before:
            return
    raise AssertionError('the controllers do not settle')


def test_pods_start_only_after_the_delay(cluster):
    app, controllers, clock = cluster
    code, _ = call(app, 'POST', '/api/v1/namespaces/default/pods', {
        'metadata': {'name': 'p'},
        'spec': {'containers': [{'name': 'c', 'image': 'nginx'}]}})
    assert code == 201
    settle(controllers)
    _, pod = call(app, 'GET', '/api/v1/namespaces/default/pods/p')
    assert pod['status']['phase'] == 'Pending'
    assert pod['spec']['nodeName'].startswith('sandbox-node-')
    clock.now += 5
    settle(controllers)
    _, pod = call(app, 'GET', '/api/v1/namespaces/default/pods/p')
    assert pod['status']['phase'] == 'Running'
    assert {condition['type']: condition['status'] for condition
            in pod['status']['conditions']}['Ready'] == 'True'


def test_namespace_delete_takes_its_contents(cluster):
    app, controllers, _ = cluster
    call(app, 'POST', '/api/v1/namespaces', {'metadata': {'name': 'gone'}})
    call(app, 'POST', '/api/v1/namespaces/gone/configmaps',
         {'metadata': {'name': 'c'}})
    code, namespace = call(app, 'DELETE', '/api/v1/namespaces/gone')
    assert code == 202 and namespace['status']['phase'] == 'Terminating'
    code, error = call(app, 'POST', '/api/v1/namespaces/gone/configmaps',
                       {'metadata': {'name': 'd'}})
    assert (code, error['reason']) == (403, 'Forbidden')
    settle(controllers)
    assert call(app, 'GET', '/api/v1/namespaces/gone')[0] == 404
    assert call(app, 'GET', '/api/v1/namespaces/gone/configmaps/c')[0] == 404


def test_creating_in_a_missing_namespace_is_404(cluster):
    app, _, _ = cluster
    code, error = call(app, 'POST', '/api/v1/namespaces/nowhere/secrets',
                       {'metadata': {'name': 's'}})
    assert (code, error['details']['kind']) == (404, 'namespaces')


def test_unsupported_requests_are_status_errors(cluster):
    app, _, _ = cluster
    assert call(app, 'GET', '/api/v1/pods?watch=true&timeoutSeconds=x')[
        0] == 400
    assert call(app, 'PUT', '/api/v1/namespaces', {})[0] == 405
    code, error = call(app, 'PATCH', '/api/v1/namespaces/default', {},
                       content_type='application/apply-patch+yaml')
    assert (code, error['reason']) == (415, 'UnsupportedMediaType')
    code, error = call(app, 'POST', '/api/v1/namespaces/default/configmaps',
                       {'metadata': {'name': 'x'},
                        'data': {'k': 'v' * objects.MAX_OBJECT_BYTES}})
    assert code == 413
    code, error = call(app, 'GET', '/api', token=None)
    assert (code, error['reason']) == (401, 'Unauthorized')


def test_delete_collection_by_label(cluster):
    app, _, _ = cluster
    for name, tier in (('a', 'web'), ('b', 'db')):
        call(app, 'POST', '/api/v1/namespaces/default/configmaps',
             {'metadata': {'name': name, 'labels': {'tier': tier}}})
    code, deleted = call(app, 'DELETE', '/api/v1/namespaces/default/'
                         'configmaps?labelSelector=tier%3Dweb')
    assert code == 200
    assert [item['metadata']['name'] for item in deleted['items']] == ['a']
    _, left = call(app, 'GET', '/api/v1/namespaces/default/configmaps')
    assert [item['metadata']['name'] for item in left['items']] == ['b']
    code, error = call(app, 'DELETE', '/api/v1/namespaces/default')
    assert (code, error['reason']) == (403, 'Forbidden')


def test_watch_starts_with_a_bookmark_and_the_current_objects(cluster):
    app, _, _ = cluster
    req = webob.Request.blank('/api/v1/namespaces?watch=true&timeoutSeconds'
                              '=0&allowWatchBookmarks=true')
    req.headers['Authorization'] = 'Bearer ' + TOKEN
    response = req.get_response(app)
    events = [json.loads(line) for line in response.body.splitlines()]
    assert events[0]['type'] == 'BOOKMARK'
    assert {event['object']['metadata']['name'] for event in events[1:]
            if event['type'] == 'ADDED'} == {
        'default', 'kube-system', 'kube-public', 'kube-node-lease'}
