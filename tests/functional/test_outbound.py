"""Outbound calls through the real server and conductor: total deadlines
against peers that trickle, size caps against endless ones, the address
policy, and error details that quote nothing a peer sent (issue 10)."""
import time

import pytest
import sqlalchemy as sa

from tests.functional import dbs
from tests.functional import http_servers
from tests.functional import test_vnf_packages as pkgs

API = '/vnfpkgm/v1'
MARKER = 'peer-body-marker-93e1'
# What a slow peer may add to a deadline: process and polling latency.
SLACK = 4
pytestmark = pytest.mark.parametrize('backend', dbs.backends('sqlite'))


def subscribe(deployment, uri):
    return deployment.request('POST', API + '/subscriptions',
                              json={'callbackUri': uri}, timeout=60)


def upload_from_uri(deployment, uri):
    package = pkgs.create_package(deployment)
    response = deployment.request(
        'POST', '%s/vnf_packages/%s/package_content/upload_from_uri' % (
            API, package['id']), json={'addressInformation': uri})
    assert response.status_code == 202, response.text
    return package['id']


def failure_detail(deployment, package_id, timeout=60):
    info = pkgs.wait_onboarding_ends(deployment, package_id, timeout)
    assert info['onboardingState'] == 'CREATED', info
    return info['onboardingFailureDetails']['detail']


def not_found_with_marker():
    body = ('{"detail": "%s"}' % MARKER).encode()
    return b'HTTP/1.1 404 Not Found\r\nContent-Length: %d\r\n\r\n%s' % (
        len(body), body)


def test_callback_check_ends_at_its_deadline_and_reveals_nothing(
        make_deployment, server):
    deployment = make_deployment(sections={'notification': {'timeout': 2}})
    trickling = server(b'HTTP/1.1 204 No Content\r\n' + b'X: y\r\n' * 100,
                       interval=0.5, trickle=True)
    started = time.monotonic()
    slow = subscribe(deployment, trickling.url + '/cb')
    assert time.monotonic() - started < 2 + SLACK
    pkgs.assert_problem(slow, 400, 'did not answer the test GET')

    not_found = server(not_found_with_marker())
    answered = subscribe(deployment, not_found.url + '/cb')
    pkgs.assert_problem(answered, 400)
    assert MARKER not in answered.text
    closed = http_servers.StreamServer(b'')  # a port nobody listens on
    refused = subscribe(deployment, closed.url + '/cb')
    # Timed out, answered 404, or refused: the same words.
    details = {response.json()['detail'].replace(peer.url, 'URI')
               for response, peer in ((slow, trickling),
                                      (answered, not_found),
                                      (refused, closed))}
    assert len(details) == 1, details


def test_download_ends_at_its_deadline_and_its_size_cap(make_deployment,
                                                        server):
    deployment = make_deployment(sections={'vnf_package': {
        'upload_from_uri_timeout': 3, 'max_package_size': 1024 * 1024}})
    trickling = server(b'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n',
                       b'P', interval=0.5)
    started = time.monotonic()
    detail = failure_detail(deployment,
                            upload_from_uri(deployment, trickling.url))
    assert time.monotonic() - started < 3 + SLACK
    assert 'within 3 s' in detail
    deployment.wait_for(lambda: trickling.ended, 2,
                        'the download to hang up')

    endless = server(b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n',
                     b'E' * 65536, interval=0.001)
    detail = failure_detail(deployment,
                            upload_from_uri(deployment, endless.url))
    assert 'larger than 1048576 bytes' in detail
    deployment.wait_for(lambda: endless.ended, 10, 'the download to stop')
    assert endless.sent[0] < 4 * 1024 * 1024

    not_found = server(not_found_with_marker())
    detail = failure_detail(deployment,
                            upload_from_uri(deployment, not_found.url))
    assert MARKER not in detail and '404' not in detail


def test_download_stops_when_its_package_is_reset_and_deleted(
        make_deployment, server):
    deployment = make_deployment()
    endless = server(b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n',
                     b'E' * 4096, interval=0.05)
    package_id = upload_from_uri(deployment, endless.url)
    deployment.wait_for(lambda: endless.started, 10, 'the download')
    time.sleep(1)
    # What the sweep does to an upload it takes for interrupted.
    engine = sa.create_engine(deployment.db_url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "UPDATE vnf_packages SET onboarding_state = 'CREATED' "
            "WHERE id = :id"), {'id': package_id})
    engine.dispose()
    assert deployment.request('DELETE', '%s/vnf_packages/%s' % (
        API, package_id)).status_code == 204
    deleted_at = time.monotonic()
    # The conductor looks at the package on each progress tick (10 s).
    deployment.wait_for(lambda: endless.ended, 10 + SLACK,
                        'the download to stop')
    assert endless.ended[0] - deleted_at < 10 + SLACK
    package_dir = deployment.workdir / 'state' / 'vnfpackages' / package_id
    assert not package_dir.exists()


def test_default_policy_calls_no_loopback_address(make_deployment, server):
    deployment = make_deployment(outbound_denied_networks=None)
    peer = server(b'HTTP/1.1 204 No Content\r\n\r\n')
    for host in ('127.0.0.1', 'localhost'):
        uri = 'http://%s:%d/cb' % (host, peer.port)
        pkgs.assert_problem(subscribe(deployment, uri), 400,
                            'resolves to an address Tacker does not call')
        package = pkgs.create_package(deployment)
        pkgs.assert_problem(deployment.request(
            'POST', '%s/vnf_packages/%s/package_content/upload_from_uri'
            % (API, package['id']), json={'addressInformation': uri}),
            400, 'address is not permitted')
        assert deployment.get('%s/vnf_packages/%s' % (
            API, package['id'])).json()['onboardingState'] == 'CREATED'
    assert peer.sent == []
