"""Queries on VNF instances (``vnf_instances``), as Core row dicts whose
keys are the table's column names."""
import functools

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import compiled
from tacker.db import lone_reads
from tacker.db import models
from tacker.db import paging

INSTANCE = models.VnfInstance.__table__
PKG = models.VnfPackage.__table__
OP = models.VnfLcmOpOcc.__table__
ORDER = paging.creation_order(INSTANCE)


def select_one(session, instance_id, project_id, lock=False):
    """:raises: VnfInstanceNotFound"""
    return db_api.one_in_project(session, INSTANCE, instance_id, project_id,
                                 exceptions.VnfInstanceNotFound, lock=lock)


# Column of an instance -> the column of its package it copies.
_COPIED = {'vnf_pkg_id': 'id', 'vnfd_id': 'vnfd_id',
           'vnf_provider': 'vnf_provider',
           'vnf_product_name': 'vnf_product_name',
           'vnf_software_version': 'vnf_software_version',
           'vnfd_version': 'vnfd_version'}


@functools.lru_cache(maxsize=None)
def _usable_package_query(lock):
    """The query of ``usable_package``, built once per variant: its
    compiled form is then found in the statement cache without building
    a statement per request."""
    query = sa.select(
        *(PKG.c[name] for name in _COPIED.values()), PKG.c.usage_state
    ).where(
        PKG.c.vnfd_id == sa.bindparam('vnfd_id'),
        PKG.c.project_id == sa.bindparam('project_id'),
        PKG.c.onboarding_state == states.ONBOARDED,
        PKG.c.operational_state == states.ENABLED)
    return query.with_for_update() if lock else query


def usable_package(session, vnfd_id, project_id, lock=True):
    """The ONBOARDED, ENABLED package of ``vnfd_id`` in ``project_id``,
    the project of the instance it is for: a vnfdId is unique in a
    project only, so an admin's instance too finds its package in its
    own project. With ``lock``, locked until the transaction ends so it
    cannot be disabled or deleted meanwhile. Only the columns an
    instance copies (``package_values``) and its usage state are read:
    the rest (its VNFD, files...) is large.

    :raises: VnfPackageNotUsable, also when it belongs to another project.
    """
    packages = compiled.mappings(session, _usable_package_query(lock),
                                 {'vnfd_id': vnfd_id,
                                  'project_id': project_id})
    if not packages:
        raise exceptions.VnfPackageNotUsable(vnfd_id=vnfd_id)
    return packages[0]


def get_usable_package(context, vnfd_id, project_id):
    """:raises: VnfPackageNotUsable"""
    with db_api.reader.using(context) as session:
        return usable_package(session, vnfd_id, project_id, lock=False)


def package_values(package):
    """The columns an instance copies from its package."""
    return {column: package[name] for column, name in _COPIED.items()}


def refresh_usage(session, package_ids):
    """usageState (SOL005 9.5.4.5) of the packages: IN_USE while an
    instance uses it, or a CHANGE_VNFPKG that is not over moves one to
    it."""
    for package_id in set(package_ids) - {None}:
        used = session.execute(sa.select(INSTANCE.c.id).where(
            INSTANCE.c.vnf_pkg_id == package_id).limit(1)).first() or \
            session.execute(sa.select(OP.c.id).where(
                OP.c.target_vnf_pkg_id == package_id,
                OP.c.operation_state.not_in(states.LCM_OP_FINAL)
            ).limit(1)).first()
        session.execute(sa.update(PKG).where(PKG.c.id == package_id).values(
            usage_state=states.IN_USE if used else states.NOT_IN_USE,
            updated_at=timeutils.utcnow()))


# Built once, as the compiled form is then found in the statement cache.
_INSERT = sa.insert(INSTANCE)
# What an instance's unset columns read as.
_UNSET = dict.fromkeys(INSTANCE.columns.keys())


def mark_in_use(session, package):
    """A package that gets an instance is IN_USE (SOL005 9.5.4.5); the
    caller holds its row (``usable_package``), so a package already
    IN_USE stays so without a write."""
    if package['usage_state'] != states.IN_USE:
        session.execute(sa.update(PKG).where(PKG.c.id == package['id'])
                        .values(usage_state=states.IN_USE,
                                updated_at=timeutils.utcnow()))


@db_api.retry_on_deadlock
def create(context, values, on_success=None):
    """Create a NOT_INSTANTIATED instance of the ONBOARDED, ENABLED
    package with ``values['vnfd_id']`` in the instance's project
    (``values['project_id']``) and mark that package IN_USE.

    The instance returned is made of the values written, not read back:
    no column of an instance has a default the database fills in. Its
    statements, and those of ``on_success(connection, instance)``, run
    on the transaction's Core connection (no ORM on this path).

    :raises: VnfPackageNotUsable
    """
    now = timeutils.utcnow()
    with db_api.writing_statements(context) as connection:
        package = usable_package(connection, values['vnfd_id'],
                                 values['project_id'])
        written = dict(package_values(package), **values,
                       id=uuidutils.generate_uuid(), created_at=now,
                       updated_at=now,
                       instantiation_state=states.NOT_INSTANTIATED)
        compiled.rowcount(connection, _INSERT, written)
        mark_in_use(connection, package)
        instance = dict(_UNSET, **written)
        if on_success:
            on_success(connection, instance)
        return instance


def get(context, instance_id, project_id=None):
    """:raises: VnfInstanceNotFound"""
    with lone_reads.reading_alone(context) as connection:
        return select_one(connection, instance_id, project_id)


def finder(context):
    """``find(instance_id)``: the instance, or None when there is none;
    each read once (for passes over many rows that name instances)."""
    found = {}

    def find(instance_id):
        if instance_id not in found:
            try:
                found[instance_id] = get(context, instance_id)
            except exceptions.VnfInstanceNotFound:
                found[instance_id] = None
        return found[instance_id]
    return find


def list_page(context, project_id, *page, **options):
    """A page of instances (see ``tacker.db.paging.list_page``)."""
    return paging.list_page(context, INSTANCE,
                            db_api.project_scope(project_id), *page,
                            **options)


def settled_page(context, marker, page_size):
    """A page (see ``tacker.db.paging.list_page``) of the INSTANTIATED
    instances no operation holds, in creation order after ``marker``:
    those whose instantiatedVnfInfo ``record_observed_info`` may
    replace."""
    return paging.list_page(
        context, INSTANCE, {'instantiation_state': states.INSTANTIATED},
        [INSTANCE.c.locked_by_op.is_(None)], None, marker, page_size)


@db_api.retry_on_deadlock
def record_observed_info(context, instance, info):
    """Replace the instantiatedVnfInfo of ``instance`` (a row as read)
    with ``info``, what its VIM reports, unless an operation took the
    instance or anything changed it since it was read: an operation's
    own result is newer than what was observed before it. Returns
    whether it was replaced."""
    with db_api.writing_statements(context) as connection:
        return connection.execute(
            sa.update(INSTANCE).where(
                INSTANCE.c.id == instance['id'],
                INSTANCE.c.locked_by_op.is_(None),
                INSTANCE.c.instantiation_state == states.INSTANTIATED,
                INSTANCE.c.updated_at == instance['updated_at'])
            .values(instantiated_vnf_info=info,
                    updated_at=timeutils.utcnow())).rowcount == 1


@db_api.retry_on_deadlock
def delete(context, instance_id, project_id=None, on_success=None):
    """Delete a NOT_INSTANTIATED instance no operation holds; its package
    is NOT_IN_USE again once no other instance uses it.

    :raises: VnfInstanceNotFound, VnfInstanceInUse
    """
    with db_api.writing(context) as session:
        instance = select_one(session, instance_id, project_id, lock=True)
        if (instance['instantiation_state'] != states.NOT_INSTANTIATED
                or instance['locked_by_op']):
            raise exceptions.VnfInstanceInUse(
                id=instance_id, state=instance['instantiation_state'])
        session.execute(sa.delete(INSTANCE).where(
            INSTANCE.c.id == instance_id))
        refresh_usage(session, [instance['vnf_pkg_id']])
        if on_success:
            on_success(session, instance)
        return instance
