"""The part of Keystone v3's API that changes identities, in the sandbox
VIM: projects, users and role assignments (for a token with the admin
role, as Keystone's default policy has it; the app checks that before
these handlers run) and application credentials (for their own user's
token).

Everything made here gets a random id (the identities of the command
line and of the identities file keep their stable ones) and goes
through ``Keystone.change``, so it survives a restart with the same
state file. Keystone's default roles (``keystone.ROLES``) are there
from the start; more can be created (e.g. the AREA_/VENDOR_/TENANT_
roles of Tacker's enhanced policy), none deleted.
"""
import base64
import datetime
import os
import uuid

from tacker_sandbox import errors
from tacker_sandbox import keystone as keystone_lib
from tacker_sandbox.keystone import DOMAIN
from tacker_sandbox.wsgi import Reply

# role_assignments filters naming what the sandbox never has (group,
# domain, system and inherited assignments): they match nothing.
NEVER_MATCHED = ('group.id', 'scope.domain.id', 'scope.system',
                 'scope.OS-INHERIT:inherited_to')


class KeystoneAdmin:

    def __init__(self, keystone):
        self.keystone = keystone

    # ---- projects and users ---------------------------------------------

    def create_project(self, req, body):
        fields = _entity(body, 'project')
        name = _name(fields, 64)
        _in_the_domain(fields, 'domain_id', 'parent_id')
        if fields.get('is_domain', False) is not False:
            raise errors.BadRequest('The sandbox VIM has the one domain '
                                    'Default.')
        tags = fields.get('tags', [])
        if not (isinstance(tags, list) and
                all(isinstance(tag, str) for tag in tags)):
            raise errors.BadRequest('Invalid input for field \'tags\'.')
        if keystone_lib.named(self.keystone.projects.values(), name):
            raise errors.Conflict(
                'Conflict occurred attempting to store project - it is not '
                'permitted to have two projects with the same name in the '
                'same domain : %s.' % name, 'Conflict')
        project = keystone_lib.new_project(
            uuid.uuid4().hex, name, _text(fields, 'description'), tags)
        self.keystone.change('put_project', project)
        return Reply({'project': self.keystone.project_view(req, project)},
                     201)

    def delete_project(self, req, body, project_id):
        self.keystone.known('project', project_id)
        if project_id == self.keystone.project['id']:
            raise keystone_lib.forbidden('delete the sandbox\'s own project')
        self.keystone.change('drop_project', project_id)
        return Reply(status=204)

    def list_users(self, req, body):
        name = req.GET.get('name')
        return self.keystone.listing(req, 'users', [
            self.keystone.user_view(req, user)
            for user in self.keystone.users.values()
            if name is None or name == user['name']])

    def create_user(self, req, body):
        fields = _entity(body, 'user')
        name = _name(fields, 255)
        _in_the_domain(fields, 'domain_id')
        password = fields.get('password')
        if password is not None and not isinstance(password, str):
            raise errors.BadRequest('Invalid input for field \'password\'.')
        project_id = fields.get('default_project_id')
        if project_id is not None and \
                project_id not in self.keystone.projects:
            raise errors.BadRequest('Could not find project: %s.'
                                    % project_id)
        if keystone_lib.named(self.keystone.users.values(), name):
            raise errors.Conflict(
                'Conflict occurred attempting to store user - Duplicate '
                'entry found with name %s at domain ID %s.'
                % (name, DOMAIN['id']), 'Conflict')
        user = {'id': uuid.uuid4().hex, 'name': name,
                'default_project_id': project_id}
        self.keystone.change('put_user', user, None if password is None
                             else keystone_lib.hash_secret(password))
        return Reply({'user': self.keystone.user_view(req, user)}, 201)

    def delete_user(self, req, body, user_id):
        self.keystone.known('user', user_id)
        if user_id == self.keystone.user['id']:
            raise keystone_lib.forbidden('delete the sandbox\'s own user')
        self.keystone.change('drop_user', user_id)
        return Reply(status=204)

    # ---- roles and their assignments ------------------------------------

    def _role_view(self, req, role):
        return dict(role, domain_id=None, description=None, options={},
                    links={'self': self.keystone.link(
                        req, 'roles/' + role['id'])})

    def list_roles(self, req, body):
        name = req.GET.get('name')
        return self.keystone.listing(req, 'roles', [
            self._role_view(req, role) for role in self.keystone.roles
            if name is None or name == role['name']])

    def create_role(self, req, body):
        fields = _entity(body, 'role')
        name = _name(fields, 255)
        if fields.get('domain_id') is not None:
            raise errors.BadRequest('The sandbox VIM has global roles '
                                    'only.')
        if keystone_lib.named(self.keystone.roles, name):
            raise errors.Conflict(
                'Conflict occurred attempting to store role - Duplicate '
                'entry found with name %s.' % name, 'Conflict')
        role = {'id': uuid.uuid4().hex, 'name': name}
        self.keystone.change('put_role', role)
        return Reply({'role': self._role_view(req, role)}, 201)

    def get_role(self, req, body, role_id):
        return Reply({'role': self._role_view(
            req, self.keystone.known('role', role_id))})

    def _grant_target(self, project_id, user_id, role_id):
        """The name of the role of an assignment path, all three known."""
        self.keystone.known('project', project_id)
        self.keystone.known('user', user_id)
        return self.keystone.known('role', role_id)['name']

    def _assigned(self, project_id, user_id, role_id):
        """The name of the role, directly assigned; a 404 otherwise."""
        role = self._grant_target(project_id, user_id, role_id)
        if role not in self.keystone.direct_roles(user_id, project_id):
            raise errors.NotFound(
                'Could not find role assignment with role: %s, user or '
                'group: %s, project, domain, or system: %s.'
                % (role_id, user_id, project_id), 'RoleAssignmentNotFound')
        return role

    def create_grant(self, req, body, project_id, user_id, role_id):
        role = self._grant_target(project_id, user_id, role_id)
        self.keystone.change('grant', user_id, project_id, role)
        return Reply(status=204)

    def check_grant(self, req, body, project_id, user_id, role_id):
        self._assigned(project_id, user_id, role_id)
        return Reply(status=204)

    def revoke_grant(self, req, body, project_id, user_id, role_id):
        role = self._assigned(project_id, user_id, role_id)
        self.keystone.change('revoke', user_id, project_id, role)
        return Reply(status=204)

    def list_grants(self, req, body, project_id, user_id):
        self.keystone.known('project', project_id)
        self.keystone.known('user', user_id)
        return self.keystone.listing(req, 'roles', [
            self._role_view(req, role) for role in self.keystone.role_refs(
                self.keystone.direct_roles(user_id, project_id))])

    def list_role_assignments(self, req, body):
        """``GET /v3/role_assignments`` with the ``user.id``,
        ``scope.project.id`` and ``role.id`` filters, ``effective``
        (implied roles too, linked to the assignment implying them) and
        ``include_names``."""
        query = req.GET
        if any(key in query for key in NEVER_MATCHED):
            return self.keystone.listing(req, 'role_assignments', [])
        roles = {role['name']: role for role in self.keystone.roles}
        effective = _flag(query, 'effective')
        names = _flag(query, 'include_names')
        views = []
        for user_id, project_id, direct in self.keystone.assignments():
            if query.get('user.id', user_id) != user_id or query.get(
                    'scope.project.id', project_id) != project_id:
                continue
            for role in sorted(keystone_lib.effective_roles([direct])
                               if effective else [direct]):
                if query.get('role.id', roles[role]['id']) != \
                        roles[role]['id']:
                    continue
                views.append(self._assignment_view(
                    req, user_id, project_id, roles[role], roles[direct],
                    names))
        return self.keystone.listing(req, 'role_assignments', views)

    def _assignment_view(self, req, user_id, project_id, role, direct,
                         names):
        links = {'assignment': self.keystone.link(
            req, 'projects/%s/users/%s/roles/%s'
            % (project_id, user_id, direct['id']))}
        if role['id'] != direct['id']:
            links['prior_role'] = self.keystone.link(
                req, 'roles/' + direct['id'])
        view = {'role': {'id': role['id']}, 'user': {'id': user_id},
                'scope': {'project': {'id': project_id}}, 'links': links}
        if names:
            view['role']['name'] = role['name']
            view['user'].update(
                name=self.keystone.users[user_id]['name'],
                domain=dict(DOMAIN))
            view['scope']['project'].update(
                name=self.keystone.projects[project_id]['name'],
                domain=dict(DOMAIN))
        return view

    # ---- application credentials ----------------------------------------

    def _credential_view(self, req, credential):
        return {'id': credential['id'], 'name': credential['name'],
                'description': credential['description'],
                'project_id': credential['project_id'],
                'roles': [dict(role, domain_id=None) for role in
                          self.keystone.role_refs(credential['roles'])],
                'expires_at': credential['expires_at'] and
                keystone_lib.isotime(credential['expires_at']),
                'unrestricted': credential['unrestricted'],
                'access_rules': [],
                'links': {'self': self.keystone.link(
                    req, 'users/%s/application_credentials/%s'
                    % (credential['user_id'], credential['id']))}}

    def _owner(self, req, user_id, action, managing=False):
        """The caller's token, when it is ``user_id``'s or an admin's
        (Keystone's default policy for ``identity:<action>``). Managing
        credentials (``managing``) takes a token that is no restricted
        application credential's, as in Keystone."""
        caller = self.keystone.caller(req)
        if caller['u'] != user_id and \
                'admin' not in self.keystone.token_roles(caller):
            raise keystone_lib.forbidden('identity:' + action)
        if managing and caller.get('c') and not self.keystone.credentials[
                caller['c']]['unrestricted']:
            raise keystone_lib.forbidden(
                'Using method \'application_credential\' is not allowed '
                'for managing additional application credentials')
        self.keystone.known('user', user_id)
        return caller

    def create_application_credential(self, req, body, user_id):
        caller = self._owner(req, user_id, 'create_application_credential',
                             managing=True)
        if caller['u'] != user_id:
            raise keystone_lib.forbidden('Cannot create an application '
                                         'credential for another user')
        if caller['p'] is None:
            raise errors.BadRequest('An application credential takes the '
                                    'project of a project-scoped token.')
        fields = _entity(body, 'application_credential')
        name = _name(fields, 255)
        if fields.get('access_rules'):
            raise errors.BadRequest('The sandbox VIM has no access rules.')
        unrestricted = fields.get('unrestricted', False)
        secret = fields.get('secret') or _new_secret()
        if not isinstance(unrestricted, bool) or \
                not isinstance(secret, str):
            raise errors.BadRequest('Invalid input for field '
                                    '\'unrestricted\' or \'secret\'.')
        if keystone_lib.named(self._credentials_of(user_id), name):
            raise errors.Conflict(
                'Conflict occurred attempting to store application_'
                'credential - Duplicate entry found with name %s.' % name,
                'Conflict')
        credential = {
            'id': uuid.uuid4().hex, 'name': name,
            'description': _text(fields, 'description'),
            'user_id': user_id, 'project_id': caller['p'],
            'roles': self._credential_roles(
                fields.get('roles'), self.keystone.token_roles(caller)),
            'expires_at': _expiry(fields.get('expires_at'),
                                  self.keystone.clock()),
            'unrestricted': unrestricted,
            'secret': keystone_lib.hash_secret(secret)}
        self.keystone.change('put_credential', credential)
        return Reply({'application_credential': dict(
            self._credential_view(req, credential), secret=secret)}, 201)

    def _credential_roles(self, requested, held):
        """The role names of a new credential: those ``requested`` (by
        id or name), or all the token ``held``; none it does not hold."""
        if not requested:
            return sorted(held)
        if not isinstance(requested, list) or not all(
                isinstance(role, dict) for role in requested):
            raise errors.BadRequest('Invalid input for field \'roles\'.')
        names = set()
        for role in requested:
            key = 'id' if 'id' in role else 'name'
            found = next((known for known in self.keystone.roles
                          if known[key] == role.get(key)), None)
            if found is None:
                raise errors.NotFound('Could not find role: %s.'
                                      % role.get(key), 'RoleNotFound')
            names.add(found['name'])
        if not names <= held:
            raise errors.BadRequest(
                'Invalid application credential: Cannot create an '
                'application credential with unassigned role',
                'ApplicationCredentialValidationError')
        return sorted(names)

    def _credentials_of(self, user_id):
        return [credential for credential in
                self.keystone.credentials.values()
                if credential['user_id'] == user_id]

    def _credential_of(self, user_id, credential_id):
        credential = self.keystone.credentials.get(credential_id)
        if credential is None or credential['user_id'] != user_id:
            raise errors.NotFound('Could not find Application Credential: '
                                  '%s.' % credential_id)
        return credential

    def list_application_credentials(self, req, body, user_id):
        self._owner(req, user_id, 'list_application_credentials')
        name = req.GET.get('name')
        return self.keystone.listing(req, 'application_credentials', [
            self._credential_view(req, credential)
            for credential in self._credentials_of(user_id)
            if name is None or name == credential['name']])

    def get_application_credential(self, req, body, user_id,
                                   credential_id):
        self._owner(req, user_id, 'get_application_credential')
        return Reply({'application_credential': self._credential_view(
            req, self._credential_of(user_id, credential_id))})

    def delete_application_credential(self, req, body, user_id,
                                      credential_id):
        self._owner(req, user_id, 'delete_application_credential',
                    managing=True)
        self._credential_of(user_id, credential_id)
        self.keystone.change('drop_credential', credential_id)
        return Reply(status=204)


def _entity(body, key):
    """The object under ``key`` of a request body."""
    fields = body.get(key) if isinstance(body, dict) else None
    if not isinstance(fields, dict):
        raise errors.BadRequest('Expecting to find %s in the request '
                                'body.' % key)
    return fields


def _name(fields, longest):
    name = fields.get('name')
    if not (isinstance(name, str) and 0 < len(name.strip()) and
            len(name) <= longest):
        raise errors.BadRequest('Invalid input for field \'name\': a '
                                'string of 1 to %d characters.' % longest)
    return name


def _text(fields, key):
    text = fields.get(key) or ''
    if not isinstance(text, str):
        raise errors.BadRequest('Invalid input for field \'%s\'.' % key)
    return text


def _in_the_domain(fields, *keys):
    """Refuse a new project or user that is not in the sandbox's one
    domain (``keys``: the fields that name it) or not enabled."""
    for key in keys:
        if fields.get(key) not in (None, DOMAIN['id']):
            raise errors.BadRequest('The sandbox VIM has the one domain '
                                    'Default; %s %s is not it.'
                                    % (key, fields[key]))
    if fields.get('enabled', True) is not True:
        raise errors.BadRequest('The sandbox VIM\'s projects and users '
                                'are all enabled.')


def _flag(query, name):
    """A Keystone boolean query parameter: present, and not false."""
    return name in query and query[name].lower() not in ('0', 'false')


def _expiry(value, now):
    """The time (seconds since the epoch) an ISO 8601 ``expires_at`` (in
    UTC when it names no zone) says, or None for never."""
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise errors.BadRequest('Invalid input for field \'expires_at\': '
                                '%r is not an ISO 8601 time.'
                                % (value,)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    if moment.timestamp() <= now:
        raise errors.BadRequest('The \'expires_at\' must not be before '
                                'now.')
    return moment.timestamp()


def _new_secret():
    """A secret as Keystone makes them: 64 random bytes, URL-safe."""
    return base64.urlsafe_b64encode(os.urandom(64)).rstrip(b'=').decode()
