"""OAuth 2.0 in the sandbox VIM: Keystone's OS-OAUTH2 client credentials
grant (RFC 6749 4.4), whose clients are application credentials, and an
RFC 7662 token introspection endpoint of the sandbox's own, which is not
Keystone's: it stands in for the external authorization server (a
Keycloak, say) of keystonemiddleware's ``external_oauth2_token`` filter.

    POST /identity/v3/OS-OAUTH2/token
        grant_type=client_credentials[&scope=a b]
        -> {"access_token", "token_type": "Bearer", "expires_in"}
    POST /identity/v3/OS-OAUTH2/introspect
        token=...  -> {"active": false} or the claims of ``_claims``

Both take a form and authenticate the client, an application
credential, by HTTP Basic (client_secret_basic: its id and secret) or by
``client_id`` and ``client_secret`` in the form (client_secret_post).
An access token is a token of the sandbox Keystone like any other
(methods ``["application_credential"]``, scoped and limited as its
credential), which also carries the scopes asked for. Errors are RFC
6749 5.2 JSON (``error_reply``).
"""
import base64
import binascii
import re

from tacker_sandbox import errors
from tacker_sandbox.keystone import DOMAIN
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

# RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
SCOPE_TOKEN = re.compile(r'[\x21\x23-\x5b\x5d-\x7e]+')
CLIENT_FAILED = 'Client authentication failed.'


class OAuth2:

    def __init__(self, keystone):
        self.keystone = keystone

    def token(self, req, body):
        form = _form(req)
        grant_type = form.get('grant_type')
        if grant_type is None:
            raise errors.InvalidRequest('The parameter grant_type is '
                                        'required.')
        if grant_type != 'client_credentials':
            raise errors.UnsupportedGrantType(
                'The parameter grant_type %s is not supported.' % grant_type)
        scopes = _scopes(form.get('scope'))
        payload = self._authenticate_client(req, form)
        if scopes:
            payload['s'] = scopes
        return Reply({'access_token': self.keystone.sign(payload),
                      'token_type': 'Bearer',
                      'expires_in': int(payload['e'] - payload['i'])},
                     headers={'Cache-Control': 'no-store',
                              'Pragma': 'no-cache'})

    def introspect(self, req, body):
        form = _form(req)
        self._authenticate_client(req, form)
        token = form.get('token')
        if not token:
            raise errors.InvalidRequest('The parameter token is required.')
        try:
            payload = self.keystone.validate(token)
        except errors.Unauthorized:
            return Reply({'active': False})
        return Reply(self._claims(payload))

    def _authenticate_client(self, req, form):
        """The payload of a token for the client's application
        credential, got as ``POST /v3/auth/tokens`` would: the one check
        of a client."""
        client_id, secret = _client_credentials(req, form)
        try:
            return self.keystone.issue({'auth': {'identity': {
                'methods': ['application_credential'],
                'application_credential': {'id': client_id,
                                           'secret': secret}}}})
        except errors.Unauthorized as error:
            raise errors.InvalidClient(error.message) from None
        except errors.BadRequest as error:
            raise errors.InvalidRequest(error.message) from None

    def _claims(self, payload):
        """RFC 7662 2.2 claims of an active token, with what the
        ``mapping_*`` options of keystonemiddleware's
        ``external_oauth2_token`` name: ``roles`` as one comma-separated
        string, and the project claims of a project-scoped token."""
        user = self.keystone.users[payload['u']]
        roles = [role['name'] for role in self.keystone.role_refs(
            self.keystone.token_roles(payload))]
        claims = {'active': True, 'token_type': 'Bearer',
                  'iat': int(payload['i']), 'exp': int(payload['e']),
                  'sub': user['id'], 'user_id': user['id'],
                  'username': user['name'],
                  'user_domain_id': DOMAIN['id'],
                  'user_domain_name': DOMAIN['name'],
                  'roles': ','.join(roles),
                  'scope': ' '.join(payload.get('s') or roles)}
        if payload.get('c'):
            claims['client_id'] = payload['c']
        if payload['p']:
            project = self.keystone.projects[payload['p']]
            claims.update(project_id=project['id'],
                          project_name=project['name'],
                          project_domain_id=DOMAIN['id'],
                          project_domain_name=DOMAIN['name'])
        return claims


def _form(req):
    """The request's form fields (``application/x-www-form-urlencoded``,
    as RFC 6749 sends them); its size bounded as JSON bodies are."""
    length = req.content_length
    if (length is None and req.is_body_readable) or \
            (length or 0) > wsgi.MAX_BODY:
        raise errors.InvalidRequest('The form must come with a '
                                    'Content-Length of at most %d bytes.'
                                    % wsgi.MAX_BODY)
    return req.POST


def _client_credentials(req, form):
    """(client id, secret): of HTTP Basic, which wins as in Keystone, or
    of the form."""
    scheme, _, value = req.headers.get('Authorization', '').partition(' ')
    if scheme.lower() == 'basic':
        try:
            client_id, _, secret = base64.b64decode(
                value.strip(), validate=True).decode().partition(':')
        except (binascii.Error, UnicodeDecodeError):
            raise errors.InvalidClient(CLIENT_FAILED) from None
    else:
        client_id = form.get('client_id')
        secret = form.get('client_secret')
    if not client_id or not secret:
        raise errors.InvalidClient(CLIENT_FAILED)
    return client_id, secret


def _scopes(value):
    """The scope tokens of a space-delimited ``scope`` (RFC 6749 3.3),
    each once, in order."""
    scopes = value.split(' ') if value else []
    if not all(SCOPE_TOKEN.fullmatch(scope) for scope in scopes):
        raise errors.InvalidScope('The parameter scope %r is malformed.'
                                  % value)
    return list(dict.fromkeys(scopes))


def error_reply(error):
    """RFC 6749 5.2: ``{"error", "error_description"}`` (Keystone's
    ``other_error`` for what has no OAuth 2.0 code); a 401 challenges for
    HTTP Basic, the client authentication these endpoints take."""
    headers = dict(error.headers)
    if error.code == 401:
        headers['WWW-Authenticate'] = 'Basic realm="OS-OAUTH2"'
    return Reply({'error': error.error_type if isinstance(
                      error, errors.OAuth2Error) else 'other_error',
                  'error_description': error.message}, error.code, headers)
