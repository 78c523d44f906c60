"""HOT, Heat's template language: loading, checking, parameters,
intrinsic functions and resource dependencies.

Pure functions over template documents; the engine decides what the
evaluated resources become. Errors are the ones Heat reports for the
same mistakes, raised as 400s.
"""
import hashlib
import itertools
import json

import yaml

from tacker_sandbox import errors
from tacker_sandbox import parameters as parameters_lib

VERSIONS = (
    '2013-05-23', '2014-10-16', '2015-04-30', '2015-10-15', '2016-04-08',
    '2016-10-14', 'newton', '2017-02-24', 'ocata', '2017-09-01', 'pike',
    '2018-03-02', 'queens', '2018-08-31', 'rocky', '2021-04-16', 'wallaby')
SECTIONS = ('heat_template_version', 'description', 'parameter_groups',
            'parameters', 'resources', 'outputs', 'conditions')
RESOURCE_KEYS = ('type', 'properties', 'metadata', 'depends_on',
                 'update_policy', 'deletion_policy', 'condition',
                 'external_id')
# repeat/for_each may not expand into more items than this.
MAX_REPEAT = 10000
# Deeper templates are refused while composing, before the recursion
# that builds them could exhaust the sandbox's stack.
MAX_DEPTH = 200


class _Loader(yaml.SafeLoader):
    """Heat's YAML rules: timestamps stay strings (``2013-05-23`` is a
    version, not a date). Aliases are refused: a few lines of them can
    expand into billions of nodes. Nesting beyond ``MAX_DEPTH`` is
    refused as it is met (the pure-Python composer recurses per level).
    """

    _depth = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError('YAML aliases are not supported %s' % mark)
        if self._depth >= MAX_DEPTH and self.check_event(
                yaml.SequenceStartEvent, yaml.MappingStartEvent):
            raise yaml.YAMLError('The document nests deeper than %d levels'
                                 ' %s' % (MAX_DEPTH, mark))
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_constructor('tag:yaml.org,2002:timestamp',
                        lambda loader, node: loader.construct_scalar(node))


def load_document(source, what='template'):
    """A template or environment given inline (a mapping) or as YAML or
    JSON text, as a dict."""
    if isinstance(source, str):
        try:
            # The round trip through JSON turns what YAML allows but a
            # stack document can't hold (sets, bytes, odd keys) into 400s.
            source = json.loads(json.dumps(yaml.load(source,
                                                     Loader=_Loader)))
        except (yaml.YAMLError, RecursionError, TypeError,
                ValueError) as error:
            raise errors.BadRequest('Error parsing %s: %s' % (what, error))
    if source is None and what == 'environment':
        return {}
    if not isinstance(source, dict):
        raise errors.BadRequest(
            'The %s is not a JSON object or YAML mapping.' % what)
    return source


def _str_keys(mapping, what):
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        raise errors.validation_failed('The "%s" section must be a map.'
                                       % what)
    return mapping


class Template:
    """One checked HOT document (top-level or nested)."""

    def __init__(self, document):
        self.document = document
        version = document.get('heat_template_version')
        if version is None:
            raise errors.BadRequest('Template format version not found.',
                                    'InvalidTemplateVersion')
        if str(version) not in VERSIONS:
            raise errors.BadRequest(
                'The template version is invalid: "heat_template_version: '
                '%s". "heat_template_version" should be one of: %s'
                % (version, ', '.join(VERSIONS)), 'InvalidTemplateVersion')
        for section in document:
            if section not in SECTIONS:
                raise errors.validation_failed(
                    'The template section is invalid: %s' % section)
        self.description = document.get('description') or ''
        self.parameters = _str_keys(document.get('parameters'), 'parameters')
        self.resources = _str_keys(document.get('resources'), 'resources')
        self.outputs = _str_keys(document.get('outputs'), 'outputs')
        self.conditions = _str_keys(document.get('conditions'), 'conditions')
        self._check_parameters()
        self._requires = {name: self._check_resource(name, definition)
                          for name, definition in self.resources.items()}
        for key, output in self.outputs.items():
            if not isinstance(output, dict) or 'value' not in output:
                raise errors.validation_failed(
                    'Each output definition must contain a value key: %s'
                    % key)
            self._check_references(output['value'], 'outputs.%s' % key)
        self.order = self._dependency_order()

    def _check_parameters(self):
        for name, schema in self.parameters.items():
            if not isinstance(schema, dict):
                raise errors.validation_failed(
                    'Invalid parameter schema for parameter: %s' % name)
            if 'type' not in schema:
                raise errors.validation_failed(
                    'Missing parameter type for parameter: %s' % name)
            if not isinstance(schema.get('constraints', []), list):
                raise errors.validation_failed(
                    'Invalid parameter constraints for parameter %s, '
                    'expected a list' % name)
            if schema['type'] not in parameters_lib.TYPES:
                raise errors.validation_failed(
                    'Invalid type (%s) of parameter %s'
                    % (schema['type'], name))

    def _check_resource(self, name, definition):
        if not isinstance(definition, dict):
            raise errors.validation_failed(
                'Resource %s is not a map.' % name)
        for key in definition:
            if key not in RESOURCE_KEYS:
                raise errors.validation_failed(
                    '"%s" is not a valid keyword inside a resource '
                    'definition' % key)
        if not isinstance(definition.get('type'), str):
            raise errors.validation_failed(
                'Resource %s is missing "type"' % name)
        properties = definition.get('properties')
        if properties is not None and not isinstance(properties, dict):
            raise errors.validation_failed(
                'Properties of resource %s must be a map.' % name)
        depends_on = definition.get('depends_on') or []
        if isinstance(depends_on, str):
            depends_on = [depends_on]
        if not isinstance(depends_on, list):
            raise errors.validation_failed(
                'Resource %s depends_on must be a list or a string' % name)
        requires = set()
        for target in depends_on:
            if not isinstance(target, str) or target not in self.resources:
                raise errors.BadRequest(
                    'The specified reference "%s" (in %s) is incorrect.'
                    % (target, name), 'InvalidTemplateReference')
            requires.add(target)
        where = 'resources.%s.properties' % name
        requires.update(self._check_references(properties, where))
        return requires

    def _check_references(self, value, where):
        """Names used by get_resource/get_attr in ``value``; all must be
        resources of this template."""
        names = set(_references(value))
        for name in names:
            if name not in self.resources:
                raise errors.BadRequest(
                    'The specified reference "%s" (in %s) is incorrect.'
                    % (name, where), 'InvalidTemplateReference')
        return names

    def requires(self, name):
        return self._requires[name]

    def _dependency_order(self):
        pending = {name: set(deps) for name, deps in self._requires.items()}
        order = []
        while pending:
            ready = [name for name, deps in pending.items() if not deps]
            if not ready:
                raise errors.BadRequest(
                    'Circular Dependency Found: %s' % ', '.join(sorted(
                        pending)), 'CircularDependencyException')
            for name in ready:
                del pending[name]
                order.append(name)
            for deps in pending.values():
                deps.difference_update(ready)
        return order

    def unknown_parameters(self, values):
        return sorted(set(values) - set(self.parameters))

    def resolve_parameters(self, values, defaults=None, missing=None):
        """Typed values of every parameter: ``values`` first, then
        ``defaults`` (an environment's parameter_defaults), then the
        template's own default. ``missing(name)`` builds the error for a
        parameter with none of these."""
        defaults = defaults or {}
        resolved = {}
        for name, schema in self.parameters.items():
            if name in values:
                raw = values[name]
            elif name in defaults:
                raw = defaults[name]
            elif 'default' in schema:
                raw = schema['default']
            else:
                raise (missing(name) if missing else errors.BadRequest(
                    'The Parameter (%s) was not provided.' % name,
                    'UserParameterMissing'))
            resolved[name] = parameters_lib.convert(name, schema, raw)
        return resolved


def _references(value):
    if isinstance(value, dict):
        if len(value) == 1:
            (function, args), = value.items()
            if function == 'get_resource' and isinstance(args, str):
                yield args
            elif (function == 'get_attr' and isinstance(args, list) and args
                  and isinstance(args[0], str)):
                yield args[0]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


class Evaluator:
    """Resolves intrinsic functions against parameters and the
    resources built so far (through the two callbacks)."""

    def __init__(self, template, parameters, files, get_resource, get_attr):
        self.template = template
        self.parameters = parameters
        self.files = files
        self._get_resource = get_resource
        self._get_attr = get_attr
        self._conditions = {}
        for name, expression in template.conditions.items():
            self._conditions[name] = bool(self.evaluate(expression))

    def evaluate(self, value):
        if isinstance(value, dict):
            if len(value) == 1:
                (function, args), = value.items()
                handler = _FUNCTIONS.get(function)
                if handler is not None:
                    try:
                        return handler(self, args)
                    except (TypeError, ValueError, AttributeError,
                            KeyError) as error:
                        raise errors.validation_failed(
                            'Invalid arguments to "%s": %s'
                            % (function, error)) from None
            return {key: self.evaluate(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.evaluate(item) for item in value]
        return value

    def condition(self, condition):
        """Whether a resource's ``condition`` (a name or an expression)
        holds."""
        if condition is None:
            return True
        if isinstance(condition, str):
            if condition not in self._conditions:
                raise errors.validation_failed(
                    'Invalid condition "%s"' % condition)
            return self._conditions[condition]
        return bool(self.evaluate(condition))

    def _get_param(self, args):
        args = self.evaluate(args)
        path = args if isinstance(args, list) else [args]
        if not path or not isinstance(path[0], str):
            raise errors.validation_failed('Arguments to "get_param" must be'
                                           ' a name or a list')
        if path[0] not in self.parameters:
            raise errors.validation_failed(
                'The Parameter (%s) was not provided.' % path[0])
        value = self.parameters[path[0]]
        try:
            for key in path[1:]:
                value = value[int(key) if isinstance(value, list) else key]
        except (KeyError, IndexError, TypeError, ValueError):
            return ''
        return value

    def _get_resource_fn(self, args):
        return self._get_resource(self.evaluate(args))

    def _get_attr_fn(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) < 2:
            raise errors.validation_failed(
                'Arguments to "get_attr" must be of the form '
                '[resource_name, attribute, (path), ...]')
        return self._get_attr(args[0], args[1], args[2:])

    def _get_file(self, args):
        args = self.evaluate(args)
        if not isinstance(args, str) or args not in self.files:
            raise errors.validation_failed(
                'No content found in the "files" section for get_file '
                'path: %s' % args)
        return self.files[args]

    def _str_replace(self, args):
        args = self.evaluate(args)
        if (not isinstance(args, dict) or
                not isinstance(args.get('template'), str) or
                not isinstance(args.get('params', {}), dict)):
            raise errors.validation_failed(
                '"str_replace" expects {template: string, params: map}')
        text = args['template']
        params = args.get('params') or {}
        # Longest keys first, so "$VAR1" wins over "$VAR" (as Heat does).
        for key in sorted(params, key=lambda item: (-len(str(item)), item)):
            text = text.replace(str(key), _as_text(params[key]))
        return text

    def _list_join(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or not args or not isinstance(
                args[0], str):
            raise errors.validation_failed(
                '"list_join" expects [delimiter, list, ...]')
        items = []
        for part in args[1:]:
            if isinstance(part, str):
                part = json.loads(part) if part.startswith('[') else [part]
            if not isinstance(part, list):
                raise errors.validation_failed(
                    '"list_join" expects lists to join')
            items.extend(part)
        return args[0].join(_as_text(item) for item in items)

    def _str_split(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) not in (2, 3):
            raise errors.validation_failed(
                '"str_split" expects [delimiter, string, (index)]')
        parts = str(args[1]).split(args[0])
        if len(args) == 3:
            try:
                return parts[int(args[2])]
            except (IndexError, ValueError):
                raise errors.validation_failed(
                    'Incorrect index to "str_split"') from None
        return parts

    def _list_concat(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or not all(
                isinstance(item, list) for item in args):
            raise errors.validation_failed('"list_concat" expects lists')
        return list(itertools.chain.from_iterable(args))

    def _map_merge(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or not all(
                isinstance(item, dict) for item in args):
            raise errors.validation_failed('"map_merge" expects maps')
        merged = {}
        for item in args:
            merged.update(item)
        return merged

    def _repeat(self, args):
        if not isinstance(args, dict) or not isinstance(
                args.get('for_each'), dict) or 'template' not in args:
            raise errors.validation_failed(
                '"repeat" expects {for_each: map, template: value}')
        for_each = self.evaluate(args['for_each'])
        names = list(for_each)
        lists = [for_each[name] for name in names]
        if not all(isinstance(values, list) for values in lists):
            raise errors.validation_failed('"for_each" values must be lists')
        size = 1
        for values in lists:
            size *= len(values)
        if size > MAX_REPEAT:
            raise errors.validation_failed('"repeat" expands too much')
        template = self.evaluate(args['template'])
        return [_substitute(template, dict(zip(names, combination)))
                for combination in itertools.product(*lists)]

    def _digest(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) != 2:
            raise errors.validation_failed(
                '"digest" expects [algorithm, value]')
        try:
            digest = hashlib.new(str(args[0]))
        except ValueError:
            raise errors.validation_failed(
                'Algorithm must be one of %s' % sorted(
                    hashlib.algorithms_available)) from None
        digest.update(_as_text(args[1]).encode())
        return digest.hexdigest()

    def _if(self, args):
        if not isinstance(args, list) or len(args) != 3:
            raise errors.validation_failed(
                '"if" expects [condition, value_if_true, value_if_false]')
        return self.evaluate(args[1] if self.condition(args[0]) else args[2])

    def _equals(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) != 2:
            raise errors.validation_failed('"equals" expects two values')
        return args[0] == args[1]

    def _not(self, args):
        return not self.condition(args)

    def _and(self, args):
        return all(self.condition(item) for item in _as_list(args, 'and'))

    def _or(self, args):
        return any(self.condition(item) for item in _as_list(args, 'or'))

    def _contains(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) != 2 or not isinstance(
                args[1], (list, str)):
            raise errors.validation_failed(
                '"contains" expects [value, sequence]')
        return args[0] in args[1]

    def _filter(self, args):
        args = self.evaluate(args)
        if not isinstance(args, list) or len(args) != 2 or not all(
                isinstance(item, list) for item in args):
            raise errors.validation_failed(
                '"filter" expects [values_to_remove, list]')
        return [item for item in args[1] if item not in args[0]]

    def _not_simulated(self, args):
        """yaql and friends: evaluated to None rather than refused."""
        return None


_FUNCTIONS = {
    'get_param': Evaluator._get_param,
    'get_resource': Evaluator._get_resource_fn,
    'get_attr': Evaluator._get_attr_fn,
    'get_file': Evaluator._get_file,
    'str_replace': Evaluator._str_replace,
    'str_replace_strict': Evaluator._str_replace,
    'str_replace_vstrict': Evaluator._str_replace,
    'list_join': Evaluator._list_join,
    'str_split': Evaluator._str_split,
    'list_concat': Evaluator._list_concat,
    'list_concat_unique': Evaluator._list_concat,
    'map_merge': Evaluator._map_merge,
    'repeat': Evaluator._repeat,
    'digest': Evaluator._digest,
    'if': Evaluator._if,
    'equals': Evaluator._equals,
    'not': Evaluator._not,
    'and': Evaluator._and,
    'or': Evaluator._or,
    'contains': Evaluator._contains,
    'filter': Evaluator._filter,
    'yaql': Evaluator._not_simulated,
    'resource_facade': Evaluator._not_simulated,
}


def _as_list(args, function):
    if not isinstance(args, list):
        raise errors.validation_failed('"%s" expects a list' % function)
    return args


def _as_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if value is None:
        return ''
    return str(value)


def _substitute(value, replacements):
    if isinstance(value, str):
        for key, replacement in replacements.items():
            value = value.replace(key, _as_text(replacement))
        return value
    if isinstance(value, dict):
        return {_substitute(key, replacements): _substitute(item,
                                                            replacements)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, replacements) for item in value]
    return value
