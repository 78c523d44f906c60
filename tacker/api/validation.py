"""The one validation layer of request input: JSON Schema for every body
(each route declares its schema, see ``wsgi.Router.connect``) and typed
parsing of query parameters. Errors are 400 ProblemDetails naming the
field or parameter."""
import jsonschema
from oslo_utils import strutils

from tacker.common import exceptions


def validate(body, schema):
    """:raises: InvalidRequestBody naming the first invalid field."""
    if body is None:
        body = {}
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(body),
                    key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        error = errors[0]
        where = '/'.join(str(part) for part in error.absolute_path)
        raise exceptions.InvalidRequestBody(
            where=' at %s' % where[:200] if where else '',
            reason=_reason(error)[:500])
    return body


def _reason(error):
    """jsonschema's message, or for a value that does not match its
    pattern what the schema's ``description`` says it must be (a regular
    expression tells a client little)."""
    description = error.schema.get('description') if isinstance(
        error.schema, dict) else None
    if error.validator == 'pattern' and description:
        return 'must be %s' % description
    return error.message


def query_value(req, name, default=None):
    """The one value of query parameter ``name``.

    :raises: InvalidQueryParameter when it is given more than once, as
        SOL013 5.2 - 5.4 parameters take one value.
    """
    values = req.GET.getall(name)
    if len(values) > 1:
        raise exceptions.InvalidQueryParameter(
            name=name, reason='is given %d times' % len(values))
    return values[0] if values else default


def query_bool(req, name, default=False):
    """Query parameter ``name`` as a boolean (true/false, yes/no, 1/0).

    :raises: InvalidQueryParameter for any other value.
    """
    value = query_value(req, name)
    return default if value is None else parse_bool(name, value)


def parse_bool(name, value):
    """:raises: InvalidQueryParameter unless ``value`` is a boolean."""
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exceptions.InvalidQueryParameter(
            name=name, reason='must be true or false') from None
