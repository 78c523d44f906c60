"""JSON Schemas of the request bodies of ``/v1.0/vims`` (legacy Tacker
NFVO API): ``{"vim": {...}}``, with the credentials each VIM type takes.
"""
VIM_TYPES = ('openstack', 'kubernetes')

_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_DESCRIPTION = {'type': 'string', 'maxLength': 1024}
_SECRET = {'type': 'string', 'minLength': 1, 'maxLength': 8192}
# The very end of a string: "$" also matches before a final line break.
_END = r'(?![\s\S])'
# RFC 6750 2.1 b64token: what an Authorization: Bearer header carries.
BEARER_TOKEN = dict(_SECRET, pattern=r'^[A-Za-z0-9._~+/-]+=*' + _END,
                    description='a bearer token (RFC 6750 b64token)')
_CA_CERT = {'type': 'string', 'maxLength': 65536}
# Legacy clients send cert_verify as the string "True" or "False".
_CERT_VERIFY = {'enum': [True, False, 'True', 'False', 'true', 'false']}

_TLS = {'cert_verify': _CERT_VERIFY, 'ssl_ca_cert': _CA_CERT}
# HTTP basic authentication (RFC 7617 2): no control characters, and no
# colon in the user-id.
_BASIC_USERNAME = dict(_NAME, pattern=r'^[^:\x00-\x1f\x7f]+' + _END,
                       description='a user name without colons or '
                                   'control characters')
_BASIC_PASSWORD = dict(_SECRET, pattern=r'^[^\x00-\x1f\x7f]+' + _END,
                       description='a password without control characters')
# A Kubernetes VIM takes a bearer token, or else a username and password.
# (Refusals name properties only: a message quoting auth_cred would show
# its secrets.)
_ONE_KIND_OF_KUBERNETES_CREDENTIALS = {
    'if': {'required': ['bearer_token']},
    'then': {'propertyNames': {
        'pattern': '^(?!(username|password)$)',
        'description': 'bearer_token alone, or username and password, '
                       'not both'}},
    'else': {'required': ['username', 'password']}}
# auth_cred fields of each VIM type, and what else a new VIM's auth_cred
# must satisfy.
_CREDENTIALS = {
    'openstack': ({'username': _NAME, 'password': _SECRET,
                   'user_domain_name': _NAME, **_TLS},
                  {'required': ['username', 'password']}),
    'kubernetes': ({'bearer_token': BEARER_TOKEN,
                    'username': _BASIC_USERNAME,
                    'password': _BASIC_PASSWORD, **_TLS},
                   _ONE_KIND_OF_KUBERNETES_CREDENTIALS),
}
# Credentials an update may remove (null), by VIM type: a Kubernetes VIM
# changes from a token to a password or back.
_REMOVABLE = {'openstack': (),
              'kubernetes': ('bearer_token', 'username', 'password')}
_PROJECT_FIELDS = {'name': _NAME, 'project_domain_name': _NAME}
# vim_project fields registration needs, by VIM type.
_PROJECT_REQUIRED = {'openstack': ['name'], 'kubernetes': []}

_COMMON = {'name': _NAME, 'description': _DESCRIPTION,
           'is_default': {'type': 'boolean'}, 'extra': {'type': 'object'}}


def _object(properties, required=(), **more):
    return dict({'type': 'object', 'properties': properties,
                 'required': list(required), 'additionalProperties': False},
                **more)


def _body(vim):
    return _object({'vim': vim}, ['vim'])


def _credentials_of(vim_type):
    """The schema of a new VIM of ``vim_type``, applied when its "type"
    says so."""
    fields, rules = _CREDENTIALS[vim_type]
    project_required = _PROJECT_REQUIRED[vim_type]
    return {'if': {'properties': {'type': {'const': vim_type}}},
            'then': {'properties': {
                'auth_cred': _object(fields, **rules),
                'vim_project': _object(_PROJECT_FIELDS, project_required)},
                'required': ['vim_project'] if project_required else []}}


vim_request = _body(_object(
    dict(_COMMON, type={'enum': list(VIM_TYPES)},
         auth_url={'type': 'string', 'maxLength': 1024,
                   'pattern': r'^https?://\S+$',
                   'description': 'an http or https URL'},
         auth_cred={'type': 'object'},
         vim_project={'type': 'object'}),
    ['name', 'type', 'auth_url', 'auth_cred'],
    allOf=[_credentials_of(vim_type) for vim_type in VIM_TYPES]))


def _update_request(vim_type):
    """Any part of a VIM of ``vim_type`` but its type and auth_url;
    ``ssl_ca_cert`` null removes the CA certificate, and so for the
    ``_REMOVABLE`` credentials (the driver checks what the merge
    leaves)."""
    fields = dict(_CREDENTIALS[vim_type][0])
    for name in ('ssl_ca_cert',) + _REMOVABLE[vim_type]:
        fields[name] = dict(fields[name], type=['string', 'null'])
    return _body(_object(
        dict(_COMMON, auth_cred=_object(fields),
             vim_project=_object(_PROJECT_FIELDS)),
        minProperties=1))


# The body of PUT /v1.0/vims/{id}, by the type of the VIM.
vim_update_requests = {vim_type: _update_request(vim_type)
                       for vim_type in VIM_TYPES}
# What the route checks before the VIM's type is known.
vim_update_request = {'anyOf': list(vim_update_requests.values())}

# A TOSCA template: YAML text, or the mapping it parses to.
_TEMPLATE = {'type': ['string', 'object'], 'maxLength': 256 * 1024}

# POST /v1.0/nsds (Tacker's NSD request).
nsd_request = {
    'type': 'object',
    'properties': {'nsd': {
        'type': 'object',
        'properties': {
            'name': _NAME, 'description': _DESCRIPTION, 'tenant_id': _NAME,
            'attributes': {
                'type': 'object',
                'properties': {'nsd': _TEMPLATE},
                'required': ['nsd'],
                'additionalProperties': False,
            },
        },
        'required': ['name', 'attributes'],
        'additionalProperties': False,
    }},
    'required': ['nsd'],
    'additionalProperties': False,
}

# POST /v1.0/nss: param_values {"nsd": {NSD inputs}, <VNF node>: {...}}.
ns_request = {
    'type': 'object',
    'properties': {'ns': {
        'type': 'object',
        'properties': {
            'name': _NAME, 'description': _DESCRIPTION, 'tenant_id': _NAME,
            'nsd_id': _NAME, 'nsd_template': _TEMPLATE,
            'vim_id': _NAME, 'vim_name': _NAME,
            'attributes': {
                'type': 'object',
                'properties': {'param_values': {
                    'type': ['string', 'object'],
                    'maxLength': 256 * 1024}},
                'additionalProperties': False,
            },
        },
        'required': ['name'],
        'additionalProperties': False,
    }},
    'required': ['ns'],
    'additionalProperties': False,
}
