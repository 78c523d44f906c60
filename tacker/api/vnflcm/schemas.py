"""JSON Schemas of the request bodies of SOL003 v2.6.1 (clause 5.5.2)."""
from tacker.api.vnfpkgm import schemas as pkg_schemas

_STRING = {'type': 'string', 'maxLength': 255}
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
_OPERATION_STATES = ['STARTING', 'PROCESSING', 'COMPLETED', 'FAILED_TEMP',
                     'FAILED', 'ROLLING_BACK', 'ROLLED_BACK']

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
