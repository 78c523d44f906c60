"""``/v1.0/vims``: the VIM resource of the legacy Tacker NFVO API.

Reads are DB work done here. Registration, updates and deletion involve
the VIM's driver, so a conductor does them while the request waits: the
client learns at once whether the VIM accepted its credentials.
"""
from oslo_utils import strutils

from tacker.api import conductor_call
from tacker.api import legacy_queries
from tacker.api.nfvo import schemas
from tacker.api.nfvo import views
from tacker.api import validation
from tacker.api import wsgi
from tacker.common.context import project_scope
from tacker.db import vims as db_vims

# Query parameters of GET /v1.0/vims -> column they filter on.
FILTER_COLUMNS = {'name': 'name', 'type': 'type', 'status': 'status',
                  'is_default': 'is_default', 'tenant_id': 'project_id'}


def _filters(req):
    """The route takes only the FILTER_COLUMNS as parameters (and those
    of every legacy list)."""
    filters = legacy_queries.filters(req, FILTER_COLUMNS)
    if 'is_default' in filters:
        # Stored as True or NULL (see tacker.db.models.Vim).
        filters['is_default'] = True if validation.parse_bool(
            'is_default', filters['is_default']) else None
    return filters


def _normalized(vim):
    """The validated ``vim`` with cert_verify as a boolean."""
    cred = vim.get('auth_cred') or {}
    if 'cert_verify' not in cred:
        return vim
    return dict(vim, auth_cred=dict(
        cred, cert_verify=strutils.bool_from_string(cred['cert_verify'])))


class VimsController:

    @wsgi.responds(201, 409, 503)
    def create(self, req, body):
        vim = body['vim']
        vim_id = conductor_call.call(req.context, 'register the VIM',
                                     'register_vim', vim=_normalized(vim))
        return wsgi.Result({'vim': views.vim(db_vims.get(req.context,
                                                         vim_id))},
                           status=201)

    @wsgi.responds(200)
    def index(self, req):
        # The enhanced policy's admission of each VIM, if on.
        admits = getattr(req.context, 'admits', None) or (lambda row: True)
        return {'vims': [views.vim(row) for row in db_vims.list_all(
            req.context, project_scope(req.context), _filters(req))
            if admits(row)]}

    @wsgi.responds(200)
    def show(self, req, id):
        return {'vim': views.vim(db_vims.get(req.context, id,
                                             project_scope(req.context)))}

    @wsgi.responds(200, 409, 503)
    def update(self, req, id, body):
        stored = db_vims.get(req.context, id, project_scope(req.context))
        changes = validation.validate(
            body, schemas.vim_update_requests[stored['type']])['vim']
        conductor_call.call(req.context, 'update the VIM', 'update_vim',
                            vim_id=id, changes=_normalized(changes))
        return {'vim': views.vim(db_vims.get(req.context, id))}

    @wsgi.responds(204, 409, 503)
    def delete(self, req, id):
        db_vims.get(req.context, id, project_scope(req.context))
        conductor_call.call(req.context, 'delete the VIM',
                            'deregister_vim', vim_id=id)
        return wsgi.Result(status=204)
