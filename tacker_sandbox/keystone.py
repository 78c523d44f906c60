"""Keystone v3 of the sandbox VIM: one domain (``Default``), users and
projects with role assignments, password and token authentication, and a
catalog that points clients at the sandbox's Heat.

The user and project of the command line get the ``admin`` role (and the
domain scope); an identities file adds more, e.g. two projects with a
member, a reader and a service user each (see ``load_identities``). As in
Keystone, ``admin`` implies ``member`` which implies ``reader``, and a
token lists the roles its user holds on its project when it is validated.

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

from tacker_sandbox import errors
from tacker_sandbox.wsgi import Reply

DOMAIN = {'id': 'default', 'name': 'Default'}
API_VERSION = 'v3.14'
ROLES = ('admin', 'member', 'reader', 'service')
# Keystone's default implied roles.
IMPLIES = {'admin': ('member',), 'member': ('reader',)}
# Who may validate another user's token (Keystone's identity:validate_token).
VALIDATOR_ROLES = frozenset({'admin', 'service'})
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


def effective_roles(names):
    """The roles ``names`` grant, with the roles they imply."""
    roles, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in roles:
            roles.add(name)
            todo.extend(IMPLIES.get(name, ()))
    return roles


def load_identities(path):
    """Read an identities file (JSON)::

        {"projects": ["alpha", "beta"],
         "users": [{"name": "alice", "password": "...",
                    "roles": {"alpha": ["member"]}}]}

    :raises ValueError: the file does not have that shape.
    """
    with open(path) as stream:
        identities = json.load(stream)
    users = identities.get('users', []) if isinstance(
        identities, dict) else None
    if not (isinstance(users, list) and
            isinstance(identities.get('projects', []), list) and
            all(_is_user_entry(entry) for entry in users)):
        raise ValueError('%s: expected {"projects": [names], "users": '
                         '[{"name", "password", "roles": {project: '
                         '[roles]}}]}' % path)
    return identities


def _is_user_entry(entry):
    return (isinstance(entry, dict) and
            isinstance(entry.get('name'), str) and
            isinstance(entry.get('password'), str) and
            isinstance(entry.get('roles', {}), dict) and
            all(isinstance(roles, list)
                for roles in entry.get('roles', {}).values()))


class Keystone:

    def __init__(self, store, user='admin', password='devstack',
                 project='admin', region='RegionOne', token_ttl=3600,
                 clock=time.time, identities=None):
        self.store = store
        self.region = region
        self.token_ttl = token_ttl
        self.clock = clock
        self.users, self.projects = {}, {}
        self._passwords, self._assignments = {}, {}
        self.roles = [{'id': stable_id('role', name), 'name': name}
                      for name in ROLES]
        # The command line's user and project: the Heat of /sandbox, and
        # the only user that may scope a token to the domain.
        self.project = self._add_project(project, 'The sandbox VIM project')
        self.user = self._add_user(user, password)
        self._assign(user, project, ['admin'])
        identities = identities or {}
        for name in identities.get('projects', []):
            self._add_project(name, 'A project of the identities file')
        for entry in identities.get('users', []):
            self._add_user(entry['name'], entry['password'])
            for project_name, roles in entry.get('roles', {}).items():
                self._assign(entry['name'], project_name, roles)
        key = store.get_meta('token_key')
        if key is None:
            key = _b64(os.urandom(32))
            with store.transaction():
                store.set_meta('token_key', key)
        self._key = _unb64(key)

    def _add_project(self, name, description):
        project = {'id': stable_id('project', name), 'name': name,
                   'domain_id': DOMAIN['id'], 'enabled': True,
                   'is_domain': False, 'parent_id': DOMAIN['id'],
                   'description': description, 'tags': []}
        return self.projects.setdefault(project['id'], project)

    def _add_user(self, name, password):
        if not isinstance(name, str) or not isinstance(password, str):
            raise ValueError('a user needs a name and a password')
        user = {'id': stable_id('user', name), 'name': name,
                'domain': dict(DOMAIN), 'password_expires_at': None}
        self._passwords[user['id']] = password
        return self.users.setdefault(user['id'], user)

    def _assign(self, user_name, project_name, roles):
        unknown = set(roles) - set(ROLES)
        project_id = stable_id('project', project_name)
        if project_id not in self.projects or unknown:
            raise ValueError('unknown project %s or roles %s' % (
                project_name, ', '.join(sorted(unknown))))
        self._assignments.setdefault(
            (stable_id('user', user_name), project_id), set()).update(roles)

    def project_roles(self, user_id, project_id):
        """The role names ``user_id`` holds on ``project_id``."""
        return effective_roles(self._assignments.get((user_id, project_id),
                                                     ()))

    def _payload_roles(self, payload):
        if payload['p']:
            return self.project_roles(payload['u'], payload['p'])
        if payload['d']:
            return self.project_roles(payload['u'], self.project['id'])
        return set()

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
                payload['u'] not in self.users or
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
        payload = {'u': None, 'p': None, 'd': None,
                   'm': methods, 'i': now, 'e': now + self.token_ttl,
                   'a': [_b64(os.urandom(16))]}
        for method in methods:
            if method == 'password':
                payload['u'] = self._check_password(
                    identity.get('password'))
            elif method == 'token':
                token = identity.get('token')
                previous = self.validate(
                    token.get('id') if isinstance(token, dict) else None)
                payload['u'] = previous['u']
                payload['e'] = previous['e']
                payload['a'] = payload['a'][:1] + previous['a'][:1]
            else:
                raise errors.Unauthorized('Unsupported authentication '
                                          'method %s.' % method)
        self._scope(payload, auth.get('scope'))
        return payload

    def _check_password(self, method):
        """The id of the user the password method names and proves."""
        user = method.get('user') if isinstance(method, dict) else None
        if not isinstance(user, dict):
            raise errors.BadRequest('Expecting to find user in password.')
        if 'id' in user:
            user_id = user['id']
        elif 'name' in user:
            domain = user.get('domain')
            if not isinstance(domain, dict):
                raise errors.BadRequest('Expecting to find domain in user.')
            user_id = stable_id('user', user['name']) if _is_default(
                domain) else None
        else:
            raise errors.BadRequest('Expecting to find id or name in user.')
        password = user.get('password')
        expected = self._passwords.get(user_id) if isinstance(
            user_id, str) else None
        if not (expected is not None and isinstance(password, str) and
                hmac.compare_digest(password.encode(), expected.encode())):
            raise errors.Unauthorized()
        return user_id

    def _scope(self, payload, scope):
        if scope is None or scope == 'unscoped':
            return
        if not isinstance(scope, dict):
            raise errors.BadRequest('Invalid scope.')
        if isinstance(scope.get('project'), dict):
            project = scope['project']
            if 'id' in project:
                project_id = project['id']
            elif (isinstance(project.get('domain'), dict) and
                  _is_default(project['domain'])):
                project_id = stable_id('project', project.get('name'))
            else:
                project_id = None
            if not isinstance(project_id, str) or \
                    project_id not in self.projects or \
                    not self.project_roles(
                    payload['u'], project_id):
                raise errors.Unauthorized()
            payload['p'] = project_id
        elif isinstance(scope.get('domain'), dict):
            if not _is_default(scope['domain']) or \
                    payload['u'] != self.user['id']:
                raise errors.Unauthorized()
            payload['d'] = DOMAIN['id']
        else:
            raise errors.Unauthorized('The sandbox VIM scopes tokens to a '
                                      'project or its domain only.')

    def _token_body(self, req, payload, catalog=True):
        token = {'methods': payload['m'], 'user': self.users[payload['u']],
                 'audit_ids': payload['a'], 'is_domain': False,
                 'issued_at': isotime(payload['i']),
                 'expires_at': isotime(payload['e'])}
        if payload['p'] or payload['d']:
            names = self._payload_roles(payload)
            token['roles'] = [role for role in self.roles
                              if role['name'] in names]
            if payload['p']:
                project = self.projects[payload['p']]
                token['project'] = {'id': project['id'],
                                    'name': project['name'],
                                    'domain': dict(DOMAIN)}
            else:
                token['domain'] = dict(DOMAIN)
            if catalog:
                token['catalog'] = self.catalog(req, payload['p'])
        return {'token': token}

    def catalog(self, req, project_id=None):
        services = (('identity', 'keystone', '%s/identity' % req.host_url),
                    ('orchestration', 'heat', '%s/heat-api/v1/%s' % (
                        req.host_url, project_id or self.project['id'])))
        return [{'id': stable_id('service', kind), 'type': kind,
                 'name': name,
                 'endpoints': [{'id': stable_id('endpoint', kind + iface),
                                'interface': iface, 'region': self.region,
                                'region_id': self.region, 'url': url}
                               for iface in INTERFACES]}
                for kind, name, url in services]

    def _caller(self, req):
        return self.validate(req.headers.get('X-Auth-Token'))

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
        """The token of X-Subject-Token, for its own user or a caller
        holding a validator role (keystonemiddleware's service user)."""
        caller = self._caller(req)
        subject = req.headers.get('X-Subject-Token')
        try:
            payload = self.validate(subject)
        except errors.Unauthorized:
            raise errors.NotFound('Could not find token: %s' % subject,
                                  'TokenNotFound') from None
        if payload['u'] != caller['u'] and VALIDATOR_ROLES.isdisjoint(
                self._payload_roles(caller)):
            raise errors.Forbidden('You are not authorized to perform the '
                                   'requested action: identity:'
                                   'validate_token.', 'ForbiddenAction')
        return subject, payload

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

    def _project_view(self, req, project):
        return dict(project, links={'self': '%s/identity/v3/projects/%s'
                                    % (req.host_url, project['id'])})

    def _user_projects(self, user_id):
        return [project for project in self.projects.values()
                if self.project_roles(user_id, project['id'])]

    def _project_list(self, req, projects):
        name = req.GET.get('name')
        return self._list(req, 'projects', [
            self._project_view(req, project) for project in projects
            if name is None or name == project['name']])

    def projects(self, req, body):
        return self._project_list(req, self.projects.values())

    def auth_projects(self, req, body):
        return self._project_list(req, self._user_projects(
            self._caller(req)['u']))

    def user_projects(self, req, body, user_id):
        self._known_user(user_id)
        return self._project_list(req, self._user_projects(user_id))

    def project(self, req, body, project_id):
        if project_id not in self.projects:
            raise errors.NotFound('Could not find project: %s.' % project_id)
        return Reply({'project': self._project_view(
            req, self.projects[project_id])})

    def _known_user(self, user_id):
        if user_id not in self.users:
            raise errors.NotFound('Could not find user: %s.' % user_id)
        return self.users[user_id]

    def user_view(self, req, body, user_id):
        user = self._known_user(user_id)
        projects = self._user_projects(user_id)
        return Reply({'user': dict(
            user, domain_id=DOMAIN['id'], enabled=True,
            default_project_id=projects[0]['id'] if projects else None,
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
        return self._list(req, 'catalog', self.catalog(
            req, self._caller(req)['p']))

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
