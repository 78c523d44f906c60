"""upload_from_uri through the real server and conductor: whose failure a
failed download is (issue 11). The remote side failing is recorded in
onboardingFailureDetails as 502 Bad Gateway, or 504 Gateway Timeout past
upload_from_uri_timeout, never as the client's 400; an address Tacker
does not call is the client's 400, answered before the 202; a package
over max_package_size is 413, as for an upload by PUT."""
import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import http_servers
from tests.functional import test_vnf_packages as pkgs

API = '/vnfpkgm/v1'
TIMEOUT = 3
MAX_SIZE = 64 * 1024
DENIED = '192.0.2.0/24'  # TEST-NET-1 (RFC 5737)
MARKER = 'peer-body-marker-5c1d'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('deployment'),
            outbound_denied_networks='%s,%s' % (
                deployment_lib.LOOPBACK_ALLOWED, DENIED),
            sections={'vnf_package': {
                'upload_from_uri_timeout': TIMEOUT,
                'max_package_size': MAX_SIZE}}) as deploy:
        yield deploy


def request_upload(deployment, uri):
    package = pkgs.create_package(deployment)
    response = deployment.request(
        'POST', '%s/vnf_packages/%s/package_content/upload_from_uri' % (
            API, package['id']), json={'addressInformation': uri})
    return package['id'], response


def recorded_failure(deployment, uri):
    """The onboardingFailureDetails of a download from ``uri``."""
    package_id, response = request_upload(deployment, uri)
    assert response.status_code == 202, response.text
    info = pkgs.wait_onboarding_ends(deployment, package_id)
    assert info['onboardingState'] == 'CREATED', info
    return info['onboardingFailureDetails']


def answer(status_line):
    body = ('{"detail": "%s"}' % MARKER).encode()
    return b'HTTP/1.1 %s\r\nContent-Length: %d\r\n\r\n%s' % (
        status_line, len(body), body)


def test_refused_connection_is_502_bad_gateway(deployment):
    closed = http_servers.StreamServer(b'')  # a port nobody listens on
    problem = recorded_failure(deployment, closed.url + '/pkg.zip')

    assert (problem['status'], problem['title']) == (502, 'Bad Gateway')
    assert 'could not be downloaded' in problem['detail']


@pytest.mark.parametrize('status_line', [
    b'500 Internal Server Error', b'503 Service Unavailable',
    b'404 Not Found', b'401 Unauthorized'])
def test_error_answer_is_502_quoting_nothing_of_the_peer(
        deployment, server, status_line):
    peer = server(answer(status_line))
    problem = recorded_failure(deployment, peer.url + '/pkg.zip')

    assert (problem['status'], problem['title']) == (502, 'Bad Gateway')
    assert MARKER not in problem['detail']
    assert status_line[:3].decode() not in problem['detail']


def test_refused_and_error_answer_read_the_same(deployment, server):
    """Whether a port is closed or serves HTTP is not told to the
    client."""
    closed = http_servers.StreamServer(b'')
    peer = server(answer(b'404 Not Found'))

    details = {recorded_failure(deployment, uri)['detail']
               for uri in (closed.url + '/p.zip', peer.url + '/p.zip')}

    assert len(details) == 1, details


def test_peer_too_slow_is_504_gateway_timeout(deployment, server):
    trickling = server(b'HTTP/1.1 200 OK\r\nContent-Length: 60000\r\n\r\n',
                       b'x', interval=0.5)
    problem = recorded_failure(deployment, trickling.url + '/pkg.zip')

    assert (problem['status'], problem['title']) == (504, 'Gateway Timeout')
    assert 'within %d s' % TIMEOUT in problem['detail']


def test_package_over_the_size_limit_is_413(deployment, server):
    endless = server(b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n',
                     b'E' * 65536, interval=0.001)
    problem = recorded_failure(deployment, endless.url + '/pkg.zip')

    assert problem['status'] == 413
    assert 'larger than %d bytes' % MAX_SIZE in problem['detail']


@pytest.mark.parametrize('uri', ['http://192.0.2.7/pkg.zip',
                                 'http://[::1:/pkg.zip'])
def test_address_tacker_does_not_call_is_the_clients_400(deployment, uri):
    package_id, response = request_upload(deployment, uri)

    pkgs.assert_problem(response, 400, 'could not be downloaded')
    info = deployment.get('%s/vnf_packages/%s' % (API, package_id)).json()
    assert info['onboardingState'] == 'CREATED'
