"""The sandbox VIM's WSGI application: one route table for Keystone v3
(``/identity``, with OS-OAUTH2 under ``/identity/v3/OS-OAUTH2``), Heat
v1 (``/heat-api``), the sandbox's own admin API (``/sandbox``) and its
Prometheus metrics (``/metrics``), and one dispatcher that reads the
body, authenticates, runs the handler in a store transaction and renders
errors in the shape of the API they came from.

The admin API and the metrics need no token: they are meant for tests,
Prometheus and the person running a dry run, on a sandbox bound to
localhost (the default).
"""
import collections
import logging
import time

import routes
import webob

from tacker_sandbox import engine as engine_lib
from tacker_sandbox import errors
from tacker_sandbox import heat as heat_lib
from tacker_sandbox import keystone as keystone_lib
from tacker_sandbox import keystone_admin
from tacker_sandbox import keystone_oauth2
from tacker_sandbox import metrics as metrics_lib
from tacker_sandbox import store as store_lib
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

LOG = logging.getLogger(__name__)
FAULT_ACTIONS = ('CREATE', 'UPDATE', 'DELETE')

# api: which error shape; auth: None, 'token' (any valid token),
# 'project' (a token scoped to the URL's tenant_id) or 'admin' (a token
# with the admin role); admin: methods that want 'admin' rather than auth.
Route = collections.namedtuple('Route', 'api auth methods admin')


class SandboxAdmin:
    """``/sandbox``: what is being served, injected faults, all stacks."""

    def __init__(self, engine, keystone, heat):
        self.engine = engine
        self.keystone = keystone
        self.heat = heat

    def info(self, req, body):
        return Reply({
            'keystone': '%s/identity/v3' % req.host_url,
            'heat': heat_lib.HeatApi.base_url(req,
                                              self.keystone.project['id']),
            'user': self.keystone.user['name'],
            'project': {'id': self.keystone.project['id'],
                        'name': self.keystone.project['name']},
            'projects': {project['name']: project['id'] for project
                         in self.keystone.projects.values()},
            'region': self.keystone.region, 'delay': self.engine.delay,
            'address_pool': self.engine.address_pool and str(
                self.engine.address_pool)})

    def faults(self, req, body):
        return Reply({'faults': self.engine.store.get_meta('faults', [])})

    def set_faults(self, req, body):
        faults = wsgi.json_body(body).get('faults')
        if not isinstance(faults, list):
            raise errors.BadRequest('"faults" must be a list')
        for fault in faults:
            if not isinstance(fault, dict) or not isinstance(
                    fault.get('resource'), str):
                raise errors.BadRequest('Each fault needs a "resource" (a '
                                        'resource name or type)')
            if fault.get('action') not in FAULT_ACTIONS:
                raise errors.BadRequest('A fault\'s "action" is one of %s'
                                        % ', '.join(FAULT_ACTIONS))
            if not isinstance(fault.get('reason', ''), str):
                raise errors.BadRequest('A fault\'s "reason" is a string')
            count = fault.get('count')
            if count is not None and (isinstance(count, bool) or
                                      not isinstance(count, int) or
                                      count < 1):
                raise errors.BadRequest('A fault\'s "count" is a positive '
                                        'integer')
            for key in fault:
                if key not in ('resource', 'action', 'reason', 'count'):
                    raise errors.BadRequest('Unknown fault key %s' % key)
        self.engine.store.set_meta('faults', faults)
        return Reply({'faults': faults})

    def clear_faults(self, req, body):
        self.engine.store.set_meta('faults', [])
        return Reply(status=204)

    def stacks(self, req, body):
        now = self.engine.clock()
        show_deleted = req.GET.get('show_deleted', '').lower() == 'true'
        views = []
        for stack in self.engine.store.list_stacks():
            if self.engine.is_gone(stack, now) and not show_deleted:
                continue
            view = self.heat.stack_view(req, stack, now)
            view.update(parent_resource=stack['parent_resource'],
                        user_parameters=stack['user_parameters'],
                        resources={
                            name: {'resource_type': resource['type'],
                                   'physical_resource_id':
                                       resource['physical_id'],
                                   'resource_status': self.engine.status(
                                       resource, now)[0]}
                            for name, resource in
                            stack['resources'].items()})
            views.append(view)
        return Reply({'stacks': views})


class App:
    """The WSGI callable."""

    def __init__(self, store, keystone, engine):
        self.store = store
        self.keystone = keystone
        self.engine = engine
        self.heat = heat_lib.HeatApi(engine)
        self.keystone_admin = keystone_admin.KeystoneAdmin(keystone)
        self.oauth2 = keystone_oauth2.OAuth2(keystone)
        self.admin = SandboxAdmin(engine, keystone, self.heat)
        self.metrics = metrics_lib.Metrics(store)
        self.mapper = routes.Mapper()
        self.routes = []
        self._identity_routes()
        self._heat_routes()
        self._admin_routes()

    def _connect(self, api, auth, path, requirements=None, admin=(),
                 **methods):
        self.mapper.connect(None, path, route_index=len(self.routes),
                            requirements=requirements or {})
        self.routes.append(Route(api, auth, methods, frozenset(admin)))

    def _identity_routes(self):
        ks, ks_admin = self.keystone, self.keystone_admin
        v3 = '/identity/v3'
        for path in ('/identity', '/identity/'):
            self._connect('identity', None, path, GET=ks.versions)
        for path in (v3, v3 + '/'):
            self._connect('identity', None, path, GET=ks.version)
        self._connect('identity', None, v3 + '/auth/tokens',
                      POST=ks.issue_token, GET=ks.validate_token,
                      DELETE=ks.revoke_token)
        self._connect('identity', 'token', v3 + '/auth/catalog',
                      GET=ks.catalog_view)
        self._connect('identity', 'token', v3 + '/auth/projects',
                      GET=ks.auth_projects)
        self._connect('identity', 'token', v3 + '/projects',
                      admin=('POST',), GET=ks.projects_view,
                      POST=ks_admin.create_project)
        self._connect('identity', 'token', v3 + '/users/{user_id}/projects',
                      GET=ks.user_projects)
        self._connect('identity', 'token', v3 + '/projects/{project_id}',
                      admin=('DELETE',), GET=ks.project_one,
                      DELETE=ks_admin.delete_project)
        self._connect('identity', 'admin', v3 + '/users',
                      GET=ks_admin.list_users, POST=ks_admin.create_user)
        self._connect('identity', 'token', v3 + '/users/{user_id}',
                      admin=('DELETE',), GET=ks.user_one,
                      DELETE=ks_admin.delete_user)
        self._connect('identity', 'admin', v3 + '/roles',
                      GET=ks_admin.list_roles, POST=ks_admin.create_role)
        self._connect('identity', 'admin', v3 + '/roles/{role_id}',
                      GET=ks_admin.get_role)
        grants = v3 + '/projects/{project_id}/users/{user_id}/roles'
        self._connect('identity', 'admin', grants,
                      GET=ks_admin.list_grants)
        self._connect('identity', 'admin', grants + '/{role_id}',
                      PUT=ks_admin.create_grant, GET=ks_admin.check_grant,
                      DELETE=ks_admin.revoke_grant)
        self._connect('identity', 'admin', v3 + '/role_assignments',
                      GET=ks_admin.list_role_assignments)
        credentials = v3 + '/users/{user_id}/application_credentials'
        self._connect('identity', 'token', credentials,
                      GET=ks_admin.list_application_credentials,
                      POST=ks_admin.create_application_credential)
        self._connect('identity', 'token', credentials + '/{credential_id}',
                      GET=ks_admin.get_application_credential,
                      DELETE=ks_admin.delete_application_credential)
        self._connect('oauth2', None, v3 + '/OS-OAUTH2/token',
                      POST=self.oauth2.token)
        self._connect('oauth2', None, v3 + '/OS-OAUTH2/introspect',
                      POST=self.oauth2.introspect)
        for path in (v3 + '/auth/domains', v3 + '/domains'):
            self._connect('identity', 'token', path, GET=ks.domains)
        self._connect('identity', 'token', v3 + '/regions', GET=ks.regions)
        self._connect('identity', 'token', v3 + '/regions/{region_id}',
                      GET=ks.region_view)
        self._connect('identity', 'token', v3 + '/services',
                      GET=ks.services)
        self._connect('identity', 'token', v3 + '/endpoints',
                      GET=ks.endpoints)

    def _heat_routes(self):
        heat = self.heat
        v1 = '/heat-api/v1/{tenant_id}'
        stack = v1 + '/stacks/{stack_name}/{stack_id}'
        resource = stack + '/resources/{resource_name}'
        for path in ('/heat-api', '/heat-api/'):
            self._connect('heat', None, path, GET=heat.versions)
        self._connect('heat', 'project', v1 + '/build_info',
                      GET=heat.build_info)
        self._connect('heat', 'project', v1 + '/validate',
                      POST=heat.validate)
        self._connect('heat', 'project', v1 + '/stacks',
                      GET=heat.list_stacks, POST=heat.create_stack)
        self._connect('heat', 'project', v1 + '/stacks/detail',
                      GET=heat.list_stacks)
        self._connect('heat', 'project', v1 + '/stacks/{stack_name}',
                      GET=heat.lookup, PUT=heat.lookup, PATCH=heat.lookup,
                      DELETE=heat.lookup)
        self._connect('heat', 'project', v1 + '/stacks/{stack_name}/{path}',
                      requirements={'path': 'resources|events|template|'
                                            'environment|files|outputs'},
                      GET=heat.lookup)
        self._connect('heat', 'project', stack, GET=heat.show_stack,
                      PUT=heat.update_stack, PATCH=heat.patch_stack,
                      DELETE=heat.delete_stack)
        self._connect('heat', 'project', stack + '/template',
                      GET=heat.template)
        self._connect('heat', 'project', stack + '/environment',
                      GET=heat.environment)
        self._connect('heat', 'project', stack + '/files', GET=heat.files)
        self._connect('heat', 'project', stack + '/outputs',
                      GET=heat.outputs)
        self._connect('heat', 'project', stack + '/outputs/{output_key}',
                      GET=heat.output)
        self._connect('heat', 'project', stack + '/resources',
                      GET=heat.list_resources)
        self._connect('heat', 'project', resource, GET=heat.show_resource,
                      PATCH=heat.mark_unhealthy)
        self._connect('heat', 'project', resource + '/metadata',
                      GET=heat.resource_metadata)
        self._connect('heat', 'project', resource + '/signal',
                      POST=heat.signal)
        self._connect('heat', 'project', stack + '/events',
                      GET=heat.list_events)
        self._connect('heat', 'project', resource + '/events',
                      GET=heat.list_events)
        self._connect('heat', 'project', resource + '/events/{event_id}',
                      GET=heat.show_event)

    def _admin_routes(self):
        admin = self.admin
        self._connect('sandbox', None, '/sandbox', GET=admin.info)
        self._connect('sandbox', None, '/sandbox/faults', GET=admin.faults,
                      PUT=admin.set_faults, DELETE=admin.clear_faults)
        self._connect('sandbox', None, '/sandbox/stacks', GET=admin.stacks)
        self.metrics.connect(self)

    def connect_admin(self, path, **methods):
        """Add a route to the admin API (no token), as the sandbox
        Kubernetes and the metrics do for their knobs."""
        self._connect('sandbox', None, path, **methods)

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            reply = self._dispatch(req)
        except errors.SandboxError as error:
            reply = _error_reply(req, error)
        except RecursionError:
            reply = _error_reply(req, errors.BadRequest(
                'The request is nested too deeply.'))
        except Exception:
            LOG.exception('Unexpected error serving %s %s', req.method,
                          req.path_info)
            reply = _error_reply(req, errors.SandboxError(
                'Unexpected error; see the sandbox log.'))
        response = wsgi.render(reply, head=req.method == 'HEAD')
        return response(environ, start_response)

    def _dispatch(self, req):
        match = self.mapper.match(req.path_info)
        if match is None:
            raise errors.NotFound('The resource could not be found.',
                                  'HTTPNotFound')
        route = self.routes[int(match.pop('route_index'))]
        method = 'GET' if req.method == 'HEAD' and \
            'HEAD' not in route.methods else req.method
        handler = route.methods.get(method)
        if handler is None:
            raise errors.MethodNotAllowed(req.method, route.methods)
        # The OAuth 2.0 endpoints take forms, which they read themselves.
        body = wsgi.read_json(req) if method in ('POST', 'PUT', 'PATCH') \
            and route.api != 'oauth2' else None
        auth = 'admin' if method in route.admin else route.auth
        with self.store.transaction():
            if auth == 'project':
                self.keystone.authenticate_project(req, match['tenant_id'])
            elif auth == 'admin':
                # Keystone's policy names are the handlers' names.
                self.keystone.authenticate_admin(req, handler.__name__)
            elif auth == 'token':
                self.keystone.validate(req.headers.get('X-Auth-Token'))
            return handler(req, body, **match)


def _api_of(path):
    for prefix, api in (('/identity/v3/OS-OAUTH2', 'oauth2'),
                        ('/identity', 'identity'), ('/heat-api', 'heat')):
        if path == prefix or path.startswith(prefix + '/'):
            return api
    return 'sandbox'


def _error_reply(req, error):
    api = _api_of(req.path_info)
    if api == 'oauth2':
        return keystone_oauth2.error_reply(error)
    return wsgi.error_reply(api, error, '%s/identity' % req.host_url)


def build_app(state_file=None, user='admin', password='devstack',
              project='admin', region='RegionOne', delay=1.0,
              token_ttl=3600, clock=time.time, identities=None,
              address_pool=None):
    """The app and its store (close the store when done);
    ``identities`` as ``keystone.load_identities`` reads them;
    ``address_pool`` a CIDR (see ``engine.Engine``)."""
    store = store_lib.Store(state_file)
    keystone = keystone_lib.Keystone(store, user, password, project, region,
                                     token_ttl, clock, identities)
    engine = engine_lib.Engine(store, delay, clock, address_pool)
    return App(store, keystone, engine), store
