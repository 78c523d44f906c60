"""One exception tree for everything a client can be told.

Each class names a condition and carries the HTTP status and title of the
SOL013 ProblemDetails the API answers with. The conductor raises the same
classes; oslo.messaging re-raises them on the API side (see
``tacker.common.rpc.ALLOWED_EXMODS``).
"""
from http import HTTPStatus


class TackerException(Exception):
    """Base class; ``message`` is a template filled from the kwargs.

    Code raises the named subclasses below, never this class or the
    bare status classes (``BadRequest``, ``Conflict``, ...): a unit test
    (tests/unit/common/test_exceptions.py) holds every raise to that.
    """

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


class UnknownQueryParameter(InvalidQueryParameter):
    """A parameter the resource does not define: refused rather than
    ignored, so a misspelt filter never returns everything."""
    message = ('Query parameter %(name)s is not defined for %(method)s '
               '%(path)s, which takes %(allowed)s.')


class Unauthorized(TackerException):
    status = HTTPStatus.UNAUTHORIZED
    message = 'Authentication is required.'


class Forbidden(TackerException):
    status = HTTPStatus.FORBIDDEN
    message = 'The operation is not allowed.'


class ProjectScopeRequired(Forbidden):
    message = ('The request needs a token scoped to a project; only an '
               'administrator may act without one.')


class PolicyNotAuthorized(Forbidden):
    message = 'The policy does not allow %(action)s to you.'


class InsufficientScope(Forbidden):
    """RFC 6750 3.1: the access token lacks the scope the API needs."""
    message = 'The access token lacks the scope %(scope)s this API needs.'


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


class ApiVersionRequired(BadRequest):
    """SOL013 v3.3.1: a request to a v3-era API names the API version it
    is written for in the ``Version`` header."""
    message = ('The Version header is required: %(prefix)s serves API '
               'version %(version)s.')


class ApiVersionNotServed(NotAcceptable):
    message = ('API version %(requested)s is not served at %(prefix)s, '
               'which serves %(version)s (GET %(prefix)s/api_versions).')


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


class UnknownFilterAttribute(InvalidFilter):
    message = 'Invalid filter: %(resource)s has no attribute %(path)s.'


class InvalidAttributeSelector(BadRequest):
    message = 'Invalid attribute selector: %(reason)s'


class UnknownSelectedAttribute(InvalidAttributeSelector):
    """SOL013 5.3.2: selectors name complex attributes."""
    message = ('Invalid attribute selector: %(selector)s names %(path)s, '
               'which is not a complex attribute of %(resource)s.')


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


class ClientCertificateNotConfigured(TackerException):
    """SOL013 8.3.4: every authType the subscriber accepts needs Tacker
    to present a TLS client certificate, and the operator gave it none;
    refused before the subscription is stored."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = ('Tacker has no TLS client certificate configured '
               '([notification] client_cert_file), which authType '
               '%(auth_types)s needs.')


class ClientCertificateMismatch(TackerException):
    """OAUTH2_CLIENT_CERT names the certificate the token endpoint
    expects; a token requested with another one would be refused."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = ('paramsOauth2ClientCert.certificateRef is not the x5t#S256 '
               'thumbprint of the client certificate Tacker has configured '
               '([notification] client_cert_file).')


class ClientCertificateUnreadable(TackerException):
    """The operator's client certificate file cannot be read or is not a
    PEM certificate: the server's fault, not the client's."""
    message = ('Tacker\'s client certificate ([notification] '
               'client_cert_file) cannot be read; see the server log.')


class PackageAddressRefused(BadRequest):
    """upload_from_uri names an address Tacker does not call (not an
    http(s) URI, or denied by the outbound policy): the client's
    error."""
    message = ('The VNF package could not be downloaded from '
               'addressInformation: %(reason)s.')


class PackageDownloadFailed(TackerException):
    """The address of upload_from_uri did not deliver the package (no
    connection, a broken one, or an answer other than 200 OK): the
    remote side failed, not the client's request (SOL005 v2.6.1
    9.5.2.5 onboardingFailureDetails). ``reason`` quotes nothing the
    peer sent, so a client cannot scan ports through it."""
    status = HTTPStatus.BAD_GATEWAY
    message = PackageAddressRefused.message


class PackageDownloadTimedOut(PackageDownloadFailed):
    """The package did not arrive whole within
    ``upload_from_uri_timeout``."""
    status = HTTPStatus.GATEWAY_TIMEOUT


class VnfPackageNotFound(NotFound):
    message = 'VNF package %(id)s does not exist.'


class SubscriptionNotFound(NotFound):
    message = 'Subscription %(id)s does not exist.'


class AlarmNotFound(NotFound):
    message = 'Alarm %(id)s does not exist.'


class AckStateUnchanged(Conflict):
    """SOL003 v3.3.1 7.4.3.3.4: a modification to the ackState the alarm
    has is a 409."""
    message = 'Alarm %(id)s is %(state)s already.'


class PmJobNotFound(NotFound):
    message = 'PM job %(id)s does not exist.'


class PmReportNotFound(NotFound):
    message = ('Performance report %(report_id)s of PM job %(id)s does '
               'not exist.')


class PmThresholdNotFound(NotFound):
    message = 'Threshold %(id)s does not exist.'


class UnmeasurableObject(TackerException):
    """SOL003 v3.3.1 6.4.2.3.1 / 6.4.5.3.1: a PM job or threshold on
    objects Tacker cannot measure (unknown, not instantiated, or a
    metric without a PromQL template for them) is a 422."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = 'Cannot measure this: %(reason)s.'


class LegacyVnfdNotFound(NotFound):
    message = 'VNFD %(id)s does not exist.'


class LegacyVnfdInUse(Conflict):
    message = 'VNFD %(id)s is used by a VNF.'


class InvalidLegacyVnfd(BadRequest):
    """A VNFD of the legacy API that is not a TOSCA template of Tacker's
    NFV profile it can deploy."""
    message = 'The VNFD is not usable: %(reason)s.'


class LegacyVnfNotFound(NotFound):
    message = 'VNF %(id)s does not exist.'


class LegacyVnfBusy(Conflict):
    message = 'VNF %(id)s is %(status)s: it cannot go %(task)s now.'


class InvalidLegacyVnf(BadRequest):
    message = 'The VNF cannot be made: %(reason)s.'


class LegacyScaleOutOfBounds(Conflict):
    message = ('VNF %(id)s has %(size)d instances of scaling policy '
               '%(policy)s: a bound of the policy.')


class LegacyNsdNotFound(NotFound):
    message = 'NSD %(id)s does not exist.'


class LegacyNsdInUse(Conflict):
    message = 'NSD %(id)s is used by an NS.'


class InvalidLegacyNsd(BadRequest):
    message = 'The NSD is not usable: %(reason)s.'


class LegacyNsNotFound(NotFound):
    message = 'NS %(id)s does not exist.'


class LegacyNsBusy(Conflict):
    message = 'NS %(id)s is %(status)s: it cannot go %(task)s now.'


class LegacyNsTimedOut(TackerException):
    message = 'The VNFs %(id)s of the NS still have tasks running.'


class LegacyNsVnfsLeft(TackerException):
    message = 'VNFs of the NS could not be deleted: %(vnfs)s.'


class LcmScriptFailed(TackerException):
    """A management script of the VNF package failed its step: the VNF,
    not Tacker nor the VIM, is at fault (a 409 status in the op's error,
    as ``CoordinationFailed``)."""
    status = HTTPStatus.CONFLICT
    message = '%(hook)s script %(script)s: %(reason)s'


class EventNotFound(NotFound):
    message = 'Event %(id)s does not exist.'


class InvalidAlert(BadRequest):
    """An Alertmanager webhook payload Tacker cannot take: nothing of it
    is stored."""
    message = 'The alert notification is not usable: %(reason)s.'


class AutomaticRequestTaken(TackerException):
    """Another conductor started the automatic operation first."""
    message = 'The automatic request was taken by another conductor.'


class PackageStateConflict(Conflict):
    message = ('VNF package %(id)s is %(state)s; this needs it to be '
               '%(needed)s.')


class PackageInUse(Conflict):
    message = ('VNF package %(id)s cannot be deleted: it must be DISABLED '
               'and NOT_IN_USE, and not uploading or processing.')


class PackageTooLarge(RequestBodyTooLarge):
    message = 'The VNF package is larger than %(limit)d bytes.'


class DatabaseUnavailable(ServiceUnavailable):
    message = 'The database is unreachable; try again later.'


class PackageStoreUnavailable(ServiceUnavailable):
    """The package store (``[glance_store]``) failed or could not be
    reached; the package is left as it was."""
    message = 'The VNF package store failed: %(reason)s'


class PackageStoreCorrupt(ServiceUnavailable):
    """The CSAR read back from the package store does not match the
    checksum recorded at upload (SOL005 v2.6.1 9.5.2.4 checksum)."""
    message = ('The stored CSAR of VNF package %(id)s does not match its '
               'checksum.')


class PackageUploadCancelled(Conflict):
    message = ('The upload of VNF package %(id)s was cancelled: the '
               'package was reset or deleted meanwhile.')


class PackageUploadInterrupted(Conflict):
    """The upload stopped before the package was stored (its process
    died, or the sweep took it for dead); the package is CREATED
    again."""
    message = ('The upload of VNF package %(id)s was interrupted; upload '
               'the package again.')


class ArtifactNotFound(NotFound):
    message = 'VNF package %(id)s has no artifact %(path)s.'


class VnfdIdInUse(Conflict):
    """SOL005 v2.6.1 9.5.2.5: vnfdId identifies one VNF package (of a
    project: another project may onboard the same one)."""
    message = ('vnfdId %(vnfd_id)s is already used by VNF package '
               '%(other)s of this project.')


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


class UnknownFlavour(BadRequest):
    message = ('flavourId %(flavour_id)s is not a deployment flavour of '
               'VNFD %(vnfd_id)s.')


class FlavourUnchanged(BadRequest):
    """A ChangeVnfFlavourRequest names the flavour the instance is in."""
    message = 'newFlavourId %(flavour_id)s is the instance\'s flavour now.'


class VduNotScalable(BadRequest):
    message = ('VDU %(vdu_id)s is not in an AutoScalingGroup of the '
               'stack, so it cannot be scaled')


class VimConnectionIncomplete(BadRequest):
    message = ('vimConnectionInfo %(id)s lacks what the infra driver '
               'needs: %(reason)s')


class NoVim(BadRequest):
    """Neither the request, the instance, the grant nor the project's
    default VIM of the type the operation needs
    (``infra_requirements.default_vim_type``) names a VIM for it."""
    message = ('vimConnectionInfo with a vimType is needed (the project '
               'has no default VIM of type %(vim_type)s and no external '
               'NFVO grants one).')


class NoDriver(BadRequest):
    """No driver is registered (setup.cfg) under the name asked for."""
    message = 'no %(kind)s driver for %(field)s %(name)s'


class RequestedFailure(TackerException):
    """The noop infra driver fails a step when told to, for tests."""
    message = 'noop driver failed as asked (noop_fail)'


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


class UnknownVnfcInstance(BadRequest):
    """A HealVnfRequest names a VNFC the instance does not have (SOL003
    v2.6.1 5.5.2.9 vnfcInstanceId)."""
    message = 'vnfcInstanceId %(ids)s is not a VNFC of this VNF instance.'


class UnknownScalingAspect(BadRequest):
    message = ('aspectId %(aspect_id)s is not a scaling aspect of the '
               'flavour (known: %(known)s).')


class InvalidScaleStep(BadRequest):
    """A ScaleVnfRequest's type or numberOfSteps the aspect does not
    allow (SOL003 v2.6.1 5.5.2.5; SOL001 max_scale_level)."""
    message = '%(reason)s.'


class ScaleLeavesVduBounds(BadRequest):
    message = ('%(asked)s would leave VDU %(vdu_id)s with %(count)s '
               'instances, outside %(bounds)s.')


class UnknownInstantiationLevel(BadRequest):
    message = ('instantiationLevelId %(level_id)s is not an instantiation '
               'level of the flavour (known: %(known)s).')


class PackageNotCompatible(TackerException):
    """A ChangeCurrentVnfPkgRequest names a usable package that cannot
    replace the instance's (SOL003 v3.3.1 5.4.11a.3.1)."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = ('vnfdId %(vnfd_id)s cannot replace the instance\'s VNFD: '
               '%(reason)s.')


class PackageNotDeployable(TackerException):
    """The VNF package lacks what the chosen infra driver needs (its
    templates for the flavour): a valid request the package cannot
    serve."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = ('The VNF package cannot be deployed by the %(driver)s infra '
               'driver: %(reason)s.')


class InvalidAdditionalParam(BadRequest):
    message = 'additionalParams.%(name)s %(reason)s.'


class InvalidExtVirtualLink(BadRequest):
    message = '%(field)s %(reason)s.'


class ConductorLost(ServiceUnavailable):
    """The conductor running an operation stopped; the operation is left
    for the client to decide (SOL003 v2.6.1 5.6.2.2, FAILED_TEMP)."""
    message = ('The conductor running this operation stopped; retry, '
               'roll back or fail it.')


class ConductorFailed(TackerException):
    """A conductor's RPC method failed with an error it does not declare
    (``tacker.conductor.rpcapi.RAISES``): its log has the details, the
    client only this."""
    message = 'The conductor failed in %(method)s; see its log.'


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


class VimNamespaceForbidden(VimCredentialsRefused):
    """A Kubernetes API server accepted the credentials, but they may not
    work in the VIM's namespace."""
    message = ('%(service)s at %(url)s accepted the credentials, but they '
               'may not %(action)s in namespace %(namespace)s (403).')


class VimNamespaceNotFound(VimRequestFailed):
    message = '%(service)s at %(url)s has no namespace %(namespace)s.'


class VimCaCertInvalid(VimRequestFailed):
    """An ssl_ca_cert that is no PEM certificate: refused before any
    request, as TLS could not be verified with it."""
    message = ('The ssl_ca_cert for %(service)s at %(url)s is not a PEM '
               'CA certificate: %(reason)s.')


class VimSecretUnreadable(TackerException):
    """A stored secret does not decrypt: its key left the key directory."""
    message = ('A secret of VIM %(id)s cannot be decrypted with the keys '
               'in %(directory)s.')


class SubscriptionSecretUnreadable(TackerException):
    """A subscription's stored password does not decrypt: its key left
    the key directory (or this host has other keys than the API's)."""
    message = ('The credentials of subscription %(id)s cannot be '
               'decrypted with the keys in %(directory)s.')


class InvalidSecretKey(TackerException):
    message = 'Key file %(path)s does not hold a Fernet key.'


class VimOperationFailed(TackerException):
    """The VIM did not do what an LCM step asked; the operation ends
    FAILED_TEMP with the VIM's own reason."""
    status = HTTPStatus.BAD_GATEWAY
    message = 'The VIM could not %(action)s: %(reason)s'


class CoordinationFailed(TackerException):
    """A package's coordination script (``lcm-operation-coordinate-new-
    vnf`` / ``-old-vnf``) refused a VNFC of a CHANGE_VNFPKG: the VNF, not
    Tacker nor the VIM, is at fault (a 409 status in the op's error)."""
    status = HTTPStatus.CONFLICT
    message = '%(script)s for VNFC %(vnfc)s: %(reason)s'


class MgmtFailed(TackerException):
    """A legacy VNF's mgmt driver could not apply a VDU's config (no
    connection, credentials refused, an upload or a command failed, the
    deadline passed): the VNF, not Tacker nor the VIM, is at fault."""
    status = HTTPStatus.BAD_GATEWAY
    message = ('The %(driver)s mgmt driver could not configure VDU %(vdu)s '
               'of VNF %(vnf_id)s: %(reason)s')


class KubernetesObjectNotOwned(VimOperationFailed):
    """A manifest names an object that exists but that this VNF instance
    did not create: it is never adopted (nor changed, nor deleted)."""
    message = ('The VIM could not create %(kind)s %(name)s: it already '
               'exists and belongs to %(owner)s, not to VNF instance '
               '%(instance_id)s')


class OperationNotSupported(Conflict):
    """The infra driver of the instance's VIM has no way to run the
    operation on this kind of VNF."""
    message = 'The %(driver)s infra driver cannot %(operation)s: %(reason)s.'
