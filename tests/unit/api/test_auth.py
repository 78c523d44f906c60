"""auth_strategy=keystone: requests without a valid token get a 401
ProblemDetails; public routes stay open, the healthcheck showing conductor
hosts only to authenticated (with noauth: local) callers."""
import json

from keystonemiddleware import auth_token
import pytest
import webob

from tacker.api import app as tacker_app
from tacker.api import auth
from tacker.conf import CONF
from tacker.db import api as db_api


@pytest.fixture
def keystone_app(database):
    for group, opts in auth_token.list_opts():
        CONF.register_opts(opts, group=group)
    CONF.set_override('auth_strategy', 'keystone')
    CONF.set_override('www_authenticate_uri', 'http://keystone:5000/v3',
                      group='keystone_authtoken')
    try:
        yield tacker_app.build_app(CONF)
    finally:
        CONF.clear_override('auth_strategy')
        CONF.clear_override('www_authenticate_uri',
                            group='keystone_authtoken')


def test_missing_token_is_401_problem(keystone_app):
    response = webob.Request.blank('/vnflcm/v1/api_versions').get_response(
        keystone_app)
    assert response.status_int == 401
    assert response.content_type == 'application/problem+json'
    assert json.loads(response.body)['status'] == 401
    assert response.headers['WWW-Authenticate'] == (
        'Keystone uri="http://keystone:5000/v3"')


def test_root_needs_no_token(keystone_app):
    response = webob.Request.blank('/').get_response(keystone_app)
    assert response.status_int == 200


@pytest.mark.parametrize('address, loopback', [
    ('127.0.0.1', True), ('127.3.4.5', True), ('::1', True),
    ('::ffff:127.0.0.1', True), ('localhost', True), ('0.0.0.0', False),
    ('::', False), ('192.0.2.7', False), ('example.org', False),
    (None, False)])
def test_is_loopback(address, loopback):
    assert auth.is_loopback(address) is loopback


def test_noauth_warns_when_listening_beyond_this_host(caplog):
    CONF.set_override('auth_strategy', 'noauth')
    try:
        auth.warn_if_exposed(CONF, '127.0.0.1')
        assert 'noauth' not in caplog.text
        auth.warn_if_exposed(CONF, '0.0.0.0')
        assert 'auth_strategy = noauth and the API listens on 0.0.0.0' \
            in caplog.text
    finally:
        CONF.clear_override('auth_strategy')


@pytest.fixture
def live_conductor(database, admin_context):
    db_api.register_conductor(admin_context, 'conductor-secret-host')
    yield
    db_api.unregister_conductor(admin_context, 'conductor-secret-host')


@pytest.mark.parametrize('remote_addr, shown', [
    ('127.0.0.1', True), ('::1', True), ('192.0.2.7', False)])
def test_noauth_healthcheck_shows_hosts_to_local_callers_only(
        live_conductor, remote_addr, shown):
    response = webob.Request.blank(
        '/healthcheck', remote_addr=remote_addr).get_response(
            tacker_app.build_app(CONF))
    assert response.status_int == 200
    assert response.json['conductors']
    assert ('conductor-secret-host' in response.text) is shown


def test_keystone_healthcheck_without_token_hides_hosts(live_conductor,
                                                        keystone_app):
    response = webob.Request.blank('/healthcheck').get_response(
        keystone_app)
    assert response.status_int == 200
    assert response.json['conductors']
    assert 'conductor-secret-host' not in response.text


def _answering(text):
    return webob.Response(text=text)


@pytest.mark.parametrize('authorization, answered', [
    ('Bearer abc', 'bearer'), ('bearer abc', 'bearer'),
    ('Basic dTpw', 'keystone'), (None, 'keystone')])
def test_a_bearer_token_goes_to_the_oauth2_filter(authorization, answered):
    router = auth._ByCredential(_answering('keystone'),
                                _answering('bearer'))
    request = webob.Request.blank('/vnflcm/v1/vnf_instances')
    if authorization:
        request.headers['Authorization'] = authorization
    assert request.get_response(router).text == answered


@pytest.mark.parametrize('scope, status', [
    ('vnflcm_all other', 200), ('other', 403), ('', 403), (None, 403)])
def test_an_external_token_needs_the_apis_scope(scope, status):
    guarded = auth._RequiredScope(_answering('ok'), 'vnflcm_all')
    request = webob.Request.blank('/vnflcm/v1/vnf_instances')
    if scope is not None:
        request.environ['external.token_info'] = {
            'origin_token_metadata': {'scope': scope}}
    response = request.get_response(guarded)
    assert response.status_int == status
    if status == 403:
        assert json.loads(response.body)['detail'] == (
            'The access token lacks the scope vnflcm_all this API needs.')
