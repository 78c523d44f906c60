"""The sandbox Keystone's users, projects and roles: scoped and unscoped
tokens, implied roles, and who may validate whose token."""
import json

import pytest

from tacker_sandbox import app as app_lib
from tacker_sandbox import keystone
from tests.unit.tacker_sandbox.test_app import call

IDENTITIES = {
    'projects': ['alpha', 'beta', 'service'],
    'users': [
        {'name': 'alice', 'password': 'a', 'roles': {'alpha': ['member']}},
        {'name': 'rita', 'password': 'r', 'roles': {'alpha': ['reader'],
                                                    'beta': ['reader']}},
        {'name': 'tacker', 'password': 't',
         'roles': {'service': ['service']}},
    ]}


@pytest.fixture
def app():
    application, store = app_lib.build_app(password='secret', delay=0,
                                           identities=IDENTITIES)
    yield application
    store.close()


def issue(app, user, password, project=None, status=201):
    auth = {'identity': {'methods': ['password'], 'password': {'user': {
        'name': user, 'domain': {'id': 'default'}, 'password': password}}}}
    if project:
        auth['scope'] = {'project': {'name': project,
                                     'domain': {'name': 'Default'}}}
    response = call(app, 'POST', '/identity/v3/auth/tokens', {'auth': auth})
    assert response.status_int == status, response.text
    return response.headers.get('X-Subject-Token'), response.json.get(
        'token')


def role_names(token):
    return {role['name'] for role in token.get('roles', [])}


def test_member_token_has_implied_reader_role(app):
    _, token = issue(app, 'alice', 'a', 'alpha')
    assert token['project']['id'] == keystone.stable_id('project', 'alpha')
    assert role_names(token) == {'member', 'reader'}
    heat, = [s for s in token['catalog'] if s['type'] == 'orchestration']
    assert heat['endpoints'][0]['url'].endswith(token['project']['id'])


def test_admin_implies_member_and_reader(app):
    _, token = issue(app, 'admin', 'secret', 'admin')
    assert role_names(token) == {'admin', 'member', 'reader'}


def test_unscoped_token_has_no_roles_and_no_project(app):
    _, token = issue(app, 'alice', 'a')
    assert 'roles' not in token and 'project' not in token
    assert token['user']['name'] == 'alice'


@pytest.mark.parametrize('user, password, project', [
    ('alice', 'a', 'beta'),      # no role there
    ('alice', 'a', 'nowhere'),
    ('alice', 'r', 'alpha'),     # another user's password
    ('nobody', 'x', None),
])
def test_refused_authentication_is_401(app, user, password, project):
    issue(app, user, password, project, status=401)


def validate(app, caller, subject):
    return call(app, 'GET', '/identity/v3/auth/tokens?nocatalog',
                headers={'X-Auth-Token': caller, 'X-Subject-Token': subject})


def test_service_user_validates_any_token_with_its_roles(app):
    service, _ = issue(app, 'tacker', 't', 'service')
    subject, _ = issue(app, 'rita', 'r', 'beta')
    response = validate(app, service, subject)
    assert response.status_int == 200
    body = response.json['token']
    assert role_names(body) == {'reader'} and 'catalog' not in body
    assert body['project']['name'] == 'beta'
    unscoped, _ = issue(app, 'alice', 'a')
    assert 'roles' not in validate(app, service, unscoped).json['token']


def test_a_member_validates_only_its_own_tokens(app):
    alice, _ = issue(app, 'alice', 'a', 'alpha')
    own, _ = issue(app, 'alice', 'a')
    assert validate(app, alice, own).status_int == 200
    rita, _ = issue(app, 'rita', 'r', 'alpha')
    assert validate(app, alice, rita).status_int == 403


def test_project_lists_follow_assignments(app):
    rita, _ = issue(app, 'rita', 'r', 'alpha')
    names = {p['name'] for p in call(
        app, 'GET', '/identity/v3/auth/projects',
        headers={'X-Auth-Token': rita}).json['projects']}
    assert names == {'alpha', 'beta'}
    info = call(app, 'GET', '/sandbox').json
    assert info['projects']['beta'] == keystone.stable_id('project', 'beta')


def test_heat_of_another_project_is_403(app):
    alice, _ = issue(app, 'alice', 'a', 'alpha')
    response = call(app, 'GET', '/heat-api/v1/%s/stacks' % keystone.stable_id(
        'project', 'beta'), headers={'X-Auth-Token': alice})
    assert response.status_int == 403


@pytest.mark.parametrize('content', [
    [], {'users': [{'name': 'x'}]}, {'users': [{'name': 'x', 'password': 'y',
                                                'roles': {'p': 'member'}}]},
])
def test_malformed_identities_file_is_refused(tmp_path, content):
    path = tmp_path / 'identities.json'
    path.write_text(json.dumps(content))
    with pytest.raises(ValueError):
        keystone.load_identities(path)


def test_unknown_project_or_role_is_refused():
    with pytest.raises(ValueError):
        app_lib.build_app(identities={'users': [
            {'name': 'x', 'password': 'y', 'roles': {'nowhere': ['member']}}]})
