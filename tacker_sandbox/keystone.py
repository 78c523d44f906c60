"""Keystone v3 of the sandbox VIM: one domain (``Default``), users and
projects with role assignments, application credentials, password, token
and application credential authentication, and a catalog that points
clients at the sandbox's Heat.

The user and project of the command line get the ``admin`` role (and the
domain scope); an identities file adds more, e.g. two projects with a
member, a reader and a service user each (see ``load_identities``). As in
Keystone, ``admin`` implies ``member`` which implies ``reader``, and a
token lists the roles its user holds on its project when it is validated
(a token of an application credential: those of them the credential
names), so a revoked role assignment shows at once.

Tokens are signed rather than stored: a restarted process with the same
state file (which keeps the key) still accepts them. Revoked tokens are
remembered by audit id until they would have expired.

``keystone_admin`` (projects, users, role assignments, application
credentials) changes what this module keeps through ``change``, which
journals each change in the state file; every start replays the journal
over the identities of the command line and of the identities file.
``keystone_oauth2`` (OS-OAUTH2) issues and introspects tokens of this
module. Passwords and secrets are kept as salted hashes only.
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
# The meta key of the journal of identity changes (see ``Keystone.change``).
JOURNAL = 'identity_changes'
# PBKDF2 rounds: enough that the state file does not give secrets away,
# few enough that tests authenticating hundreds of times stay fast.
HASH_ROUNDS = 10000


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


def hash_secret(secret):
    """A salted hash of a password or an application credential secret,
    as the state file keeps them."""
    salt = os.urandom(16)
    return '%s$%s' % (_b64(salt), _b64(hashlib.pbkdf2_hmac(
        'sha256', secret.encode(), salt, HASH_ROUNDS)))


def secret_matches(secret, hashed):
    """Whether ``secret`` is what ``hashed`` (or None: no secret) hides."""
    if not isinstance(secret, str) or hashed is None:
        return False
    salt, digest = hashed.split('$')
    return hmac.compare_digest(_unb64(digest), hashlib.pbkdf2_hmac(
        'sha256', secret.encode(), _unb64(salt), HASH_ROUNDS))


def named(items, name):
    """The item (a project, user, role or credential) called ``name``."""
    return next((item for item in items if item['name'] == name), None)


def effective_roles(names):
    """The roles ``names`` grant, with the roles they imply."""
    roles, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in roles:
            roles.add(name)
            todo.extend(IMPLIES.get(name, ()))
    return roles


def new_project(project_id, name, description='', tags=()):
    return {'id': project_id, 'name': name, 'domain_id': DOMAIN['id'],
            'enabled': True, 'is_domain': False, 'parent_id': DOMAIN['id'],
            'description': description, 'tags': list(tags)}


def forbidden(action):
    """Keystone's 403 for a caller its policy refuses ``action``."""
    return errors.Forbidden('You are not authorized to perform the requested '
                            'action: %s.' % action, 'ForbiddenAction')


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
        self.users, self.projects, self.credentials = {}, {}, {}
        self._passwords, self._assignments = {}, {}
        self.roles = [{'id': stable_id('role', name), 'name': name}
                      for name in ROLES]
        # The command line's user and project: the Heat of /sandbox, and
        # the only user that may scope a token to the domain.
        self.project = self._boot_project(project, 'The sandbox VIM project')
        self.user = self._boot_user(user, password)
        self._boot_assign(user, project, ['admin'])
        identities = identities or {}
        for name in identities.get('projects', []):
            self._boot_project(name, 'A project of the identities file')
        for entry in identities.get('users', []):
            self._boot_user(entry['name'], entry['password'])
            for project_name, roles in entry.get('roles', {}).items():
                self._boot_assign(entry['name'], project_name, roles)
        for kind, *args in store.get_meta(JOURNAL, []):
            getattr(self, '_' + kind)(*args)
        key = store.get_meta('token_key')
        if key is None:
            key = _b64(os.urandom(32))
            with store.transaction():
                store.set_meta('token_key', key)
        self._key = _unb64(key)

    # ---- identities -----------------------------------------------------

    def _boot_project(self, name, description):
        self._put_project(new_project(stable_id('project', name), name,
                                      description))
        return self.projects[stable_id('project', name)]

    def _boot_user(self, name, password):
        if not isinstance(name, str) or not isinstance(password, str):
            raise ValueError('a user needs a name and a password')
        self._put_user({'id': stable_id('user', name), 'name': name,
                        'default_project_id': None}, hash_secret(password))
        return self.users[stable_id('user', name)]

    def _boot_assign(self, user_name, project_name, roles):
        unknown = set(roles) - set(ROLES)
        project_id = stable_id('project', project_name)
        if project_id not in self.projects or unknown:
            raise ValueError('unknown project %s or roles %s' % (
                project_name, ', '.join(sorted(unknown))))
        for role in roles:
            self._grant(stable_id('user', user_name), project_id, role)

    def change(self, kind, *args):
        """Make a change of the admin or application credential API
        (``put_project``, ``drop_user``, ``grant``...: the methods of that
        name with a leading underscore) and journal it in the state file.
        Replayed at a start, a change that no longer fits what the
        identities file gives (a name it now takes, a user it dropped)
        does nothing."""
        getattr(self, '_' + kind)(*args)
        journal = self.store.get_meta(JOURNAL, [])
        journal.append([kind, *args])
        self.store.set_meta(JOURNAL, journal)

    def _put_project(self, project):
        if named(self.projects.values(), project['name']) is None:
            self.projects[project['id']] = project

    def _drop_project(self, project_id):
        self.projects.pop(project_id, None)
        self._drop_dependents(lambda user_id, p_id: p_id == project_id)

    def _put_role(self, role):
        if named(self.roles, role['name']) is None:
            self.roles.append(role)

    def _put_user(self, user, password_hash):
        if named(self.users.values(), user['name']) is None:
            self.users[user['id']] = user
            self._passwords[user['id']] = password_hash

    def _drop_user(self, user_id):
        self.users.pop(user_id, None)
        self._passwords.pop(user_id, None)
        self._drop_dependents(lambda u_id, project_id: u_id == user_id)

    def _drop_dependents(self, concerned):
        """Forget the role assignments and application credentials of the
        (user id, project id) pairs ``concerned`` picks, as Keystone does
        when a user or a project goes."""
        for key in [key for key in self._assignments if concerned(*key)]:
            del self._assignments[key]
        for credential in list(self.credentials.values()):
            if concerned(credential['user_id'], credential['project_id']):
                del self.credentials[credential['id']]

    def _grant(self, user_id, project_id, role):
        if user_id in self.users and project_id in self.projects:
            self._assignments.setdefault((user_id, project_id),
                                         set()).add(role)

    def _revoke(self, user_id, project_id, role):
        roles = self._assignments.get((user_id, project_id), set())
        roles.discard(role)
        if not roles:
            self._assignments.pop((user_id, project_id), None)

    def _put_credential(self, credential):
        if credential['user_id'] in self.users and \
                credential['project_id'] in self.projects:
            self.credentials[credential['id']] = credential

    def _drop_credential(self, credential_id):
        self.credentials.pop(credential_id, None)

    def assignments(self):
        """(user id, project id, role name) of every role assignment."""
        return sorted((user_id, project_id, role) for (user_id, project_id),
                      roles in self._assignments.items() for role in roles)

    def direct_roles(self, user_id, project_id):
        """The role names assigned to ``user_id`` on ``project_id``."""
        return set(self._assignments.get((user_id, project_id), ()))

    def project_roles(self, user_id, project_id):
        """The role names ``user_id`` holds on ``project_id``."""
        return effective_roles(self.direct_roles(user_id, project_id))

    def token_roles(self, payload):
        """The role names a token carries now."""
        if payload['p']:
            roles = self.project_roles(payload['u'], payload['p'])
            if payload.get('c'):
                roles &= set(self.credentials[payload['c']]['roles'])
            return roles
        if payload['d']:
            return self.project_roles(payload['u'], self.project['id'])
        return set()

    def role_refs(self, names):
        """``{"id", "name"}`` of the roles ``names``, in ``ROLES`` order."""
        return [dict(role) for role in self.roles if role['name'] in names]

    # ---- tokens ---------------------------------------------------------

    def sign(self, payload):
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
                payload['a'][0] in revoked or
                not self._in_force(payload)):
            raise errors.Unauthorized()
        return payload

    def _in_force(self, payload):
        """Whether what a token stands for still holds: its user, its
        application credential ('c', absent from tokens of older
        sandboxes) and its project exist, and a project-scoped token
        still carries a role."""
        return (payload['u'] in self.users and
                (payload.get('c') is None or
                 payload['c'] in self.credentials) and
                (payload['p'] is None or
                 (payload['p'] in self.projects and
                  bool(self.token_roles(payload)))))

    def caller(self, req):
        return self.validate(req.headers.get('X-Auth-Token'))

    def authenticate_project(self, req, project_id):
        """The caller of a project's API (Heat): a token scoped to it."""
        payload = self.caller(req)
        if payload['p'] is None:
            raise errors.Unauthorized()
        if payload['p'] != project_id:
            raise errors.Forbidden('You are not authorized to use project '
                                   '%s.' % project_id, 'HTTPForbidden')
        return payload

    def authenticate_admin(self, req, action):
        """The caller of the admin API: a token with the admin role, as
        Keystone's default policy wants for ``identity:<action>``."""
        payload = self.caller(req)
        if 'admin' not in self.token_roles(payload):
            raise forbidden('identity:%s' % action)
        return payload

    def issue(self, body):
        """The payload of a new token for a ``POST /v3/auth/tokens`` body
        (password, token and application_credential methods)."""
        auth = body.get('auth') if isinstance(body, dict) else None
        identity = auth.get('identity') if isinstance(auth, dict) else None
        methods = identity.get('methods') if isinstance(
            identity, dict) else None
        if not isinstance(methods, list) or not methods:
            raise errors.BadRequest('Expecting to find identity in auth '
                                    'with a list of methods.')
        now = self.clock()
        payload = {'u': None, 'p': None, 'd': None, 'c': None,
                   'm': methods, 'i': now, 'e': now + self.token_ttl,
                   'a': [_b64(os.urandom(16))]}
        for method in methods:
            if method == 'password':
                payload['u'] = self._check_password(
                    identity.get('password'))
            elif method == 'token':
                self._continue_token(payload, identity.get('token'))
            elif method == 'application_credential':
                self._use_credential(payload, identity.get(
                    'application_credential'))
            else:
                raise errors.Unauthorized('Unsupported authentication '
                                          'method %s.' % method)
        if payload['c'] is None:
            self._scope(payload, auth.get('scope'))
        elif auth.get('scope') is not None:
            raise errors.Unauthorized('Error authenticating with application '
                                      'credential: Application credentials '
                                      'cannot request a scope.')
        if not self._in_force(payload):
            raise errors.Unauthorized()
        return payload

    def _user_id(self, user):
        """The id of the user an auth method names by id, or by name and
        domain; None when there is no such user."""
        if not isinstance(user, dict):
            raise errors.BadRequest('Expecting to find user in the '
                                    'authentication method.')
        if 'id' in user:
            return user['id']
        if 'name' in user:
            domain = user.get('domain')
            if not isinstance(domain, dict):
                raise errors.BadRequest('Expecting to find domain in user.')
            found = named(self.users.values(), user['name'])
            return found['id'] if found and _is_default(domain) else None
        raise errors.BadRequest('Expecting to find id or name in user.')

    def _check_password(self, method):
        """The id of the user the password method names and proves."""
        user = method.get('user') if isinstance(method, dict) else None
        user_id = self._user_id(user)
        if not (isinstance(user_id, str) and secret_matches(
                user.get('password'), self._passwords.get(user_id))):
            raise errors.Unauthorized()
        return user_id

    def _continue_token(self, payload, token):
        """The token method: the user, lifetime and audit chain of a
        previous token, which an application credential's may not
        pass on (its scope and roles are the credential's)."""
        previous = self.validate(
            token.get('id') if isinstance(token, dict) else None)
        if previous.get('c'):
            raise forbidden('rescope a token of an application credential')
        payload['u'] = previous['u']
        payload['e'] = previous['e']
        payload['a'] = payload['a'][:1] + previous['a'][:1]

    def _use_credential(self, payload, method):
        """The application_credential method: the credential, by id or by
        name and user, its secret and its expiry (which bounds the
        token's, as Keystone has it since CVE-2022-2447)."""
        if not isinstance(method, dict):
            raise errors.BadRequest('Expecting to find application_'
                                    'credential in identity.')
        if 'id' in method:
            credential = self.credentials.get(method['id']) if isinstance(
                method['id'], str) else None
        elif 'name' in method:
            user_id = self._user_id(method.get('user'))
            credential = named((credential for credential in
                                self.credentials.values()
                                if credential['user_id'] == user_id),
                               method['name'])
        else:
            raise errors.BadRequest('Expecting to find id or name in '
                                    'application_credential.')
        if credential is None or not secret_matches(
                method.get('secret'), credential['secret']):
            raise errors.Unauthorized()
        expires_at = credential['expires_at']
        if expires_at is not None:
            if expires_at <= payload['i']:
                raise errors.Unauthorized('Application credential %s has '
                                          'expired.' % credential['id'])
            payload['e'] = min(payload['e'], expires_at)
        payload.update(u=credential['user_id'], c=credential['id'],
                       p=credential['project_id'])

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
                found = named(self.projects.values(), project.get('name'))
                project_id = found and found['id']
            else:
                project_id = None
            # Whether the user holds a role there is _in_force's to say.
            if not isinstance(project_id, str) or \
                    project_id not in self.projects:
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
        user = self.users[payload['u']]
        token = {'methods': payload['m'],
                 'user': {'id': user['id'], 'name': user['name'],
                          'domain': dict(DOMAIN),
                          'password_expires_at': None},
                 'audit_ids': payload['a'], 'is_domain': False,
                 'issued_at': isotime(payload['i']),
                 'expires_at': isotime(payload['e'])}
        if payload.get('c'):
            credential = self.credentials[payload['c']]
            token['application_credential'] = {
                'id': credential['id'], 'name': credential['name'],
                'restricted': not credential['unrestricted']}
        if payload['p'] or payload['d']:
            token['roles'] = self.role_refs(self.token_roles(payload))
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
        payload = self.issue(body)
        catalog = 'nocatalog' not in req.GET
        return Reply(self._token_body(req, payload, catalog), 201,
                     {'X-Subject-Token': self.sign(payload)})

    def _subject(self, req):
        """The token of X-Subject-Token, for its own user or a caller
        holding a validator role (keystonemiddleware's service user)."""
        caller = self.caller(req)
        subject = req.headers.get('X-Subject-Token')
        try:
            payload = self.validate(subject)
        except errors.Unauthorized:
            raise errors.NotFound('Could not find token: %s' % subject,
                                  'TokenNotFound') from None
        if payload['u'] != caller['u'] and VALIDATOR_ROLES.isdisjoint(
                self.token_roles(caller)):
            raise forbidden('identity:validate_token')
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

    def listing(self, req, key, items):
        return Reply({key: items, 'links': {'self': req.path_url,
                                            'previous': None, 'next': None}})

    def link(self, req, path):
        return '%s/identity/v3/%s' % (req.host_url, path)

    def project_view(self, req, project):
        return dict(project, links={'self': self.link(
            req, 'projects/' + project['id'])})

    def _user_projects(self, user_id):
        return [project for project in self.projects.values()
                if self.project_roles(user_id, project['id'])]

    def _project_list(self, req, projects):
        name = req.GET.get('name')
        return self.listing(req, 'projects', [
            self.project_view(req, project) for project in projects
            if name is None or name == project['name']])

    def projects_view(self, req, body):
        return self._project_list(req, self.projects.values())

    def auth_projects(self, req, body):
        return self._project_list(req, self._user_projects(
            self.caller(req)['u']))

    def user_projects(self, req, body, user_id):
        self.known('user', user_id)
        return self._project_list(req, self._user_projects(user_id))

    def project_one(self, req, body, project_id):
        return Reply({'project': self.project_view(
            req, self.known('project', project_id))})

    def known(self, kind, item_id):
        """The user, project or role of that id; a 404 in Keystone's
        words when there is none."""
        items = {'user': self.users, 'project': self.projects,
                 'role': {role['id']: role for role in self.roles}}[kind]
        if item_id not in items:
            raise errors.NotFound('Could not find %s: %s.' % (kind, item_id))
        return items[item_id]

    def user_view(self, req, user):
        projects = self._user_projects(user['id'])
        default = user['default_project_id'] or (
            projects[0]['id'] if projects else None)
        return {'id': user['id'], 'name': user['name'],
                'domain_id': DOMAIN['id'], 'enabled': True,
                'default_project_id': default, 'password_expires_at': None,
                'options': {},
                'links': {'self': self.link(req, 'users/' + user['id'])}}

    def user_one(self, req, body, user_id):
        return Reply({'user': self.user_view(req, self.known('user',
                                                             user_id))})

    def domains(self, req, body):
        return self.listing(req, 'domains', [dict(
            DOMAIN, enabled=True, description='The default domain',
            links={'self': self.link(req, 'domains/' + DOMAIN['id'])})])

    def _region_view(self, req):
        return {'id': self.region, 'description': '',
                'parent_region_id': None,
                'links': {'self': self.link(req, 'regions/' + self.region)}}

    def regions(self, req, body):
        return self.listing(req, 'regions', [self._region_view(req)])

    def region_view(self, req, body, region_id):
        if region_id != self.region:
            raise errors.NotFound('Could not find region: %s.' % region_id)
        return Reply({'region': self._region_view(req)})

    def catalog_view(self, req, body):
        return self.listing(req, 'catalog', self.catalog(
            req, self.caller(req)['p']))

    def services(self, req, body):
        return self.listing(req, 'services', [
            {'id': service['id'], 'type': service['type'],
             'name': service['name'], 'enabled': True}
            for service in self.catalog(req)])

    def endpoints(self, req, body):
        return self.listing(req, 'endpoints', [
            dict(endpoint, service_id=service['id'], enabled=True)
            for service in self.catalog(req)
            for endpoint in service['endpoints']])


def _is_default(domain):
    if 'id' in domain:
        return domain['id'] == DOMAIN['id']
    return domain.get('name') == DOMAIN['name']
