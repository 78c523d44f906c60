"""``/grant/v1/grants/{grantId}``: a recorded Grant (SOL003 v2.6.1
9.5.2.3), whether Tacker's local NFVO or an external one gave it."""
from tacker.common.context import project_scope
from tacker.db import grants as db_grants


class GrantsController:

    def show(self, req, id):
        return db_grants.get(req.context, id,
                             project_scope(req.context))['grant']
