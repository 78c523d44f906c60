"""The resources of the legacy Tacker VNFM API (``/v1.0``) as Tacker's
Ussuri-era API showed them."""
import json

from tacker.api import wsgi


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


def vnf(row, vim_name=None):
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
        'placement_attr': dict(row['placement_attr'] or {},
                               **({'vim_name': vim_name} if vim_name
                                  else {})),
        'status': row['status'],
        'error_reason': row['error_reason'],
        'instance_id': row['instance_id'],
        'mgmt_ip_address': json_text(row['mgmt_ip_address']),
        'attributes': {name: attributes[name]
                       for name in ('param_values', 'config')
                       if name in attributes},
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }
