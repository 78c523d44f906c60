"""The sandbox Keystone's application credentials: made by their user's
project-scoped token, authenticating to that project with at most their
roles and never beyond their expiry; and OS-OAUTH2 on top of them, the
client credentials grant and the sandbox's token introspection."""
import base64
import time

import pytest
import webob

from tacker_sandbox import app as app_lib
from tacker_sandbox import keystone
from tests.unit.tacker_sandbox.test_app import call
from tests.unit.tacker_sandbox.test_keystone import IDENTITIES
from tests.unit.tacker_sandbox.test_keystone import issue
from tests.unit.tacker_sandbox.test_keystone import role_names

V3 = '/identity/v3'
ALICE = keystone.stable_id('user', 'alice')
ALPHA = keystone.stable_id('project', 'alpha')


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(clock):
    application, store = app_lib.build_app(password='secret', delay=0,
                                           identities=IDENTITIES,
                                           clock=clock)
    yield application
    store.close()


@pytest.fixture
def alice(app):
    return issue(app, 'alice', 'a', 'alpha')[0]


def create(app, token, status=201, user_id=ALICE, **fields):
    fields.setdefault('name', 'monitoring')
    response = call(app, 'POST', '%s/users/%s/application_credentials'
                    % (V3, user_id), {'application_credential': fields},
                    headers={'X-Auth-Token': token})
    assert response.status_int == status, response.text
    return response.json.get('application_credential')


def authenticate(app, credential, status=201, **auth):
    response = call(app, 'POST', V3 + '/auth/tokens', {'auth': dict(
        auth, identity={'methods': ['application_credential'],
                        'application_credential': credential})})
    assert response.status_int == status, response.text
    return response.headers.get('X-Subject-Token'), response.json.get(
        'token')


def by_id(credential):
    return {'id': credential['id'], 'secret': credential['secret']}


def test_credential_authenticates_to_its_project(app, alice):
    credential = create(app, alice, description='for the monitor')
    assert credential['project_id'] == ALPHA
    assert [r['name'] for r in credential['roles']] == ['member', 'reader']
    assert len(credential['secret']) > 40
    _, token = authenticate(app, by_id(credential))
    assert token['methods'] == ['application_credential']
    assert token['project']['id'] == ALPHA
    assert role_names(token) == {'member', 'reader'}
    assert token['application_credential'] == {
        'id': credential['id'], 'name': 'monitoring', 'restricted': True}
    _, token = authenticate(app, {
        'name': 'monitoring', 'secret': credential['secret'],
        'user': {'name': 'alice', 'domain': {'name': 'Default'}}})
    assert token['user']['id'] == ALICE


def test_credential_roles_bound_its_tokens(app, alice):
    credential = create(app, alice, secret='s3cret',
                        roles=[{'name': 'reader'}])
    assert credential['secret'] == 's3cret'
    _, token = authenticate(app, by_id(credential))
    assert role_names(token) == {'reader'}


@pytest.mark.parametrize('fields, status', [
    ({'roles': [{'name': 'admin'}]}, 400),     # alice does not hold it
    ({'roles': [{'name': 'nope'}]}, 404),
    ({'roles': [{'id': 'nope'}]}, 404),
    ({'expires_at': '2001-01-01T00:00:00Z'}, 400),
    ({'expires_at': 'tomorrow'}, 400),
    ({'access_rules': [{'service': 'x'}]}, 400),
    ({'name': ''}, 400),
])
def test_unfit_credential_is_refused(app, alice, fields, status):
    create(app, alice, status=status, **fields)


def test_only_its_user_manages_a_credential_but_admins_see_it(app, alice):
    credential = create(app, alice)
    create(app, alice, status=409)
    rita, _ = issue(app, 'rita', 'r', 'alpha')
    create(app, rita, status=403)
    unscoped, _ = issue(app, 'alice', 'a')
    create(app, unscoped, status=400, name='other')
    path = '%s/users/%s/application_credentials' % (V3, ALICE)
    assert call(app, 'GET', path, headers={
        'X-Auth-Token': rita}).status_int == 403
    admin, _ = issue(app, 'admin', 'secret', 'admin')
    listed = call(app, 'GET', path + '?name=monitoring',
                  headers={'X-Auth-Token': admin}).json
    assert [c['id'] for c in listed['application_credentials']] == [
        credential['id']]
    shown = call(app, 'GET', path + '/' + credential['id'],
                 headers={'X-Auth-Token': alice}).json
    assert 'secret' not in shown['application_credential']
    assert call(app, 'GET', path + '/nope', headers={
        'X-Auth-Token': alice}).status_int == 404


def test_restricted_credential_manages_no_credentials(app, alice):
    credential = create(app, alice)
    token, _ = authenticate(app, by_id(credential))
    create(app, token, status=403, name='more')
    response = call(app, 'POST', V3 + '/auth/tokens', {'auth': {
        'identity': {'methods': ['token'], 'token': {'id': token}},
        'scope': {'project': {'id': ALPHA}}}})
    assert response.status_int == 403


def test_deleted_credential_and_its_tokens_stop_working(app, alice):
    credential = create(app, alice)
    token, _ = authenticate(app, by_id(credential))
    path = '%s/users/%s/application_credentials/%s' % (
        V3, ALICE, credential['id'])
    assert call(app, 'DELETE', path, headers={
        'X-Auth-Token': alice}).status_int == 204
    authenticate(app, by_id(credential), status=401)
    assert call(app, 'GET', V3 + '/auth/catalog', headers={
        'X-Auth-Token': token}).status_int == 401


@pytest.mark.parametrize('change', [
    lambda credential: credential.update(secret='wrong'),
    lambda credential: credential.update(id='nope'),
    lambda credential: credential.pop('secret'),
])
def test_wrong_credential_is_401(app, alice, change):
    credential = by_id(create(app, alice))
    change(credential)
    authenticate(app, credential, status=401)


def test_credential_token_may_ask_for_no_scope(app, alice):
    credential = create(app, alice)
    authenticate(app, by_id(credential), status=401,
                 scope={'project': {'id': ALPHA}})


def test_credential_expiry_bounds_its_tokens(app, alice, clock):
    expires_at = keystone.isotime(clock.now + 60)
    credential = create(app, alice, expires_at=expires_at)
    assert credential['expires_at'] == expires_at
    token, body = authenticate(app, by_id(credential))
    assert body['expires_at'] == expires_at
    clock.now += 61
    authenticate(app, by_id(credential), status=401)
    assert call(app, 'GET', V3 + '/auth/catalog', headers={
        'X-Auth-Token': token}).status_int == 401


# ---- OS-OAUTH2 -------------------------------------------------------------

def basic(client_id, secret):
    return 'Basic ' + base64.b64encode(
        ('%s:%s' % (client_id, secret)).encode()).decode()


def post_form(app, path, form, authorization=None):
    req = webob.Request.blank(V3 + '/OS-OAUTH2/' + path, method='POST',
                              POST=form)
    if authorization:
        req.headers['Authorization'] = authorization
    return req.get_response(app)


@pytest.fixture
def client(app, alice):
    credential = create(app, alice)
    return credential['id'], credential['secret']


@pytest.mark.parametrize('in_form', [False, True])
def test_client_credentials_grant_gives_a_credential_token(app, client,
                                                           in_form):
    form = {'grant_type': 'client_credentials'}
    if in_form:
        form.update(client_id=client[0], client_secret=client[1])
    response = post_form(app, 'token', form,
                         None if in_form else basic(*client))
    assert response.status_int == 200, response.text
    assert response.json['token_type'] == 'Bearer'
    assert response.json['expires_in'] == 3600
    assert response.headers['Cache-Control'] == 'no-store'
    service, _ = issue(app, 'tacker', 't', 'service')
    token = call(app, 'GET', V3 + '/auth/tokens', headers={
        'X-Auth-Token': service,
        'X-Subject-Token': response.json['access_token']}).json['token']
    assert token['methods'] == ['application_credential']
    assert token['project']['id'] == ALPHA
    assert token['application_credential']['id'] == client[0]


@pytest.mark.parametrize('form, authorization, status, error', [
    ({}, True, 400, 'invalid_request'),
    ({'grant_type': 'password'}, True, 400, 'unsupported_grant_type'),
    ({'grant_type': 'client_credentials', 'scope': 'a "b'}, True, 400,
     'invalid_scope'),
    ({'grant_type': 'client_credentials'}, None, 401, 'invalid_client'),
    ({'grant_type': 'client_credentials'}, 'Basic !!', 401,
     'invalid_client'),
    ({'grant_type': 'client_credentials', 'client_id': 'x',
      'client_secret': 'y'}, None, 401, 'invalid_client'),
])
def test_token_endpoint_errors_are_rfc_6749(app, client, form,
                                            authorization, status, error):
    response = post_form(app, 'token', form, basic(*client)
                         if authorization is True else authorization)
    assert response.status_int == status
    assert response.json['error'] == error
    assert response.json['error_description']
    if status == 401:
        assert response.headers['WWW-Authenticate'].startswith('Basic ')


def access_token(app, client, **form):
    return post_form(app, 'token', dict(form, grant_type='client_credentials'),
                     basic(*client)).json['access_token']


def introspect(app, client, token):
    response = post_form(app, 'introspect', {'token': token},
                         basic(*client))
    assert response.status_int == 200, response.text
    return response.json


def test_introspection_gives_the_claims_of_an_active_token(app, client,
                                                           clock):
    claims = introspect(app, client, access_token(
        app, client, scope='vnflcm:read vnflcm:write'))
    assert claims == {
        'active': True, 'token_type': 'Bearer', 'client_id': client[0],
        'iat': int(clock.now), 'exp': int(clock.now + 3600),
        'sub': ALICE, 'user_id': ALICE, 'username': 'alice',
        'user_domain_id': 'default', 'user_domain_name': 'Default',
        'project_id': ALPHA, 'project_name': 'alpha',
        'project_domain_id': 'default', 'project_domain_name': 'Default',
        'roles': 'member,reader', 'scope': 'vnflcm:read vnflcm:write'}
    assert introspect(app, client, access_token(app, client))['scope'] == \
        'member reader'


def test_introspection_of_a_dead_token_is_inactive(app, client, clock):
    token = access_token(app, client)
    assert introspect(app, client, 'bogus') == {'active': False}
    clock.now += 3601
    assert introspect(app, client, token) == {'active': False}


def test_introspection_wants_a_client_and_a_token(app, client):
    token = access_token(app, client)
    response = post_form(app, 'introspect', {'token': token})
    assert response.status_int == 401
    assert response.json['error'] == 'invalid_client'
    response = post_form(app, 'introspect', {}, basic(*client))
    assert response.status_int == 400
    assert response.json['error'] == 'invalid_request'
