"""HOT parameter types: turning what clients, environments, defaults
and parent stacks give into typed values, checking constraints, and
showing values back the way Heat does (always as strings)."""
import json
import re

from tacker_sandbox import errors

TYPES = ('string', 'number', 'json', 'comma_delimited_list', 'boolean')
_TRUE = ('true', 't', 'yes', 'y', 'on', '1')
_FALSE = ('false', 'f', 'no', 'n', 'off', '0')


def convert(name, schema, raw):
    """``raw`` (from a client, an environment, a default or a parent's
    property) as a value of the parameter's type, constraints checked."""
    kind = schema['type']
    try:
        if kind == 'string':
            if isinstance(raw, (dict, list)):
                raise ValueError('Value must be a string; got %s'
                                 % json.dumps(raw))
            if isinstance(raw, bool):
                value = str(raw).lower()
            else:
                value = '' if raw is None else str(raw)
        elif kind == 'number':
            value = _number(raw)
        elif kind == 'json':
            value = raw
            if isinstance(raw, str):
                value = json.loads(raw) if raw.strip() else {}
            elif raw is None:
                value = {}
            if not isinstance(value, (dict, list)):
                raise ValueError('Value must be valid JSON: %s' % raw)
        elif kind == 'comma_delimited_list':
            if isinstance(raw, list):
                value = [item if isinstance(item, str) else
                         json.dumps(item) for item in raw]
            elif raw in (None, ''):
                value = []
            elif isinstance(raw, str):
                value = [item.strip() for item in raw.split(',')]
            else:
                raise ValueError('Value must be a comma-delimited list '
                                 'string: %s' % raw)
        else:
            value = to_boolean(raw)
    except (ValueError, TypeError) as error:
        raise errors.validation_failed(
            'Parameter \'%s\' is invalid: %s' % (name, error))
    _check_constraints(name, schema, value)
    return value


def _number(raw):
    if isinstance(raw, bool):
        raise ValueError('Value %s is not a number' % raw)
    if isinstance(raw, (int, float)):
        return raw
    text = str(raw).strip()
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise ValueError('Value \'%s\' is not a number' % raw) from None


def to_boolean(raw):
    """``raw`` as a bool the way Heat reads booleans; ValueError else."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError('Unrecognized value "%s", acceptable values are: %s'
                     % (raw, ', '.join(_TRUE + _FALSE)))


def _check_constraints(name, schema, value):
    for constraint in schema.get('constraints') or []:
        if not isinstance(constraint, dict):
            continue
        try:
            problem = _constraint_problem(constraint, value)
        except (TypeError, re.error) as error:
            problem = str(error)
        if problem:
            raise errors.validation_failed('Parameter \'%s\' is invalid: %s'
                                           % (name, constraint.get(
                                               'description', problem)))


def _constraint_problem(constraint, value):
    if 'allowed_values' in constraint:
        allowed = constraint['allowed_values'] or []
        if value not in allowed:
            return '"%s" is not an allowed value %s' % (value, allowed)
    elif 'range' in constraint:
        bounds = constraint['range'] or {}
        if ('min' in bounds and value < bounds['min'] or
                'max' in bounds and value > bounds['max']):
            return '%s is out of range %s' % (value, bounds)
    elif 'length' in constraint:
        bounds = constraint['length'] or {}
        if ('min' in bounds and len(value) < bounds['min'] or
                'max' in bounds and len(value) > bounds['max']):
            return 'length of %s is out of range %s' % (value, bounds)
    elif 'allowed_pattern' in constraint:
        pattern = constraint['allowed_pattern']
        if not re.fullmatch(pattern, str(value)):
            return '"%s" does not match pattern "%s"' % (value, pattern)
    return None


def display(schema, value):
    """A parameter value as Heat shows it in a stack: always a string."""
    if schema.get('hidden'):
        return '******'
    kind = schema['type']
    if kind == 'json':
        return json.dumps(value)
    if kind == 'comma_delimited_list':
        return ','.join(value)
    return str(value)
