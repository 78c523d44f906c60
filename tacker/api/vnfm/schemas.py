"""JSON Schemas of the request bodies of the legacy Tacker VNFM API
(``/v1.0/vnfds``, ``/v1.0/vnfs``): ``{"vnfd": {...}}``, ``{"vnf": {...}}``,
as Tacker's Ussuri-era API took them."""
_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_DESCRIPTION = {'type': 'string', 'maxLength': 1024}
# A TOSCA template: YAML text, or the mapping it parses to (as
# python-tackerclient sends it).
TEMPLATE = {'type': ['string', 'object'], 'maxLength': 1024 * 1024}
TEMPLATE_SOURCES = ('onboarded', 'inline')

vnfd_request = {
    'type': 'object',
    'properties': {'vnfd': {
        'type': 'object',
        'properties': {
            'name': _NAME,
            'description': _DESCRIPTION,
            'tenant_id': _NAME,
            'service_types': {'type': 'array', 'maxItems': 10},
            'attributes': {
                'type': 'object',
                'properties': {'vnfd': TEMPLATE},
                'required': ['vnfd'],
                'additionalProperties': False,
            },
            'template_source': {'enum': list(TEMPLATE_SOURCES)},
        },
        'required': ['name', 'attributes'],
        'additionalProperties': False,
    }},
    'required': ['vnfd'],
    'additionalProperties': False,
}

# A YAML text or the mapping it parses to, as python-tackerclient sends
# param_values and config.
_YAML = {'type': ['string', 'object'], 'maxLength': 256 * 1024}

vnf_request = {
    'type': 'object',
    'properties': {'vnf': {
        'type': 'object',
        'properties': {
            'name': _NAME,
            'description': _DESCRIPTION,
            'tenant_id': _NAME,
            'vnfd_id': _NAME,
            'vnfd_template': TEMPLATE,
            'vim_id': _NAME,
            'vim_name': _NAME,
            'placement_attr': {
                'type': 'object',
                'properties': {'region_name': _NAME},
                'additionalProperties': False,
            },
            'attributes': {
                'type': 'object',
                'properties': {'param_values': _YAML, 'config': _YAML},
                'additionalProperties': False,
            },
        },
        'required': ['name'],
        'additionalProperties': False,
    }},
    'required': ['vnf'],
    'additionalProperties': False,
}

# PUT /v1.0/vnfs/{id}: a new config for the management driver.
vnf_update_request = {
    'type': 'object',
    'properties': {'vnf': {
        'type': 'object',
        'properties': {'attributes': {
            'type': 'object',
            'properties': {'config': _YAML},
            'required': ['config'],
            'additionalProperties': False,
        }},
        'required': ['attributes'],
        'additionalProperties': False,
    }},
    'required': ['vnf'],
    'additionalProperties': False,
}

# POST /v1.0/vnfs/{id}/actions: scale by a scaling policy of the VNFD.
vnf_action_request = {
    'type': 'object',
    'properties': {'scale': {
        'type': 'object',
        'properties': {'type': {'enum': ['out', 'in']}, 'policy': _NAME},
        'required': ['type', 'policy'],
        'additionalProperties': False,
    }},
    'required': ['scale'],
    'additionalProperties': False,
}
