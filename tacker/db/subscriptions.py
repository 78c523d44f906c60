"""Queries on notification subscriptions of every API (``api`` column:
``vnfpkgm``, later ``vnflcm_v1``...)."""
import hashlib
import json

import sqlalchemy as sa

from tacker.common import exceptions
from tacker.db import api as db_api
from tacker.db import compiled
from tacker.db import models
from tacker.db import paging

SUB = models.Subscription
ORDER = paging.creation_order(SUB.__table__)


def filter_hash(callback_uri, subscription_filter):
    """Identity of a subscription for SOL013's duplicate check: same
    callback and same filter (key order does not matter)."""
    canonical = json.dumps({'callbackUri': callback_uri,
                            'filter': subscription_filter or {}},
                           sort_keys=True, separators=(',', ':'))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _scope(api, project_id):
    return [SUB.api == api, *db_api.in_project(SUB, project_id)]


def find_duplicate(context, api, project_id, callback_uri,
                   subscription_filter):
    with db_api.reader.using(context) as session:
        return session.execute(sa.select(SUB.id).where(
            *_scope(api, project_id),
            SUB.filter_hash == filter_hash(callback_uri,
                                           subscription_filter))
        ).scalars().first()


@db_api.retry_on_deadlock
def create(context, api, project_id, callback_uri, authentication,
           subscription_filter, verbosity=None):
    row = SUB(api=api, project_id=project_id, callback_uri=callback_uri,
              authentication=authentication, filter=subscription_filter,
              filter_hash=filter_hash(callback_uri, subscription_filter),
              verbosity=verbosity)
    with db_api.writing(context) as session:
        session.add(row)
        session.flush()
        return paging.as_dict(row)


def get(context, api, subscription_id, project_id=None):
    """:raises: SubscriptionNotFound"""
    with db_api.reader.using(context) as session:
        return paging.as_dict(db_api.one_in_project(
            session, SUB, subscription_id, project_id,
            exceptions.SubscriptionNotFound, SUB.api == api))


def list_page(context, api, project_id, *page, **options):
    """A page of one API's subscriptions (see
    ``tacker.db.paging.list_page``)."""
    return paging.list_page(
        context, SUB.__table__,
        dict(api=api, **db_api.project_scope(project_id)), *page,
        **options)


@db_api.retry_on_deadlock
def delete(context, api, subscription_id, project_id=None):
    """:raises: SubscriptionNotFound"""
    with db_api.writing(context) as session:
        deleted = session.execute(sa.delete(SUB).where(
            SUB.id == subscription_id, *_scope(api, project_id))).rowcount
    if not deleted:
        raise exceptions.SubscriptionNotFound(id=subscription_id)


_TABLE = SUB.__table__
# Built once (table columns, not ORM attributes, so that no ORM
# compilation runs): its compiled form is found in the statement cache.
_FOR_API = (sa.select(_TABLE.c.id, _TABLE.c.filter, _TABLE.c.verbosity)
            .where(_TABLE.c.api == sa.bindparam('api'),
                   _TABLE.c.project_id == sa.bindparam('project_id'))
            .order_by(*ORDER))


def all_for_api(session, api, project_id):
    """The id, filter and verbosity of every subscription of ``api`` in
    ``project_id`` (a notification tells only the project that owns its
    resource), read in the caller's transaction (the one that writes the
    notifications)."""
    return compiled.mappings(session, _FOR_API,
                             {'api': api, 'project_id': project_id})
