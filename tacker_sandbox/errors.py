"""Exceptions of the sandbox VIM.

Each carries an HTTP status and the Heat error ``type`` name; the WSGI
app renders it in the JSON shape of the API that raised it (Heat's or
Keystone's), so clients see what a real OpenStack would send.
"""


class SandboxError(Exception):
    code = 500
    title = 'Internal Server Error'
    explanation = ('The server has either erred or is incapable of '
                   'performing the requested operation.')

    def __init__(self, message, error_type=None, headers=None):
        super().__init__(message)
        self.message = message
        self.error_type = error_type or type(self).__name__
        self.headers = headers or {}


class BadRequest(SandboxError):
    code = 400
    title = 'Bad Request'
    explanation = ('The server could not comply with the request since it '
                   'is either malformed or otherwise incorrect.')

    def __init__(self, message, error_type='HTTPBadRequest', headers=None):
        super().__init__(message, error_type, headers)


class Unauthorized(SandboxError):
    code = 401
    title = 'Unauthorized'
    explanation = ('This server could not verify that you are authorized '
                   'to access the document you requested.')

    def __init__(self, message='The request you have made requires '
                 'authentication.', error_type='HTTPUnauthorized'):
        super().__init__(message, error_type)


class Forbidden(SandboxError):
    code = 403
    title = 'Forbidden'
    explanation = 'Access was denied to this resource.'


class NotFound(SandboxError):
    code = 404
    title = 'Not Found'
    explanation = 'The resource could not be found.'

    def __init__(self, message, error_type='EntityNotFound'):
        super().__init__(message, error_type)


class MethodNotAllowed(SandboxError):
    code = 405
    title = 'Method Not Allowed'
    explanation = 'The method is not allowed for this resource.'

    def __init__(self, method, allowed):
        super().__init__('Method %s is not allowed here.' % method,
                         'HTTPMethodNotAllowed',
                         {'Allow': ', '.join(sorted(allowed))})


class Conflict(SandboxError):
    code = 409
    title = 'Conflict'
    explanation = ('There was a conflict when trying to complete your '
                   'request.')


class RequestTooLarge(SandboxError):
    code = 413
    title = 'Request Entity Too Large'
    explanation = 'The body of your request was too large for this server.'


class OAuth2Error(SandboxError):
    """An error of the OS-OAUTH2 endpoints, rendered as RFC 6749 5.2 has
    it: ``error_type`` is its ``error`` code, the message its
    ``error_description``."""
    error_code = None

    def __init__(self, description):
        super().__init__(description, self.error_code)


class InvalidRequest(OAuth2Error):
    code = 400
    title = 'Bad Request'
    error_code = 'invalid_request'


class UnsupportedGrantType(OAuth2Error):
    code = 400
    title = 'Bad Request'
    error_code = 'unsupported_grant_type'


class InvalidScope(OAuth2Error):
    code = 400
    title = 'Bad Request'
    error_code = 'invalid_scope'


class InvalidClient(OAuth2Error):
    code = 401
    title = 'Unauthorized'
    error_code = 'invalid_client'


def entity_not_found(entity, name):
    """Heat's wording for a missing stack, resource, event or output."""
    return NotFound('The %s (%s) could not be found.' % (entity, name))


def validation_failed(message):
    return BadRequest(message, 'StackValidationFailed')
