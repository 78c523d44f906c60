"""The sandbox Keystone as a process, through the real clients and
middleware: python-keystoneclient's admin calls, keystoneauth1's
application credential and OAuth 2.0 client credential plugins, and
keystonemiddleware's oauth2_token and external_oauth2_token filters
(the latter introspecting at the sandbox)."""
import datetime
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as keystone_client
from keystonemiddleware import external_oauth2_token
from keystonemiddleware import oauth2_token
from oslo_config import cfg
import pytest
import webob
import webob.dec

from tests.functional import sandbox

IDENTITIES = {
    'projects': ['service'],
    'users': [{'name': 'tacker', 'password': 'tacker-pw',
               'roles': {'service': ['service']}}]}


@pytest.fixture
def vim(tmp_path):
    with sandbox.SandboxVim(tmp_path, identities=IDENTITIES,
                            state_file=tmp_path / 'vim.db') as running:
        yield running


@pytest.fixture
def carol(vim):
    """A project made at runtime and its member carol: (project id,
    user id)."""
    project_id = vim.create_project('gamma')
    return project_id, vim.create_user('carol', 'carol-pw',
                                       {'gamma': ['member']})


def test_keystoneclient_manages_projects_users_and_grants(vim):
    keystone = keystone_client.Client(session=vim.session())
    project = keystone.projects.create('delta', 'default',
                                       description='made by a test')
    user = keystone.users.create('dave', password='dave-pw',
                                 default_project=project)
    member = keystone.roles.find(name='member')
    keystone.roles.grant(member, user=user, project=project)
    keystone.roles.check(member, user=user, project=project)
    assert [role.name for role in keystone.roles.list(
        user=user, project=project)] == ['member']
    assignments = keystone.role_assignments.list(
        user=user, project=project, effective=True, include_names=True)
    assert sorted(a.role['name'] for a in assignments) == [
        'member', 'reader']
    dave = vim.identity('GET', '/auth/projects',
                        vim.token('dave', 'dave-pw'))
    assert [p['name'] for p in dave['projects']] == ['delta']
    keystone.roles.revoke(member, user=user, project=project)
    assert keystone.roles.list(user=user, project=project) == []
    keystone.users.delete(user)
    keystone.projects.delete(project)
    assert [p.name for p in keystone.projects.list(name='delta')] == []


def test_application_credential_session_reaches_heat(vim, carol):
    project_id, user_id = carol
    credential_id, secret = vim.application_credential(
        'carol', 'carol-pw', 'gamma', 'ci', roles=['member'])
    session = ks_session.Session(auth=v3.ApplicationCredential(
        vim.auth_url, application_credential_id=credential_id,
        application_credential_secret=secret))
    assert session.get_project_id() == project_id
    assert session.get_user_id() == user_id
    assert list(vim.heat(session).stacks.list()) == []
    by_name = ks_session.Session(auth=v3.ApplicationCredential(
        vim.auth_url, application_credential_name='ci',
        application_credential_secret=secret, username='carol',
        user_domain_name='Default'))
    assert by_name.get_project_id() == project_id

    vim.restart()
    assert ks_session.Session(auth=v3.ApplicationCredential(
        vim.auth_url, application_credential_id=credential_id,
        application_credential_secret=secret)).get_token()
    with pytest.raises(ks_exc.Unauthorized):
        ks_session.Session(auth=v3.ApplicationCredential(
            vim.auth_url, application_credential_id=credential_id,
            application_credential_secret='wrong')).get_token()


def echo(seen):
    """A WSGI app recording the identity headers a filter set."""
    @webob.dec.wsgify
    def app(req):
        seen.update({name: req.headers.get(name) for name in (
            'X-Project-Id', 'X-User-Id', 'X-Roles')})
        return webob.Response('ok')
    return app


def local_conf():
    """An oslo.config object of its own, so no filter here reads or
    changes the process's global one."""
    conf = cfg.ConfigOpts()
    conf(args=[], default_config_files=[])
    return conf


def test_oauth2_client_credential_plugin_passes_oauth2_token(vim, carol):
    project_id, user_id = carol
    credential_id, secret = vim.application_credential(
        'carol', 'carol-pw', 'gamma', 'oauth2')
    session = ks_session.Session(auth=v3.OAuth2ClientCredential(
        vim.auth_url, oauth2_endpoint=vim.oauth2_token_url,
        oauth2_client_id=credential_id, oauth2_client_secret=secret))
    authorization = session.get_auth_headers()['Authorization']
    assert authorization.startswith('Bearer ')
    seen = {}
    middleware = oauth2_token.OAuth2Protocol(echo(seen), {
        'oslo_config_config': local_conf(),
        'www_authenticate_uri': vim.auth_url, 'auth_url': vim.auth_url,
        'auth_type': 'password', 'username': 'tacker',
        'password': 'tacker-pw', 'project_name': 'service',
        'user_domain_name': 'Default', 'project_domain_name': 'Default'})
    response = webob.Request.blank('/', headers={
        'Authorization': authorization}).get_response(middleware)
    assert response.status_int == 200, response.text
    assert seen == {'X-Project-Id': project_id, 'X-User-Id': user_id,
                    'X-Roles': 'member,reader'}
    response = webob.Request.blank('/', headers={
        'Authorization': 'Bearer bogus'}).get_response(middleware)
    assert response.status_int == 401


def external_filter(vim, app, client_id, secret, auth_method):
    """keystonemiddleware's external_oauth2_token, introspecting at the
    sandbox as the resource server ``client_id``."""
    conf = {'oslo_config_config': local_conf(),
            'introspect_endpoint': vim.introspect_url,
            'audience': vim.oauth2_token_url, 'auth_method': auth_method,
            'client_id': client_id, 'client_secret': secret,
            'mapping_roles': 'roles', 'mapping_expires_at': 'exp',
            'mapping_user_id': 'user_id'}
    for claim in ('project_id', 'project_name', 'project_domain_id',
                  'project_domain_name', 'user_domain_id',
                  'user_domain_name'):
        conf['mapping_' + claim] = claim
    return external_oauth2_token.ExternalAuth2Protocol(app, conf)


def bearer(middleware, token):
    return webob.Request.blank('/', headers={
        'Authorization': 'Bearer ' + token}).get_response(middleware)


@pytest.mark.parametrize('auth_method', ['client_secret_basic',
                                         'client_secret_post'])
def test_external_oauth2_filter_takes_identity_from_introspection(
        vim, carol, auth_method):
    project_id, user_id = carol
    server = vim.application_credential('carol', 'carol-pw', 'gamma',
                                        'resource-server')
    client = vim.application_credential('carol', 'carol-pw', 'gamma',
                                        'client', roles=['reader'])
    seen = {}
    middleware = external_filter(vim, echo(seen), *server, auth_method)
    response = bearer(middleware, vim.oauth2_token(*client,
                                                   scope='vnflcm:read'))
    assert response.status_int == 200, response.text
    assert seen == {'X-Project-Id': project_id, 'X-User-Id': user_id,
                    'X-Roles': 'reader'}
    assert bearer(middleware, 'bogus').status_int == 401


def test_external_oauth2_filter_refuses_expired_tokens(vim, carol):
    server = vim.application_credential('carol', 'carol-pw', 'gamma',
                                        'resource-server')
    # A client whose credential, and so whose tokens, expire in seconds.
    expires = time.time() + 3
    client = vim.application_credential(
        'carol', 'carol-pw', 'gamma', 'short-lived',
        expires_at=datetime.datetime.fromtimestamp(expires,
                                                   datetime.timezone.utc))
    seen_first = vim.oauth2_token(*client)
    never_seen = vim.oauth2_token(*client)
    middleware = external_filter(vim, echo({}), *server,
                                 'client_secret_basic')
    assert bearer(middleware, seen_first).status_int == 200
    time.sleep(max(0, expires + 1.2 - time.time()))
    # The one from the filter's cache, by its exp; the other from the
    # introspection, which finds it inactive.
    assert bearer(middleware, seen_first).status_int == 401
    assert bearer(middleware, never_seen).status_int == 401
