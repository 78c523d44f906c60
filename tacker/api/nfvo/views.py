"""VIMs as the legacy Tacker NFVO API (``/v1.0``) shows them."""
from tacker.api import wsgi
from tacker.common import vim_secrets


def vim(row):
    """A stored VIM, its secrets shown as ``***``."""
    return {
        'id': row['id'],
        'tenant_id': row['project_id'],
        'name': row['name'],
        'description': row['description'] or '',
        'type': row['type'],
        'auth_url': row['auth_url'],
        'auth_cred': dict({'cert_verify': True},
                          **vim_secrets.mask(row['auth_cred'])),
        'vim_project': row['vim_project'] or {},
        'placement_attr': row['placement_attr'] or {},
        'status': row['status'],
        'is_default': bool(row['is_default']),
        'extra': row['extra'] or {},
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }
