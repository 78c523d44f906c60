"""Queries on grants (``grants``): what the NFVO granted an operation."""
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import compiled
from tacker.db import lcm_ops as db_ops
from tacker.db import models

GRANT = models.Grant.__table__
_INSERT = sa.insert(GRANT)


def add(session, op_id, nfvo, grant_request, grant):
    """Store the grant of the occurrence in the caller's transaction,
    which points the occurrence at it (``grant_id``)."""
    now = timeutils.utcnow()
    compiled.rowcount(session, _INSERT, dict(
        id=grant['id'], vnf_lcm_op_occ_id=op_id,
        vnf_instance_id=grant_request['vnfInstanceId'], nfvo=nfvo,
        grant_request=grant_request, grant=grant, created_at=now,
        updated_at=now))


@db_api.retry_on_deadlock
def record(context, op_id, host, nfvo, grant_request, grant):
    """Store the grant and point the occurrence at it, if ``host`` still
    runs the occurrence and nobody cancelled it. Returns whether it did.
    """
    with db_api.writing_statements(context) as session:
        if not session.execute(sa.update(db_ops.OP).where(
                db_ops.OP.c.id == op_id, db_ops.OP.c.owner_host == host,
                db_ops.OP.c.is_cancel_pending == sa.false()).values(
                    grant_id=grant['id'],
                    updated_at=timeutils.utcnow())).rowcount:
            return False
        add(session, op_id, nfvo, grant_request, grant)
        return True


def get(context, grant_id, project_id=None):
    """The stored row of a grant.

    :raises: GrantNotFound, also when it belongs to another project.
    """
    # A grant is in the project of the occurrence it was given to.
    of_project = [] if project_id is None else [
        GRANT.c.vnf_lcm_op_occ_id.in_(sa.select(db_ops.OP.c.id).where(
            *db_api.in_project(db_ops.OP.c, project_id)))]
    with db_api.reader.using(context) as session:
        return db_api.one_in_project(session, GRANT, grant_id, None,
                                     exceptions.GrantNotFound, *of_project)
