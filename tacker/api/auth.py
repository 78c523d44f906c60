"""Authentication of API requests, chosen by ``[DEFAULT] auth_strategy``."""
import webob.dec
from keystonemiddleware import auth_token
from oslo_log import log as logging

from tacker.api import wsgi
from tacker.common import exceptions

LOG = logging.getLogger(__name__)

_ERRORS_BY_STATUS = {401: exceptions.Unauthorized,
                     403: exceptions.Forbidden,
                     503: exceptions.ServiceUnavailable}


class ProblemDetailsErrors:
    """Rewrites the errors keystonemiddleware answers itself (401 with its
    own JSON) as ProblemDetails, keeping headers such as WWW-Authenticate."""

    def __init__(self, app):
        self.app = app

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            response = req.get_response(self.app)
        except Exception:
            LOG.exception('Authentication of %s %s failed', req.method,
                          req.path)
            return wsgi.problem_response(exceptions.TackerException())
        if (response.status_int < 400
                or response.content_type == wsgi.PROBLEM_JSON):
            return response
        error_class = _ERRORS_BY_STATUS.get(response.status_int,
                                            exceptions.TackerException)
        problem = wsgi.problem_response(error_class())
        for name in ('WWW-Authenticate',):
            if name in response.headers:
                problem.headers[name] = response.headers[name]
        return problem


def protect(app, conf):
    """Wrap ``app`` with the configured authentication."""
    if conf.auth_strategy == 'keystone':
        return ProblemDetailsErrors(
            auth_token.AuthProtocol(app, {'oslo_config_config': conf}))
    return app


