"""Who may make a request: a project scope is required except for an
admin, and admin powers come only from the admin role."""
import pytest

from tacker.common import context
from tacker.common import exceptions


def environ(method='GET', status='Confirmed', roles='', project=None,
            **extra):
    env = {'REQUEST_METHOD': method, 'HTTP_X_IDENTITY_STATUS': status,
           'HTTP_X_USER_ID': 'u1', 'HTTP_X_ROLES': roles,
           'openstack.request_id': 'req-1', **extra}
    if project:
        env['HTTP_X_PROJECT_ID'] = project
    return env


def test_unscoped_token_is_refused():
    with pytest.raises(exceptions.ProjectScopeRequired) as error:
        context.from_environ(environ(), 'keystone')
    assert error.value.status == 403


def test_unscoped_token_may_call_an_unscoped_route():
    ctx = context.from_environ(environ(), 'keystone', scoped=False)
    assert ctx.project_id is None and not ctx.is_admin
    with pytest.raises(exceptions.ProjectScopeRequired):
        context.project_scope(ctx)


def test_a_project_token_acts_in_its_project():
    ctx = context.from_environ(environ('POST', roles='member',
                                       project='p1'), 'keystone')
    assert context.project_scope(ctx) == 'p1'
    assert context.owning_project(ctx) == 'p1'


def test_admin_role_sees_every_project_but_creates_in_its_own():
    ctx = context.from_environ(environ('POST', roles='admin', project='p1'),
                               'keystone')
    assert ctx.is_admin and context.project_scope(ctx) is None
    assert context.owning_project(ctx) == 'p1'


def test_admin_without_project_reads_but_cannot_create():
    ctx = context.from_environ(environ(roles='admin'), 'keystone')
    assert context.project_scope(ctx) is None
    with pytest.raises(exceptions.ProjectScopeRequired):
        context.owning_project(ctx)


def test_identity_headers_without_a_confirmed_token_are_ignored():
    # keystonemiddleware (delay_auth_decision) marks a missing or invalid
    # token Invalid; headers a client forged must not make an admin.
    env = environ(status='Invalid', roles='admin', project='p1',
                  HTTP_X_IS_ADMIN_PROJECT='true')
    ctx = context.from_environ(env, 'keystone', scoped=False)
    assert not ctx.is_admin and ctx.roles == [] and ctx.project_id is None
    assert ctx.request_id == 'req-1'
    with pytest.raises(exceptions.ProjectScopeRequired):
        context.from_environ(env, 'keystone')


def test_noauth_caller_is_an_admin_of_the_project_it_names():
    ctx = context.from_environ({'REQUEST_METHOD': 'POST',
                                'HTTP_X_PROJECT_ID': 'p2'}, 'noauth')
    assert ctx.is_admin and context.owning_project(ctx) == 'p2'
