"""TackerClient over real HTTP against the fake server."""
import json

from keystoneauth1 import noauth
from keystoneauth1 import session
import pytest

from tackerclient import client
from tackerclient import exceptions

PKGS = '/vnfpkgm/v1/vnf_packages'
VNFS = '/vnflcm/v1/vnf_instances'
OPS = '/vnflcm/v1/vnf_lcm_op_occs'


def op(state, entered='2024-01-01T00:00:00.000Z', **fields):
    return {'id': 'op1', 'operation': 'INSTANTIATE',
            'operationState': state, 'stateEnteredTime': entered, **fields}


def test_list_follows_next_links_to_the_end(server, tacker):
    def page(marker):
        return {'Link': '<%s%s?filter=x&nextpage_opaque_marker=%s>; '
                        'rel="next"' % (server.url, VNFS, marker)}
    server.route('GET', VNFS, (200, [{'id': 'a'}, {'id': 'b'}], page('m1')),
                 (200, [{'id': 'c'}], page('m2')), (200, [{'id': 'd'}]))
    items = tacker.vnf_lcm.list(filter='x')
    assert [item['id'] for item in items] == ['a', 'b', 'c', 'd']
    queries = [request['query'] for request in server.requests]
    assert queries == [{'filter': ['x']},
                       {'filter': ['x'], 'nextpage_opaque_marker': ['m1']},
                       {'filter': ['x'], 'nextpage_opaque_marker': ['m2']}]


def test_list_sends_attribute_selectors(server, tacker):
    server.route('GET', PKGS, (200, []))
    tacker.vnf_packages.list(fields='softwareImages', exclude_default=True)
    tacker.vnf_packages.list(all_fields=True)
    assert [request['query'] for request in server.requests] == [
        {'fields': ['softwareImages'], 'exclude_default': ['']},
        {'all_fields': ['']}]


def test_paging_that_loops_is_an_error(server, tacker):
    server.route('GET', OPS, (200, [], {
        'Link': '<%s%s>; rel="next"' % (server.url, OPS)}))
    with pytest.raises(exceptions.ClientError, match='loops'):
        tacker.op_occs.list()


@pytest.mark.parametrize('status, error_class', [
    (400, exceptions.BadRequest), (401, exceptions.Unauthorized),
    (404, exceptions.NotFound), (409, exceptions.Conflict),
    (422, exceptions.UnprocessableEntity), (500, exceptions.ServerError),
    (503, exceptions.ServiceUnavailable), (418, exceptions.ApiError)])
def test_error_statuses_raise_typed_errors_with_the_problem(
        server, tacker, status, error_class):
    problem = {'type': 'about:blank', 'status': status, 'title': 'Nope',
               'detail': 'It is\nnot there.'}
    server.route('GET', VNFS + '/x', (status, problem))
    with pytest.raises(error_class) as caught:
        tacker.vnf_lcm.show('x')
    assert type(caught.value) is error_class
    assert caught.value.status == status
    assert caught.value.problem == problem
    assert str(caught.value) == 'Nope: It is not there.'


def test_error_without_problem_details_gets_one_made_up(server, tacker):
    server.route('GET', VNFS + '/x', (502, '<html><h1>Bad Gateway</h1>\n'
                                           '</html>', {
                                               'Content-Type': 'text/html'}))
    with pytest.raises(exceptions.ServerError) as caught:
        tacker.vnf_lcm.show('x')
    assert caught.value.title == 'Bad Gateway'
    assert 'Bad Gateway</h1> </html>' in caught.value.detail


def test_unreachable_endpoint_is_connection_failed(server):
    server.stop()
    tacker = client.TackerClient(session.Session(auth=noauth.NoAuth()),
                                 endpoint=server.url)
    with pytest.raises(exceptions.ConnectionFailed, match='127.0.0.1'):
        tacker.vnf_packages.list()


def test_requests_carry_the_api_version_and_quote_ids(server, tacker):
    server.route('GET', PKGS + '/a%2Fb', (200, {'id': 'a/b'}))
    server.route('GET', VNFS + '/v', (200, {'id': 'v'}))
    assert tacker.vnf_packages.show('a/b') == {'id': 'a/b'}
    tacker.vnf_lcm.show('v')
    assert [request['headers']['Version'] for request in server.requests] \
        == ['2.1.0', '1.3.0']
    assert server.requests[0]['headers']['Accept'] == 'application/json'


def test_api_version_2_uses_the_v2_prefix(server):
    tacker = client.TackerClient(session.Session(auth=noauth.NoAuth()),
                                 endpoint=server.url, api_version='2')
    server.route('GET', '/vnflcm/v2/vnf_instances', (200, []))
    assert tacker.vnf_lcm.list() == []
    assert server.requests[0]['headers']['Version'] == '2.0.0'


def test_unknown_api_version_is_refused():
    with pytest.raises(exceptions.ClientError, match='1 or 2'):
        client.TackerClient(session.Session(), api_version='3')


def test_upload_streams_the_file_with_its_length(server, tacker, tmp_path):
    data = bytes(range(256)) * 1200
    path = tmp_path / 'vnf.zip'
    path.write_bytes(data)
    server.route('PUT', PKGS + '/p/package_content', (202, None))
    calls = []
    tacker.vnf_packages.upload('p', str(path),
                               lambda sent, total: calls.append((sent,
                                                                 total)))
    request, = server.requests
    assert request['body'] == data
    assert request['headers']['Content-Length'] == str(len(data))
    assert request['headers']['Content-Type'] == 'application/zip'
    assert len(calls) > 1
    assert calls[-1] == (len(data), len(data))
    assert [sent for sent, _ in calls] == sorted(sent for sent, _ in calls)


def test_upload_from_uri_sends_the_credentials(server, tacker):
    path = PKGS + '/p/package_content/upload_from_uri'
    server.route('POST', path, (202, None))
    tacker.vnf_packages.upload_from_uri('p', 'http://h/p.zip', 'u', 'pw')
    assert json.loads(server.requests[0]['body']) == {
        'addressInformation': 'http://h/p.zip', 'userName': 'u',
        'password': 'pw'}


def test_download_streams_into_the_file(server, tacker, tmp_path):
    data = b'PK' + bytes(300000)
    server.route('GET', PKGS + '/p/package_content', (200, data, {
        'Content-Type': 'application/zip'}))
    progress = []
    with open(tmp_path / 'out.zip', 'wb') as dest:
        content_type = tacker.vnf_packages.download(
            'p', dest, lambda done, total: progress.append((done, total)))
    assert (tmp_path / 'out.zip').read_bytes() == data
    assert content_type == 'application/zip'
    assert progress[-1] == (len(data), len(data))


def test_artifact_path_keeps_its_slashes(server, tacker, tmp_path):
    server.route('GET', PKGS + '/p/artifacts/Scripts/a%20b.sh',
                 (200, b'#!/bin/sh', {'Content-Type': 'text/plain'}))
    with open(tmp_path / 'a.sh', 'wb') as dest:
        tacker.vnf_packages.download_artifact('p', 'Scripts/a b.sh', dest)
    assert (tmp_path / 'a.sh').read_bytes() == b'#!/bin/sh'


def test_wait_onboarded_fails_with_the_failure_details(server, tacker):
    failure = {'status': 400, 'title': 'Bad Request',
               'detail': 'Invalid VNF package: no TOSCA.meta'}
    server.route('GET', PKGS + '/p',
                 (200, {'id': 'p', 'onboardingState': 'PROCESSING'}),
                 (200, {'id': 'p', 'onboardingState': 'CREATED',
                        'onboardingFailureDetails': failure}))
    seen = []
    with pytest.raises(exceptions.OnboardingFailed) as caught:
        tacker.vnf_packages.wait_onboarded(
            'p', on_poll=lambda package: seen.append(
                package['onboardingState']))
    assert caught.value.problem == failure
    assert 'no TOSCA.meta' in str(caught.value)
    assert seen == ['PROCESSING', 'CREATED']


def test_tasks_return_the_op_id_of_location(server, tacker):
    server.route('POST', VNFS + '/v/scale', (202, None, {
        'Location': server.url + OPS + '/op-7'}))
    assert tacker.vnf_lcm.scale('v', {'type': 'SCALE_OUT',
                                      'aspectId': 'a'}) == 'op-7'
    request, = server.requests
    assert request['headers']['Content-Type'] == 'application/json'
    assert json.loads(request['body']) == {'type': 'SCALE_OUT',
                                           'aspectId': 'a'}


def test_accepted_task_without_location_is_an_error(server, tacker):
    server.route('POST', VNFS + '/v/heal', (202, None))
    with pytest.raises(exceptions.ClientError, match='Location'):
        tacker.vnf_lcm.heal('v', {})


@pytest.mark.parametrize('task', ['change_vnfpkg', 'scale_to_level',
                                  'change_flavour'])
def test_v2_only_tasks_are_refused_by_a_v1_client(server, tacker, task):
    with pytest.raises(exceptions.ApiVersionRequired, match=task):
        getattr(tacker.vnf_lcm, task)('v', {})
    assert server.requests == []


def test_update_is_a_merge_patch(server, tacker):
    server.route('PATCH', VNFS + '/v', (202, None, {
        'Location': server.url + OPS + '/op-8'}))
    assert tacker.vnf_lcm.update('v', {'vnfInstanceName': 'n'}) == 'op-8'
    assert server.requests[0]['headers']['Content-Type'] == \
        'application/merge-patch+json'


def test_cancel_sends_the_mode(server, tacker):
    server.route('POST', OPS + '/o/cancel', (202, None))
    tacker.op_occs.cancel('o', 'FORCEFUL')
    assert json.loads(server.requests[0]['body']) == {
        'cancelMode': 'FORCEFUL'}


def test_op_wait_ignores_states_entered_before_after(server, tacker):
    before = '2024-01-01T00:00:01.000Z'
    server.route('GET', OPS + '/op1', (200, op('FAILED_TEMP', before)),
                 (200, op('PROCESSING', '2024-01-01T00:00:02.000Z')),
                 (200, op('COMPLETED', '2024-01-01T00:00:03.000Z')))
    assert tacker.op_occs.wait('op1', after=before)['operationState'] == \
        'COMPLETED'
    assert len(server.requests) == 3


def test_subscription_duplicate_returns_the_existing_one(server, tacker):
    existing = {'id': 's1', 'callbackUri': 'http://c'}
    path = '/vnflcm/v1/subscriptions'
    server.route('POST', path, (303, None, {
        'Location': server.url + path + '/s1'}))
    server.route('GET', path + '/s1', (200, existing))
    assert tacker.lcm_subscriptions.create({'callbackUri': 'http://c'}) == \
        (existing, False)


def test_api_versions_of_all_or_one_major_version(server, tacker):
    server.route('GET', '/vnflcm/api_versions', (200, {'uriPrefix': 'a'}))
    server.route('GET', '/vnflcm/v2/api_versions', (200, {'uriPrefix': 'b'}))
    assert tacker.vnf_lcm.api_versions()['uriPrefix'] == 'a'
    assert tacker.vnf_lcm.api_versions('2')['uriPrefix'] == 'b'


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_poller_backs_off_then_times_out():
    clock = FakeClock()
    poller = client.Poller(interval=2.0, first=0.2, clock=clock,
                           sleep=clock.sleep)
    with pytest.raises(exceptions.WaitTimeout, match='after 10s: still 7'):
        poller.until(lambda: 7, lambda value: False, timeout=10,
                     describe=lambda value: 'still %d' % value)
    assert clock.sleeps[:3] == pytest.approx([0.2, 0.3, 0.45])
    assert max(clock.sleeps) == 2.0
    assert clock.now == pytest.approx(10)
