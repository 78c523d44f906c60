"""``/grant/v1/grants/{grantId}``: a recorded Grant (SOL003 v2.6.1
9.5.2.3), whether Tacker's local NFVO or an external one gave it; VIM
secrets an NFVO handed over are not shown."""
from tacker.api import wsgi
from tacker.common.context import project_scope
from tacker.common import vim_secrets
from tacker.db import grants as db_grants


class GrantsController:

    @wsgi.responds(200)
    def show(self, req, id):
        grant = db_grants.get(req.context, id,
                              project_scope(req.context))['grant']
        if isinstance(grant.get('vimConnections'), list):
            grant = dict(grant, vimConnections=vim_secrets.without_secrets(
                grant['vimConnections']))
        return grant
