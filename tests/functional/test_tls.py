"""The API over HTTPS (``[DEFAULT] use_ssl``): one deployment served with
a certificate of a test CA, reached by requests and the ``tacker`` CLI
verifying it, and a second API server of it that asks clients for a
certificate (``ssl_ca_file``, mutual TLS)."""
import socket

from cryptography.x509 import oid
import pytest
import requests

from tests.functional import certificates
from tests.functional import deployment as deployment_lib
from tests.functional import test_cli

PACKAGES = '/vnfpkgm/v1/vnf_packages'


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """The CA of the deployment, its server and client certificates, and
    a CA that signed none of them."""
    directory = tmp_path_factory.mktemp('pki')
    ca = certificates.CertificateAuthority(directory, 'tacker-test-ca')
    other_ca = certificates.CertificateAuthority(directory, 'other-ca')
    return {
        'ca': str(ca.file),
        'other_ca': str(other_ca.file),
        'server': ca.issue('server', oid.ExtendedKeyUsageOID.SERVER_AUTH,
                           ('127.0.0.1', 'localhost')),
        'client': ca.issue('client', oid.ExtendedKeyUsageOID.CLIENT_AUTH),
    }


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, pki):
    cert_file, key_file = pki['server']
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('tls'), use_ssl=True,
            ssl_cert_file=cert_file, ssl_key_file=key_file,
            tls_client={'verify': pki['ca']},
            sections={'notification': {'verify_tls': False}}) as deploy:
        yield deploy


@pytest.fixture(scope='module')
def mtls_url(deployment, pki):
    """URL of another API server of the deployment, one that serves only
    clients with a certificate the CA signed."""
    port = deployment_lib.free_port()
    deployment.start_process(
        'tacker-server', key='tacker-server-mtls',
        extra_config='[DEFAULT]\nbind_port = %d\nssl_ca_file = %s\n' % (
            port, pki['ca']))
    url = 'https://127.0.0.1:%d' % port
    deployment.wait_for(lambda: requests.get(
        url + '/healthcheck', verify=pki['ca'], cert=pki['client'],
        timeout=10).ok, 60, 'the mutual TLS server')
    return url


def cli(deployment, pki, *args, status=0):
    """``tacker`` with the CA given by --os-cacert."""
    return test_cli.tacker(deployment, '--os-cacert', pki['ca'], *args,
                           status=status)


def test_the_api_answers_over_https_verified_by_the_ca(deployment):
    assert deployment.url.startswith('https://')
    assert deployment.get(PACKAGES).status_code == 200


def test_both_services_warn_at_start_of_peers_not_verified(deployment):
    for name in ('tacker-server', 'tacker-conductor'):
        assert '[notification] verify_tls = False' in deployment.log(name)


def test_location_and_links_say_https(deployment):
    created = deployment.request('POST', PACKAGES, json={})
    assert created.status_code == 201
    href = created.json()['_links']['self']['href']
    assert href == created.headers['Location']
    assert href.startswith(deployment.url + PACKAGES + '/')


def test_the_cli_lists_packages_with_os_cacert(deployment, pki):
    created = deployment.request('POST', PACKAGES, json={}).json()
    listed = cli(deployment, pki, 'vnf', 'package', 'list', '-f', 'json')
    assert created['id'] in listed.stdout


def test_the_cli_with_another_ca_fails_in_one_clear_line(deployment, pki):
    done = test_cli.tacker(deployment, '--os-cacert', pki['other_ca'],
                           'vnf', 'package', 'list', status=1)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert 'certificate verify failed' in lines[0], lines[0]
    assert deployment.url in lines[0]


def test_plain_http_to_the_https_port_fails_and_harms_nothing(deployment):
    with pytest.raises(requests.ConnectionError):
        requests.get(deployment.url.replace('https:', 'http:')
                     + '/healthcheck', timeout=10)
    assert deployment.get('/healthcheck').status_code == 200
    assert 'Traceback' not in deployment.log('tacker-server')


def test_a_client_silent_after_connecting_blocks_no_other(deployment):
    """Its TLS handshake waits in its own green thread, not in the
    accept loop of the (single) API worker."""
    with socket.create_connection(('127.0.0.1', deployment.port)):
        assert deployment.get('/healthcheck', timeout=5).status_code == 200


def test_mutual_tls_refuses_a_client_without_a_certificate(mtls_url, pki):
    with pytest.raises(requests.ConnectionError):
        requests.get(mtls_url + PACKAGES, verify=pki['ca'], timeout=10)


def test_mutual_tls_serves_the_cli_with_a_certificate(deployment, mtls_url,
                                                      pki):
    cert_file, key_file = pki['client']
    listed = cli(deployment, pki, '--os-endpoint', mtls_url, '--os-cert',
                 cert_file, '--os-key', key_file, 'vnf', 'package', 'list',
                 '-f', 'json')
    assert listed.stdout.startswith('[')


def test_a_server_without_a_readable_key_refuses_to_start(deployment):
    deployment.start_process(
        'tacker-server', key='tacker-server-refused',
        extra_config='[DEFAULT]\nbind_port = %d\nssl_key_file = %s\n' % (
            deployment_lib.free_port(), deployment.workdir / 'absent.key'))
    assert deployment.processes['tacker-server-refused'].wait(30) == 1
    deployment.stop_process('tacker-server-refused')
    log = deployment.log('tacker-server-refused')
    assert ('Cannot serve HTTPS: [DEFAULT] ssl_key_file %s cannot be read'
            % (deployment.workdir / 'absent.key')) in log
    assert 'Traceback' not in log
