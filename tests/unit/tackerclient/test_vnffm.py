"""Fault management through TackerClient and the ``vnffm`` commands
against the fake server: requests (/vnffm/v1, Version 1.3.0), output
columns as python-tackerclient names them, errors, and the refusal of
API version 1."""
import json

import pytest

from keystoneauth1 import noauth
from keystoneauth1 import session
from tackerclient import client
from tackerclient import exceptions

ALARMS = '/vnffm/v1/alarms'
SUBS = '/vnffm/v1/subscriptions'
V2 = ('--os-tacker-api-version', '2')
ALARM = {
    'id': 'a1', 'managedObjectId': 'vnf-1', 'vnfcInstanceIds': ['c1'],
    'rootCauseFaultyResource': {
        'faultyResource': {'resourceId': 'srv-1',
                           'vimLevelResourceType': 'OS::Nova::Server'},
        'faultyResourceType': 'COMPUTE'},
    'alarmRaisedTime': '2026-12-06T08:00:00Z', 'ackState': 'UNACKNOWLEDGED',
    'perceivedSeverity': 'CRITICAL', 'eventTime': '2026-12-06T08:00:00Z',
    'eventType': 'EQUIPMENT_ALARM', 'faultType': 'Server Down',
    'probableCause': 'health gauge dropped', 'isRootCause': False,
    'faultDetails': ['health 0'],
    '_links': {'self': {'href': 'http://t/vnffm/v1/alarms/a1'},
               'objectInstance': {'href': 'http://t/vnflcm/v2/vnf_instances/'
                                          'vnf-1'}}}
SUB = {'id': 's1', 'callbackUri': 'http://c/fm',
       'filter': {'perceivedSeverities': ['CRITICAL']},
       '_links': {'self': {'href': 'http://t/vnffm/v1/subscriptions/s1'}}}
CONFLICT = {'type': 'about:blank', 'status': 409, 'title': 'Conflict',
            'detail': 'Alarm a1 is ACKNOWLEDGED already.'}


@pytest.fixture
def tacker_v2(server):
    return client.TackerClient(session.Session(auth=noauth.NoAuth()),
                               endpoint=server.url, api_version='2')


def request_file(tmp_path, body):
    path = tmp_path / 'request.json'
    path.write_text(json.dumps(body))
    return str(path)


# TackerClient


def test_fm_requests_go_to_vnffm_v1_with_version_1_3_0(server, tacker_v2):
    server.route('GET', ALARMS, (200, [ALARM]))
    server.route('GET', ALARMS + '/a%2F1', (200, ALARM))
    server.route('GET', SUBS, (200, [SUB]))
    assert tacker_v2.fm_alarms.list(filter='(eq,ackState,UNACKNOWLEDGED)') \
        == [ALARM]
    assert tacker_v2.fm_alarms.show('a/1') == ALARM
    assert tacker_v2.fm_subscriptions.list() == [SUB]
    assert [request['headers']['Version'] for request in server.requests] \
        == ['1.3.0'] * 3
    assert server.requests[0]['query'] == {
        'filter': ['(eq,ackState,UNACKNOWLEDGED)']}


def test_alarm_update_merge_patches_the_ack_state(server, tacker_v2):
    server.route('PATCH', ALARMS + '/a1', (200, {'ackState':
                                                 'ACKNOWLEDGED'}))
    assert tacker_v2.fm_alarms.update('a1', 'ACKNOWLEDGED') == {
        'ackState': 'ACKNOWLEDGED'}
    request, = server.requests
    assert request['headers']['Content-Type'] == \
        'application/merge-patch+json'
    assert request['headers']['Accept'] == 'application/json'
    assert json.loads(request['body']) == {'ackState': 'ACKNOWLEDGED'}


@pytest.mark.parametrize('call', [
    lambda tacker: tacker.fm_alarms.list(),
    lambda tacker: tacker.fm_alarms.update('a1', 'ACKNOWLEDGED'),
    lambda tacker: tacker.fm_subscriptions.create({'callbackUri': 'x'}),
    lambda tacker: tacker.fm_subscriptions.delete('s1'),
])
def test_fm_on_api_version_1_is_refused_without_requests(server, tacker,
                                                         call):
    with pytest.raises(exceptions.ApiVersionRequired,
                       match='VNF fault management needs version 2'):
        call(tacker)
    assert server.requests == []


# vnffm alarm


def test_alarm_list_has_the_official_columns_and_sends_the_filter(server,
                                                                  cli):
    server.route('GET', ALARMS, (200, [ALARM], {
        'Link': '<%s%s?filter=x&nextpage_opaque_marker=m>; rel="next"' % (
            server.url, ALARMS)}), (200, [dict(ALARM, id='a2')]))
    rows = cli(*V2, 'vnffm', 'alarm', 'list', '--filter', 'x', '-f',
               'json').json()
    assert rows == [{'ID': alarm_id, 'Managed Object Id': 'vnf-1',
                     'Ack State': 'UNACKNOWLEDGED',
                     'Event Type': 'EQUIPMENT_ALARM',
                     'Perceived Severity': 'CRITICAL',
                     'Probable Cause': 'health gauge dropped'}
                    for alarm_id in ('a1', 'a2')]
    assert [request['query'] for request in server.requests] == [
        {'filter': ['x']}, {'filter': ['x'], 'nextpage_opaque_marker': ['m']}]
    assert list(rows[0]) == ['ID', 'Managed Object Id', 'Ack State',
                             'Event Type', 'Perceived Severity',
                             'Probable Cause']


def test_alarm_show_names_every_attribute_as_the_official_client(server,
                                                                 cli):
    server.route('GET', ALARMS + '/a1', (200, dict(ALARM, extra=1)))
    shown = cli(*V2, 'vnffm', 'alarm', 'show', 'a1', '-f', 'json').json()
    # Those the alarm lacks too, blank; others under their own names.
    assert shown == {
        'ID': 'a1', 'Managed Object Id': 'vnf-1', 'Vnfc Instance Ids': ['c1'],
        'Root Cause Faulty Resource': ALARM['rootCauseFaultyResource'],
        'Alarm Raised Time': '2026-12-06T08:00:00Z',
        'Alarm Changed Time': '', 'Alarm Cleared Time': '',
        'Alarm Acknowledged Time': '', 'Correlated Alarm Ids': '',
        'Ack State': 'UNACKNOWLEDGED', 'Perceived Severity': 'CRITICAL',
        'Event Time': '2026-12-06T08:00:00Z',
        'Event Type': 'EQUIPMENT_ALARM', 'Fault Type': 'Server Down',
        'Probable Cause': 'health gauge dropped', 'Is Root Cause': False,
        'Fault Details': ['health 0'], 'Links': ALARM['_links'],
        'extra': 1}
    assert server.requests[0]['headers']['Version'] == '1.3.0'


def test_alarm_update_shows_the_new_ack_state(server, cli):
    server.route('PATCH', ALARMS + '/a1', (200, {'ackState':
                                                 'UNACKNOWLEDGED'}))
    result = cli(*V2, 'vnffm', 'alarm', 'update', 'a1', '--ack-state',
                 'UNACKNOWLEDGED', '-f', 'json')
    assert result.status == 0, result.stderr
    assert result.json() == {'Ack State': 'UNACKNOWLEDGED'}
    request, = server.requests
    assert json.loads(request['body']) == {'ackState': 'UNACKNOWLEDGED'}
    assert request['headers']['Version'] == '1.3.0'


def test_alarm_update_to_the_state_it_has_exits_1_with_the_problem(server,
                                                                   cli):
    server.route('PATCH', ALARMS + '/a1', (409, CONFLICT))
    result = cli(*V2, 'vnffm', 'alarm', 'update', 'a1', '--ack-state',
                 'ACKNOWLEDGED')
    assert (result.status, result.stdout) == (1, '')
    assert result.stderr == 'Conflict: Alarm a1 is ACKNOWLEDGED already.\n'


@pytest.mark.parametrize('args', [
    ('vnffm', 'alarm', 'update', 'a1'),
    ('vnffm', 'alarm', 'update', 'a1', '--ack-state', 'SEEN'),
    ('vnffm', 'alarm', 'show'),
    ('vnffm', 'alarm', 'list', '--all-fields'),
    ('vnffm', 'sub', 'list', '--fields', 'filter'),
    ('vnffm', 'sub', 'delete'),
])
def test_vnffm_usage_errors_exit_2_without_requests(server, cli, args):
    assert cli(*V2, *args).status == 2
    assert server.requests == []


# vnffm sub


def test_sub_create_posts_the_file_and_shows_the_official_fields(
        server, cli, tmp_path):
    body = {'callbackUri': 'http://c/fm', 'filter': SUB['filter']}
    server.route('POST', SUBS, (201, SUB))
    shown = cli(*V2, 'vnffm', 'sub', 'create', request_file(tmp_path, body),
                '-f', 'json').json()
    assert shown == {'ID': 's1', 'Callback Uri': 'http://c/fm',
                     'Filter': SUB['filter'], 'Links': SUB['_links']}
    request, = server.requests
    assert json.loads(request['body']) == body
    assert (request['headers']['Version'],
            request['headers']['Content-Type']) == ('1.3.0',
                                                    'application/json')


def test_sub_create_shows_an_identical_existing_one(server, cli, tmp_path):
    server.route('POST', SUBS, (303, None, {
        'Location': server.url + SUBS + '/s1'}))
    server.route('GET', SUBS + '/s1', (200, SUB))
    result = cli(*V2, 'vnffm', 'sub', 'create',
                 request_file(tmp_path, {'callbackUri': 'http://c/fm'}),
                 '-f', 'json')
    assert result.json()['ID'] == 's1'
    assert result.stderr == 'An identical subscription exists already: s1\n'
    assert server.sent('GET', SUBS + '/s1')[0]['headers']['Version'] == \
        '1.3.0'


def test_sub_list_and_show(server, cli):
    unfiltered = {name: value for name, value in SUB.items()
                  if name != 'filter'}
    server.route('GET', SUBS, (200, [SUB]))
    server.route('GET', SUBS + '/s1', (200, unfiltered))
    assert cli(*V2, 'vnffm', 'sub', 'list', '--filter', '(eq,id,s1)', '-f',
               'json').json() == [{'ID': 's1', 'Callback Uri': 'http://c/fm'}]
    assert server.requests[0]['query'] == {'filter': ['(eq,id,s1)']}
    assert cli(*V2, 'vnffm', 'sub', 'show', 's1', '-f', 'json').json() == {
        'ID': 's1', 'Callback Uri': 'http://c/fm', 'Filter': '',
        'Links': SUB['_links']}


def test_sub_delete_reports_each_and_fails_if_any_failed(server, cli):
    server.route('DELETE', SUBS + '/s1', (204, None))
    server.route('DELETE', SUBS + '/s2', (404, {
        'status': 404, 'title': 'Not Found',
        'detail': 'FmSubscription s2 does not exist.'}))
    result = cli(*V2, 'vnffm', 'sub', 'delete', 's1', 's2')
    assert result.status == 1
    assert result.stderr.splitlines() == [
        'VNF FM subscription s1 deleted.',
        'Cannot delete VNF FM subscription s2: Not Found: FmSubscription s2 '
        'does not exist.',
        'Failed to delete 1 of 2 VNF FM subscription(s).']
    assert [request['headers']['Version'] for request in server.requests] \
        == ['1.3.0', '1.3.0']


@pytest.mark.parametrize('args', [
    ('alarm', 'list'), ('alarm', 'show', 'a1'),
    ('alarm', 'update', 'a1', '--ack-state', 'ACKNOWLEDGED'),
    ('sub', 'list'), ('sub', 'show', 's1'), ('sub', 'delete', 's1'),
    ('sub', 'create', 'request.json'),
])
def test_vnffm_on_api_version_1_is_refused_without_requests(
        server, cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    request_file(tmp_path, {'callbackUri': 'http://c/fm'})
    result = cli('vnffm', *args)
    assert (result.status, result.stdout) == (1, '')
    assert result.stderr == ('VNF fault management needs version 2 of the '
                             'Tacker API: use --os-tacker-api-version 2\n')
    assert server.requests == []
