"""Hostile requests through the real server and conductor: each is a 4xx
ProblemDetails (never a 5xx), is logged in one line under its own
request id, and client strings never forge log lines."""
import base64
import socket
import time

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

FORGED = '2026-12-01 00:00:00.000 1 CRITICAL tacker.forged [-] owned'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module (no test stops a process),
    in debug mode: the server writes access lines only then."""
    work = tmp_path_factory.mktemp('hostile')
    with deployment_lib.sqlite_deployment(
            work, sections={
                'kubernetes_vim': {'timeout': 2}}, debug=True) as deploy:
        yield deploy


def assert_problem(response, status, fragment=''):
    assert response.status_code == status, response.text
    assert response.headers['Content-Type'] == 'application/problem+json'
    problem = response.json()
    assert problem['status'] == status
    assert fragment in problem['detail']
    return problem


def log_lines(deployment, name, marker):
    text = (deployment.workdir / ('%s.log' % name)).read_text(
        errors='replace')
    return [line for line in text.splitlines() if marker in line]


@pytest.mark.parametrize('path', [
    '/vnfpkgm/v1/vnf_packages/%ff%fe',
    '/vnfpkgm/v1/vnf_packages?filter=%ff%fe',
    '/%ff', '/no-such-api/%c3%28', '/healthcheck?rpc=%fe',
    '/v1.0/vims?name=%ff'])
def test_bytes_not_utf8_are_400_logged_under_their_own_id(deployment, path):
    response = deployment.get(path)

    assert_problem(response, 400, 'not UTF-8')
    request_id = response.headers['X-Openstack-Request-Id']
    # The access line is written once the answer is sent.
    deployment.wait_for(lambda: log_lines(
        deployment, 'tacker-server', request_id), 10, 'the access line')
    lines = log_lines(deployment, 'tacker-server', request_id)
    assert all('ERROR' not in line for line in lines)
    assert any(path.split('?')[0].lower() in line.lower() for line in lines)


@pytest.mark.parametrize('query, fragment', [
    ('filter=(gt,startTime,0001-01-01T00:00:00%2B01:00)', 'out of range'),
    ('filter=(lt,stateEnteredTime,9999-12-31T23:59:59-01:00)',
     'out of range'),
    ('filter=(gt,isAutomaticInvocation,true)', 'boolean'),
    ('filter=(gte,isCancelPending,false)', 'boolean'),
    ('filter=(eq,id,a)&filter=(eq,id,b)', 'given 2 times'),
])
def test_filters_that_failed_on_every_list_are_400(deployment, query,
                                                   fragment):
    response = deployment.get('/vnflcm/v1/vnf_lcm_op_occs?' + query)
    assert_problem(response, 400, fragment)


@pytest.mark.parametrize('values', [
    '["0001-01-01T00:00:00+01:00","x"]', '["9999-12-31T23:59:59-01:00","x"]'])
def test_marker_out_of_range_is_400_on_every_list(deployment, values):
    marker = base64.urlsafe_b64encode(values.encode()).decode().rstrip('=')
    for path in ('/vnfpkgm/v1/vnf_packages', '/vnflcm/v1/vnf_instances',
                 '/vnflcm/v1/vnf_lcm_op_occs', '/vnfpkgm/v1/subscriptions',
                 '/vnflcm/v1/subscriptions'):
        response = deployment.get(path + '?nextpage_opaque_marker=' + marker)
        assert_problem(response, 400, 'nextpage_opaque_marker')


@pytest.mark.parametrize('api', ['/vnfpkgm/v1', '/vnflcm/v1'])
@pytest.mark.parametrize('authentication, missing', [
    ({'authType': ['BASIC']}, 'paramsBasic'),
    ({'authType': ['OAUTH2_CLIENT_CREDENTIALS']},
     'paramsOauth2ClientCredentials'),
    ({'authType': ['BASIC'], 'paramsBasic': {'userName': 'u'}}, 'password'),
])
def test_subscription_auth_without_its_params_is_400(
        deployment, api, authentication, missing):
    response = deployment.request('POST', api + '/subscriptions', json={
        'callbackUri': 'http://127.0.0.1:9/cb',
        'authentication': authentication})
    assert_problem(response, 400, missing)


@pytest.mark.parametrize('uri', ['HTTP://[', 'http://example.test:99999/'])
def test_uris_urllib_cannot_split_are_400(deployment, uri):
    assert_problem(deployment.request('POST', '/vnflcm/v1/subscriptions',
                                      json={'callbackUri': uri}), 400)
    package = pkgs.create_package(deployment)
    assert_problem(deployment.request(
        'POST', '/vnfpkgm/v1/vnf_packages/%s/package_content/'
        'upload_from_uri' % package['id'],
        json={'addressInformation': uri}), 400, 'not a valid URI')


@pytest.mark.parametrize('token', ['t\u20acken', 'tok\u00e9n', 'tok en'])
def test_kubernetes_vim_token_no_header_carries_is_400(deployment, token):
    response = deployment.request('POST', '/v1.0/vims', json={'vim': {
        'name': 'k8s', 'type': 'kubernetes',
        'auth_url': 'http://127.0.0.1:9',
        'auth_cred': {'bearer_token': token}}}, timeout=30)
    assert_problem(response, 400, 'bearer_token')


def raw_exchange(deployment, data, close_early=False):
    """Send raw bytes; what the server answered until it closed (or
    '<open>' if it kept the connection after answering)."""
    with socket.create_connection(('127.0.0.1', deployment.port)) as sock:
        sock.sendall(data)
        if close_early:
            return None
        sock.settimeout(2)
        answer = b''
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    return answer
                answer += chunk
        except socket.timeout:
            return answer + b'<open>'


def test_duplicate_content_length_is_400_and_the_stream_is_dropped(
        deployment):
    body = b'{"userDefinedData": {}}'
    smuggled = b'GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n'
    answer = raw_exchange(deployment, (
        b'POST /vnfpkgm/v1/vnf_packages HTTP/1.1\r\nHost: x\r\n'
        b'Content-Type: application/json\r\nContent-Length: 2\r\n'
        b'Content-Length: %d\r\n\r\n' % len(body)) + body + smuggled)

    assert answer.startswith(b'HTTP/1.1 400 ')
    assert b'application/problem+json' in answer
    assert b'Content-Length is given 2 times' in answer
    assert answer.count(b'HTTP/1.1') == 1 and not answer.endswith(b'<open>')


def test_transfer_encoding_other_than_chunked_is_400(deployment):
    answer = raw_exchange(deployment, (
        b'POST /vnfpkgm/v1/vnf_packages HTTP/1.1\r\nHost: x\r\n'
        b'Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n'
        b'{}'))
    assert answer.startswith(b'HTTP/1.1 400 ')
    assert b'Transfer-Encoding' in answer


@pytest.mark.parametrize('request_bytes', [
    b'POST /vnfpkgm/v1/vnf_packages HTTP/1.1\r\nHost: x\r\n'
    b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n'
    b'{"userDefinedData',
    b'POST /vnfpkgm/v1/vnf_packages HTTP/1.1\r\nHost: x\r\n'
    b'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
    b'5\r\n{"use\r\nzz'])
def test_client_gone_mid_body_is_one_warning_line(deployment,
                                                  request_bytes):
    before = len(log_lines(deployment, 'tacker-server', 'Client stopped'))
    raw_exchange(deployment, request_bytes, close_early=True)

    deployment.wait_for(lambda: len(log_lines(
        deployment, 'tacker-server', 'Client stopped')) > before, 10,
        'the warning')
    log = (deployment.workdir / 'tacker-server.log').read_text()
    assert 'Traceback' not in log
    assert ' ERROR ' not in log


def test_client_strings_never_forge_log_lines(deployment, tmp_path):
    """An instantiate on an OpenStack VIM 'x<newline><a log line>' without
    credentials fails in the conductor, which logs the reason naming the
    VIM; the forged line stays inside that one line."""
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    instance_id = lcm.new_instance(deployment, vnfd_id)
    op_id = lcm.task(deployment, instance_id, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': [{
            'id': 'x\n' + FORGED,
            'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3'}]})
    assert lcm.wait_op(deployment, op_id)['operationState'] == 'FAILED_TEMP'
    time.sleep(0.5)

    for name in ('tacker-server', 'tacker-conductor'):
        lines = log_lines(deployment, name, 'owned')
        assert all(not line.startswith(FORGED) for line in lines), lines
    assert any('x\\n' + FORGED in line for line in log_lines(
        deployment, 'tacker-conductor', 'owned'))
