"""Heat v1 of the sandbox VIM: the orchestration API's requests and
views over :class:`tacker_sandbox.engine.Engine`.

Field names, links and redirects follow what python-heatclient sends and
reads: ``/stacks/{name_or_id}`` (and its ``/resources``, ``/events``,
... sub-paths) answer 302 to the canonical ``/stacks/{name}/{id}`` URL,
query string kept; resources of nested stacks carry ``parent_resource``
and a ``stack`` link naming the nested stack.
"""
import time
from urllib import parse

from tacker_sandbox import environment as environment_lib
from tacker_sandbox import errors
from tacker_sandbox import hot
from tacker_sandbox import parameters as parameters_lib
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

_TRUE = ('true', '1', 'yes', 'on')


def isotime(timestamp):
    if timestamp is None:
        return None
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(timestamp))


def _flag(req, name):
    return req.GET.get(name, '').lower() in _TRUE


def _boolean_field(body, name, default):
    if body.get(name) is None:
        return default
    try:
        return parameters_lib.to_boolean(body[name])
    except ValueError as error:
        raise errors.BadRequest('%s: %s' % (name, error)) from None


def _int_param(req, name, default=None):
    value = req.GET.get(name)
    if value in (None, ''):
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise errors.BadRequest('%s must be a non-negative integer, got %s'
                                % (name, value))
    return number


def _matches(req, name, *values):
    wanted = req.GET.getall(name)
    return not wanted or any(value in wanted for value in values)


def _required_by(stack):
    """Resource name -> names of the resources of ``stack`` needing it."""
    required_by = {}
    for name, resource in stack['resources'].items():
        for needed in resource.get('requires', ()):
            required_by.setdefault(needed, []).append(name)
    return required_by


def _page(req, items):
    """Heat's limit/marker paging over ``items`` (dicts with an id)."""
    marker = req.GET.get('marker')
    if marker:
        ids = [item['id'] for item in items]
        items = items[ids.index(marker) + 1:] if marker in ids else []
    limit = _int_param(req, 'limit')
    return items if limit is None else items[:limit]


class HeatApi:

    def __init__(self, engine):
        self.engine = engine

    # ---- URLs and views -------------------------------------------------

    @staticmethod
    def base_url(req, tenant_id):
        return '%s/heat-api/v1/%s' % (req.host_url, tenant_id)

    def _stack_url(self, req, stack):
        return '%s/stacks/%s/%s' % (self.base_url(req, stack['project_id']),
                                    stack['name'], stack['id'])

    def stack_view(self, req, stack, now, detail=True):
        status, reason = self.engine.status(stack, now)
        view = {
            'id': stack['id'], 'stack_name': stack['name'],
            'description': stack['template'].get('description') or '',
            'creation_time': isotime(stack['created']),
            'updated_time': isotime(stack['updated']),
            'deletion_time': isotime(stack['deleted']),
            'stack_status': status, 'stack_status_reason': reason,
            'links': [{'href': self._stack_url(req, stack), 'rel': 'self'}],
            'parent': stack['parent'], 'stack_owner': None,
            'stack_user_project_id': stack['project_id'],
            'project': stack['project_id'], 'tags': None,
        }
        if detail:
            view.update(parameters=stack['parameters'],
                        template_description=view['description'],
                        timeout_mins=stack['timeout_mins'],
                        disable_rollback=stack['disable_rollback'],
                        notification_topics=[], capabilities=[])
            if status != 'DELETE_COMPLETE' and \
                    req.GET.get('resolve_outputs', '').lower() != 'false':
                view['outputs'] = stack['outputs']
        return view

    def resource_view(self, req, stack, name, resource, now, detail=False,
                      required_by=None):
        status, reason = self.engine.status(resource, now)
        stack_url = self._stack_url(req, stack)
        links = [{'href': '%s/resources/%s' % (stack_url, parse.quote(name)),
                  'rel': 'self'},
                 {'href': stack_url, 'rel': 'stack'}]
        nested = self.engine.nested_stack(resource)
        if nested is not None:
            links.append({'href': self._stack_url(req, nested),
                          'rel': 'nested'})
        view = {
            'resource_name': name, 'logical_resource_id': name,
            'physical_resource_id': resource['physical_id'] or '',
            'resource_type': resource['type'],
            'resource_status': status, 'resource_status_reason': reason,
            'creation_time': isotime(resource['created']),
            'updated_time': isotime(resource['updated'] or
                                    resource['created']),
            'required_by': (_required_by(stack).get(name, [])
                            if required_by is None else required_by),
            'links': links,
        }
        if stack['parent_resource']:
            view['parent_resource'] = stack['parent_resource']
        if detail:
            view.update(attributes=resource.get('attributes') or {},
                        description='', metadata={})
        return view

    def _event_view(self, req, stack, event):
        stack_url = self._stack_url(req, stack)
        resource_url = '%s/resources/%s' % (
            stack_url, parse.quote(event['resource_name']))
        return dict(
            {key: value for key, value in event.items() if key != 'time'},
            event_time=isotime(event['time']),
            links=[{'href': '%s/events/%s' % (resource_url, event['id']),
                    'rel': 'self'},
                   {'href': resource_url, 'rel': 'resource'},
                   {'href': stack_url, 'rel': 'stack'}])

    def _walk(self, stack, depth):
        """``(stack, name, resource)`` of ``stack`` and, ``depth`` levels
        down, of its nested stacks."""
        for name, resource in stack['resources'].items():
            yield stack, name, resource
            nested = self.engine.nested_stack(resource) if depth else None
            if nested is not None:
                yield from self._walk(nested, depth - 1)

    def _stacks(self, stack, depth):
        yield stack
        if depth:
            for resource in stack['resources'].values():
                nested = self.engine.nested_stack(resource)
                if nested is not None:
                    yield from self._stacks(nested, depth - 1)

    # ---- service --------------------------------------------------------

    def versions(self, req, body):
        return Reply({'versions': [{
            'id': 'v1.0', 'status': 'CURRENT',
            'links': [{'rel': 'self',
                       'href': '%s/heat-api/v1/' % req.host_url}]}]}, 300)

    def build_info(self, req, body, tenant_id):
        return Reply({'api': {'revision': 'tacker-sandbox'},
                      'engine': {'revision': 'tacker-sandbox'}})

    def validate(self, req, body, tenant_id):
        body = wsgi.json_body(body)
        if body.get('template') is None:
            raise errors.BadRequest('No template specified')
        tmpl = hot.Template(hot.load_document(body['template']))
        files = environment_lib.check_files(body.get('files'))
        environment = environment_lib.load(body.get('environment'))
        for definition in tmpl.resources.values():
            kind, source = environment_lib.resource_kind(
                definition['type'], files, environment)
            if kind == 'template':
                hot.Template(hot.load_document(files[source],
                                               'template %s' % source))
        parameters = {
            name: {'Type': _HEAT_TYPES[schema['type']],
                   'Description': schema.get('description', ''),
                   'Label': schema.get('label', name),
                   'NoEcho': str(bool(schema.get('hidden'))).lower(),
                   **({'Default': schema['default']}
                      if 'default' in schema else {})}
            for name, schema in tmpl.parameters.items()}
        return Reply({'Description': tmpl.description,
                      'Parameters': parameters,
                      'ParameterGroups': tmpl.document.get(
                          'parameter_groups') or []})

    # ---- stacks ---------------------------------------------------------

    def list_stacks(self, req, body, tenant_id):
        now = self.engine.clock()
        stacks = self.engine.list_stacks(
            tenant_id, show_nested=_flag(req, 'show_nested'),
            show_deleted=_flag(req, 'show_deleted'))
        views = []
        for stack in stacks:
            view = self.stack_view(req, stack, now, detail=False)
            action, _, status = view['stack_status'].partition('_')
            if (_matches(req, 'name', stack['name']) and
                    _matches(req, 'stack_name', stack['name']) and
                    _matches(req, 'id', stack['id']) and
                    _matches(req, 'action', action) and
                    _matches(req, 'status', status, view['stack_status'])):
                views.append(view)
        sort_key = {'stack_name': 'stack_name', 'name': 'stack_name',
                    'updated_at': 'updated_time',
                    'stack_status': 'stack_status'}.get(
            req.GET.get('sort_keys'), 'creation_time')
        views.sort(key=lambda view: (view[sort_key] or '', view['id']),
                   reverse=req.GET.get('sort_dir', 'desc') != 'asc')
        return Reply({'stacks': _page(req, views)})

    def create_stack(self, req, body, tenant_id):
        body = wsgi.json_body(body)
        template = self._template(body)
        stack = self.engine.create_stack(
            tenant_id, body.get('stack_name'), template,
            parameters=body.get('parameters'), files=body.get('files'),
            environment=self._environment(body),
            timeout_mins=body.get('timeout_mins'),
            disable_rollback=_boolean_field(body, 'disable_rollback', True),
            heat_url=self.base_url(req, tenant_id))
        return Reply({'stack': {'id': stack['id'], 'links': [
            {'href': self._stack_url(req, stack), 'rel': 'self'}]}}, 201)

    @staticmethod
    def _template(body, required=True):
        if body.get('template') is None and body.get('template_url'):
            raise errors.BadRequest('The sandbox VIM does not fetch '
                                    'template_url; send the template inline.')
        if body.get('template') is None and required:
            raise errors.BadRequest('No template specified')
        return body.get('template')

    @staticmethod
    def _environment(body):
        """The request's environment, after its environment_files."""
        merged = {}
        files = body.get('files') or {}
        names = body.get('environment_files') or []
        if not isinstance(names, list):
            raise errors.BadRequest('environment_files must be a list')
        for name in names:
            if not isinstance(name, str) or not isinstance(files, dict) or \
                    name not in files:
                raise errors.BadRequest('Environment file %s is not in '
                                        'files' % name)
            merged = environment_lib.merge(
                merged, environment_lib.load(files[name]))
        return environment_lib.merge(
            merged, environment_lib.load(body.get('environment')))

    def lookup(self, req, body, tenant_id, stack_name, path=None):
        stack = self.engine.lookup(tenant_id, stack_name)
        location = self._stack_url(req, stack)
        if path:
            location += '/' + path
        if req.query_string:
            location += '?' + req.query_string
        return Reply(status=302, headers={'Location': location})

    def show_stack(self, req, body, tenant_id, stack_name, stack_id):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        return Reply({'stack': self.stack_view(req, stack,
                                               self.engine.clock())})

    def update_stack(self, req, body, tenant_id, stack_name, stack_id,
                     existing=False):
        body = wsgi.json_body(body)
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        self.engine.update_stack(
            stack, self._template(body, required=not existing),
            parameters=body.get('parameters'), files=body.get('files'),
            environment=self._environment(body), existing=existing,
            clear_parameters=body.get('clear_parameters') or (),
            timeout_mins=body.get('timeout_mins'),
            disable_rollback=_boolean_field(body, 'disable_rollback', None),
            heat_url=self.base_url(req, tenant_id))
        return Reply(status=202)

    def patch_stack(self, req, body, tenant_id, stack_name, stack_id):
        return self.update_stack(req, body, tenant_id, stack_name, stack_id,
                                 existing=True)

    def delete_stack(self, req, body, tenant_id, stack_name, stack_id):
        self.engine.delete_stack(self.engine.get(tenant_id, stack_name,
                                                 stack_id))
        return Reply(status=204)

    def template(self, req, body, tenant_id, stack_name, stack_id):
        return Reply(self.engine.get(tenant_id, stack_name,
                                     stack_id)['template'])

    def environment(self, req, body, tenant_id, stack_name, stack_id):
        return Reply(self.engine.get(tenant_id, stack_name,
                                     stack_id)['environment'])

    def files(self, req, body, tenant_id, stack_name, stack_id):
        return Reply(self.engine.get(tenant_id, stack_name,
                                     stack_id)['files'])

    def outputs(self, req, body, tenant_id, stack_name, stack_id):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        return Reply({'outputs': [
            {'output_key': output['output_key'],
             'description': output['description']}
            for output in stack['outputs']]})

    def output(self, req, body, tenant_id, stack_name, stack_id,
               output_key):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        for output in stack['outputs']:
            if output['output_key'] == output_key:
                return Reply({'output': output})
        raise errors.entity_not_found('Output', output_key)

    # ---- resources and events -------------------------------------------

    def list_resources(self, req, body, tenant_id, stack_name, stack_id):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        depth = _int_param(req, 'nested_depth', 0)
        now = self.engine.clock()
        views, required_by = [], {}
        for owner, name, resource in self._walk(stack, depth):
            if owner['id'] not in required_by:
                required_by[owner['id']] = _required_by(owner)
            view = self.resource_view(
                req, owner, name, resource, now,
                detail=_flag(req, 'with_detail'),
                required_by=required_by[owner['id']].get(name, []))
            action, _, status = view['resource_status'].partition('_')
            if (_matches(req, 'name', name) and
                    _matches(req, 'type', resource['type']) and
                    _matches(req, 'action', action) and
                    _matches(req, 'status', status,
                             view['resource_status']) and
                    _matches(req, 'physical_resource_id',
                             view['physical_resource_id']) and
                    _matches(req, 'id', view['physical_resource_id'])):
                views.append(view)
        return Reply({'resources': views})

    def _resource(self, tenant_id, stack_name, stack_id, resource_name):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        if resource_name not in stack['resources']:
            raise errors.entity_not_found('Resource', resource_name)
        return stack, stack['resources'][resource_name]

    def show_resource(self, req, body, tenant_id, stack_name, stack_id,
                      resource_name):
        stack, resource = self._resource(tenant_id, stack_name, stack_id,
                                         resource_name)
        return Reply({'resource': self.resource_view(
            req, stack, resource_name, resource, self.engine.clock(),
            detail=True)})

    def resource_metadata(self, req, body, tenant_id, stack_name, stack_id,
                          resource_name):
        self._resource(tenant_id, stack_name, stack_id, resource_name)
        return Reply({'metadata': {}})

    def mark_unhealthy(self, req, body, tenant_id, stack_name, stack_id,
                       resource_name):
        body = wsgi.json_body(body)
        for key in body:
            if key not in ('mark_unhealthy', 'resource_status_reason'):
                raise errors.BadRequest('Invalid key %s in the request'
                                        % key)
        if 'mark_unhealthy' not in body:
            raise errors.BadRequest('Missing mandatory (mark_unhealthy) key '
                                    'from mark unhealthy request')
        reason = body.get('resource_status_reason') or ''
        if not isinstance(reason, str):
            raise errors.BadRequest('resource_status_reason must be a '
                                    'string')
        stack, _ = self._resource(tenant_id, stack_name, stack_id,
                                  resource_name)
        self.engine.mark_unhealthy(stack, resource_name,
                                   body['mark_unhealthy'], reason)
        return Reply({})

    def signal(self, req, body, tenant_id, stack_name, stack_id,
               resource_name):
        self._resource(tenant_id, stack_name, stack_id, resource_name)
        raise errors.BadRequest('The sandbox VIM does not simulate resource '
                                'signals; update the stack instead.')

    def list_events(self, req, body, tenant_id, stack_name, stack_id,
                    resource_name=None):
        stack = self.engine.get(tenant_id, stack_name, stack_id)
        if resource_name is not None and \
                resource_name not in stack['resources'] and \
                resource_name != stack['name']:
            raise errors.entity_not_found('Resource', resource_name)
        now = self.engine.clock()
        timeline = sorted(
            ((event, owner) for owner in self._stacks(
                stack, _int_param(req, 'nested_depth', 0))
             for event in self.engine.events(owner, now)),
            key=lambda pair: pair[0]['time'],
            reverse=req.GET.get('sort_dir') == 'desc')
        events = [
            self._event_view(req, owner, event) for event, owner in timeline
            if (resource_name is None or
                event['resource_name'] == resource_name) and
            _matches(req, 'resource_name', event['resource_name']) and
            _matches(req, 'resource_type', event['resource_type']) and
            _matches(req, 'resource_action',
                     event['resource_status'].partition('_')[0]) and
            _matches(req, 'resource_status',
                     event['resource_status'].partition('_')[2])]
        return Reply({'events': _page(req, events)})

    def show_event(self, req, body, tenant_id, stack_name, stack_id,
                   resource_name, event_id):
        events = self.list_events(req, body, tenant_id, stack_name, stack_id,
                                  resource_name).body['events']
        for event in events:
            if event['id'] == event_id:
                return Reply({'event': event})
        raise errors.entity_not_found('Event', event_id)


_HEAT_TYPES = {'string': 'String', 'number': 'Number', 'json': 'Json',
               'comma_delimited_list': 'CommaDelimitedList',
               'boolean': 'Boolean'}
