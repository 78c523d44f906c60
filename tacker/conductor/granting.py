"""The grant step of an LCM operation (SOL003 v2.6.1 clause 9, Grant
interface): before an operation touches a VIM, the NFVO grants the
resources it will add, remove or update.

The GrantRequest is sized VIM-independently (``sizing``), as every infra
driver sizes the VNF. Tacker's local NFVO grants everything on the VIMs
the request names; with ``[nfvo] use_external_nfvo`` an external NFVO is
asked over HTTP instead, synchronously (201) or asynchronously (202,
then polled).
"""
import json
import time
import urllib.parse

from oslo_log import log as logging
from oslo_utils import uuidutils

from tacker.common import callbacks
from tacker.common import exceptions
from tacker.common import links
from tacker.common import sizing
from tacker.common import states

LOG = logging.getLogger(__name__)

GRANT_API_VERSION = '1.3.0'
GRANT_BODY_LIMIT = 1024 * 1024
PROBLEM_BODY_LIMIT = 16 * 1024
PROBLEM_DETAIL_LIMIT = 500

COMPUTE = 'COMPUTE'
VL = 'VL'
STORAGE = 'STORAGE'


def grant_request(op, instance, flavour, links):
    """GrantRequest (SOL003 v2.6.1 9.5.2.2) of an operation occurrence.

    ``links`` holds the hrefs of the occurrence and the instance.
    """
    params = op['operation_params'] or {}
    current = instance['instantiated_vnf_info'] or {}
    request = {
        'vnfInstanceId': instance['id'],
        'vnfLcmOpOccId': op['id'],
        'vnfdId': instance['vnfd_id'],
        'operation': op['operation'],
        'isAutomaticInvocation': bool(op['is_automatic_invocation']),
        '_links': {'vnfLcmOpOcc': {'href': links['vnfLcmOpOcc']},
                   'vnfInstance': {'href': links['vnfInstance']}},
    }
    changes = _CHANGES[op['operation']](flavour, params, current)
    request.update({name: definitions
                    for name, definitions in changes.items() if definitions})
    if op['operation'] in (states.INSTANTIATE, states.CHANGE_FLAVOUR):
        request['flavourId'] = params.get('flavourId') or params[
            'newFlavourId']
        if params.get('instantiationLevelId'):
            request['instantiationLevelId'] = params['instantiationLevelId']
    else:
        request['flavourId'] = current.get('flavourId')
    if op['operation'] == states.CHANGE_VNFPKG:
        # SOL003 v3.3.1 9.5.2.2: the VNFD the operation moves to.
        request['dstVnfdId'] = params['vnfdId']
    return request


def _definition(resource_type, template_id, vdu_id=None, resource=None):
    """ResourceDefinition (SOL003 v2.6.1 9.5.3.2)."""
    definition = {'id': uuidutils.generate_uuid(), 'type': resource_type,
                  'resourceTemplateId': template_id}
    if vdu_id is not None:
        definition['vduId'] = vdu_id
    if resource is not None:
        definition['resource'] = resource
    return definition


def _new_vnfcs(flavour, per_vdu):
    definitions = []
    for vdu_id, count in per_vdu.items():
        vdu = flavour['vdus'][vdu_id]
        for _ in range(count):
            definitions.append(_definition(COMPUTE, vdu_id, vdu_id))
            definitions += [_definition(STORAGE, storage_id, vdu_id)
                            for storage_id in vdu['virtual_storages']]
    return definitions


def _existing_vnfcs(vnfcs, current):
    storages = {storage['id']: storage for storage in
                current.get('virtualStorageResourceInfo') or []}
    definitions = []
    for vnfc in vnfcs:
        definitions.append(_definition(
            COMPUTE, vnfc['vduId'], vnfc['vduId'], vnfc['computeResource']))
        definitions += [
            _definition(STORAGE, storages[storage_id]['virtualStorageDescId'],
                        vnfc['vduId'],
                        storages[storage_id]['storageResource'])
            for storage_id in vnfc.get('storageResourceIds') or []
            if storage_id in storages]
    return definitions


def _instantiate(flavour, params, current):
    sizing.check_instantiate(flavour, params)
    per_vdu = sizing.instances_per_vdu(
        flavour, params.get('instantiationLevelId'))
    return {'addResources': _new_vnfcs(flavour, per_vdu) + [
        _definition(VL, link['id']) for link in flavour['virtual_links']]}


def _scale(flavour, params, current):
    plan = sizing.scale_plan(flavour, current, params)
    return {'addResources': _new_vnfcs(flavour, plan.added),
            'removeResources': _existing_vnfcs(plan.removed, current)}


def _heal(flavour, params, current):
    return {'updateResources': _existing_vnfcs(
        sizing.heal_targets(current, params), current)}


def _terminate(flavour, params, current):
    return {'removeResources': _existing_vnfcs(
        current.get('vnfcResourceInfo') or [], current) + [
        _definition(VL, link['vnfVirtualLinkDescId'],
                    resource=link['networkResource'])
        for link in current.get('virtualLinkResourceInfo') or []]}


def _change_vnfpkg(flavour, params, current):
    """The VNFCs of the VDUs vdu_params names, or all: those the new
    package may change (``infra_requirements.changed_vdus``)."""
    named = {entry.get('vdu_id') for entry in (
        params.get('additionalParams') or {}).get('vdu_params') or []
        if isinstance(entry, dict)}
    return {'updateResources': _existing_vnfcs(
        [vnfc for vnfc in current.get('vnfcResourceInfo') or []
         if not named or vnfc['vduId'] in named], current)}


def _change_flavour(flavour, params, current):
    """Every resource of the VNF replaced by those of ``flavour`` (the new
    one) at the requested level."""
    return dict(_terminate(flavour, params, current),
                addResources=_instantiate(flavour, params, current)[
                    'addResources'])


_CHANGES = {states.INSTANTIATE: _instantiate, states.SCALE: _scale,
            states.CHANGE_FLAVOUR: _change_flavour,
            states.SCALE_TO_LEVEL: _scale,
            states.HEAL: _heal, states.TERMINATE: _terminate,
            states.CHANGE_VNFPKG: _change_vnfpkg}


class LocalNfvo:
    """Tacker's own NFVO: grants every resource asked for, on the VIMs
    the operation names."""

    name = 'local'
    # Asking it has no effect outside this process.
    remote = False

    def __init__(self, base_url):
        self.base_url = base_url

    def grant(self, request, vim_connections, cancellation):
        """Grant (SOL003 v2.6.1 9.5.2.3) of ``request``."""
        vim_id = vim_connections[0]['id'] if vim_connections else None

        def granted(definitions):
            return [dict({'resourceDefinitionId': definition['id']},
                         **({'vimConnectionId': vim_id} if vim_id else {}))
                    for definition in definitions]

        grant_id = uuidutils.generate_uuid()
        grant = {
            'id': grant_id,
            'vnfInstanceId': request['vnfInstanceId'],
            'vnfLcmOpOccId': request['vnfLcmOpOccId'],
            '_links': dict(request['_links'], self={
                'href': links.grant(self.base_url, grant_id)}),
        }
        if vim_connections:
            grant['vimConnections'] = vim_connections
        for name in ('addResources', 'removeResources', 'updateResources'):
            if request.get(name):
                grant[name] = granted(request[name])
        return grant


class ExternalNfvo:
    """An NFVO reached at ``[nfvo] endpoint``, authenticated by OAuth2
    client credentials or HTTP Basic as configured."""

    # Asking it twice for one operation would grant it twice.
    remote = True

    def __init__(self, conf):
        self.conf = conf
        self.settings = conf.nfvo
        if not self.settings.endpoint:
            raise exceptions.NfvoUnavailable(
                reason='[nfvo] use_external_nfvo is set but [nfvo] '
                       'endpoint is not')
        self.name = self.settings.endpoint.rstrip('/')
        self.authentication = _authentication(self.settings)

    def grant(self, request, vim_connections, cancellation):
        """Ask the NFVO; its Grant, once decided. ``vim_connections`` are
        left to the NFVO, which knows its VIMs.

        :raises: GrantRejected (403), NfvoUnavailable (anything else that
            is not a grant, or no decision within grant_timeout),
            OperationCancelled (a FORCEFUL cancel while waiting).
        """
        uri = links.grants(self.name)
        response = self._call('POST', uri, data=json.dumps(request),
                              headers=dict(callbacks.POST_JSON,
                                           Version=GRANT_API_VERSION))
        deadline = time.monotonic() + self.settings.grant_timeout
        location = uri
        while response.status_code == 202:
            # The grant's URI, which a 202 to a poll need not repeat.
            location = urllib.parse.urljoin(
                location, response.headers.get('Location') or '')
            response.close()
            if location == uri:
                raise exceptions.NfvoUnavailable(
                    reason='202 Accepted without a Location')
            if time.monotonic() >= deadline:
                raise exceptions.NfvoUnavailable(
                    reason='no decision within %g s' %
                    self.settings.grant_timeout)
            cancellation.wait(self.settings.grant_poll_interval)
            response = self._call('GET', location, headers=dict(
                callbacks.ACCEPT_JSON, Version=GRANT_API_VERSION))
        with response:
            if response.status_code == 403:
                raise exceptions.GrantRejected(reason=_problem_detail(
                    response))
            if response.status_code not in (200, 201):
                LOG.warning('NFVO answered the grant with %s',
                            response.describe())
                raise exceptions.NfvoUnavailable(
                    reason=callbacks.status_error(response))
            grant = _json_body(response)
        if not isinstance(grant, dict) or not isinstance(grant.get('id'),
                                                         str):
            raise exceptions.NfvoUnavailable(
                reason='the answer is not a Grant with an id')
        return grant

    def _call(self, method, uri, **kwargs):
        try:
            return callbacks.request(method, uri, self.conf, self.settings,
                                     self.authentication, **kwargs)
        except callbacks.DeliveryFailed as exc:
            LOG.warning('NFVO call %s %s failed: %s', method, uri,
                        exc.detail)
            raise exceptions.NfvoUnavailable(reason=exc.reason)


def _authentication(settings):
    """[nfvo] credentials as a SOL013 SubscriptionAuthentication."""
    if settings.token_endpoint:
        return {'authType': ['OAUTH2_CLIENT_CREDENTIALS'],
                'paramsOauth2ClientCredentials': {
                    'tokenEndpoint': settings.token_endpoint,
                    'clientId': settings.client_id or '',
                    'clientPassword': settings.client_password or ''}}
    if settings.username:
        return {'authType': ['BASIC'], 'paramsBasic': {
            'userName': settings.username,
            'password': settings.password or ''}}
    return None


def _json_body(response):
    try:
        return json.loads(callbacks.read(response, GRANT_BODY_LIMIT))
    except callbacks.DeliveryFailed as exc:
        raise exceptions.NfvoUnavailable(reason=exc.reason)
    except ValueError:
        raise exceptions.NfvoUnavailable(reason='the answer is not JSON')


def _problem_detail(response):
    """The detail of the NFVO's ProblemDetails (the operator's NFVO says
    why it refused), at most PROBLEM_DETAIL_LIMIT characters."""
    try:
        detail = json.loads(callbacks.read(response, PROBLEM_BODY_LIMIT))
        detail = detail['detail']
    except (callbacks.DeliveryFailed, ValueError, KeyError, TypeError):
        return 'HTTP 403'
    return str(detail)[:PROBLEM_DETAIL_LIMIT]


def nfvo(conf, base_url):
    """The NFVO this conductor asks for grants; ``base_url`` is this
    Tacker's, where the local NFVO's grants are shown."""
    if conf.nfvo.use_external_nfvo:
        return ExternalNfvo(conf)
    return LocalNfvo(base_url)
