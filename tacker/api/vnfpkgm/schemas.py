"""JSON Schemas of the request bodies of SOL005 v2.6.1 (clause 9.5.2)."""

_KEY_VALUE_PAIRS = {'type': 'object'}
_URI = {'type': 'string', 'minLength': 1, 'maxLength': 2048}

create_vnf_pkg_info_request = {
    'type': 'object',
    'properties': {'userDefinedData': _KEY_VALUE_PAIRS},
    'additionalProperties': False,
}

vnf_pkg_info_modifications = {
    'type': 'object',
    'properties': {
        'operationalState': {'enum': ['ENABLED', 'DISABLED']},
        'userDefinedData': _KEY_VALUE_PAIRS,
    },
    'minProperties': 1,
    'additionalProperties': False,
}

upload_vnf_pkg_from_uri_request = {
    'type': 'object',
    'properties': {
        'addressInformation': _URI,
        'userName': {'type': 'string', 'maxLength': 255},
        'password': {'type': 'string', 'maxLength': 255},
    },
    'required': ['addressInformation'],
    'additionalProperties': False,
}

_STRINGS = {'type': 'array', 'items': {'type': 'string', 'maxLength': 255},
            'maxItems': 100}

pkgm_notifications_filter = {
    'type': 'object',
    'properties': {
        'notificationTypes': {
            'type': 'array', 'items': {'enum': [
                'VnfPackageOnboardingNotification',
                'VnfPackageChangeNotification']}},
        'vnfProductsFromProviders': {
            'type': 'array', 'maxItems': 100, 'items': {
                'type': 'object', 'required': ['vnfProvider'],
                'properties': {
                    'vnfProvider': {'type': 'string'},
                    'vnfProducts': {
                        'type': 'array', 'items': {
                            'type': 'object',
                            'required': ['vnfProductName'],
                            'properties': {
                                'vnfProductName': {'type': 'string'},
                                'versions': {
                                    'type': 'array', 'items': {
                                        'type': 'object',
                                        'required': ['vnfSoftwareVersion'],
                                        'properties': {
                                            'vnfSoftwareVersion': {
                                                'type': 'string'},
                                            'vnfdVersions': _STRINGS}}}}}}}}},
        'vnfdId': _STRINGS,
        'vnfPkgId': _STRINGS,
        'operationalState': {'type': 'array',
                             'items': {'enum': ['ENABLED', 'DISABLED']}},
        'usageState': {'type': 'array',
                       'items': {'enum': ['IN_USE', 'NOT_IN_USE']}},
    },
    'additionalProperties': False,
}

subscription_authentication = {
    'type': 'object',
    'required': ['authType'],
    'properties': {
        'authType': {'type': 'array', 'minItems': 1, 'items': {
            'enum': ['BASIC', 'OAUTH2_CLIENT_CREDENTIALS', 'TLS_CERT']}},
        'paramsBasic': {
            'type': 'object', 'required': ['userName', 'password'],
            'properties': {'userName': {'type': 'string'},
                           'password': {'type': 'string'}}},
        'paramsOauth2ClientCredentials': {
            'type': 'object',
            'required': ['clientId', 'clientPassword', 'tokenEndpoint'],
            'properties': {'clientId': {'type': 'string'},
                           'clientPassword': {'type': 'string'},
                           'tokenEndpoint': _URI}},
    },
}

pkgm_subscription_request = {
    'type': 'object',
    'properties': {
        'filter': pkgm_notifications_filter,
        'callbackUri': _URI,
        'authentication': subscription_authentication,
    },
    'required': ['callbackUri'],
    'additionalProperties': False,
}
