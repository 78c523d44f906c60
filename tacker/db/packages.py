"""Queries on VNF packages (``vnf_packages`` and its image/artifact rows).

Rows leave this module as plain dicts (column name -> value) with the
package's ``software_images`` and ``artifacts`` lists; the API's views turn
them into SOL005 structures.
"""
from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import models
from tacker.db import paging
from tacker.db.paging import as_dict

PKG = models.VnfPackage
IMAGE = models.VnfPackageSoftwareImage
ARTIFACT = models.VnfPackageArtifact

ORDER = paging.creation_order(PKG.__table__)


def _with_children(session, packages, children=True):
    """Attach images and artifacts to a page of packages in two queries
    (none when the caller will not show them)."""
    by_id = {package['id']: package for package in packages}
    for package in packages:
        package['software_images'] = []
        package['artifacts'] = []
    if not by_id or not children:
        return packages
    for table, attribute in ((IMAGE.__table__, 'software_images'),
                             (ARTIFACT.__table__, 'artifacts')):
        rows = session.execute(
            sa.select(table).where(table.c.package_id.in_(by_id))
            .order_by(table.c.created_at, table.c.id)).mappings()
        for row in rows:
            by_id[row['package_id']][attribute].append(dict(row))
    return packages


@db_api.retry_on_deadlock
def create(context, project_id, user_defined_data):
    package = PKG(project_id=project_id,
                  onboarding_state=states.CREATED,
                  operational_state=states.DISABLED,
                  usage_state=states.NOT_IN_USE,
                  user_defined_data=user_defined_data or {})
    with db_api.writing(context) as session:
        session.add(package)
        session.flush()
        return _with_children(session, [as_dict(package)])[0]


def get(context, package_id, project_id=None):
    """The package with its images and artifacts.

    :raises: VnfPackageNotFound, also when it belongs to another project.
    """
    with db_api.reader.using(context) as session:
        row = db_api.one_in_project(session, PKG, package_id, project_id,
                                    exceptions.VnfPackageNotFound)
        return _with_children(session, [as_dict(row)])[0]


def get_vnfd(context, package_id):
    """The package's onboarding state, VNFD identity (vnfdId, provider,
    product, versions) and deployment flavours (as
    ``tacker.common.vnfd.parse`` gives them) and where its files are
    (what ``package_files.PackageFiles.content`` reads), without its
    images and artifacts: what an LCM step needs. Those of an ONBOARDED
    package never change (onboarding is final), so a caller may keep
    them.

    :raises: VnfPackageNotFound
    """
    with db_api.reader.using(context) as session:
        row = session.execute(sa.select(
            PKG.id, PKG.onboarding_state, PKG.vnfd_id, PKG.vnf_provider,
            PKG.vnf_product_name, PKG.vnf_software_version,
            PKG.vnfd_version, PKG.deployment_flavours, PKG.package_path,
            PKG.checksum, PKG.vnfd_files)
            .where(PKG.id == package_id)).mappings().one_or_none()
    if row is None:
        raise exceptions.VnfPackageNotFound(id=package_id)
    return dict(row)


def flavour(vnfd, flavour_id):
    """The deployment flavour ``flavour_id`` of ``get_vnfd``'s answer, its
    id under "flavour_id".

    :raises: UnknownFlavour when the VNFD has no such flavour.
    """
    found = (vnfd['deployment_flavours'] or {}).get(flavour_id)
    if found is None:
        raise exceptions.UnknownFlavour(flavour_id=flavour_id,
                                        vnfd_id=vnfd['vnfd_id'])
    return dict(found, flavour_id=flavour_id)


def get_flavour(context, package_id, flavour_id):
    """The deployment flavour ``flavour_id`` of the package's VNFD.

    :raises: VnfPackageNotFound, UnknownFlavour
    """
    return flavour(get_vnfd(context, package_id), flavour_id)


def list_page(context, project_id, *page, children=True, **options):
    """A page of packages (see ``tacker.db.paging.list_page``), with their
    images and artifacts when ``children``."""
    return paging.list_page(
        context, PKG.__table__, db_api.project_scope(project_id), *page,
        load=lambda connection, items: _with_children(connection, items,
                                                      children),
        **options)


@db_api.retry_on_deadlock
def transition(context, package_id, target, **values):
    """Move onboardingState to ``target`` if the state table allows it
    from the current state; returns False when another state won."""
    values.setdefault('task_updated_at', timeutils.utcnow())
    with db_api.writing(context) as session:
        return session.execute(
            sa.update(PKG).where(
                PKG.id == package_id,
                PKG.onboarding_state.in_(
                    states.sources(states.PACKAGE_ONBOARDING, target)))
            .values(onboarding_state=target, **values)).rowcount == 1


@db_api.retry_on_deadlock
def touch_task(context, package_id, host):
    """Record progress of a running upload by ``host`` (None: an API
    server). False when the package is no longer UPLOADING, or is
    uploaded by another host: reset by the sweep, or deleted."""
    with db_api.writing(context) as session:
        return session.execute(sa.update(PKG).where(
            PKG.id == package_id,
            PKG.onboarding_state == states.UPLOADING,
            sa.or_(PKG.task_host.is_(None), PKG.task_host == host))
            .values(task_host=host, task_updated_at=timeutils.utcnow())
        ).rowcount == 1


class TaskProgress:
    """Progress callback for long uploads: records the package's task as
    alive at most every ``interval`` seconds, so a crashed worker leaves
    a package the sweep recognises while a slow upload is left alone.

    :raises: PackageUploadCancelled when the package was reset or
        deleted meanwhile, so the upload stops writing.
    """

    def __init__(self, context, package_id, host, interval=10):
        self.context = context
        self.package_id = package_id
        self.host = host
        self.interval = interval
        self.last = None

    def __call__(self, size=None):
        now = timeutils.utcnow()
        if self.last is None or \
                (now - self.last).total_seconds() >= self.interval:
            self.last = now
            if not touch_task(self.context, self.package_id, self.host):
                raise exceptions.PackageUploadCancelled(id=self.package_id)


@db_api.retry_on_deadlock
def claim_processing(context, package_id, host, live_hosts, stale_before):
    """Take a PROCESSING package nobody is working on: unclaimed (the
    cast may be in flight or lost: only once it is stale), or claimed
    by a conductor that is no longer alive. Each claim counts as an
    onboarding attempt; returns the attempts so far, this one included,
    when this host got the package, else 0."""
    with db_api.writing(context) as session:
        claimed = session.execute(
            sa.update(PKG).where(
                PKG.id == package_id,
                PKG.onboarding_state == states.PROCESSING,
                sa.or_(PKG.task_host.is_(None),
                       PKG.task_host.not_in(live_hosts),
                       PKG.task_updated_at < stale_before,
                       PKG.task_host == host))
            .values(task_host=host, task_updated_at=timeutils.utcnow(),
                    onboarding_attempts=PKG.onboarding_attempts + 1)
        ).rowcount == 1
        if not claimed:
            return 0
        return session.execute(sa.select(PKG.onboarding_attempts).where(
            PKG.id == package_id)).scalar_one()


@db_api.retry_on_deadlock
def touch_processing(context, package_id, host):
    """Refresh ``host``'s claim on a PROCESSING package it works on."""
    with db_api.writing(context) as session:
        session.execute(sa.update(PKG).where(
            PKG.id == package_id,
            PKG.onboarding_state == states.PROCESSING,
            PKG.task_host == host)
            .values(task_updated_at=timeutils.utcnow()))


def find_abandoned(context, live_hosts, stale_before):
    """Ids of UPLOADING and PROCESSING packages whose worker is dead or
    silent since ``stale_before``."""
    with db_api.reader.using(context) as session:
        return [tuple(row) for row in session.execute(
            sa.select(PKG.id, PKG.onboarding_state).where(
                PKG.onboarding_state.in_([states.UPLOADING,
                                          states.PROCESSING]),
                sa.or_(PKG.task_updated_at < stale_before,
                       sa.and_(PKG.task_host.is_not(None),
                               PKG.task_host.not_in(live_hosts),
                               PKG.onboarding_state == states.PROCESSING))))]


@db_api.retry_on_deadlock
def save_onboarded(context, package_id, host, vnfd, images, artifacts,
                   on_success=None):
    """Store what onboarding extracted and mark the package ONBOARDED and
    ENABLED in one transaction; ``on_success(session, package)`` adds
    the notifications to the same transaction.

    :raises: Conflict when another package of its project already has
        this vnfdId.
    """
    try:
        with db_api.writing(context) as session:
            updated = session.execute(
                sa.update(PKG).where(
                    PKG.id == package_id,
                    PKG.onboarding_state == states.PROCESSING,
                    PKG.task_host == host)
                .values(onboarding_state=states.ONBOARDED,
                        operational_state=states.ENABLED,
                        onboarding_failure_details=None,
                        onboarding_attempts=0, task_host=None,
                        task_updated_at=None, **vnfd)
            ).rowcount
            if not updated:
                return None
            session.execute(sa.delete(IMAGE).where(
                IMAGE.package_id == package_id))
            session.execute(sa.delete(ARTIFACT).where(
                ARTIFACT.package_id == package_id))
            session.add_all([IMAGE(package_id=package_id, **image)
                             for image in images])
            session.add_all([ARTIFACT(package_id=package_id, **artifact)
                             for artifact in artifacts])
            session.flush()
            package = _with_children(session, [as_dict(session.get(
                PKG, package_id, populate_existing=True))])[0]
            if on_success:
                on_success(session, package)
            return package
    except db_exc.DBDuplicateEntry:
        with db_api.reader.using(context) as session:
            project_id = sa.select(PKG.project_id).where(
                PKG.id == package_id).scalar_subquery()
            other = session.execute(sa.select(PKG.id).where(
                PKG.vnfd_id == vnfd['vnfd_id'],
                PKG.project_id == project_id,
                PKG.id != package_id)).scalar()
        raise exceptions.VnfdIdInUse(vnfd_id=vnfd['vnfd_id'], other=other)


def fail_onboarding(context, package_id, problem):
    """Back to CREATED with the reason, from UPLOADING or PROCESSING."""
    return transition(context, package_id, states.CREATED,
                      onboarding_failure_details=problem, task_host=None,
                      onboarding_attempts=0, checksum=None, size=None,
                      package_path=None)


def _locked(session, package_id, project_id):
    """The package row, locked for the rest of the transaction.

    :raises: VnfPackageNotFound
    """
    return db_api.one_in_project(session, PKG, package_id, project_id,
                                 exceptions.VnfPackageNotFound, lock=True)


@db_api.retry_on_deadlock
def update(context, package_id, project_id, operational_state=None,
           user_defined_data=None, on_success=None):
    """PATCH: change operationalState (only of an ONBOARDED package, and
    only to the other state) and/or replace userDefinedData.

    :raises: VnfPackageNotFound, PackageStateConflict.
    """
    with db_api.writing(context) as session:
        row = _locked(session, package_id, project_id)
        if operational_state is not None:
            if row.onboarding_state != states.ONBOARDED:
                raise exceptions.PackageStateConflict(
                    id=package_id, state=row.onboarding_state,
                    needed=states.ONBOARDED)
            if operational_state not in states.PACKAGE_OPERATIONAL[
                    row.operational_state]:
                raise exceptions.PackageStateConflict(
                    id=package_id, state=row.operational_state,
                    needed=' or '.join(states.sources(
                        states.PACKAGE_OPERATIONAL, operational_state)))
            row.operational_state = operational_state
        if user_defined_data is not None:
            row.user_defined_data = user_defined_data
        session.flush()
        package = _with_children(session, [as_dict(row)])[0]
        if on_success:
            on_success(session, package)
        return package


@db_api.retry_on_deadlock
def delete(context, package_id, project_id, on_success=None):
    """Delete a DISABLED, NOT_IN_USE package that is not being uploaded
    or processed; returns the deleted package.

    :raises: VnfPackageNotFound, PackageInUse.
    """
    with db_api.writing(context) as session:
        row = _locked(session, package_id, project_id)
        if (row.operational_state != states.DISABLED
                or row.usage_state != states.NOT_IN_USE
                or row.onboarding_state not in (states.CREATED,
                                                states.ONBOARDED)):
            raise exceptions.PackageInUse(id=package_id)
        package = _with_children(session, [as_dict(row)])[0]
        session.delete(row)
        if on_success:
            on_success(session, package)
        return package
