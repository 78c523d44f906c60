"""VIM drivers against small local HTTP servers with canned answers, the
VimConnectionInfo they give infra drivers, and the vimType -> infra
driver mapping (the Kubernetes VIM driver: test_kubernetes_vim)."""
import http.server
import json
import os
import threading
import types

import pytest

from tacker.common import exceptions
from tacker import drivers
from tacker.drivers import infra
from tacker.drivers import vim as vim_drivers
from tacker.drivers.vim import base
from tacker.drivers.vim import kubernetes
from tacker.drivers.vim import openstack

CONF = types.SimpleNamespace(
    openstack_vim=types.SimpleNamespace(timeout=5),
    kubernetes_vim=types.SimpleNamespace(timeout=5))


class CannedServer:
    """Answers ``(method, path)`` with ``(status, headers, body)`` and
    records the requests it got."""

    def __init__(self, answers):
        self.answers = answers
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get('Content-Length') or 0)
                server.requests.append((self.command, self.path,
                                        dict(self.headers),
                                        self.rfile.read(length)))
                status, headers, body = server.answers.get(
                    (self.command, self.path), (404, {}, {}))
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in dict(
                        {'Content-Type': 'application/json'},
                        **headers).items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever,
                         daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def canned():
    servers = []

    def start(answers):
        servers.append(CannedServer(answers))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


def openstack_vim(auth_url, **cred):
    return {'id': 'vim-1', 'type': 'openstack', 'auth_url': auth_url,
            'auth_cred': dict({'username': 'admin', 'password': 'pw'},
                              **cred),
            'vim_project': {'name': 'demo'},
            'placement_attr': {'regions': ['RegionOne', 'RegionTwo']}}


TOKEN = {'token': {
    'methods': ['password'], 'expires_at': '2999-01-01T00:00:00.000000Z',
    'issued_at': '2000-01-01T00:00:00.000000Z',
    'user': {'id': 'u', 'name': 'admin', 'domain': {'id': 'default',
                                                    'name': 'Default'}},
    'project': {'id': 'p', 'name': 'demo', 'domain': {'id': 'default',
                                                      'name': 'Default'}},
    'catalog': [{'type': 'orchestration', 'name': 'heat', 'id': 's',
                 'endpoints': [{'id': 'e', 'interface': 'public',
                                'region_id': 'Edge', 'region': 'Edge',
                                'url': 'http://heat'}]}]}}


def keystone_answers(token_status=201, regions=(403, {}, {})):
    return {('POST', '/v3/auth/tokens'): (
                token_status, {'X-Subject-Token': 'tok'},
                TOKEN if token_status == 201 else {'error': {}}),
            ('GET', '/v3/regions'): regions}


def refusal(call, vim):
    with pytest.raises(exceptions.BadRequest) as caught:
        call(vim)
    return caught.value


def test_stevedore_finds_both_vim_drivers():
    assert isinstance(vim_drivers.load('openstack', CONF),
                      openstack.OpenStackDriver)
    assert isinstance(vim_drivers.load('kubernetes', CONF),
                      kubernetes.KubernetesDriver)
    assert refusal(lambda name: vim_drivers.load(name, CONF),
                   'vmware').detail == 'no VIM driver for type vmware'


def test_openstack_regions_from_keystone(canned):
    server = canned(keystone_answers(regions=(200, {}, {'regions': [
        {'id': 'RegionTwo'}, {'id': 'RegionOne'}]})))

    placement = openstack.OpenStackDriver(CONF).register(
        openstack_vim(server.url + '/v3'))

    assert placement == {'regions': ['RegionOne', 'RegionTwo']}
    body = json.loads(server.requests[0][3])
    assert body['auth']['identity']['password']['user'] == {
        'name': 'admin', 'password': 'pw', 'domain': {'name': 'Default'}}
    assert body['auth']['scope']['project'] == {
        'name': 'demo', 'domain': {'name': 'Default'}}
    assert server.requests[1][2]['X-Auth-Token'] == 'tok'


def test_openstack_regions_fall_back_on_the_catalog(canned):
    server = canned(keystone_answers())

    assert openstack.OpenStackDriver(CONF).register(
        openstack_vim(server.url + '/v3')) == {'regions': ['Edge']}


def test_openstack_auth_url_may_leave_out_v3(canned):
    server = canned(keystone_answers(regions=(200, {}, {'regions': [
        {'id': 'RegionOne'}]})))

    assert openstack.OpenStackDriver(CONF).register(
        openstack_vim(server.url + '/')) == {'regions': ['RegionOne']}
    assert [request[1] for request in server.requests] == [
        '/v3/auth/tokens', '/v3/regions']


def test_openstack_refusals_name_their_cause(canned, closed_url):
    driver = openstack.OpenStackDriver(CONF)
    refused = canned(keystone_answers(token_status=401))
    url = refused.url + '/v3'
    assert refusal(driver.register, openstack_vim(url)).detail == (
        'Keystone at %s refused the credentials (401).' % url)
    missing = canned({})
    assert 'no Identity v3 API there (HTTP 404)' in refusal(
        driver.register, openstack_vim(missing.url)).detail
    assert refusal(driver.register, openstack_vim(
        closed_url + '/v3')).detail == (
        'Cannot reach Keystone at %s/v3: connection refused.' % closed_url)
    failing = canned(keystone_answers(token_status=500))
    assert 'HTTP 500' in refusal(driver.register, openstack_vim(
        failing.url + '/v3')).detail


def test_openstack_connection_info_is_sol003_with_the_secret():
    vim = openstack_vim('https://keystone/v3', ssl_ca_cert='PEM',
                        user_domain_name='Users')

    assert openstack.OpenStackDriver(CONF).get_connection_info(vim) == {
        'id': 'vim-1', 'vimId': 'vim-1',
        'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
        'interfaceInfo': {'endpoint': 'https://keystone/v3',
                          'ssl_ca_cert': 'PEM'},
        'accessInfo': {'username': 'admin', 'password': 'pw',
                       'region': 'RegionOne', 'project': 'demo',
                       'projectDomain': 'Default', 'userDomain': 'Users'}}


def test_tls_verify_uses_a_temporary_ca_file():
    with base.tls_verify({'ssl_ca_cert': 'PEM'}) as verify:
        with open(verify) as ca_file:
            assert ca_file.read() == 'PEM'
    assert not os.path.exists(verify)
    with base.tls_verify({'ssl_ca_cert': 'PEM', 'cert_verify': False}) \
            as verify:
        assert verify is False
    with base.tls_verify({}) as verify:
        assert verify is True
    assert base.interface_info(openstack_vim(
        'https://k', cert_verify=False))['cert_verify'] is False


@pytest.mark.parametrize('vim_type, driver', [
    ('ETSINFV.OPENSTACK_KEYSTONE.V_2', 'openstack'),
    ('ETSINFV.OPENSTACK_KEYSTONE.V_3', 'openstack'),
    ('openstack', 'openstack'),
    ('ETSINFV.KUBERNETES.V_1', 'kubernetes'),
    ('kubernetes', 'kubernetes'),
    ('noop', 'noop'),
])
def test_vim_types_map_to_infra_drivers(monkeypatch, vim_type, driver):
    loaded = []
    monkeypatch.setattr(drivers, 'load', lambda namespace, name, conf,
                        refusal: loaded.append((namespace, name,
                                                refusal.detail)))

    infra.load(vim_type, CONF)

    assert loaded == [('tacker.infra.drivers', driver,
                       'no infra driver for vimType %s' % vim_type)]
