"""Notifications to a subscriber that requires mutual TLS: SOL013
TLS_CERT (v1 LCM) and OAuth2 with Tacker's client certificate
(OAUTH2_CLIENT_CERT, RFC 8705; v2 LCM). One deployment whose
[notification] names a test CA and Tacker's certificate checks the
subscriptions and delivers over mutual TLS; a second API server of it,
without the certificate, refuses such subscriptions with 422."""
import base64
import hashlib
import ssl
import types

from cryptography.x509 import oid
import pytest
import requests

from tests.functional import certificates
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_v2 as lcm_v2
from tests.functional import test_vnf_packages as pkgs
from tests.unit.common import test_callbacks

TACKER_CN = 'tacker-notifier'
CLIENT_ID = 'tacker'
CREATION = {'notificationTypes': ['VnfIdentifierCreationNotification']}


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """A CA, Tacker's client certificate (and its x5t#S256), and the TLS
    context of a subscriber on 127.0.0.1 that requires a client
    certificate the CA signed."""
    directory = tmp_path_factory.mktemp('pki')
    ca = certificates.CertificateAuthority(directory, 'notification-test-ca')
    cert_file, key_file = ca.issue(TACKER_CN,
                                   oid.ExtendedKeyUsageOID.CLIENT_AUTH)
    subscriber_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    subscriber_tls.load_cert_chain(*ca.issue(
        'subscriber', oid.ExtendedKeyUsageOID.SERVER_AUTH, ('127.0.0.1',)))
    subscriber_tls.verify_mode = ssl.CERT_REQUIRED
    subscriber_tls.load_verify_locations(ca.file)
    with open(cert_file) as pem:
        digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem.read()))
    return types.SimpleNamespace(
        ca=str(ca.file), cert=cert_file, key=key_file,
        subscriber_tls=subscriber_tls,
        thumbprint=base64.urlsafe_b64encode(
            digest.digest()).rstrip(b'=').decode())


@pytest.fixture(scope='module')
def deployment(tmp_path_factory, pki):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('notification-tls'), sections={
                'notification': {'ca_file': pki.ca,
                                 'client_cert_file': pki.cert,
                                 'client_key_file': pki.key,
                                 'delivery_interval': 0.2}}) as deploy:
        yield deploy


@pytest.fixture(scope='module')
def subscriber(pki):
    """The HTTPS subscriber: any path answers 204 but /callback, which
    wants the last token its /token granted to CLIENT_ID with Tacker's
    certificate."""
    consumer = test_callbacks.Consumer(tls=pki.subscriber_tls)
    consumer.granted = test_callbacks.serve_tokens(
        consumer, test_callbacks.by_certificate(CLIENT_ID, TACKER_CN))
    yield consumer
    consumer.stop()


@pytest.fixture(scope='module')
def vnfd_id(deployment, tmp_path_factory):
    return pkgs.onboard(deployment, tmp_path_factory.mktemp('package'),
                        'single_vdu')['vnfdId']


@pytest.fixture(scope='module')
def uncertified_url(deployment):
    """URL of another API server of the deployment, one without a client
    certificate."""
    port = deployment_lib.free_port()
    deployment.start_process(
        'tacker-server', key='tacker-server-uncertified',
        extra_config='[DEFAULT]\nbind_port = %d\nhost = api-%d\n'
                     '[notification]\nclient_cert_file =\n' % (port, port))
    url = 'http://127.0.0.1:%d' % port
    deployment.wait_for(lambda: requests.get(
        url + '/healthcheck', timeout=5).ok, 60, 'the uncertified server')
    return url


def oauth2_client_cert(subscriber, thumbprint):
    return {'authType': ['OAUTH2_CLIENT_CERT'],
            'paramsOauth2ClientCert': {
                'clientId': CLIENT_ID,
                'certificateRef': {'type': 'x5t#S256', 'value': thumbprint},
                'tokenEndpoint': subscriber.base + '/token'}}


def notified(deployment, subscriber, path, instance_id):
    """The request that notified ``path`` of ``instance_id``."""
    def find():
        return next((request for request in list(subscriber.received)
                     if request['method'] == 'POST' and
                     request['path'] == path and instance_id.encode()
                     in request['body']), None)
    deployment.wait_for(find, 30, 'the notification to %s' % path)
    return find()


def test_tls_cert_subscription_is_checked_and_notified_over_mutual_tls(
        deployment, subscriber, vnfd_id):
    response = deployment.request('POST', lcm.API + '/subscriptions', json={
        'callbackUri': subscriber.base + '/tls', 'filter': CREATION,
        'authentication': {'authType': ['TLS_CERT']}})
    assert response.status_code == 201, response.text
    assert 'authentication' not in response.json()
    instance_id = lcm.new_instance(deployment, vnfd_id)
    request = notified(deployment, subscriber, '/tls', instance_id)
    assert request['client_cn'] == TACKER_CN
    assert 'Authorization' not in request['headers']
    check = next(request for request in subscriber.received
                 if request['path'] == '/tls')
    assert (check['method'], check['client_cn']) == ('GET', TACKER_CN)


def test_oauth2_client_cert_subscription_is_notified_with_its_token(
        deployment, subscriber, pki, vnfd_id):
    response = lcm_v2.v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': subscriber.url, 'filter': CREATION,
        'authentication': oauth2_client_cert(subscriber, pki.thumbprint)})
    assert response.status_code == 201, response.text
    shown = lcm_v2.v2(deployment, 'GET', '/subscriptions/' +
                      response.json()['id']).json()
    assert 'authentication' not in response.json()
    assert 'authentication' not in shown
    instance_id = lcm.new_instance(deployment, vnfd_id)
    request = notified(deployment, subscriber, '/callback', instance_id)
    assert request['client_cn'] == TACKER_CN
    # The API server's check and the conductor's POST took a token each.
    assert subscriber.granted == ['tok-1', 'tok-2']
    assert request['headers']['Authorization'] == 'Bearer tok-2'


def test_oauth2_client_cert_naming_another_certificate_is_422(
        deployment, subscriber):
    response = lcm_v2.v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': subscriber.base + '/other',
        'authentication': oauth2_client_cert(subscriber, 'A' * 43)})
    pkgs.assert_problem(response, 422, 'certificateRef',
                        '[notification] client_cert_file')


@pytest.mark.parametrize('path, headers, auth_type', [
    (lcm.API + '/subscriptions', {}, 'TLS_CERT'),
    ('/vnfpkgm/v1/subscriptions', {}, 'TLS_CERT'),
    (lcm_v2.V2 + '/subscriptions', lcm_v2.VERSION, 'OAUTH2_CLIENT_CERT')])
def test_a_server_without_a_client_certificate_refuses_them_with_422(
        uncertified_url, subscriber, pki, path, headers, auth_type):
    authentication = {'authType': [auth_type]}
    if auth_type == 'OAUTH2_CLIENT_CERT':
        authentication = oauth2_client_cert(subscriber, pki.thumbprint)
    response = requests.post(
        uncertified_url + path, headers=headers, timeout=10, json={
            'callbackUri': subscriber.base + '/refused',
            'authentication': authentication})
    pkgs.assert_problem(response, 422, 'no TLS client certificate',
                        '[notification] client_cert_file', auth_type)
    assert not [request for request in subscriber.received
                if request['path'] == '/refused']
