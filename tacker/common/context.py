"""The request context: who asks, for which project, under which request id.

It is built by the API from the authenticated request, travels to the
conductor inside every RPC message, and carries oslo.db's transaction state.
"""
from oslo_context import context as oslo_context
from oslo_db.sqlalchemy import enginefacade


@enginefacade.transaction_context_provider
class RequestContext(oslo_context.RequestContext):
    """oslo.context's request context, usable with ``tacker.db.api``."""


def get_admin_context():
    """Context for work the service does on its own (heartbeats, recovery)."""
    return RequestContext(is_admin=True, overwrite=False)


def from_environ(environ, auth_strategy):
    """Build the context of an API request.

    With keystone the identity comes from the headers keystonemiddleware
    set after validating the token; without auth every caller is an admin
    of the project it names in ``X-Project-Id`` (default ``admin``).
    """
    if auth_strategy == 'noauth':
        return RequestContext.from_environ(
            environ, user_id=environ.get('HTTP_X_USER_ID', 'admin'),
            project_id=environ.get('HTTP_X_PROJECT_ID', 'admin'),
            roles=['admin', 'member', 'reader'], is_admin=True)
    ctx = RequestContext.from_environ(environ)
    ctx.is_admin = 'admin' in ctx.roles
    return ctx


def project_scope(context):
    """The project whose resources a request may see: admins see every
    project's (None), others their own."""
    return None if context.is_admin else context.project_id
