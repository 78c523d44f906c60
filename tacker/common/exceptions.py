"""One exception tree for everything a client can be told.

Each class names a condition and carries the HTTP status and title of the
SOL013 ProblemDetails the API answers with. The conductor raises the same
classes; oslo.messaging re-raises them on the API side (see
``tacker.common.rpc.ALLOWED_EXMODS``).
"""
from http import HTTPStatus


class TackerException(Exception):
    """Base class; ``message`` is a template filled from the kwargs."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    message = 'An unexpected error occurred.'

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            message = self.message % kwargs if kwargs else self.message
        self.detail = message
        super().__init__(message)

    @property
    def title(self):
        return HTTPStatus(self.status).phrase

    def to_problem_details(self, instance=None):
        """SOL013 6.3 ProblemDetails of this error."""
        problem = {'type': 'about:blank', 'title': self.title,
                   'status': int(self.status), 'detail': self.detail}
        if instance:
            problem['instance'] = instance
        return problem


def problem_details(error, unexpected):
    """ProblemDetails of any error. An unexpected one shows only its
    type, in ``unexpected`` (a template with one ``%s``): internals stay
    in the log."""
    if not isinstance(error, TackerException):
        error = TackerException(unexpected % type(error).__name__)
    return error.to_problem_details()


class BadRequest(TackerException):
    status = HTTPStatus.BAD_REQUEST
    message = 'The request is invalid.'


class MalformedRequestBody(BadRequest):
    message = 'The request body is not valid JSON: %(reason)s'


class InvalidRequestBody(BadRequest):
    message = 'Invalid request body%(where)s: %(reason)s'


class InvalidRequestText(BadRequest):
    message = 'The request %(part)s %(reason)s.'


class InvalidMessageFraming(BadRequest):
    """RFC 9112 6.3: a request whose body length is ambiguous is refused,
    lest a proxy and this server split the stream differently."""
    message = 'The request framing is ambiguous: %(reason)s.'


class ClientDisconnected(BadRequest):
    message = 'The request body was not received whole (%(reason)s).'


class InvalidQueryParameter(BadRequest):
    message = 'Query parameter %(name)s %(reason)s.'


class Unauthorized(TackerException):
    status = HTTPStatus.UNAUTHORIZED
    message = 'Authentication is required.'


class Forbidden(TackerException):
    status = HTTPStatus.FORBIDDEN
    message = 'The operation is not allowed.'


class ProjectScopeRequired(Forbidden):
    message = ('The request needs a token scoped to a project; only an '
               'administrator may act without one.')


class RoleRequired(Forbidden):
    message = 'The request needs one of the roles %(roles)s in its project.'


class NotFound(TackerException):
    status = HTTPStatus.NOT_FOUND
    message = 'The resource could not be found.'


class PathNotFound(NotFound):
    message = 'No resource at %(path)s.'


class MethodNotAllowed(TackerException):
    status = HTTPStatus.METHOD_NOT_ALLOWED
    message = 'Method %(method)s is not allowed on %(path)s.'

    def __init__(self, allowed=(), **kwargs):
        self.allowed = sorted(allowed)
        super().__init__(**kwargs)


class NotAcceptable(TackerException):
    status = HTTPStatus.NOT_ACCEPTABLE
    message = 'None of the accepted media types can be produced.'


class Conflict(TackerException):
    status = HTTPStatus.CONFLICT
    message = 'The request conflicts with the state of the resource.'


class RequestBodyTooLarge(TackerException):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    message = 'The request body is larger than %(limit)d bytes.'


class UnsupportedMediaType(TackerException):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    message = 'Content-Type %(content_type)s is not supported here.'


class ServiceUnavailable(TackerException):
    status = HTTPStatus.SERVICE_UNAVAILABLE
    message = 'The service is temporarily unavailable.'


class InvalidCsar(BadRequest):
    """The uploaded package is not a usable CSAR; ``detail`` says why and
    becomes the package's onboarding failure reason."""
    message = 'Invalid VNF package: %(reason)s'


class InvalidVnfd(BadRequest):
    message = 'Invalid VNFD: %(reason)s'


class VnfdLimitExceeded(InvalidVnfd):
    """The VNFD is bigger, deeper or costlier to parse than the
    ``[vnf_package]`` limits allow; ``reason`` names the file and the
    option."""
    message = 'VNFD beyond the limits of this VNFM: %(reason)s'


class OnboardingAttemptsExhausted(BadRequest):
    """Onboarding was started this many times and never ended: each
    conductor working on it died or stalled (``[vnf_package]
    max_onboarding_attempts``)."""
    message = ('Onboarding was attempted %(attempts)d times without '
               'finishing (max_onboarding_attempts); upload the package '
               'again once it is fixed.')


class InvalidFilter(BadRequest):
    message = 'Invalid filter: %(reason)s'


class InvalidAttributeSelector(BadRequest):
    message = 'Invalid attribute selector: %(reason)s'


class InvalidPagingMarker(BadRequest):
    message = 'Invalid nextpage_opaque_marker.'


class CallbackCheckFailed(BadRequest):
    """Whatever went wrong (refused, timed out, another status): the
    client is not told which, so the check cannot scan ports."""
    message = ('The callback URI %(uri)s could not be reached or did not '
               'answer the test GET with 204 No Content.')


class CallbackAddressDenied(BadRequest):
    message = ('The callback URI %(uri)s resolves to an address Tacker '
               'does not call.')


class PackageDownloadFailed(BadRequest):
    """upload_from_uri failed; ``reason`` is a classification that
    quotes nothing the peer sent."""
    message = ('The VNF package could not be downloaded from '
               'addressInformation: %(reason)s.')


class VnfPackageNotFound(NotFound):
    message = 'VNF package %(id)s does not exist.'


class SubscriptionNotFound(NotFound):
    message = 'Subscription %(id)s does not exist.'


class PackageStateConflict(Conflict):
    message = ('VNF package %(id)s is %(state)s; this needs it to be '
               '%(needed)s.')


class PackageInUse(Conflict):
    message = ('VNF package %(id)s cannot be deleted: it must be DISABLED '
               'and NOT_IN_USE, and not uploading or processing.')


class PackageTooLarge(RequestBodyTooLarge):
    message = 'The VNF package is larger than %(limit)d bytes.'


class PackageUploadCancelled(Conflict):
    message = ('The upload of VNF package %(id)s was cancelled: the '
               'package was reset or deleted meanwhile.')


class RangeNotSatisfiable(TackerException):
    status = HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
    message = 'Range %(range)s is outside the %(size)d bytes of the content.'



class VnfInstanceNotFound(NotFound):
    message = 'VNF instance %(id)s does not exist.'


class VnfPackageNotUsable(TackerException):
    """The body is valid but names no usable VNFD (SOL003 5.4.2.3.1)."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = ('No ONBOARDED and ENABLED VNF package has vnfdId '
               '%(vnfd_id)s.')


class VnfInstanceInUse(Conflict):
    message = ('VNF instance %(id)s is %(state)s; only a NOT_INSTANTIATED '
               'instance without an operation in progress can be deleted.')


class LcmOpOccNotFound(NotFound):
    message = 'VNF LCM operation occurrence %(id)s does not exist.'


class GrantNotFound(NotFound):
    message = 'Grant %(id)s does not exist.'


class InstanceStateConflict(Conflict):
    message = ('VNF instance %(id)s is %(state)s; %(operation)s needs it '
               '%(needed)s.')


class InstanceBusy(Conflict):
    message = ('VNF instance %(id)s has operation %(op_id)s in progress or '
               'FAILED_TEMP; finish, retry, roll back or fail it first.')


class OpStateConflict(Conflict):
    message = ('Operation occurrence %(id)s is %(state)s; this needs it '
               '%(needed)s.')


class RollbackNotAllowed(Conflict):
    """SOL003 v2.6.1 5.4.15: rollback undoes only a failed INSTANTIATE or
    SCALE_OUT (``states.rollback_allowed``)."""
    message = ('Operation occurrence %(id)s is a %(operation)s, which '
               'cannot be rolled back; retry or fail it.')


class OperationCancelled(TackerException):
    """The client cancelled the operation (SOL003 v2.6.1 5.4.17): it ends
    FAILED_TEMP with this as its error, so it can be retried or failed."""
    status = HTTPStatus.CONFLICT
    message = 'The operation was cancelled (%(mode)s) by request.'


class GrantRejected(Forbidden):
    """The NFVO refused the grant (SOL003 v2.6.1 9.4.2.3.1, 403)."""
    message = 'The NFVO rejected the grant: %(reason)s'


class NfvoUnavailable(ServiceUnavailable):
    message = 'The NFVO could not grant the operation: %(reason)s'


class ConductorUnavailable(ServiceUnavailable):
    message = 'Cannot %(action)s now: %(reason)s; try again later.'


class VimNotFound(NotFound):
    message = 'VIM %(id)s does not exist.'


class VimNameInUse(Conflict):
    message = 'Project %(project_id)s already has a VIM named %(name)s.'


class VimInUse(Conflict):
    message = ('VIM %(id)s cannot be deleted: VNF instance %(instance_id)s '
               'uses it.')


class VimUnreachable(BadRequest):
    message = 'Cannot reach %(service)s at %(url)s: %(reason)s.'


class VimCredentialsRefused(BadRequest):
    message = '%(service)s at %(url)s refused the credentials (%(status)s).'


class VimCredentialsUnusable(VimCredentialsRefused):
    """Credentials that cannot even be sent (e.g. a bearer token that an
    HTTP header cannot carry): refused before asking the VIM."""
    message = 'The credentials for %(service)s at %(url)s %(reason)s.'


class VimRequestFailed(BadRequest):
    message = '%(service)s at %(url)s could not be used: %(reason)s'


class VimSecretUnreadable(TackerException):
    """A stored secret does not decrypt: its key left the key directory."""
    message = ('A secret of VIM %(id)s cannot be decrypted with the keys '
               'in %(directory)s.')


class SubscriptionSecretUnreadable(TackerException):
    """A subscription's stored password does not decrypt: its key left
    the key directory (or this host has other keys than the API's)."""
    message = ('The credentials of subscription %(id)s cannot be '
               'decrypted with the keys in %(directory)s.')


class VimOperationFailed(TackerException):
    """The VIM did not do what an LCM step asked; the operation ends
    FAILED_TEMP with the VIM's own reason."""
    status = HTTPStatus.BAD_GATEWAY
    message = 'The VIM could not %(action)s: %(reason)s'
