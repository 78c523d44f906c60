"""JSON Schemas of the request bodies of SOL005 v2.6.1 (clause 9.5.2)."""

_KEY_VALUE_PAIRS = {'type': 'object'}
# An http(s) URI Tacker calls: RFC 3986 allows printable ASCII only.
_HTTP_URI = {'type': 'string', 'maxLength': 2048,
             'pattern': '^[Hh][Tt][Tt][Pp][Ss]?://[!-~]+$',
             'description': 'an http or https URI in printable ASCII'}
# What HTTP Basic authentication (RFC 7617 2) can carry: Latin-1 text
# without controls, and no ':' in the user-id.
_BASIC_USER = {'type': 'string', 'maxLength': 255,
               'pattern': '^[ -9;-~\u00a0-\u00ff]*$'}
_BASIC_PASSWORD = {'type': 'string', 'maxLength': 255,
                   'pattern': '^[ -~\u00a0-\u00ff]*$'}

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
        'addressInformation': _HTTP_URI,
        'userName': _BASIC_USER,
        'password': _BASIC_PASSWORD,
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

# The params each authType needs (SOL013 v3.3.1 8.3.4: present when the
# credentials were not provisioned out of band, which Tacker has no way
# to be). TLS_CERT needs none: Tacker's certificate is configured.
_AUTH_PARAMS = {
    'BASIC': ('paramsBasic', {
        'type': 'object', 'required': ['userName', 'password'],
        'properties': {'userName': _BASIC_USER,
                       'password': _BASIC_PASSWORD},
        'additionalProperties': False}),
    'OAUTH2_CLIENT_CREDENTIALS': ('paramsOauth2ClientCredentials', {
        'type': 'object',
        'required': ['clientId', 'clientPassword', 'tokenEndpoint'],
        'properties': {'clientId': _BASIC_USER,
                       'clientPassword': _BASIC_PASSWORD,
                       'tokenEndpoint': _HTTP_URI},
        'additionalProperties': False}),
}
# An OAuth2 client authenticated by its TLS client certificate (RFC 8705
# 2.1), which certificateRef names by its base64url SHA-256 thumbprint.
# SOL013 v3.5.1 8.3.4 added it; the v3.3.1 OpenAPI documents lack it, and
# Tacker accepts it where upstream Tacker does: on the SOL003 v3.3.1 APIs
# (/vnflcm/v2, /vnffm/v1, /vnfpm/v2).
_OAUTH2_CLIENT_CERT_PARAMS = {
    'OAUTH2_CLIENT_CERT': ('paramsOauth2ClientCert', {
        'type': 'object',
        'required': ['clientId', 'certificateRef', 'tokenEndpoint'],
        'properties': {
            'clientId': _BASIC_USER,
            'certificateRef': {
                'type': 'object', 'required': ['type', 'value'],
                'properties': {'type': {'enum': ['x5t#S256']},
                               'value': {'type': 'string',
                                         'maxLength': 255}},
                'additionalProperties': False},
            'tokenEndpoint': _HTTP_URI},
        'additionalProperties': False}),
}


def _when_auth_type(auth_type, params):
    return {'if': {'properties': {'authType': {'contains': {
        'const': auth_type}}}}, 'then': {'required': [params]}}


def _subscription_authentication(auth_params):
    """SubscriptionAuthentication (SOL013 8.3.4) with the authTypes of
    ``auth_params`` ({authType: (params name, params schema)}) and
    TLS_CERT."""
    return {
        'type': 'object',
        'required': ['authType'],
        'properties': {
            'authType': {'type': 'array', 'minItems': 1,
                         'uniqueItems': True,
                         'items': {'enum': [*auth_params, 'TLS_CERT']}},
            **dict(auth_params.values()),
        },
        'allOf': [_when_auth_type(auth_type, params)
                  for auth_type, (params, _) in auth_params.items()],
        'additionalProperties': False,
    }


subscription_authentication = _subscription_authentication(_AUTH_PARAMS)
subscription_authentication_v2 = _subscription_authentication(
    dict(_OAUTH2_CLIENT_CERT_PARAMS, **_AUTH_PARAMS))

pkgm_subscription_request = {
    'type': 'object',
    'properties': {
        'filter': pkgm_notifications_filter,
        'callbackUri': _HTTP_URI,
        'authentication': subscription_authentication,
    },
    'required': ['callbackUri'],
    'additionalProperties': False,
}
