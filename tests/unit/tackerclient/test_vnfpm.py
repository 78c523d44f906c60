"""Performance management through TackerClient and the ``vnfpm`` commands
against the fake server: requests (/vnfpm/v2, Version 2.1.0), output
columns as python-tackerclient names them, errors, and the refusal of
API version 1."""
import json

import pytest

from keystoneauth1 import noauth
from keystoneauth1 import session
from tackerclient import client
from tackerclient import exceptions

JOBS = '/vnfpm/v2/pm_jobs'
THRESHOLDS = '/vnfpm/v2/thresholds'
V2 = ('--os-tacker-api-version', '2')
CRITERIA = {'performanceMetric': ['VCpuUsageMeanVnf.vnf-1'],
            'collectionPeriod': 30, 'reportingPeriod': 90}
JOB = {
    'id': 'j1', 'objectType': 'Vnf', 'objectInstanceIds': ['vnf-1'],
    'criteria': CRITERIA, 'callbackUri': 'http://c/pm',
    'reports': [{'href': 'http://t/vnfpm/v2/pm_jobs/j1/reports/r1',
                 'readyTime': '2026-12-06T08:01:30Z'}],
    '_links': {'self': {'href': 'http://t/vnfpm/v2/pm_jobs/j1'},
               'objects': [{'href': 'http://t/vnflcm/v2/vnf_instances/'
                                    'vnf-1'}]}}
JOB_SHOWN = {
    'ID': 'j1', 'Object Type': 'Vnf', 'Object Instance Ids': ['vnf-1'],
    'Criteria': CRITERIA, 'Callback Uri': 'http://c/pm',
    'Reports': JOB['reports'], 'Links': JOB['_links']}
THRESHOLD_CRITERIA = {
    'performanceMetric': 'VCpuUsageMeanVnf.vnf-1', 'thresholdType': 'SIMPLE',
    'simpleThresholdDetails': {'thresholdValue': 80.5, 'hysteresis': 2.5}}
THRESHOLD = {
    'id': 't1', 'objectType': 'Vnf', 'objectInstanceId': 'vnf-1',
    'subObjectInstanceIds': ['c1'], 'criteria': THRESHOLD_CRITERIA,
    'callbackUri': 'http://c/threshold',
    '_links': {'self': {'href': 'http://t/vnfpm/v2/thresholds/t1'},
               'object': {'href': 'http://t/vnflcm/v2/vnf_instances/'
                                  'vnf-1'}}}
THRESHOLD_SHOWN = {
    'ID': 't1', 'Object Type': 'Vnf', 'Object Instance Id': 'vnf-1',
    'Sub Object Instance Ids': ['c1'], 'Criteria': THRESHOLD_CRITERIA,
    'Callback Uri': 'http://c/threshold', 'Links': THRESHOLD['_links']}
REPORT = {'entries': [{
    'objectType': 'Vnf', 'objectInstanceId': 'vnf-1',
    'performanceMetric': 'VCpuUsageMeanVnf.vnf-1',
    'performanceValues': [{'timeStamp': '2026-12-06T08:01:00Z',
                           'value': 12.5}]}]}
AUTHENTICATION = {'authType': ['BASIC'],
                  'paramsBasic': {'userName': 'u', 'password': 'p'}}
# (group, collection, a resource, shown as the official client shows it)
KINDS = {
    'job': ('pm_jobs', JOBS, JOB, JOB_SHOWN),
    'threshold': ('pm_thresholds', THRESHOLDS, THRESHOLD, THRESHOLD_SHOWN),
}
both_kinds = pytest.mark.parametrize('kind', sorted(KINDS))


def not_found(what):
    return (404, {'type': 'about:blank', 'status': 404,
                  'title': 'Not Found', 'detail': '%s does not exist.' % what})


@pytest.fixture
def tacker_v2(server):
    return client.TackerClient(session.Session(auth=noauth.NoAuth()),
                               endpoint=server.url, api_version='2')


def request_file(tmp_path, body):
    path = tmp_path / 'request.json'
    path.write_text(json.dumps(body))
    return str(path)


def versions(server):
    return [request['headers']['Version'] for request in server.requests]


# TackerClient


@both_kinds
def test_pm_requests_go_to_vnfpm_v2_with_version_2_1_0(server, tacker_v2,
                                                       kind):
    attribute, path, resource, _ = KINDS[kind]
    resources = getattr(tacker_v2, attribute)
    body = {'objectType': 'Vnf', 'callbackUri': 'http://c/pm'}
    server.route('POST', path, (201, resource))
    server.route('GET', path, (200, [resource]))
    server.route('GET', path + '/x%2F1', (200, resource))
    server.route('DELETE', path + '/x1', (204, None))
    assert resources.create(body) == resource
    assert resources.list(filter='(eq,objectType,Vnf)') == [resource]
    assert resources.show('x/1') == resource
    resources.delete('x1')
    assert [(request['method'], request['path'])
            for request in server.requests] == [
        ('POST', path), ('GET', path), ('GET', path + '/x%2F1'),
        ('DELETE', path + '/x1')]
    assert versions(server) == ['2.1.0'] * 4
    assert json.loads(server.requests[0]['body']) == body
    assert server.requests[0]['headers']['Content-Type'] == \
        'application/json'
    assert server.requests[1]['query'] == {'filter': ['(eq,objectType,Vnf)']}


@both_kinds
def test_pm_update_merge_patches_the_modifications(server, tacker_v2, kind):
    attribute, path, _, _ = KINDS[kind]
    server.route('PATCH', path + '/x1', (200, {'callbackUri': 'http://n'}))
    assert getattr(tacker_v2, attribute).update('x1', {
        'callbackUri': 'http://n', 'authentication': AUTHENTICATION}) == {
        'callbackUri': 'http://n'}
    request, = server.requests
    assert (request['headers']['Content-Type'], request['headers']['Accept'],
            request['headers']['Version']) == (
        'application/merge-patch+json', 'application/json', '2.1.0')
    assert json.loads(request['body']) == {
        'callbackUri': 'http://n', 'authentication': AUTHENTICATION}


def test_job_list_sends_attribute_selectors(server, tacker_v2):
    server.route('GET', JOBS, (200, [JOB]))
    tacker_v2.pm_jobs.list(fields='reports', exclude_default=True)
    tacker_v2.pm_jobs.list(all_fields=True)
    assert [request['query'] for request in server.requests] == [
        {'fields': ['reports'], 'exclude_default': ['']},
        {'all_fields': ['']}]


def test_report_gets_the_report_of_the_job(server, tacker_v2):
    server.route('GET', JOBS + '/j1/reports/r%2F1', (200, REPORT))
    assert tacker_v2.pm_jobs.report('j1', 'r/1') == REPORT
    assert versions(server) == ['2.1.0']


@pytest.mark.parametrize('call', [
    lambda tacker: tacker.pm_jobs.create({'objectType': 'Vnf'}),
    lambda tacker: tacker.pm_jobs.list(),
    lambda tacker: tacker.pm_jobs.report('j1', 'r1'),
    lambda tacker: tacker.pm_thresholds.update('t1', {'callbackUri': 'x'}),
    lambda tacker: tacker.pm_thresholds.delete('t1'),
])
def test_pm_on_api_version_1_is_refused_without_requests(server, tacker,
                                                         call):
    with pytest.raises(exceptions.ApiVersionRequired,
                       match='VNF performance management needs version 2'):
        call(tacker)
    assert server.requests == []


# vnfpm job / vnfpm threshold: what both do alike


@both_kinds
def test_create_posts_the_file_and_shows_the_official_columns(
        server, cli, tmp_path, kind):
    _, path, resource, shown = KINDS[kind]
    body = {name: value for name, value in resource.items()
            if name not in ('id', 'reports', '_links')}
    server.route('POST', path, (201, resource))
    result = cli(*V2, 'vnfpm', kind, 'create', request_file(tmp_path, body),
                 '-f', 'json')
    assert result.status == 0, result.stderr
    assert result.json() == shown
    request, = server.requests
    assert json.loads(request['body']) == body
    assert (request['headers']['Version'],
            request['headers']['Content-Type']) == ('2.1.0',
                                                    'application/json')


@both_kinds
def test_list_shows_id_object_type_and_links_across_pages(server, cli, kind):
    _, path, resource, _ = KINDS[kind]
    server.route('GET', path, (200, [resource], {
        'Link': '<%s%s?filter=x&nextpage_opaque_marker=m>; rel="next"' % (
            server.url, path)}), (200, [dict(resource, id='x2')]))
    rows = cli(*V2, 'vnfpm', kind, 'list', '--filter', 'x', '-f',
               'json').json()
    # As python-tackerclient labels them.
    id_label = {'job': 'Id', 'threshold': 'ID'}[kind]
    assert rows == [{id_label: resource_id, 'Object Type': 'Vnf',
                     'Links': resource['_links']}
                    for resource_id in (resource['id'], 'x2')]
    assert list(rows[0]) == [id_label, 'Object Type', 'Links']
    assert [request['query'] for request in server.requests] == [
        {'filter': ['x']}, {'filter': ['x'], 'nextpage_opaque_marker': ['m']}]
    assert versions(server) == ['2.1.0'] * 2


@both_kinds
def test_show_names_the_attributes_as_the_official_client(server, cli,
                                                          kind):
    _, path, resource, shown = KINDS[kind]
    server.route('GET', path + '/x1', (200, dict(resource, extra=1)))
    result = cli(*V2, 'vnfpm', kind, 'show', 'x1', '-f', 'json')
    # Only what the resource has; others under their own names.
    assert result.json() == dict(shown, extra=1)
    assert versions(server) == ['2.1.0']


@both_kinds
def test_update_merge_patches_the_file_and_shows_the_callback_uri(
        server, cli, tmp_path, kind):
    _, path, _, _ = KINDS[kind]
    body = {'callbackUri': 'http://new/pm', 'authentication': AUTHENTICATION}
    server.route('PATCH', path + '/x1', (200, {'callbackUri':
                                               'http://new/pm'}))
    result = cli(*V2, 'vnfpm', kind, 'update', 'x1',
                 request_file(tmp_path, body), '-f', 'json')
    assert result.status == 0, result.stderr
    assert result.json() == {'Callback Uri': 'http://new/pm'}
    request, = server.requests
    assert json.loads(request['body']) == body
    assert (request['headers']['Version'],
            request['headers']['Content-Type']) == (
        '2.1.0', 'application/merge-patch+json')


@both_kinds
def test_delete_reports_each_and_fails_if_any_failed(server, cli, kind):
    _, path, _, _ = KINDS[kind]
    name = 'VNF PM %s' % kind
    server.route('DELETE', path + '/x1', (204, None))
    server.route('DELETE', path + '/x2', not_found('x2'))
    result = cli(*V2, 'vnfpm', kind, 'delete', 'x1', 'x2')
    assert (result.status, result.stdout) == (1, '')
    assert result.stderr.splitlines() == [
        '%s x1 deleted.' % name,
        'Cannot delete %s x2: Not Found: x2 does not exist.' % name,
        'Failed to delete 1 of 2 %s(s).' % name]
    assert versions(server) == ['2.1.0'] * 2


@both_kinds
def test_delete_of_one_succeeds_quietly_on_stdout(server, cli, kind):
    _, path, _, _ = KINDS[kind]
    server.route('DELETE', path + '/x1', (204, None))
    result = cli(*V2, 'vnfpm', kind, 'delete', 'x1')
    assert (result.status, result.stdout) == (0, '')
    assert result.stderr == 'VNF PM %s x1 deleted.\n' % kind


@pytest.mark.parametrize('args, path', [
    (('job', 'show', 'nope'), JOBS + '/nope'),
    (('threshold', 'show', 'nope'), THRESHOLDS + '/nope'),
    (('job', 'delete', 'nope'), JOBS + '/nope'),
    (('report', 'show', 'j1', 'nope'), JOBS + '/j1/reports/nope'),
])
def test_not_found_exits_1_with_the_problem_on_stderr(server, cli, args,
                                                      path):
    method = 'DELETE' if 'delete' in args else 'GET'
    server.route(method, path, not_found('nope'))
    result = cli(*V2, 'vnfpm', *args)
    assert (result.status, result.stdout) == (1, '')
    assert result.stderr == 'Not Found: nope does not exist.\n'


# vnfpm job / vnfpm report: what only jobs do


def test_job_list_selectors_add_the_other_attributes(server, cli):
    server.route('GET', JOBS, (200, [JOB]))
    rows = cli(*V2, 'vnfpm', 'job', 'list', '--all_fields', '-f',
               'json').json()
    shown = dict(JOB_SHOWN)
    assert rows == [dict(Id=shown.pop('ID'), **shown)]
    assert list(rows[0])[:3] == ['Id', 'Object Type', 'Links']
    # The columns are those the server answered with.
    server.route('GET', JOBS, (200, [{'id': 'j1', 'reports': []}]))
    rows = cli(*V2, 'vnfpm', 'job', 'list', '--exclude_default', '--fields',
               'reports', '-f', 'json').json()
    assert rows == [{'Id': 'j1', 'Object Type': '', 'Links': '',
                     'Reports': []}]
    assert [request['query'] for request in server.requests] == [
        {'all_fields': ['']}, {'fields': ['reports'],
                               'exclude_default': ['']}]


def test_report_show_renders_the_entries(server, cli):
    server.route('GET', JOBS + '/j1/reports/r1', (200, REPORT))
    assert cli(*V2, 'vnfpm', 'report', 'show', 'j1', 'r1', '-f',
               'json').json() == {'Entries': REPORT['entries']}
    table = cli(*V2, 'vnfpm', 'report', 'show', 'j1', 'r1').stdout
    assert '| Entries ' in table
    assert '"performanceMetric": "VCpuUsageMeanVnf.vnf-1"' in table
    assert versions(server) == ['2.1.0'] * 2


@pytest.mark.parametrize('args', [
    ('job', 'create'),
    ('job', 'show'),
    ('job', 'update', 'j1'),
    ('job', 'delete'),
    ('job', 'list', '--all_fields', '--fields', 'reports'),
    ('report', 'show', 'j1'),
    ('threshold', 'list', '--all_fields'),
    ('threshold', 'update', 't1'),
    ('threshold', 'delete'),
])
def test_vnfpm_usage_errors_exit_2_without_requests(server, cli, args):
    assert cli(*V2, 'vnfpm', *args).status == 2
    assert server.requests == []


@pytest.mark.parametrize('args', [
    ('job', 'create', 'request.json'), ('job', 'list'), ('job', 'show', 'j1'),
    ('job', 'update', 'j1', 'request.json'), ('job', 'delete', 'j1'),
    ('report', 'show', 'j1', 'r1'),
    ('threshold', 'create', 'request.json'), ('threshold', 'list'),
    ('threshold', 'show', 't1'),
    ('threshold', 'update', 't1', 'request.json'),
    ('threshold', 'delete', 't1'),
])
def test_vnfpm_on_api_version_1_is_refused_without_requests(
        server, cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    request_file(tmp_path, {'callbackUri': 'http://c/pm'})
    result = cli('vnfpm', *args)
    assert (result.status, result.stdout) == (1, '')
    assert result.stderr == ('VNF performance management needs version 2 '
                             'of the Tacker API: use --os-tacker-api-version '
                             '2\n')
    assert server.requests == []
