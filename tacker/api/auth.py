"""Authentication of API requests, chosen by ``[DEFAULT] auth_strategy``."""
import ipaddress

from keystonemiddleware import auth_token
from oslo_log import log as logging
import webob.dec

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


def protect(app, conf, delay_auth_decision=False):
    """Wrap ``app`` with the configured authentication.

    With ``delay_auth_decision`` a request without a valid token still
    reaches ``app``, marked unauthenticated (``X-Identity-Status:
    Invalid``, identity headers stripped): for public routes, which then
    show less (see ``is_authenticated``).
    """
    if conf.auth_strategy == 'keystone':
        options = {'oslo_config_config': conf}
        if delay_auth_decision:
            options['delay_auth_decision'] = True
        return ProblemDetailsErrors(auth_token.AuthProtocol(app, options))
    return app


def is_loopback(address):
    """Whether ``address`` (an IP address or ``localhost``) is this host's
    loopback, IPv4-mapped IPv6 included."""
    if address == 'localhost':
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_loopback or bool(
        getattr(ip, 'ipv4_mapped', None) and ip.ipv4_mapped.is_loopback)


def is_authenticated(req, conf):
    """Whether the caller of a public route proved who it is: a token
    keystonemiddleware confirmed; with noauth, nobody can, so a caller on
    this host (loopback) counts, as for tools/run.sh's operator."""
    if conf.auth_strategy == 'keystone':
        return req.environ.get('HTTP_X_IDENTITY_STATUS') == 'Confirmed'
    return is_loopback(req.remote_addr)


def warn_if_exposed(conf, host):
    """noauth makes every caller an admin: say so loudly when the API
    listens beyond this host."""
    if conf.auth_strategy == 'noauth' and not is_loopback(host):
        LOG.warning('auth_strategy = noauth and the API listens on %s: '
                    'anyone who reaches it acts as an administrator of '
                    'every project. Bind 127.0.0.1 or use keystone.', host)
