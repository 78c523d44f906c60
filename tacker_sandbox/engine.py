"""Stack lifecycle of the sandbox Heat: create, update, delete and
mark-unhealthy on the stacks of a :class:`~tacker_sandbox.store.Store`.

Each action is applied to the store at once; what clients see is
derived when they read. Stacks, resources and events record when their
action started and when it is done (``--delay`` later): until then they
show ``<ACTION>_IN_PROGRESS``, after it ``COMPLETE`` or ``FAILED``. No
background threads, so a restarted process with a state file carries on
where it was.

Nested templates and AutoScalingGroups become nested stacks of their
own, as in Heat: a group's nested stack has one resource per member.
"""
import ipaddress
import re
import time
import uuid

from tacker_sandbox import environment as environment_lib
from tacker_sandbox import errors
from tacker_sandbox import hot
from tacker_sandbox import parameters as parameters_lib
from tacker_sandbox import resources

# Heat's defaults for max_resources_per_stack and max_nested_stack_depth.
MAX_RESOURCES = 1000
MAX_DEPTH = 5
MAX_EVENTS = 2000
COMPLETE, FAILED, IN_PROGRESS = 'COMPLETE', 'FAILED', 'IN_PROGRESS'
_STACK_NAME = re.compile(r'[a-zA-Z][a-zA-Z0-9_.-]{0,254}')
_GROUP_VERSION = '2015-04-30'


class Operation:
    """One request's work: its action and time, the files and
    environment of its stack tree, the faults it may hit, and the
    addresses its ports hold (a resources.AddressPool)."""

    def __init__(self, action, now, faults, addresses, files=None,
                 environment=None, heat_url=''):
        self.action = action
        self.now = now
        self.faults = faults
        self.addresses = addresses
        self.faults_changed = False
        self.files = files or {}
        self.environment = environment or {}
        self.heat_url = heat_url
        self.resource_count = 0
        self.templates = {}

    def fault(self, name, resource_type):
        """The reason of the first fault matching this resource in this
        action, if any; faults with a ``count`` wear out."""
        for fault in self.faults:
            if fault['action'] == self.action and \
                    fault['resource'] in (name, resource_type):
                if fault.get('count') is not None:
                    fault['count'] -= 1
                    if fault['count'] <= 0:
                        self.faults.remove(fault)
                    self.faults_changed = True
                return fault.get('reason') or 'Injected fault'
        return None

    def count_resource(self):
        self.resource_count += 1
        if self.resource_count > MAX_RESOURCES:
            raise errors.BadRequest('Maximum resources per stack exceeded.',
                                    'RequestLimitExceeded')


class Engine:

    def __init__(self, store, delay=0.0, clock=time.time,
                 address_pool=None):
        """``address_pool``: a network (or CIDR) of addresses for ports
        given no fixed IP; without it they get made-up ones."""
        self.store = store
        self.delay = delay
        self.clock = clock
        self.address_pool = ipaddress.ip_network(address_pool) \
            if address_pool else None

    # ---- reading --------------------------------------------------------

    @staticmethod
    def status(record, now):
        """``(ACTION_STATUS, reason)`` of a stack or resource at ``now``."""
        if now < record['done_at']:
            reason = ('Stack %s started' % record['action']
                      if 'resources' in record else 'state changed')
            return '%s_%s' % (record['action'], IN_PROGRESS), reason
        return '%s_%s' % (record['action'], record['status']), \
            record['reason']

    @staticmethod
    def is_gone(stack, now):
        return stack['gone_at'] is not None and now >= stack['gone_at']

    def lookup(self, project_id, name_or_id):
        """Heat's stack lookup: by id (deleted stacks too), else by the
        name of a stack that is not deleted."""
        stack = None
        if _is_uuid(name_or_id):
            stack = self.store.get_stack(name_or_id)
            if stack is not None and stack['project_id'] != project_id:
                stack = None
        if stack is None:
            stack = self.store.find_stack(project_id, name_or_id,
                                          self.clock())
        if stack is None:
            raise errors.entity_not_found('Stack', name_or_id)
        return stack

    def get(self, project_id, name, stack_id):
        stack = self.store.get_stack(stack_id)
        if stack is None or stack['project_id'] != project_id or \
                stack['name'] != name:
            raise errors.entity_not_found('Stack', name)
        return stack

    def list_stacks(self, project_id, show_nested=False, show_deleted=False):
        now = self.clock()
        return [stack for stack in self.store.list_stacks(
                    project_id, roots_only=not show_nested)
                if show_deleted or not self.is_gone(stack, now)]

    def nested_stack(self, resource):
        return self.store.get_stack(resource['nested']) \
            if resource.get('nested') else None

    def events(self, stack, now):
        """Events of ``stack``: each action's start, and its end once
        done; dicts in Heat's field names, without links."""
        for event in stack['events']:
            base = {'resource_name': event['resource'],
                    'logical_resource_id': event['resource'],
                    'physical_resource_id': event['physical_id'],
                    'resource_type': event['type']}
            if event['done_at'] > event['time']:
                yield dict(base, id=_event_id(stack, event, 0),
                           time=event['time'],
                           resource_status='%s_%s' % (event['action'],
                                                      IN_PROGRESS),
                           resource_status_reason=event['started_reason'])
            if now >= event['done_at']:
                yield dict(base, id=_event_id(stack, event, 1),
                           time=event['done_at'],
                           resource_status='%s_%s' % (event['action'],
                                                      event['status']),
                           resource_status_reason=event['reason'])

    # ---- actions --------------------------------------------------------

    def create_stack(self, project_id, name, template, parameters=None,
                     files=None, environment=None, timeout_mins=None,
                     disable_rollback=True, heat_url=''):
        if not isinstance(name, str) or not _STACK_NAME.fullmatch(name):
            raise errors.BadRequest(
                'Invalid stack name %s must contain only alphanumeric or '
                '"_-." characters, must start with alpha and must be 255 '
                'characters or less.' % name, 'StackValidationFailed')
        files = environment_lib.check_files(files)
        environment = environment_lib.load(environment)
        parameters = environment_lib.check_parameters(parameters)
        tmpl = hot.Template(hot.load_document(template))
        values = _user_values(tmpl, parameters, environment)
        with self.store.transaction():
            now = self.clock()
            if self.store.find_stack(project_id, name, now) is not None:
                raise errors.Conflict('The Stack (%s) already exists.' % name,
                                      'StackExists')
            stack = _new_stack(project_id, name, None, None, now)
            stack.update(files=files, environment=environment,
                         user_parameters=parameters,
                         timeout_mins=timeout_mins,
                         disable_rollback=bool(disable_rollback))
            op = self._operation('CREATE', now, files, environment, heat_url)
            self._converge(op, stack, tmpl, values)
            self._finish(op)
        return stack

    def update_stack(self, stack, template=None, parameters=None,
                     files=None, environment=None, existing=False,
                     clear_parameters=(), timeout_mins=None,
                     disable_rollback=None, heat_url=''):
        """PUT (a new template and parameters) or, with ``existing``,
        PATCH (the stored ones, with the given parameters merged in).

        A nested stack may be updated too, as in Heat: it converges to
        what is sent, its parent's state is left alone, and the parent's
        next update converges it to the parent's definition again."""
        parameters = environment_lib.check_parameters(parameters)
        environment = environment_lib.load(environment)
        files = environment_lib.check_files(files)
        if existing:
            if template is None:
                template = stack['template']
            parameters = dict(stack['user_parameters'], **parameters)
            if not isinstance(clear_parameters, (list, tuple)) or not all(
                    isinstance(name, str) for name in clear_parameters):
                raise errors.BadRequest('clear_parameters must be a list of '
                                        'parameter names')
            for name in clear_parameters:
                parameters.pop(name, None)
            files = dict(stack['files'], **files)
            environment = environment_lib.merge(stack['environment'],
                                                environment)
        elif template is None:
            raise errors.BadRequest('No template specified')
        tmpl = hot.Template(hot.load_document(template))
        values = _user_values(tmpl, parameters, environment)
        with self.store.transaction():
            now = self.clock()
            self._check_idle(stack, now)
            stack.update(files=files, environment=environment,
                         user_parameters=parameters)
            if timeout_mins is not None:
                stack['timeout_mins'] = timeout_mins
            if disable_rollback is not None:
                stack['disable_rollback'] = bool(disable_rollback)
            op = self._operation('UPDATE', now, files, environment, heat_url)
            self._converge(op, stack, tmpl, values)
            self._finish(op)

    def delete_stack(self, stack):
        if stack['parent'] is not None:
            raise errors.BadRequest('The sandbox VIM deletes nested stacks '
                                    'only through their parent stack.')
        with self.store.transaction():
            now = self.clock()
            if self.is_gone(stack, now):
                raise errors.entity_not_found('Stack', stack['name'])
            op = self._operation('DELETE', now)
            self._delete_tree(op, stack, inject=True)
            self._finish(op)

    def mark_unhealthy(self, stack, resource_name, mark, reason):
        """Heat's resource PATCH: CHECK_FAILED (or back to CHECK_COMPLETE),
        so that the next stack update replaces the resource."""
        resource = stack['resources'].get(resource_name)
        if resource is None:
            raise errors.entity_not_found('Resource', resource_name)
        if not isinstance(mark, bool):
            raise errors.BadRequest('mark_unhealthy must be a boolean')
        with self.store.transaction():
            now = self.clock()
            if self.status(resource, now)[0].endswith(IN_PROGRESS):
                raise errors.Conflict(
                    'Resource %s is in progress; it cannot be marked '
                    'unhealthy now.' % resource_name, 'ActionInProgress')
            if mark or resource['action'] == 'CHECK':
                self._set_resource_state(stack, resource_name, resource,
                                         'CHECK', now,
                                         FAILED if mark else COMPLETE,
                                         reason or '', 0)
            self.store.save_stack(stack)

    # ---- internals ------------------------------------------------------

    def _operation(self, action, now, files=None, environment=None,
                   heat_url=''):
        addresses = resources.AddressPool(
            self.address_pool,
            self.store.get_meta(resources.AddressPool.META_KEY, {}))
        return Operation(action, now, self.store.get_meta('faults', []),
                         addresses, files, environment, heat_url)

    def _finish(self, op):
        if op.faults_changed:
            self.store.set_meta('faults', op.faults)
        if op.addresses.changed:
            self.store.set_meta(resources.AddressPool.META_KEY,
                                op.addresses.held)

    def _check_idle(self, stack, now):
        status = self.status(stack, now)[0]
        if self.is_gone(stack, now):
            raise errors.entity_not_found('Stack', stack['name'])
        if status.endswith(IN_PROGRESS):
            raise errors.Conflict(
                'Stack %s already has an action (%s) in progress.'
                % (stack['name'], stack['action']), 'ActionInProgress')

    def _converge(self, op, stack, tmpl, values):
        """Bring ``stack`` to ``tmpl`` with parameter ``values``: create,
        update in place, replace or remove each resource, recursing into
        nested stacks. Returns the first failure's reason, if any."""
        stack['template'] = tmpl.document
        stack['parameters'] = {
            name: parameters_lib.display(tmpl.parameters[name], value)
            for name, value in values.items()}
        stack['parameters'].update(_pseudo_parameters(stack))
        old, built, siblings = stack['resources'], {}, {}
        context = resources.Context(
            stack['name'], '%s/stacks/%s/%s' % (op.heat_url, stack['name'],
                                                stack['id']), siblings,
            op.addresses)

        def get_resource(name):
            return built[name]['physical_id'] if name in built else None

        def get_attr(name, attribute, path):
            if name not in built:
                return None
            return resources.attribute(built[name], attribute, path)

        evaluator = hot.Evaluator(tmpl, dict(values, **_pseudo_parameters(
            stack)), op.files, get_resource, get_attr)
        failure = None
        for name in tmpl.order:
            definition = tmpl.resources[name]
            if not evaluator.condition(definition.get('condition')):
                continue
            props = evaluator.evaluate(definition.get('properties') or {})
            if not isinstance(props, dict):
                raise errors.validation_failed(
                    'Property error: resources.%s.properties: must be a map'
                    % name)
            resource, reason = self._converge_resource(
                op, stack, name, definition['type'], props, old.get(name),
                context)
            resource['requires'] = sorted(tmpl.requires(name))
            built[name] = siblings[resource['physical_id']] = resource
            failure = failure or reason
        for name, resource in old.items():
            if name not in built:
                self._remove_resource(op, stack, name, resource)
        stack['resources'] = built
        stack['outputs'] = _outputs(tmpl, evaluator)
        self._set_state(stack, op.action, op.now, failure)
        self.store.save_stack(stack)
        return failure

    def _converge_resource(self, op, stack, name, resource_type, props,
                           previous, context):
        kind, source = environment_lib.resource_kind(
            resource_type, op.files, op.environment)
        op.count_resource()
        if _needs_replacement(previous, resource_type, kind):
            if previous is not None:
                self._remove_resource(op, stack, name, previous)
            resource = {'type': resource_type, 'physical_id': None,
                        'nested': None, 'created': op.now, 'updated': None}
            action = 'CREATE'
        elif kind == 'plain' and props == previous['properties']:
            return previous, None
        else:
            # Nested stacks are always updated; their resources decide.
            resource = dict(previous, updated=op.now)
            action = 'UPDATE'
        resource['properties'] = props
        failure = exhausted = None
        if kind == 'plain':
            resource['physical_id'] = (resource['physical_id'] or
                                       resources.new_id())
            try:
                resource['attributes'] = resources.simulate(
                    resource_type, name, props, resource['physical_id'],
                    context)
            except resources.PoolExhausted as error:
                resource['attributes'] = error.attributes
                exhausted = str(error)
        else:
            child = self.nested_stack(resource) or _new_stack(
                stack['project_id'], '%s-%s-%s' % (
                    stack['name'], name, resources.short_id()),
                stack, name, op.now)
            # Heat's nested stacks get their parent's files and
            # environment, and the properties as parameters: what a GET of
            # them shows and a PATCH of the nested stack alone starts from.
            child.update(files=op.files, environment=op.environment,
                         user_parameters=props if kind == 'template' else {})
            if kind == 'group':
                tmpl, values = _group_template(child, name, props)
            else:
                tmpl, values = self._template_resource(op, name, source,
                                                       props)
            failure = self._converge(op, child, tmpl, values)
            resource['physical_id'] = resource['nested'] = child['id']
            if kind == 'group':
                resource['attributes'] = resources.group_attributes(
                    list(child['resources'].items()))
            else:
                resource['attributes'] = {
                    output['output_key']: output.get('output_value')
                    for output in child['outputs']}
        fault = op.fault(name, resource_type) or exhausted
        if fault:
            failure = 'Resource %s failed: %s' % (action, fault)
        reason = fault or failure or 'state changed'
        self._set_resource_state(stack, name, resource, action, op.now,
                                 FAILED if failure else COMPLETE, reason)
        return resource, failure

    def _template_resource(self, op, name, source, props):
        tmpl = op.templates.get(source)
        if tmpl is None:
            tmpl = op.templates[source] = hot.Template(hot.load_document(
                op.files[source], 'template %s' % source))
        where = 'Property error: resources.%s.properties' % name
        unknown = tmpl.unknown_parameters(props)
        if unknown:
            raise errors.validation_failed('%s: Unknown Property %s'
                                           % (where, unknown[0]))
        defaults = op.environment.get('parameter_defaults') or {}
        values = tmpl.resolve_parameters(
            props, defaults, missing=lambda parameter: errors.
            validation_failed('%s: Property %s not assigned'
                              % (where, parameter)))
        return tmpl, values

    def _remove_resource(self, op, stack, name, resource):
        child = self.nested_stack(resource)
        if child is not None:
            self._delete_tree(op, child, inject=False)
        op.addresses.release(resource['physical_id'])
        self._record_event(stack, name, dict(
            resource, action='DELETE', status=COMPLETE,
            reason='state changed', started=op.now,
            done_at=op.now + self.delay))

    def _delete_tree(self, op, stack, inject):
        failure = None
        for name, resource in stack['resources'].items():
            child = self.nested_stack(resource)
            child_failure = self._delete_tree(op, child, inject) \
                if child is not None else None
            fault = op.fault(name, resource['type']) if inject else None
            own_failure = ('Resource DELETE failed: %s' % fault if fault
                           else child_failure)
            self._set_resource_state(
                stack, name, resource, 'DELETE', op.now,
                FAILED if own_failure else COMPLETE,
                fault or child_failure or 'state changed')
            if not own_failure:
                op.addresses.release(resource['physical_id'])
            failure = failure or own_failure
        self._set_state(stack, 'DELETE', op.now, failure)
        self.store.save_stack(stack)
        return failure

    def _set_state(self, stack, action, now, failure):
        stack.update(action=action, started=now, done_at=now + self.delay,
                     status=FAILED if failure else COMPLETE,
                     reason=failure or 'Stack %s completed successfully'
                     % action)
        if action == 'UPDATE':
            stack['updated'] = now
        if action == 'DELETE' and not failure:
            stack['deleted'] = now
            stack['gone_at'] = stack['done_at']
        self._record_event(stack, stack['name'], dict(
            stack, type='OS::Heat::Stack', physical_id=stack['id']))

    def _set_resource_state(self, stack, name, resource, action, now,
                            status, reason, delay=None):
        resource.update(action=action, status=status, reason=reason,
                        started=now,
                        done_at=now + (self.delay if delay is None
                                       else delay))
        self._record_event(stack, name, resource)

    @staticmethod
    def _record_event(stack, name, record):
        stack['event_seq'] += 1
        started_reason = ('Stack %s started' % record['action']
                          if name == stack['name'] and
                          record['type'] == 'OS::Heat::Stack'
                          else 'state changed')
        stack['events'].append({
            'seq': stack['event_seq'], 'resource': name,
            'physical_id': record['physical_id'] or '',
            'type': record['type'], 'action': record['action'],
            'status': record['status'], 'reason': record['reason'],
            'started_reason': started_reason,
            'time': record['started'], 'done_at': record['done_at']})
        del stack['events'][:-MAX_EVENTS]


def _needs_replacement(previous, resource_type, kind):
    """Heat replaces a resource whose type changed, one marked
    unhealthy, and a failed plain one; a nested stack that failed
    inside is updated instead, so only its failed parts are replaced."""
    if previous is None or previous['type'] != resource_type or \
            previous['action'] == 'DELETE':
        return True
    if previous['status'] != FAILED:
        return False
    return previous['action'] == 'CHECK' or kind == 'plain' or \
        previous.get('nested') is None


def _new_stack(project_id, name, parent, parent_resource, now):
    stack_id = str(uuid.uuid4())
    depth = parent['depth'] + 1 if parent else 0
    if depth > MAX_DEPTH:
        raise errors.validation_failed('Recursion depth exceeds %d.'
                                       % MAX_DEPTH)
    return {
        'id': stack_id, 'name': name, 'project_id': project_id,
        'parent': parent['id'] if parent else None,
        'parent_resource': parent_resource,
        'root': parent['root'] if parent else stack_id, 'depth': depth,
        'created': now, 'updated': None, 'deleted': None, 'gone_at': None,
        'action': 'CREATE', 'status': COMPLETE, 'reason': '',
        'started': now, 'done_at': now,
        'template': {}, 'parameters': {}, 'resources': {}, 'outputs': [],
        'events': [], 'event_seq': 0, 'files': {}, 'environment': {},
        'user_parameters': {}, 'timeout_mins': None,
        'disable_rollback': True,
    }


def _group_template(child, name, props):
    """The nested template of an AutoScalingGroup: its current members
    (failed ones dropped first, then the oldest, when it shrinks) plus
    new ones with fresh short names."""
    where = 'Property error: resources.%s.properties' % name
    member = props.get('resource')
    if not isinstance(member, dict) or not isinstance(member.get('type'),
                                                      str):
        raise errors.validation_failed('%s.resource: a map with a "type" '
                                       'is required' % where)
    current = list(child['resources'].items())
    try:
        min_size = int(props['min_size'])
        max_size = int(props['max_size'])
        desired = props.get('desired_capacity')
        desired = (min(max(len(current), min_size), max_size)
                   if desired in (None, '') else int(desired))
    except KeyError as error:
        raise errors.validation_failed('%s: Property %s not assigned'
                                       % (where, error.args[0])) from None
    except (TypeError, ValueError) as error:
        raise errors.validation_failed('%s: %s' % (where, error)) from None
    if not 0 <= min_size <= desired <= max_size:
        raise errors.validation_failed(
            'desired_capacity must be between min_size and max_size')
    if desired > MAX_RESOURCES:
        raise errors.BadRequest('Maximum resources per stack exceeded.',
                                'RequestLimitExceeded')
    ranked = sorted(current, key=lambda item: (
        item[1]['status'] != FAILED, item[1]['created']))
    keep = {member_name for member_name, _ in
            ranked[max(len(ranked) - desired, 0):]}
    names = [member_name for member_name, _ in current if member_name in keep]
    names += [resources.short_id() for _ in range(desired - len(names))]
    definition = {'type': member['type'],
                  'properties': member.get('properties') or {}}
    document = {'heat_template_version': _GROUP_VERSION,
                'resources': dict.fromkeys(names, definition)}
    return hot.Template(document), {}


def _user_values(tmpl, parameters, environment):
    given = dict(environment.get('parameters') or {}, **parameters)
    unknown = tmpl.unknown_parameters(given)
    if unknown:
        raise errors.BadRequest('The Parameter (%s) was not defined in '
                                'template.' % unknown[0],
                                'UnknownUserParameter')
    return tmpl.resolve_parameters(
        given, environment.get('parameter_defaults') or {})


def _outputs(tmpl, evaluator):
    outputs = []
    for key, output in tmpl.outputs.items():
        entry = {'output_key': key,
                 'description': output.get('description',
                                           'No description given')}
        try:
            entry['output_value'] = evaluator.evaluate(output['value'])
        except errors.SandboxError as error:
            entry.update(output_value=None, output_error=error.message)
        outputs.append(entry)
    return outputs


def _pseudo_parameters(stack):
    return {'OS::stack_name': stack['name'], 'OS::stack_id': stack['id'],
            'OS::project_id': stack['project_id']}


def _is_uuid(text):
    try:
        uuid.UUID(text)
    except (TypeError, ValueError, AttributeError):
        return False
    return True


def _event_id(stack, event, phase):
    return str(uuid.uuid5(uuid.UUID(stack['id']),
                          '%d.%d' % (event['seq'], phase)))
