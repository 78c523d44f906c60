"""The sandbox Keystone's admin API: projects, users and role assignments
made and removed at runtime, for admins only, changing what tokens carry
at once, and kept across a restart with the same state file."""
import pytest

from tacker_sandbox import app as app_lib
from tacker_sandbox import keystone
from tests.unit.tacker_sandbox.test_app import call
from tests.unit.tacker_sandbox.test_keystone import IDENTITIES
from tests.unit.tacker_sandbox.test_keystone import issue
from tests.unit.tacker_sandbox.test_keystone import role_names

V3 = '/identity/v3'


@pytest.fixture
def app():
    application, store = app_lib.build_app(password='secret', delay=0,
                                           identities=IDENTITIES)
    yield application
    store.close()


def admin_caller(app, token):
    """A function calling the identity API of ``app`` with ``token``."""
    def admin_call(method, path, body=None, status=None):
        response = call(app, method, V3 + path, body,
                        headers={'X-Auth-Token': token})
        if status is not None:
            assert response.status_int == status, response.text
        return response
    return admin_call


@pytest.fixture
def admin(app):
    return admin_caller(app, issue(app, 'admin', 'secret', 'admin')[0])


def role_id(name):
    return keystone.stable_id('role', name)


def grant_path(project_id, user_id, role):
    return '/projects/%s/users/%s/roles/%s' % (project_id, user_id,
                                               role_id(role))


def validate(app, subject):
    service, _ = issue(app, 'tacker', 't', 'service')
    return call(app, 'GET', V3 + '/auth/tokens?nocatalog',
                headers={'X-Auth-Token': service,
                         'X-Subject-Token': subject})


def create_member(admin, project, user, password):
    """A new project and a new user with the member role there."""
    project_id = admin('POST', '/projects', {'project': {
        'name': project, 'description': 'made at runtime'}},
        status=201).json['project']['id']
    user_id = admin('POST', '/users', {'user': {
        'name': user, 'password': password, 'domain_id': 'default',
        'default_project_id': project_id}}, status=201).json['user']['id']
    admin('PUT', grant_path(project_id, user_id, 'member'), status=204)
    return project_id, user_id


def test_created_user_authenticates_to_the_created_project(app, admin):
    project_id, user_id = create_member(admin, 'gamma', 'carol', 'c')
    _, token = issue(app, 'carol', 'c', 'gamma')
    assert token['project']['id'] == project_id
    assert role_names(token) == {'member', 'reader'}
    users = admin('GET', '/users?name=carol', status=200).json['users']
    assert [(u['id'], u['default_project_id']) for u in users] == [
        (user_id, project_id)]
    assert [r['name'] for r in admin('GET', '/projects/%s/users/%s/roles' % (
        project_id, user_id), status=200).json['roles']] == ['member']
    assert admin('HEAD', grant_path(project_id, user_id, 'member')) \
        .status_int == 204
    assert admin('GET', grant_path(project_id, user_id, 'admin')) \
        .status_int == 404
    assert [r['name'] for r in admin('GET', '/roles?name=reader',
                                     status=200).json['roles']] == ['reader']


def test_duplicate_names_are_409(admin):
    create_member(admin, 'gamma', 'carol', 'c')
    admin('POST', '/projects', {'project': {'name': 'alpha'}}, status=409)
    response = admin('POST', '/users', {'user': {'name': 'carol'}},
                     status=409)
    assert response.json['error']['title'] == 'Conflict'


@pytest.mark.parametrize('path, body', [
    ('/projects', {'project': {}}),
    ('/projects', {'project': {'name': 'x', 'domain_id': 'other'}}),
    ('/projects', {'project': {'name': 'x', 'enabled': False}}),
    ('/projects', {'name': 'x'}),
    ('/users', {'user': {'name': 'x', 'password': 7}}),
    ('/users', {'user': {'name': 'x', 'default_project_id': 'nowhere'}}),
])
def test_malformed_bodies_are_400(admin, path, body):
    admin('POST', path, body, status=400)


@pytest.mark.parametrize('method, path, action', [
    ('POST', '/projects', 'create_project'),
    ('GET', '/users', 'list_users'),
    ('GET', '/roles', 'list_roles'),
    ('GET', '/role_assignments', 'list_role_assignments'),
    ('DELETE', '/users/%s' % keystone.stable_id('user', 'rita'),
     'delete_user'),
    ('PUT', grant_path(keystone.stable_id('project', 'alpha'),
                       keystone.stable_id('user', 'alice'), 'admin'),
     'create_grant'),
])
def test_admin_api_wants_the_admin_role(app, method, path, action):
    alice, _ = issue(app, 'alice', 'a', 'alpha')
    response = call(app, method, V3 + path, {'project': {'name': 'x'}},
                    headers={'X-Auth-Token': alice})
    assert response.status_int == 403
    assert response.json['error']['message'] == (
        'You are not authorized to perform the requested action: '
        'identity:%s.' % action)
    assert call(app, method, V3 + path).status_int == 401


def test_revoked_assignment_leaves_the_tokens_without_it(app, admin):
    alpha = keystone.stable_id('project', 'alpha')
    rita = keystone.stable_id('user', 'rita')
    admin('PUT', grant_path(alpha, rita, 'member'), status=204)
    token, body = issue(app, 'rita', 'r', 'alpha')
    assert role_names(body) == {'member', 'reader'}
    admin('DELETE', grant_path(alpha, rita, 'member'), status=204)
    assert role_names(validate(app, token).json['token']) == {'reader'}
    admin('DELETE', grant_path(alpha, rita, 'member'), status=404)
    admin('DELETE', grant_path(alpha, rita, 'reader'), status=204)
    # No role left there: the token is no longer valid.
    assert validate(app, token).status_int == 404


def test_deleting_a_user_or_project_invalidates_its_tokens(app, admin):
    project_id, user_id = create_member(admin, 'gamma', 'carol', 'c')
    carol, _ = issue(app, 'carol', 'c', 'gamma')
    admin('PUT', grant_path(project_id, keystone.stable_id('user', 'alice'),
                            'member'), status=204)
    alice, _ = issue(app, 'alice', 'a', 'gamma')
    admin('DELETE', '/users/' + user_id, status=204)
    assert validate(app, carol).status_int == 404
    issue(app, 'carol', 'c', 'gamma', status=401)
    assert validate(app, alice).status_int == 200
    admin('DELETE', '/projects/' + project_id, status=204)
    assert validate(app, alice).status_int == 404
    admin('DELETE', '/projects/' + project_id, status=404)
    assert admin('GET', '/role_assignments?scope.project.id=' + project_id,
                 status=200).json['role_assignments'] == []


def test_the_sandbox_own_user_and_project_stay(app, admin):
    admin('DELETE', '/users/' + app.keystone.user['id'], status=403)
    admin('DELETE', '/projects/' + app.keystone.project['id'], status=403)


def test_role_assignments_filter_and_expand_implied_roles(admin):
    alice = keystone.stable_id('user', 'alice')
    alpha = keystone.stable_id('project', 'alpha')
    query = '/role_assignments?user.id=%s&scope.project.id=%s' % (
        alice, alpha)
    direct, = admin('GET', query, status=200).json['role_assignments']
    assert direct == {
        'role': {'id': role_id('member')}, 'user': {'id': alice},
        'scope': {'project': {'id': alpha}},
        'links': {'assignment': 'http://localhost/identity/v3' + grant_path(
            alpha, alice, 'member')}}
    member, reader = admin('GET', query + '&effective&include_names',
                           status=200).json['role_assignments']
    assert reader['role'] == {'id': role_id('reader'), 'name': 'reader'}
    assert reader['links']['prior_role'].endswith(role_id('member'))
    assert reader['scope']['project']['name'] == 'alpha'
    assert member['user']['name'] == 'alice'
    assert admin('GET', query + '&effective=true&role.id=' + role_id(
        'reader'), status=200).json['role_assignments'][0]['role'] == {
            'id': role_id('reader')}
    assert admin('GET', '/role_assignments?group.id=x',
                 status=200).json['role_assignments'] == []
    everyone = admin('GET', '/role_assignments',
                     status=200).json['role_assignments']
    assert len(everyone) == 5


def test_runtime_changes_survive_a_restart(tmp_path):
    state = tmp_path / 'state.db'
    application, store = app_lib.build_app(str(state), password='secret',
                                           identities=IDENTITIES)
    token, _ = issue(application, 'admin', 'secret', 'admin')
    admin_call = admin_caller(application, token)
    project_id, _ = create_member(admin_call, 'gamma', 'carol', 'c')
    admin_call('DELETE', '/users/' + keystone.stable_id('user', 'rita'),
               status=204)
    admin_call('DELETE', grant_path(keystone.stable_id('project', 'alpha'),
                                    keystone.stable_id('user', 'alice'),
                                    'member'), status=204)
    store.close()

    application, store = app_lib.build_app(str(state), password='secret',
                                           identities=IDENTITIES)
    try:
        _, body = issue(application, 'carol', 'c', 'gamma')
        assert body['project']['id'] == project_id
        issue(application, 'rita', 'r', 'beta', status=401)
        issue(application, 'alice', 'a', 'alpha', status=401)
        assert validate(application, token).status_int == 200
    finally:
        store.close()


def test_a_created_role_is_assigned_and_carried_by_tokens(app, admin):
    role = admin('POST', '/roles', {'role': {'name': 'VENDOR_acme'}},
                 status=201).json['role']
    admin('POST', '/roles', {'role': {'name': 'VENDOR_acme'}}, status=409)
    assert admin('GET', '/roles?name=VENDOR_acme',
                 status=200).json['roles'][0]['id'] == role['id']
    alpha = keystone.stable_id('project', 'alpha')
    rita = keystone.stable_id('user', 'rita')
    admin('PUT', '/projects/%s/users/%s/roles/%s' % (alpha, rita,
                                                     role['id']),
          status=204)
    _, body = issue(app, 'rita', 'r', 'alpha')
    assert role_names(body) == {'reader', 'VENDOR_acme'}
    alice, _ = issue(app, 'alice', 'a', 'alpha')
    assert call(app, 'POST', V3 + '/roles', {'role': {'name': 'x'}},
                headers={'X-Auth-Token': alice}).status_int == 403
