"""JSON Schemas of the request bodies of SOL003 v3.3.1 (clause 5.5.2)
that differ from v2.6.1's (``schemas``): a VimConnectionInfo is a map
keyed by the connection's id (4.4.1.6), in which a modification
(5.5.2.12) deletes an entry by setting it to null; ``requests_v2`` turns
them into the v2.6.1 shapes the conductor takes. A LccnSubscription
(5.5.2.15) chooses its verbosity, may name the operations v3.3.1
added, and may ask for OAUTH2_CLIENT_CERT."""
import copy

from tacker.api.vnflcm import schemas
from tacker.api.vnfpkgm import schemas as pkg_schemas

_ENTRY = copy.deepcopy(schemas.VIM_CONNECTION_INFO['items'])
del _ENTRY['properties']['id']
_ENTRY['required'] = ['vimType']
VIM_CONNECTION_INFO = {
    'type': 'object', 'maxProperties': 100,
    'propertyNames': {'minLength': 1, 'maxLength': 255},
    'additionalProperties': _ENTRY}


def _with_vim_map(schema, entry=VIM_CONNECTION_INFO):
    schema = copy.deepcopy(schema)
    schema['properties']['vimConnectionInfo'] = entry
    return schema


# What SOL003 v3.3.1 requests that deploy a VNF (5.5.2.4, 5.5.2.7,
# 5.5.2.11a) set on the instance once it completed, merged into what it
# has (RFC 7396).
INSTANCE_PROPERTIES = {'extensions': {'type': 'object'},
                       'vnfConfigurableProperties': {'type': 'object'}}


def _with_properties(schema):
    schema = copy.deepcopy(schema)
    schema['properties'].update(INSTANCE_PROPERTIES)
    return schema


instantiate_vnf_request = _with_properties(
    _with_vim_map(schemas.instantiate_vnf_request))
change_vnf_flavour_request = _with_properties(
    schemas.change_vnf_flavour_request)
change_ext_vnf_connectivity_request = _with_vim_map(
    schemas.change_ext_vnf_connectivity_request)
vnf_info_modification_request = _with_vim_map(
    schemas.vnf_info_modification_request,
    dict(VIM_CONNECTION_INFO, additionalProperties={
        'anyOf': [_ENTRY, {'type': 'null'}]}))
del vnf_info_modification_request['properties'][
    'vimConnectionInfoDeleteIds']

VERBOSITIES = ['FULL', 'SHORT']
lccn_subscription_request = copy.deepcopy(schemas.lccn_subscription_request)
lccn_subscription_request['properties']['verbosity'] = {'enum': VERBOSITIES}
lccn_subscription_request['properties']['authentication'] = \
    pkg_schemas.subscription_authentication_v2
lccn_subscription_request['properties']['filter']['properties'][
    'operationTypes']['items']['enum'] += [
        'CHANGE_VNFPKG', 'CREATE_SNAPSHOT', 'REVERT_TO_SNAPSHOT']

# ScaleVnfToLevelRequest (5.5.2.6): the levels of an instantiation level,
# or of each aspect scaleInfo names.
scale_vnf_to_level_request = {
    'type': 'object',
    'properties': {
        'instantiationLevelId': {'type': 'string', 'maxLength': 255},
        'scaleInfo': {'type': 'array', 'minItems': 1, 'maxItems': 100,
                      'items': {
                          'type': 'object',
                          'properties': {
                              'aspectId': {'type': 'string',
                                           'maxLength': 255},
                              'scaleLevel': {'type': 'integer',
                                             'minimum': 0,
                                             'maximum': 2 ** 31 - 1},
                              'vnfdId': {'type': 'string',
                                         'maxLength': 255}},
                          'required': ['aspectId', 'scaleLevel'],
                          'additionalProperties': False}},
        'additionalParams': {'type': 'object'},
    },
    'oneOf': [{'required': ['instantiationLevelId']},
              {'required': ['scaleInfo']}],
    'additionalProperties': False,
}

# ChangeCurrentVnfPkgRequest (5.5.2.11a). Its extVirtualLinks,
# extManagedVirtualLinks and vimConnectionInfo are not taken yet (a 400
# names them).
change_current_vnf_pkg_request = {
    'type': 'object',
    'properties': {
        'vnfdId': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'additionalParams': {'type': 'object'},
        **INSTANCE_PROPERTIES,
    },
    'required': ['vnfdId'],
    'additionalProperties': False,
}
