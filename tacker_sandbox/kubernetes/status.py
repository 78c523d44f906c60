"""Errors of the sandbox Kubernetes, rendered as the API server's
``Status`` objects (kind Status, status Failure, reason, details, code),
which the kubernetes client turns into ``ApiException`` bodies."""


class KubeError(Exception):
    code = 500
    reason = 'InternalError'

    def __init__(self, message, details=None):
        super().__init__(message)
        self.message = message
        self.details = details

    def body(self):
        body = {'kind': 'Status', 'apiVersion': 'v1', 'metadata': {},
                'status': 'Failure', 'message': self.message,
                'reason': self.reason, 'code': self.code}
        if self.details:
            body['details'] = self.details
        return body


class BadRequest(KubeError):
    code, reason = 400, 'BadRequest'


class Unauthorized(KubeError):
    code, reason = 401, 'Unauthorized'

    def __init__(self):
        super().__init__('Unauthorized')


class NotFound(KubeError):
    code, reason = 404, 'NotFound'


class MethodNotAllowed(KubeError):
    code, reason = 405, 'MethodNotAllowed'


class Conflict(KubeError):
    code, reason = 409, 'Conflict'


class AlreadyExists(KubeError):
    code, reason = 409, 'AlreadyExists'


class RequestTooLarge(KubeError):
    code, reason = 413, 'RequestEntityTooLarge'


class UnsupportedMediaType(KubeError):
    code, reason = 415, 'UnsupportedMediaType'


class Invalid(KubeError):
    code, reason = 422, 'Invalid'


class Forbidden(KubeError):
    code, reason = 403, 'Forbidden'


def _details(rtype, name):
    return {'name': name, 'group': rtype.group, 'kind': rtype.plural}


def not_found(rtype, name):
    return NotFound('%s "%s" not found' % (rtype.resource, name),
                    _details(rtype, name))


def already_exists(rtype, name):
    return AlreadyExists('%s "%s" already exists' % (rtype.resource, name),
                         _details(rtype, name))


def conflict(rtype, name, why='the object has been modified; please apply '
             'your changes to the latest version and try again'):
    return Conflict('Operation cannot be fulfilled on %s "%s": %s'
                    % (rtype.resource, name, why), _details(rtype, name))


def invalid(rtype, name, field, message):
    """422 as the API server words a failed validation of ``field``."""
    details = {'name': name, 'group': rtype.group, 'kind': rtype.kind,
               'causes': [{'reason': 'FieldValueInvalid',
                           'message': message, 'field': field}]}
    return Invalid('%s "%s" is invalid: %s: %s'
                   % (rtype.group_kind, name, field, message), details)
