"""Queries on the automatic operations alerts asked for
(``automatic_requests``): queued by the API, taken by the conductor in
the transaction that starts their operation."""
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import models

REQUEST = models.AutomaticRequest.__table__


@db_api.retry_on_deadlock
def add(context, instance, policy, params, window):
    """Queue a request of ``policy`` on ``instance``. It is due
    ``window`` seconds after the first request of the same policy still
    waiting on the instance, so that the alerts of that window run as
    one operation."""
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        first = session.execute(sa.select(sa.func.min(REQUEST.c.due_at))
                                .where(REQUEST.c.vnf_instance_id ==
                                       instance['id'],
                                       REQUEST.c.policy == policy)
                                ).scalar()
        session.execute(sa.insert(REQUEST).values(
            id=uuidutils.generate_uuid(), project_id=instance['project_id'],
            vnf_instance_id=instance['id'], policy=policy, params=params,
            due_at=first or now + datetime.timedelta(seconds=window),
            created_at=now, updated_at=now))


def due(context):
    """The requests due now, oldest first, as row dicts."""
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(REQUEST).where(REQUEST.c.due_at <= timeutils.utcnow())
            .order_by(REQUEST.c.created_at, REQUEST.c.id)).mappings()]


def take(session, request_ids):
    """Remove the requests an operation starting in ``session``'s
    transaction serves.

    :raises AutomaticRequestTaken: another conductor took one first
        (the transaction, and its operation, are to be undone).
    """
    taken = session.execute(sa.delete(REQUEST).where(
        REQUEST.c.id.in_(request_ids))).rowcount
    if taken != len(request_ids):
        raise exceptions.AutomaticRequestTaken()


@db_api.retry_on_deadlock
def discard(context, request_ids):
    """Drop requests nothing can serve (their instance is gone or not
    instantiated, their policy asks for nothing)."""
    with db_api.writing(context) as session:
        session.execute(sa.delete(REQUEST).where(
            REQUEST.c.id.in_(request_ids)))
