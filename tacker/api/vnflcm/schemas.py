"""JSON Schemas of the request bodies of SOL003 v2.6.1 (clause 5.5.2)."""
from tacker.api.nfvo import schemas as vim_schemas
from tacker.api.vnfpkgm import schemas as pkg_schemas
from tacker.common import states

_STRING = {'type': 'string', 'maxLength': 255}
# Counts and seconds: bounded so that every database can store them.
_COUNT = {'type': 'integer', 'maximum': 2 ** 31 - 1}
_STRINGS = {'type': 'array', 'items': _STRING, 'maxItems': 100}

create_vnf_request = {
    'type': 'object',
    'properties': {
        'vnfdId': _STRING,
        'vnfInstanceName': _STRING,
        'vnfInstanceDescription': {'type': 'string', 'maxLength': 1024},
        'metadata': {'type': 'object'},
    },
    'required': ['vnfdId'],
    'additionalProperties': False,
}

_OPERATIONS = ['INSTANTIATE', 'SCALE', 'SCALE_TO_LEVEL', 'CHANGE_FLAVOUR',
               'TERMINATE', 'HEAL', 'OPERATE', 'CHANGE_EXT_CONN',
               'MODIFY_INFO']
_OPERATION_STATES = sorted(states.LCM_OP)

lifecycle_change_notifications_filter = {
    'type': 'object',
    'properties': {
        'vnfInstanceSubscriptionFilter': {
            'type': 'object',
            'properties': {
                'vnfdIds': _STRINGS,
                'vnfProductsFromProviders': pkg_schemas
                .pkgm_notifications_filter['properties']
                ['vnfProductsFromProviders'],
                'vnfInstanceIds': _STRINGS,
                'vnfInstanceNames': _STRINGS,
            },
            'additionalProperties': False,
        },
        'notificationTypes': {'type': 'array', 'items': {'enum': [
            'VnfLcmOperationOccurrenceNotification',
            'VnfIdentifierCreationNotification',
            'VnfIdentifierDeletionNotification']}},
        'operationTypes': {'type': 'array',
                           'items': {'enum': _OPERATIONS}},
        'operationStates': {'type': 'array',
                            'items': {'enum': _OPERATION_STATES}},
    },
    'additionalProperties': False,
}

lccn_subscription_request = {
    'type': 'object',
    'properties': {
        'filter': lifecycle_change_notifications_filter,
        'callbackUri': pkg_schemas.pkgm_subscription_request['properties']
        ['callbackUri'],
        'authentication': pkg_schemas.subscription_authentication,
    },
    'required': ['callbackUri'],
    'additionalProperties': False,
}

_OBJECT = {'type': 'object'}
_OBJECTS = {'type': 'array', 'items': _OBJECT, 'maxItems': 1000}
VIM_CONNECTION_INFO = {
    'type': 'array', 'maxItems': 100, 'items': {
        'type': 'object', 'required': ['id', 'vimType'],
        'properties': {'id': _STRING, 'vimId': _STRING,
                       'vimType': _STRING, 'interfaceInfo': _OBJECT,
                       'accessInfo': {
                           'type': 'object', 'properties': {
                               'bearer_token': vim_schemas.BEARER_TOKEN}},
                       'extra': _OBJECT}}}

instantiate_vnf_request = {
    'type': 'object',
    'properties': {
        'flavourId': _STRING,
        'instantiationLevelId': _STRING,
        'extVirtualLinks': _OBJECTS,
        'extManagedVirtualLinks': _OBJECTS,
        'vimConnectionInfo': VIM_CONNECTION_INFO,
        'localizationLanguage': _STRING,
        'additionalParams': _OBJECT,
    },
    'required': ['flavourId'],
    'additionalProperties': False,
}

# ChangeVnfFlavourRequest (SOL003 v2.6.1 5.5.2.7); its
# vimConnectionInfo is not taken yet.
change_vnf_flavour_request = {
    'type': 'object',
    'properties': {
        'newFlavourId': _STRING,
        'instantiationLevelId': _STRING,
        'extVirtualLinks': _OBJECTS,
        'extManagedVirtualLinks': _OBJECTS,
        'additionalParams': _OBJECT,
    },
    'required': ['newFlavourId'],
    'additionalProperties': False,
}

terminate_vnf_request = {
    'type': 'object',
    'properties': {
        'terminationType': {'enum': ['FORCEFUL', 'GRACEFUL']},
        'gracefulTerminationTimeout': dict(_COUNT, minimum=0),
        'additionalParams': _OBJECT,
    },
    'required': ['terminationType'],
    'additionalProperties': False,
}

scale_vnf_request = {
    'type': 'object',
    'properties': {
        'type': {'enum': ['SCALE_OUT', 'SCALE_IN']},
        'aspectId': _STRING,
        'numberOfSteps': dict(_COUNT, minimum=1),
        'additionalParams': _OBJECT,
    },
    'required': ['type', 'aspectId'],
    'additionalProperties': False,
}

heal_vnf_request = {
    'type': 'object',
    'properties': {
        'vnfcInstanceId': _STRINGS,
        'cause': {'type': 'string', 'maxLength': 1024},
        'additionalParams': _OBJECT,
        'healScript': _STRING,
    },
    'additionalProperties': False,
}

change_ext_vnf_connectivity_request = {
    'type': 'object',
    'properties': {
        'extVirtualLinks': _OBJECTS,
        'vimConnectionInfo': VIM_CONNECTION_INFO,
        'additionalParams': _OBJECT,
    },
    'required': ['extVirtualLinks'],
    'additionalProperties': False,
}

vnf_info_modification_request = {
    'type': 'object',
    'properties': {
        'vnfInstanceName': _STRING,
        'vnfInstanceDescription': {'type': 'string', 'maxLength': 1024},
        'vnfdId': _STRING,
        'vnfConfigurableProperties': _OBJECT,
        'metadata': _OBJECT,
        'extensions': _OBJECT,
        'vimConnectionInfo': VIM_CONNECTION_INFO,
        'vimConnectionInfoDeleteIds': _STRINGS,
    },
    'minProperties': 1,
    'additionalProperties': False,
}

cancel_mode = {
    'type': 'object',
    'properties': {'cancelMode': {'enum': list(states.CANCEL_MODES)}},
    'required': ['cancelMode'],
    'additionalProperties': False,
}
