"""Keystone v3 of the sandbox VIM: one domain (``Default``), one user and
one project (from the command line), password and token authentication,
and a catalog that points clients at the sandbox's Heat.

Tokens are signed rather than stored: a restarted process with the same
state file (which keeps the key) still accepts them. Revoked tokens are
remembered by audit id until they would have expired.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import time
import uuid

from tacker.sandbox import errors
from tacker.sandbox.wsgi import Reply

DOMAIN = {'id': 'default', 'name': 'Default'}
API_VERSION = 'v3.14'
ROLES = ('admin', 'member', 'reader')
INTERFACES = ('public', 'internal', 'admin')


def stable_id(kind, name):
    """The same id for the same name in every run (ids end up in state
    files and in the clients' caches)."""
    return uuid.uuid5(uuid.NAMESPACE_URL,
                      'tacker-sandbox/%s/%s' % (kind, name)).hex


def isotime(timestamp):
    moment = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


class Keystone:

    def __init__(self, store, user='admin', password='devstack',
                 project='admin', region='RegionOne', token_ttl=3600,
                 clock=time.time):
        self.store = store
        self.password = password
        self.region = region
        self.token_ttl = token_ttl
        self.clock = clock
        self.user = {'id': stable_id('user', user), 'name': user,
                     'domain': dict(DOMAIN), 'password_expires_at': None}
        self.project = {'id': stable_id('project', project), 'name': project,
                        'domain_id': DOMAIN['id'], 'enabled': True,
                        'is_domain': False, 'parent_id': DOMAIN['id'],
                        'description': 'The sandbox VIM project',
                        'tags': []}
        self.roles = [{'id': stable_id('role', name), 'name': name}
                      for name in ROLES]
        key = store.get_meta('token_key')
        if key is None:
            key = _b64(os.urandom(32))
            with store.transaction():
                store.set_meta('token_key', key)
        self._key = _unb64(key)

    # ---- tokens ---------------------------------------------------------

    def _sign(self, payload):
        data = json.dumps(payload, separators=(',', ':')).encode()
        mac = hmac.new(self._key, data, hashlib.sha256).digest()
        return '%s.%s' % (_b64(data), _b64(mac))

    def validate(self, token):
        """The payload of a valid, unexpired, unrevoked token; 401 else."""
        try:
            data_text, mac_text = token.split('.')
            data, mac = _unb64(data_text), _unb64(mac_text)
            expected = hmac.new(self._key, data, hashlib.sha256).digest()
            if not hmac.compare_digest(mac, expected):
                raise ValueError('bad signature')
            payload = json.loads(data)
        except (AttributeError, ValueError, TypeError):
            raise errors.Unauthorized() from None
        revoked = self.store.get_meta('revoked_tokens', {})
        if (payload['e'] <= self.clock() or
                payload['u'] != self.user['id'] or
                payload['a'][0] in revoked):
            raise errors.Unauthorized()
        return payload

    def authenticate_project(self, req, project_id):
        """The caller of a project's API (Heat): a token scoped to it."""
        payload = self.validate(req.headers.get('X-Auth-Token'))
        if payload['p'] is None:
            raise errors.Unauthorized()
        if payload['p'] != project_id:
            raise errors.Forbidden('You are not authorized to use project '
                                   '%s.' % project_id, 'HTTPForbidden')
        return payload

    def _issue(self, body):
        auth = body.get('auth') if isinstance(body, dict) else None
        identity = auth.get('identity') if isinstance(auth, dict) else None
        methods = identity.get('methods') if isinstance(
            identity, dict) else None
        if not isinstance(methods, list) or not methods:
            raise errors.BadRequest('Expecting to find identity in auth '
                                    'with a list of methods.')
        now = self.clock()
        payload = {'u': self.user['id'], 'p': None, 'd': None,
                   'm': methods, 'i': now, 'e': now + self.token_ttl,
                   'a': [_b64(os.urandom(16))]}
        for method in methods:
            if method == 'password':
                self._check_password(identity.get('password'))
            elif method == 'token':
                token = identity.get('token')
                previous = self.validate(
                    token.get('id') if isinstance(token, dict) else None)
                payload['e'] = previous['e']
                payload['a'] = payload['a'][:1] + previous['a'][:1]
            else:
                raise errors.Unauthorized('Unsupported authentication '
                                          'method %s.' % method)
        self._scope(payload, auth.get('scope'))
        return payload

    def _check_password(self, method):
        user = method.get('user') if isinstance(method, dict) else None
        if not isinstance(user, dict):
            raise errors.BadRequest('Expecting to find user in password.')
        if 'id' in user:
            known = user['id'] == self.user['id']
        elif 'name' in user:
            domain = user.get('domain')
            if not isinstance(domain, dict):
                raise errors.BadRequest('Expecting to find domain in user.')
            known = user['name'] == self.user['name'] and _is_default(domain)
        else:
            raise errors.BadRequest('Expecting to find id or name in user.')
        password = user.get('password')
        if not (known and isinstance(password, str) and hmac.compare_digest(
                password.encode(), self.password.encode())):
            raise errors.Unauthorized()

    def _scope(self, payload, scope):
        if scope is None or scope == 'unscoped':
            return
        if not isinstance(scope, dict):
            raise errors.BadRequest('Invalid scope.')
        if isinstance(scope.get('project'), dict):
            project = scope['project']
            if 'id' in project:
                known = project['id'] == self.project['id']
            else:
                known = (project.get('name') == self.project['name'] and
                         isinstance(project.get('domain'), dict) and
                         _is_default(project['domain']))
            if not known:
                raise errors.Unauthorized()
            payload['p'] = self.project['id']
        elif isinstance(scope.get('domain'), dict):
            if not _is_default(scope['domain']):
                raise errors.Unauthorized()
            payload['d'] = DOMAIN['id']
        else:
            raise errors.Unauthorized('The sandbox VIM scopes tokens to its '
                                      'project or domain only.')

    def _token_body(self, req, payload, catalog=True):
        token = {'methods': payload['m'], 'user': self.user,
                 'audit_ids': payload['a'], 'is_domain': False,
                 'issued_at': isotime(payload['i']),
                 'expires_at': isotime(payload['e'])}
        if payload['p'] or payload['d']:
            token['roles'] = self.roles
            if payload['p']:
                token['project'] = {'id': self.project['id'],
                                    'name': self.project['name'],
                                    'domain': dict(DOMAIN)}
            else:
                token['domain'] = dict(DOMAIN)
            if catalog:
                token['catalog'] = self.catalog(req)
        return {'token': token}

    def catalog(self, req):
        services = (('identity', 'keystone', '%s/identity' % req.host_url),
                    ('orchestration', 'heat', '%s/heat-api/v1/%s' % (
                        req.host_url, self.project['id'])))
        return [{'id': stable_id('service', kind), 'type': kind,
                 'name': name,
                 'endpoints': [{'id': stable_id('endpoint', kind + iface),
                                'interface': iface, 'region': self.region,
                                'region_id': self.region, 'url': url}
                               for iface in INTERFACES]}
                for kind, name, url in services]

    # ---- handlers -------------------------------------------------------
    # Routes that need a token have it checked by the app before these run.

    def _version(self, req):
        return {'id': API_VERSION, 'status': 'stable',
                'updated': '2020-04-07T00:00:00Z',
                'links': [{'rel': 'self',
                           'href': '%s/identity/v3/' % req.host_url}],
                'media-types': [{
                    'base': 'application/json',
                    'type': 'application/vnd.openstack.identity-v3+json'}]}

    def versions(self, req, body):
        return Reply({'versions': {'values': [self._version(req)]}}, 300)

    def version(self, req, body):
        return Reply({'version': self._version(req)})

    def issue_token(self, req, body):
        payload = self._issue(body)
        catalog = 'nocatalog' not in req.GET
        return Reply(self._token_body(req, payload, catalog), 201,
                     {'X-Subject-Token': self._sign(payload)})

    def _subject(self, req):
        self.validate(req.headers.get('X-Auth-Token'))
        subject = req.headers.get('X-Subject-Token')
        try:
            return subject, self.validate(subject)
        except errors.Unauthorized:
            raise errors.NotFound('Could not find token: %s' % subject,
                                  'TokenNotFound') from None

    def validate_token(self, req, body):
        subject, payload = self._subject(req)
        return Reply(self._token_body(req, payload,
                                      'nocatalog' not in req.GET),
                     headers={'X-Subject-Token': subject})

    def revoke_token(self, req, body):
        payload = self._subject(req)[1]
        now = self.clock()
        revoked = {audit_id: expires for audit_id, expires in self.store
                   .get_meta('revoked_tokens', {}).items() if expires > now}
        revoked[payload['a'][0]] = payload['e']
        self.store.set_meta('revoked_tokens', revoked)
        return Reply(status=204)

    def _list(self, req, key, items):
        return Reply({key: items, 'links': {'self': req.path_url,
                                            'previous': None, 'next': None}})

    def _project_view(self, req):
        return dict(self.project, links={'self': '%s/identity/v3/projects/%s'
                                         % (req.host_url, self.project['id'])})

    def projects(self, req, body, user_id=None):
        name = req.GET.get('name')
        if user_id is not None and user_id != self.user['id']:
            raise errors.NotFound('Could not find user: %s.' % user_id)
        matches = name is None or name == self.project['name']
        return self._list(req, 'projects',
                          [self._project_view(req)] if matches else [])

    def project(self, req, body, project_id):
        if project_id != self.project['id']:
            raise errors.NotFound('Could not find project: %s.' % project_id)
        return Reply({'project': self._project_view(req)})

    def user_view(self, req, body, user_id):
        if user_id != self.user['id']:
            raise errors.NotFound('Could not find user: %s.' % user_id)
        return Reply({'user': dict(
            self.user, domain_id=DOMAIN['id'], enabled=True,
            default_project_id=self.project['id'],
            links={'self': '%s/identity/v3/users/%s' % (req.host_url,
                                                        user_id)})})

    def domains(self, req, body):
        return self._list(req, 'domains', [dict(
            DOMAIN, enabled=True, description='The default domain',
            links={'self': '%s/identity/v3/domains/%s' % (req.host_url,
                                                          DOMAIN['id'])})])

    def _region_view(self, req):
        return {'id': self.region, 'description': '',
                'parent_region_id': None,
                'links': {'self': '%s/identity/v3/regions/%s' % (
                    req.host_url, self.region)}}

    def regions(self, req, body):
        return self._list(req, 'regions', [self._region_view(req)])

    def region_view(self, req, body, region_id):
        if region_id != self.region:
            raise errors.NotFound('Could not find region: %s.' % region_id)
        return Reply({'region': self._region_view(req)})

    def catalog_view(self, req, body):
        return self._list(req, 'catalog', self.catalog(req))

    def services(self, req, body):
        return self._list(req, 'services', [
            {'id': service['id'], 'type': service['type'],
             'name': service['name'], 'enabled': True}
            for service in self.catalog(req)])

    def endpoints(self, req, body):
        return self._list(req, 'endpoints', [
            dict(endpoint, service_id=service['id'], enabled=True)
            for service in self.catalog(req)
            for endpoint in service['endpoints']])


def _is_default(domain):
    if 'id' in domain:
        return domain['id'] == DOMAIN['id']
    return domain.get('name') == DOMAIN['name']
