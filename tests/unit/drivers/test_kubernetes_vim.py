"""The Kubernetes VIM driver and the ApiClient helper it shares with the
infra driver, against a small local API server (HTTP and HTTPS with a
self-signed certificate)."""
import base64
import datetime
import http.server
import ipaddress
import json
import logging
import os
import socket
import ssl
import threading
import time
import types
import urllib.parse

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID
from kubernetes import client
import pytest

from tacker.common import exceptions
from tacker.drivers import kubernetes_client
from tacker.drivers.vim import kubernetes

TIMEOUT = 2.0
CONF = types.SimpleNamespace(
    kubernetes_vim=types.SimpleNamespace(timeout=TIMEOUT))
TOKEN = 'good-token'
BASIC = 'Basic ' + base64.b64encode(b'alice:s3cret').decode()
VERSION = {'major': '1', 'minor': '30', 'gitVersion': 'v1.30.0',
           'gitCommit': 'abc', 'gitTreeState': 'clean',
           'buildDate': '2024-01-01T00:00:00Z', 'goVersion': 'go1.22',
           'compiler': 'gc', 'platform': 'linux/amd64'}


class FakeApiServer:
    """Answers /version, ConfigMap lists and namespace reads as an API
    server would: 401 for unknown credentials, 403 where
    ``forbidden[(credentials, what)]`` says so; records requests."""

    def __init__(self, namespaces=('default', 'cnf'), tls=None,
                 forbidden=(), version=VERSION):
        self.namespaces = set(namespaces)
        self.forbidden = set(forbidden)
        self.version = version
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append((self.path,
                                      self.headers.get('Authorization')))
                status, body = fake.answer(
                    urllib.parse.urlsplit(self.path).path,
                    self.headers.get('Authorization'))
                data = (body if isinstance(body, bytes)
                        else json.dumps(body).encode())
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket,
                                                server_side=True)
        self.url = '%s://127.0.0.1:%d' % ('https' if tls else 'http',
                                          self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever,
                         daemon=True).start()

    def answer(self, path, authorization):
        who = {'Bearer ' + TOKEN: 'token', BASIC: 'basic'}.get(
            authorization)
        if who is None:
            return 401, {'kind': 'Status', 'code': 401}
        parts = path.strip('/').split('/')
        if path.rstrip('/') == '/version':
            return 200, self.version
        if parts[:3] != ['api', 'v1', 'namespaces'] or len(parts) < 4:
            return 404, {'kind': 'Status', 'code': 404}
        what = 'configmaps' if parts[4:] == ['configmaps'] else 'namespace'
        if (who, what) in self.forbidden:
            return 403, {'kind': 'Status', 'code': 403}
        if what == 'configmaps':
            return 200, {'kind': 'ConfigMapList', 'apiVersion': 'v1',
                         'metadata': {}, 'items': []}
        if parts[3] not in self.namespaces:
            return 404, {'kind': 'Status', 'code': 404}
        return 200, {'kind': 'Namespace', 'apiVersion': 'v1',
                     'metadata': {'name': parts[3]}}

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def api_server():
    servers = []

    def start(**kwargs):
        servers.append(FakeApiServer(**kwargs))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


def self_signed(tmp_path, name):
    """A self-signed certificate for 127.0.0.1: (PEM text, server TLS
    context)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject)
            .issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                           critical=True)
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(
                key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_file = tmp_path / (name + '.crt')
    key_file = tmp_path / (name + '.key')
    cert_file.write_text(pem)
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return pem, context


def vim(url, namespace=None, **cred):
    return {'id': 'vim-k', 'type': 'kubernetes', 'auth_url': url,
            'auth_cred': cred or {'bearer_token': TOKEN},
            'vim_project': {'name': namespace} if namespace else {},
            'placement_attr': None}


def register(vim_):
    return kubernetes.KubernetesDriver(CONF).register(vim_)


def refusal(vim_):
    with pytest.raises(exceptions.BadRequest) as caught:
        register(vim_)
    return caught.value


def test_token_registration_checks_version_list_and_namespace(api_server):
    server = api_server()

    assert register(vim(server.url, 'cnf')) == {'regions': ['cnf']}
    assert [path for path, _ in server.requests] == [
        '/version/', '/api/v1/namespaces/cnf/configmaps?limit=1',
        '/api/v1/namespaces/cnf']
    assert {auth for _, auth in server.requests} == {'Bearer ' + TOKEN}


def test_basic_auth_registration_in_the_default_namespace(api_server):
    server = api_server()

    assert register(vim(server.url, username='alice',
                        password='s3cret')) == {'regions': ['default']}
    assert {auth for _, auth in server.requests} == {BASIC}


def test_wrong_token_is_refused_as_credentials(api_server):
    server = api_server()

    error = refusal(vim(server.url, bearer_token='wrong'))

    assert isinstance(error, exceptions.VimCredentialsRefused)
    assert error.detail == ('Kubernetes API server at %s refused the '
                            'credentials (401).' % server.url)


def test_credentials_that_may_not_list_in_the_namespace(api_server):
    server = api_server(forbidden={('token', 'configmaps')})

    error = refusal(vim(server.url, 'cnf'))

    assert isinstance(error, exceptions.VimNamespaceForbidden)
    assert error.status == 400
    assert 'may not list configmaps in namespace cnf (403)' in error.detail


def test_missing_namespace_is_named(api_server):
    server = api_server()

    error = refusal(vim(server.url, 'nowhere'))

    assert isinstance(error, exceptions.VimNamespaceNotFound)
    assert error.detail.endswith('has no namespace nowhere.')


def test_credentials_that_may_not_read_namespaces_are_accepted(api_server):
    server = api_server(forbidden={('token', 'namespace')})

    assert register(vim(server.url, 'nowhere')) == {'regions': ['nowhere']}


@pytest.mark.parametrize('version', [{'major': '1'}, b'<html>hi</html>'])
def test_server_that_is_not_kubernetes(api_server, version):
    server = api_server(version=version)

    error = refusal(vim(server.url))

    assert isinstance(error, exceptions.VimRequestFailed)
    assert 'no Kubernetes API there (get its version: not the answer' \
        in error.detail


def test_unreachable_server(closed_url):
    error = refusal(vim(closed_url))

    assert isinstance(error, exceptions.VimUnreachable)
    assert error.detail == ('Cannot reach Kubernetes API server at %s: '
                            'connection refused.' % closed_url)


def test_server_that_never_answers_times_out_in_time():
    with socket.socket() as silent:
        silent.bind(('127.0.0.1', 0))
        silent.listen(8)
        url = 'http://127.0.0.1:%d' % silent.getsockname()[1]
        started = time.monotonic()

        error = refusal(vim(url))

    assert time.monotonic() - started < TIMEOUT + 1
    assert isinstance(error, exceptions.VimUnreachable)
    assert 'no answer within 2.0 seconds' in error.detail


def test_tls_verified_against_the_given_ca(api_server, tmp_path):
    pem, tls = self_signed(tmp_path, 'server')
    other_pem, _ = self_signed(tmp_path, 'other')
    server = api_server(tls=tls)

    assert register(vim(server.url, bearer_token=TOKEN,
                        ssl_ca_cert=pem)) == {'regions': ['default']}
    error = refusal(vim(server.url, bearer_token=TOKEN,
                        ssl_ca_cert=other_pem))
    assert isinstance(error, exceptions.VimUnreachable)
    assert 'its TLS certificate is not trusted' in error.detail
    assert 'not trusted' in refusal(vim(server.url)).detail


@pytest.mark.parametrize('pem, reason', [
    ('not a certificate', 'no "BEGIN CERTIFICATE" block in it'),
    ('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
     'a certificate in it does not parse')])
def test_bad_ca_cert_is_refused_before_any_request(api_server, pem,
                                                   reason):
    server = api_server()

    error = refusal(vim(server.url, bearer_token=TOKEN, ssl_ca_cert=pem))

    assert isinstance(error, exceptions.VimCaCertInvalid)
    assert error.detail.endswith(reason + '.')
    assert server.requests == []


@pytest.mark.parametrize('cred, reason', [
    ({'bearer_token': TOKEN, 'username': 'a', 'password': 'b'},
     'not both'),
    ({'username': 'alice'}, 'are incomplete'),
    ({'bearer_token': 'tok\nX-Injected: 1'}, 'b64token'),
    ({'username': 'a:b', 'password': 'p'}, 'no colon'),
])
def test_unusable_credentials_are_refused_unsent(api_server, cred, reason):
    server = api_server()

    error = refusal(vim(server.url, **cred))

    assert isinstance(error, exceptions.VimCredentialsUnusable)
    assert reason in error.detail
    assert server.requests == []


def test_connection_info_names_the_namespace():
    driver = kubernetes.KubernetesDriver(CONF)

    assert driver.get_connection_info(vim(
        'https://k8s:6443', 'cnf', bearer_token='t', ssl_ca_cert='PEM')) == {
        'id': 'vim-k', 'vimId': 'vim-k', 'vimType': 'kubernetes',
        'interfaceInfo': {'endpoint': 'https://k8s:6443',
                          'ssl_ca_cert': 'PEM'},
        'accessInfo': {'bearer_token': 't', 'namespace': 'cnf'}}
    assert driver.get_connection_info(vim(
        'https://k8s:6443', username='u', password='p'))['accessInfo'] == {
        'username': 'u', 'password': 'p', 'namespace': 'default'}


def test_api_client_sets_a_deadline_and_removes_its_ca_file(api_server,
                                                            tmp_path):
    pem, tls = self_signed(tmp_path, 'server')
    server = api_server(tls=tls)
    connection = kubernetes.KubernetesDriver(CONF).get_connection_info(
        vim(server.url, bearer_token=TOKEN, ssl_ca_cert=pem))
    sent = []

    with kubernetes_client.api_client(connection, 1.5) as api:
        ca_file = api.configuration.ssl_ca_cert
        with open(ca_file) as ca:
            assert ca.read() == pem
        real = api.rest_client.request
        api.rest_client.request = lambda *args, **kwargs: (
            sent.append(kwargs['_request_timeout']) or real(*args,
                                                            **kwargs))
        assert client.VersionApi(api).get_code().git_version == 'v1.30.0'
        client.VersionApi(api).get_code(_request_timeout=0.5)

    assert sent == [1.5, 0.5]
    assert not os.path.exists(ca_file)


def test_api_client_leaves_the_log_levels_alone():
    urllib3_logger = logging.getLogger('urllib3')
    level = urllib3_logger.level
    urllib3_logger.setLevel(logging.DEBUG)
    try:
        with kubernetes_client.api_client(kubernetes.KubernetesDriver(
                CONF).get_connection_info(vim('http://k8s')), 1):
            assert urllib3_logger.level == logging.DEBUG
    finally:
        urllib3_logger.setLevel(level)
