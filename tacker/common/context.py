"""The request context: who asks, for which project, under which request id.

It is built by the API from the authenticated request, travels to the
conductor inside every RPC message, and carries oslo.db's transaction state.

Project scope: a request acts within the project of its token. Only the
``admin`` role lifts that limit (an admin sees every project's resources);
a token without a project (unscoped) is refused on every route that has
not declared itself ``unscoped`` (the API versions, ``/``, healthcheck).
"""
from oslo_context import context as oslo_context
from oslo_db.sqlalchemy import enginefacade

from tacker.common import exceptions

ADMIN_ROLE = 'admin'


@enginefacade.transaction_context_provider
class RequestContext(oslo_context.RequestContext):
    """oslo.context's request context, usable with ``tacker.db.api``."""


def get_admin_context():
    """Context for work the service does on its own (heartbeats, recovery)."""
    return RequestContext(is_admin=True, overwrite=False)


def unscoped(handler):
    """Mark a controller method as answering without a project scope (the
    dispatcher passes ``handler.project_scoped`` to ``from_environ``)."""
    handler.project_scoped = False
    return handler


def from_environ(environ, auth_strategy, scoped=True):
    """Build the context of an API request, refusing one it may not make.

    With keystone the identity comes only from the headers
    keystonemiddleware set after validating the token (it strips any a
    client sent; ``X-Identity-Status: Confirmed`` marks a valid token);
    without auth every caller is an admin of the project it names in
    ``X-Project-Id`` (default ``admin``).

    What the caller's roles allow is the policy's
    (``tacker.api.policy``).

    :param scoped: the route acts on a project's resources.
    :raises: ProjectScopeRequired (403).
    """
    if auth_strategy == 'noauth':
        return RequestContext.from_environ(
            environ, user_id=environ.get('HTTP_X_USER_ID', 'admin'),
            project_id=environ.get('HTTP_X_PROJECT_ID', 'admin'),
            roles=[ADMIN_ROLE, 'member', 'reader'], is_admin=True)
    if environ.get('HTTP_X_IDENTITY_STATUS') == 'Confirmed':
        ctx = RequestContext.from_environ(environ)
    else:
        # No valid token (a route with delay_auth_decision): anonymous.
        ctx = RequestContext.from_environ(
            {'openstack.request_id': environ.get('openstack.request_id')})
    ctx.is_admin = ADMIN_ROLE in ctx.roles
    if scoped and not ctx.is_admin and ctx.project_id is None:
        raise exceptions.ProjectScopeRequired()
    return ctx


def project_scope(context):
    """The project whose resources a request may see: every project's
    (None) for an admin, else its own; never None for a non-admin."""
    if context.is_admin:
        return None
    return owning_project(context)


def owning_project(context):
    """The project that owns what a request creates: its own. An admin
    without a project scope has nowhere to create.

    :raises: ProjectScopeRequired.
    """
    if context.project_id is None:
        raise exceptions.ProjectScopeRequired()
    return context.project_id
