"""What the client raises: ``ApiError`` subclasses carry the server's SOL013
ProblemDetails; the others say why nothing useful came back."""
import http


class ClientError(Exception):
    """Base of every error the client raises; ``str()`` is one line."""


class ConnectionFailed(ClientError):
    """The endpoint could not be reached, or authentication or the
    service catalog failed before any Tacker request was made."""


class ApiError(ClientError):
    """An error response; ``problem`` is its ProblemDetails (SOL013 6.3)."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem
        super().__init__(problem_line(problem))

    @property
    def title(self):
        return self.problem.get('title') or ''

    @property
    def detail(self):
        return self.problem.get('detail') or ''


class BadRequest(ApiError):
    """400"""


class Unauthorized(ApiError):
    """401"""


class Forbidden(ApiError):
    """403"""


class NotFound(ApiError):
    """404"""


class MethodNotAllowed(ApiError):
    """405: usually a server without this API or operation."""


class NotAcceptable(ApiError):
    """406"""


class Conflict(ApiError):
    """409: the resource is not in a state that allows the request."""


class PreconditionFailed(ApiError):
    """412"""


class PayloadTooLarge(ApiError):
    """413"""


class UnsupportedMediaType(ApiError):
    """415"""


class RangeNotSatisfiable(ApiError):
    """416"""


class UnprocessableEntity(ApiError):
    """422"""


class ServerError(ApiError):
    """5xx"""


class ServiceUnavailable(ServerError):
    """503"""


_BY_STATUS = {400: BadRequest, 401: Unauthorized, 403: Forbidden,
              404: NotFound, 405: MethodNotAllowed, 406: NotAcceptable,
              409: Conflict, 412: PreconditionFailed, 413: PayloadTooLarge,
              415: UnsupportedMediaType, 416: RangeNotSatisfiable,
              422: UnprocessableEntity, 503: ServiceUnavailable}

# What is kept of a body that is not ProblemDetails (a proxy's HTML page).
_MAX_RAW_DETAIL = 300


def problem_line(problem):
    """``title: detail`` of a ProblemDetails on one line."""
    text = ': '.join(part for part in (problem.get('title'),
                                       problem.get('detail')) if part)
    return ' '.join(str(text or 'Unknown error').split())


def from_response(response):
    """The ApiError of an error ``requests`` response.

    Bodies that are not ProblemDetails (from a proxy, or an older server)
    get one made up from the status and the start of the text.
    """
    status = response.status_code
    try:
        problem = response.json()
    except ValueError:
        problem = None
    if not isinstance(problem, dict) or not ('title' in problem
                                             or 'detail' in problem):
        problem = {'status': status, 'title': _phrase(status, response),
                   'detail': ' '.join(
                       response.text[:_MAX_RAW_DETAIL].split())}
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500
                                     else ApiError)
    return cls(status, problem)


def _phrase(status, response):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return response.reason or 'HTTP %d' % status


class OperationFailed(ClientError):
    """A waited-for LCM operation occurrence ended in a state other than
    the one expected; ``op`` is the VnfLcmOpOcc, ``problem`` its error."""

    def __init__(self, op, message=None):
        self.op = op
        self.problem = op.get('error') or {}
        if message is None:
            message = 'Operation %s (%s) ended %s' % (
                op['id'], op.get('operation'), op['operationState'])
            if self.problem:
                message += ': ' + problem_line(self.problem)
        super().__init__(message)


class OnboardingFailed(ClientError):
    """A waited-for package went back to CREATED; ``problem`` is its
    onboardingFailureDetails."""

    def __init__(self, package):
        self.package = package
        self.problem = package.get('onboardingFailureDetails') or {}
        super().__init__('Onboarding of VNF package %s failed: %s' % (
            package['id'], problem_line(self.problem)))


class WaitTimeout(ClientError):
    """Waiting gave up; the resource may still get there later."""


class ApiVersionRequired(ClientError):
    """The request exists only in another major version of the API than
    the one the client was made for."""
