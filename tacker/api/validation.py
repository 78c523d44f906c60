"""Request body validation with JSON Schema; errors name the field."""
import jsonschema

from tacker.common import exceptions


def validate(body, schema):
    """:raises: BadRequest naming the first invalid field."""
    if body is None:
        body = {}
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(body),
                    key=lambda error: list(error.absolute_path))
    if errors:
        error = errors[0]
        where = '/'.join(str(part) for part in error.absolute_path)
        raise exceptions.BadRequest('Invalid request body%s: %s' % (
            ' at %s' % where if where else '', error.message[:500]))
    return body

