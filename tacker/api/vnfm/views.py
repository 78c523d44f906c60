"""The resources of the legacy Tacker VNFM API (``/v1.0``) as Tacker's
Ussuri-era API showed them."""
import json

import yaml

from tacker.api import wsgi
from tacker.common import safe_yaml
from tacker.common import vim_secrets
from tacker.conf import CONF

_MAX_DEPTH = 20


def vnfd(row):
    """A VNFD: its template as the YAML text it is stored as."""
    return {
        'id': row['id'],
        'tenant_id': row['project_id'],
        'name': row['name'],
        'description': row['description'] or '',
        'service_types': ['vnfd'],
        'attributes': {'vnfd': row['template']},
        'template_source': row['template_source'],
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }


def json_text(value):
    """A mapping as the JSON text Tacker showed (mgmt_ip_address,
    vnf_ids...); None stays None."""
    return None if value is None else json.dumps(value, sort_keys=True)


def _masked(value):
    """Parsed config with its secrets (also those in the YAML text of a
    VDU's ``config``) as ``***``."""
    if isinstance(value, str):
        try:
            parsed = safe_yaml.load(value, _MAX_DEPTH)
        except yaml.YAMLError:
            return value
        return yaml.safe_dump(_masked(parsed), default_flow_style=False) \
            if isinstance(parsed, dict) else value
    if isinstance(value, dict):
        return {key: vim_secrets.MASK if key in vim_secrets.CONFIG_SECRETS
                else _masked(item) for key, item in value.items()}
    return value


def config(stored):
    """A VNF's stored (sealed) mgmt config as shown: its secrets masked;
    all of it when it cannot be read."""
    try:
        return _masked(vim_secrets.unseal_text(CONF, stored))
    except Exception:
        return vim_secrets.MASK


def vnf(row):
    """A VNF: mgmt_ip_address as the JSON text of {VDU: address} Tacker
    showed; param_values and config as YAML text."""
    attributes = row['attributes'] or {}
    return {
        'id': row['id'],
        'tenant_id': row['project_id'],
        'name': row['name'],
        'description': row['description'] or '',
        'vnfd_id': row['vnfd_id'],
        'vim_id': row['vim_id'],
        'placement_attr': row['placement_attr'] or {},
        'status': row['status'],
        'error_reason': row['error_reason'],
        'instance_id': row['instance_id'],
        'mgmt_ip_address': json_text(row['mgmt_ip_address']),
        'attributes': dict(
            {'param_values': attributes['param_values']}
            if 'param_values' in attributes else {},
            **({'config': config(attributes['config'])}
               if 'config' in attributes else {})),
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }
