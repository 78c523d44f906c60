"""Authentication of API requests, chosen by ``[DEFAULT] auth_strategy``:
Keystone tokens (``X-Auth-Token``) through keystonemiddleware's
auth_token, and, as ``[oauth2] token_filter`` says, OAuth 2.0 access
tokens (``Authorization: Bearer``, SOL013 v3.3.1 8.3.4) through its
oauth2_token (Keystone as the authorization server) or
external_oauth2_token (any RFC 7662 introspection endpoint).
"""
import ipaddress

from keystonemiddleware import auth_token
from keystonemiddleware import external_oauth2_token
from keystonemiddleware import oauth2_token
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


class _ByCredential:
    """Sends a request with a Bearer token to the OAuth 2.0 filter, any
    other to auth_token."""

    def __init__(self, keystone, bearer):
        self.keystone = keystone
        self.bearer = bearer

    def __call__(self, environ, start_response):
        scheme = environ.get('HTTP_AUTHORIZATION', '').split(' ', 1)[0]
        app = self.bearer if scheme.lower() == 'bearer' else self.keystone
        return app(environ, start_response)


class _KeystoneAccessTokens(oauth2_token.OAuth2Protocol):
    """keystonemiddleware's oauth2_token, which leaves out what its
    auth_token says of a valid token (``X-Identity-Status: Confirmed``,
    after stripping any a client sent): said here, so that the request's
    context takes the token's identity (``context.from_environ``)."""

    def process_request(self, request):
        super().process_request(request)
        request.user_token_valid = True


class _RequiredScope:
    """Refuses an external authorization server's token that lacks the
    scope of the API (``[oauth2] api_scopes``), RFC 6749 3.3."""

    def __init__(self, app, scope):
        self.app = app
        self.scope = scope

    @webob.dec.wsgify
    def __call__(self, req):
        metadata = (req.environ.get('external.token_info') or {}).get(
            'origin_token_metadata') or {}
        granted = str(metadata.get('scope') or '').split()
        if self.scope not in granted:
            return wsgi.problem_response(
                exceptions.InsufficientScope(scope=self.scope))
        return req.get_response(self.app)


def _bearer_filter(app, conf, options, api_name):
    """``app`` behind the OAuth 2.0 filter ``[oauth2] token_filter``
    names, or None."""
    if conf.oauth2.token_filter == 'keystone':
        return _KeystoneAccessTokens(app, dict(options))
    if conf.oauth2.token_filter == 'external':
        scope = conf.oauth2.api_scopes.get(api_name)
        return external_oauth2_token.ExternalAuth2Protocol(
            _RequiredScope(app, scope) if scope else app, dict(options))
    return None


def protect(app, conf, delay_auth_decision=False, api_name=None):
    """Wrap ``app`` (the API ``api_name``, e.g. ``vnflcm``) with the
    configured authentication.

    With ``delay_auth_decision`` a request without a valid token still
    reaches ``app``, marked unauthenticated (``X-Identity-Status:
    Invalid``, identity headers stripped): for public routes, which then
    show less (see ``is_authenticated``); they take Keystone tokens only.
    """
    if conf.auth_strategy != 'keystone':
        return app
    options = {'oslo_config_config': conf}
    if delay_auth_decision:
        options['delay_auth_decision'] = True
    protected = auth_token.AuthProtocol(app, dict(options))
    bearer = None if delay_auth_decision else _bearer_filter(
        app, conf, options, api_name)
    if bearer is not None:
        protected = _ByCredential(protected, bearer)
    return ProblemDetailsErrors(protected)


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
