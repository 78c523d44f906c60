"""SQLAlchemy models: one class per table.

SOL structures that are always read and written whole live in JSON
columns; only what SOL013 filters, paging, locking and recovery query on
is a real, indexed column. Timestamps are naive UTC.
"""
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

# Fixed names for constraints and indexes, so that every backend gets the
# same ones and later migrations can refer to them.
NAMING_CONVENTION = {
    'pk': 'pk_%(table_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ix': 'ix_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
}

# MySQL's DATETIME drops fractions of a second unless asked to keep them;
# ordering op occurrences by time needs them.
DateTime = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')
Name = sa.String(255)
State = sa.String(32)
Uuid = sa.String(36)
Path = sa.String(1024)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class _Timestamps:
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime, default=timeutils.utcnow, sort_order=100)
    updated_at: Mapped[datetime.datetime] = mapped_column(
        DateTime, default=timeutils.utcnow, onupdate=timeutils.utcnow,
        sort_order=101)


class _UuidRow(_Timestamps):
    id: Mapped[str] = mapped_column(
        Uuid, primary_key=True, default=uuidutils.generate_uuid,
        sort_order=-1)


def paging_indexes(*leading):
    """Indexes that serve keyset paging in creation order (SOL013 5.4):
    ``(created_at, id)``, and each of ``leading`` before it for the pages
    filtered or scoped by that column, so that a page is an index range
    scan with no sort."""
    return tuple(sa.Index(None, *columns, 'created_at', 'id')
                 for columns in ((),) + tuple((name,) for name in leading))


def _package_fk():
    return sa.ForeignKey('vnf_packages.id', ondelete='CASCADE')


class Conductor(_UuidRow, Base):
    """A running tacker-conductor; its heartbeat tells others it is alive."""
    __tablename__ = 'conductors'

    hostname: Mapped[str] = mapped_column(Name, unique=True)
    started_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime.datetime] = mapped_column(
        DateTime, index=True)
    online: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class Vim(_UuidRow, Base):
    """A registered VIM (legacy /v1.0 API); secrets in ``auth_cred`` are
    stored encrypted (``tacker.common.vim_secrets``).

    ``is_default`` is True or NULL, never False: NULLs never collide in a
    unique constraint, so the database itself keeps one default VIM per
    project and VIM type, whatever concurrent registrations do.
    """
    __tablename__ = 'vims'
    __table_args__ = (sa.UniqueConstraint('project_id', 'name'),
                      sa.UniqueConstraint('project_id', 'type',
                                          'is_default'))

    project_id: Mapped[str] = mapped_column(Name, index=True)
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str | None] = mapped_column(sa.Text)
    type: Mapped[str] = mapped_column(State)
    auth_url: Mapped[str] = mapped_column(Path)
    auth_cred: Mapped[dict] = mapped_column(sa.JSON)
    vim_project: Mapped[dict | None] = mapped_column(sa.JSON)
    extra: Mapped[dict | None] = mapped_column(sa.JSON)
    placement_attr: Mapped[dict | None] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(State)
    is_default: Mapped[bool | None] = mapped_column(sa.Boolean)


class VnfPackage(_UuidRow, Base):
    """VnfPkgInfo (SOL005 v2.6.1 9.5.2.5); the CSAR itself is a file at
    ``package_path``."""
    __tablename__ = 'vnf_packages'
    # One package per vnfdId in a project: two projects may onboard the
    # same package, and an instance finds its package in its own project.
    __table_args__ = paging_indexes(
        'project_id', 'onboarding_state', 'operational_state',
        'usage_state') + (sa.UniqueConstraint(
            'project_id', 'vnfd_id', name='uq_vnf_packages_project_vnfd_id'),)

    project_id: Mapped[str] = mapped_column(Name)
    onboarding_state: Mapped[str] = mapped_column(State)
    operational_state: Mapped[str] = mapped_column(State)
    usage_state: Mapped[str] = mapped_column(State)
    user_defined_data: Mapped[dict | None] = mapped_column(sa.JSON)
    onboarding_failure_details: Mapped[dict | None] = mapped_column(sa.JSON)
    vnfd_id: Mapped[str | None] = mapped_column(Name)
    vnf_provider: Mapped[str | None] = mapped_column(Name)
    vnf_product_name: Mapped[str | None] = mapped_column(Name)
    vnf_software_version: Mapped[str | None] = mapped_column(Name)
    vnfd_version: Mapped[str | None] = mapped_column(Name)
    checksum: Mapped[dict | None] = mapped_column(sa.JSON)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    package_path: Mapped[str | None] = mapped_column(Path)
    deployment_flavours: Mapped[list | None] = mapped_column(sa.JSON)
    vnfd_files: Mapped[list | None] = mapped_column(sa.JSON)
    # Who works on an UPLOADING/PROCESSING package and when it last made
    # progress, so work left by a dead process is found and finished.
    task_host: Mapped[str | None] = mapped_column(Name)
    task_updated_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime)
    # Onboardings started since the last upload; bounded by
    # [vnf_package] max_onboarding_attempts.
    onboarding_attempts: Mapped[int] = mapped_column(
        sa.Integer, default=0, server_default='0')


class VnfPackageSoftwareImage(_UuidRow, Base):
    """VnfPackageSoftwareImageInfo (SOL005 v2.6.1 9.5.3.2). Not unique per
    ``image_id``: each deployment flavour may declare the same node."""
    __tablename__ = 'vnf_package_software_images'

    package_id: Mapped[str] = mapped_column(Uuid, _package_fk(), index=True)
    image_id: Mapped[str] = mapped_column(Name)
    name: Mapped[str] = mapped_column(Name, index=True)
    provider: Mapped[str | None] = mapped_column(Name)
    version: Mapped[str | None] = mapped_column(Name)
    checksum: Mapped[dict | None] = mapped_column(sa.JSON)
    container_format: Mapped[str | None] = mapped_column(State)
    disk_format: Mapped[str | None] = mapped_column(State)
    min_disk: Mapped[int | None] = mapped_column(sa.BigInteger)
    min_ram: Mapped[int | None] = mapped_column(sa.BigInteger)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    image_path: Mapped[str | None] = mapped_column(Path)
    user_metadata: Mapped[dict | None] = mapped_column(sa.JSON)


class VnfPackageArtifact(_UuidRow, Base):
    """VnfPackageArtifactInfo (SOL005 v2.6.1 9.5.3.3)."""
    __tablename__ = 'vnf_package_artifacts'
    __table_args__ = (sa.UniqueConstraint('package_id', 'artifact_path'),)

    package_id: Mapped[str] = mapped_column(Uuid, _package_fk(), index=True)
    # 512 characters keep the unique index under InnoDB's 3072-byte limit.
    artifact_path: Mapped[str] = mapped_column(sa.String(512))
    artifact_classification: Mapped[str | None] = mapped_column(State)
    checksum: Mapped[dict] = mapped_column(sa.JSON)
    metadata_: Mapped[dict | None] = mapped_column('metadata', sa.JSON)


class VnfInstance(_UuidRow, Base):
    """VnfInstance (SOL003 v3.3.1 5.5.2.2, v2.6.1 for the v1 API).

    ``locked_by_op`` is the per-instance lock: the id of the op occurrence
    that took it with a conditional UPDATE. It has no foreign key so that
    instances and op occurrences do not reference each other in a cycle.
    """
    __tablename__ = 'vnf_instances'
    __table_args__ = paging_indexes('project_id', 'vnf_instance_name',
                                    'vnfd_id', 'instantiation_state')

    project_id: Mapped[str] = mapped_column(Name)
    vnf_instance_name: Mapped[str | None] = mapped_column(Name)
    vnf_instance_description: Mapped[str | None] = mapped_column(sa.Text)
    vnfd_id: Mapped[str] = mapped_column(Name)
    vnf_provider: Mapped[str] = mapped_column(Name)
    vnf_product_name: Mapped[str] = mapped_column(Name)
    vnf_software_version: Mapped[str] = mapped_column(Name)
    vnfd_version: Mapped[str] = mapped_column(Name)
    vnf_pkg_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('vnf_packages.id'), index=True)
    instantiation_state: Mapped[str] = mapped_column(State)
    vim_connection_info: Mapped[dict | list | None] = mapped_column(sa.JSON)
    instantiated_vnf_info: Mapped[dict | None] = mapped_column(sa.JSON)
    vnf_metadata: Mapped[dict | None] = mapped_column('metadata', sa.JSON)
    extensions: Mapped[dict | None] = mapped_column(sa.JSON)
    vnf_configurable_properties: Mapped[dict | None] = mapped_column(sa.JSON)
    api_version: Mapped[str] = mapped_column(sa.String(8))
    locked_by_op: Mapped[str | None] = mapped_column(Uuid)


class VnfLcmOpOcc(_UuidRow, Base):
    """VnfLcmOpOcc (SOL003 v3.3.1 5.5.2.13). ``owner_host`` names the
    conductor running it, so recovery finds the work of a dead one."""
    __tablename__ = 'vnf_lcm_op_occs'
    # Running occurrences by owner (a conductor's cancel sweep); ended
    # ones keep their owner, so an index of the owner alone would have
    # it read every one the conductor ever ran.
    __table_args__ = (*paging_indexes('project_id', 'operation',
                                      'operation_state'),
                      sa.Index(None, 'owner_host', 'operation_state'))

    project_id: Mapped[str] = mapped_column(Name)
    vnf_instance_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('vnf_instances.id', ondelete='CASCADE'),
        index=True)
    operation: Mapped[str] = mapped_column(State)
    operation_state: Mapped[str] = mapped_column(State)
    state_entered_time: Mapped[datetime.datetime] = mapped_column(
        DateTime, index=True)
    start_time: Mapped[datetime.datetime] = mapped_column(
        DateTime, index=True)
    is_automatic_invocation: Mapped[bool] = mapped_column(
        sa.Boolean, default=False)
    is_cancel_pending: Mapped[bool] = mapped_column(
        sa.Boolean, default=False)
    cancel_mode: Mapped[str | None] = mapped_column(State)
    operation_params: Mapped[dict | None] = mapped_column(sa.JSON)
    error: Mapped[dict | None] = mapped_column(sa.JSON)
    resource_changes: Mapped[dict | None] = mapped_column(sa.JSON)
    changed_info: Mapped[dict | None] = mapped_column(sa.JSON)
    changed_ext_connectivity: Mapped[list | None] = mapped_column(sa.JSON)
    grant_id: Mapped[str | None] = mapped_column(Uuid)
    owner_host: Mapped[str | None] = mapped_column(Name)
    api_version: Mapped[str] = mapped_column(sa.String(8))
    # The package a CHANGE_VNFPKG moves to: IN_USE until it ends.
    target_vnf_pkg_id: Mapped[str | None] = mapped_column(Uuid, index=True)


class Grant(_UuidRow, Base):
    """The NFVO's Grant (SOL003 v2.6.1 9.5.2.3) of an operation occurrence,
    with the GrantRequest (9.5.2.2) it answers: the record that the
    resources were granted before the operation touched the VIM."""
    __tablename__ = 'grants'

    vnf_lcm_op_occ_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('vnf_lcm_op_occs.id', ondelete='CASCADE'),
        index=True)
    vnf_instance_id: Mapped[str] = mapped_column(Uuid, index=True)
    nfvo: Mapped[str] = mapped_column(sa.String(2048))
    grant_request: Mapped[dict] = mapped_column(sa.JSON)
    grant: Mapped[dict] = mapped_column(sa.JSON)


class Alarm(_UuidRow, Base):
    """Alarm (SOL003 v3.3.1 7.5.2.4) on a VNFC of a VNF instance, raised,
    updated and cleared by the monitoring's alerts (Alertmanager's
    webhook). ``fingerprint`` is Alertmanager's of the alert: a firing
    alert updates the uncleared alarm of its fingerprint, a resolved one
    clears it; one that fires again after raises a new alarm."""
    __tablename__ = 'alarms'
    __table_args__ = (*paging_indexes('project_id', 'vnf_instance_id'),
                      sa.Index(None, 'vnf_instance_id', 'fingerprint'))

    project_id: Mapped[str] = mapped_column(Name)
    vnf_instance_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('vnf_instances.id', ondelete='CASCADE'))
    fingerprint: Mapped[str] = mapped_column(Name)
    # rootCauseFaultyResource (FaultyResourceInfo, 7.5.3.5).
    faulty_resource: Mapped[dict | None] = mapped_column(sa.JSON)
    alarm_raised_time: Mapped[datetime.datetime] = mapped_column(DateTime)
    alarm_changed_time: Mapped[datetime.datetime | None] = mapped_column(
        DateTime)
    alarm_cleared_time: Mapped[datetime.datetime | None] = mapped_column(
        DateTime)
    alarm_acknowledged_time: Mapped[datetime.datetime | None] = \
        mapped_column(DateTime)
    ack_state: Mapped[str] = mapped_column(State)
    perceived_severity: Mapped[str] = mapped_column(State)
    event_time: Mapped[datetime.datetime] = mapped_column(DateTime)
    event_type: Mapped[str] = mapped_column(State)
    fault_type: Mapped[str | None] = mapped_column(Name)
    probable_cause: Mapped[str] = mapped_column(Name)
    fault_details: Mapped[list | None] = mapped_column(sa.JSON)


class AutomaticRequest(_UuidRow, Base):
    """An automatic operation an alert asked for (auto-heal, auto-scale),
    waiting to run on its instance: from ``due_at`` on, and once no
    operation holds the instance. ``policy`` names the policy driver
    (``tacker.policy.drivers``) that turns the requests of an instance
    into an operation; the row goes in the transaction that starts it,
    so an alert is never lost and never run twice."""
    __tablename__ = 'automatic_requests'
    __table_args__ = (sa.Index(None, 'due_at'),
                      sa.Index(None, 'vnf_instance_id', 'created_at'))

    project_id: Mapped[str] = mapped_column(Name)
    vnf_instance_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('vnf_instances.id', ondelete='CASCADE'))
    policy: Mapped[str] = mapped_column(State)
    params: Mapped[dict] = mapped_column(sa.JSON)
    due_at: Mapped[datetime.datetime] = mapped_column(DateTime)


class PmJob(_UuidRow, Base):
    """PmJob (SOL003 v3.3.1 6.5.2.7). Its callbackUri and authentication
    are those of a subscription row of its own (``subscription_id``), so
    that its notifications go through the outbox like every other;
    ``reported`` maps each measured (metric, object, sub-object) to when
    a report last held it, which paces the next (reportingPeriod)."""
    __tablename__ = 'pm_jobs'
    __table_args__ = paging_indexes('project_id')

    project_id: Mapped[str] = mapped_column(Name)
    object_type: Mapped[str] = mapped_column(State)
    object_instance_ids: Mapped[list] = mapped_column(sa.JSON)
    sub_object_instance_ids: Mapped[list | None] = mapped_column(sa.JSON)
    criteria: Mapped[dict] = mapped_column(sa.JSON)
    subscription_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('subscriptions.id'))
    reported: Mapped[dict | None] = mapped_column(sa.JSON)


class PmReport(_UuidRow, Base):
    """PerformanceReport (SOL003 v3.3.1 6.5.2.10) of a PM job, kept until
    ``expires_at``."""
    __tablename__ = 'pm_reports'
    __table_args__ = (sa.Index(None, 'pm_job_id', 'created_at'),
                      sa.Index(None, 'expires_at'))

    pm_job_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('pm_jobs.id', ondelete='CASCADE'))
    entries: Mapped[list] = mapped_column(sa.JSON)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime)


class PmThreshold(_UuidRow, Base):
    """Threshold (SOL003 v3.3.1 6.5.2.9), its callback a subscription row
    of its own as a PM job's. ``crossings`` maps each measured
    (sub-)object to the side of the threshold it was last seen on (UP,
    DOWN), so a crossing is told once (hysteresis)."""
    __tablename__ = 'pm_thresholds'
    __table_args__ = paging_indexes('project_id')

    project_id: Mapped[str] = mapped_column(Name)
    object_type: Mapped[str] = mapped_column(State)
    object_instance_id: Mapped[str] = mapped_column(Uuid)
    sub_object_instance_ids: Mapped[list | None] = mapped_column(sa.JSON)
    criteria: Mapped[dict] = mapped_column(sa.JSON)
    subscription_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('subscriptions.id'))
    crossings: Mapped[dict | None] = mapped_column(sa.JSON)


class LegacyVnfd(_UuidRow, Base):
    """A VNFD of the legacy Tacker VNFM API (/v1.0/vnfds): a TOSCA
    template of Tacker's NFV profile, as YAML text. ``template_source``
    is ``onboarded`` (created through /v1.0/vnfds) or ``inline`` (made
    for one VNF from its vnfd_template, deleted with it)."""
    __tablename__ = 'legacy_vnfds'
    __table_args__ = (sa.Index(None, 'project_id', 'name'),)

    project_id: Mapped[str] = mapped_column(Name)
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str | None] = mapped_column(sa.Text)
    template_source: Mapped[str] = mapped_column(State)
    template: Mapped[str] = mapped_column(sa.Text)


class LegacyVnf(_UuidRow, Base):
    """A VNF of the legacy API (/v1.0/vnfs): a Heat stack
    (``instance_id``) made from a legacy VNFD on an OpenStack VIM.

    ``status`` follows ``states.LEGACY_VNF``; a PENDING_* status is a
    task that ``task_owner`` (a conductor) runs, taken over by another
    when it dies. ``monitor_owner`` is the conductor that watches its
    ``monitoring`` policies while it is ACTIVE. ``attributes`` holds
    param_values and config (Tacker's names) and what a task needs (a
    scale's policy and size, a heal's VDU)."""
    __tablename__ = 'legacy_vnfs'
    __table_args__ = (sa.Index(None, 'project_id', 'name'),
                      sa.Index(None, 'status'),
                      sa.Index(None, 'monitor_owner'))

    project_id: Mapped[str] = mapped_column(Name)
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str | None] = mapped_column(sa.Text)
    vnfd_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('legacy_vnfds.id'), index=True)
    vim_id: Mapped[str] = mapped_column(Uuid)
    placement_attr: Mapped[dict | None] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(State)
    error_reason: Mapped[str | None] = mapped_column(sa.Text)
    instance_id: Mapped[str | None] = mapped_column(Name)
    mgmt_ip_address: Mapped[dict | None] = mapped_column(sa.JSON)
    attributes: Mapped[dict | None] = mapped_column(sa.JSON)
    # {VDU: its monitoring_policy} of the VNFD; NULL when it has none.
    monitoring: Mapped[dict | None] = mapped_column(
        sa.JSON(none_as_null=True))
    task_owner: Mapped[str | None] = mapped_column(Name)
    monitor_owner: Mapped[str | None] = mapped_column(Name)


class LegacyNsd(_UuidRow, Base):
    """An NSD of the legacy API (/v1.0/nsds): its template as YAML text
    and ``vnfds``, {VNF node: the id of the VNFD it imports}."""
    __tablename__ = 'legacy_nsds'
    __table_args__ = (sa.Index(None, 'project_id', 'name'),)

    project_id: Mapped[str] = mapped_column(Name)
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str | None] = mapped_column(sa.Text)
    template_source: Mapped[str] = mapped_column(State)
    template: Mapped[str] = mapped_column(sa.Text)
    vnfds: Mapped[dict] = mapped_column(sa.JSON)


class LegacyNs(_UuidRow, Base):
    """An NS of the legacy API (/v1.0/nss): the VNFs of its NSD
    (``vnf_ids``, {VNF node: legacy VNF id}) on one VIM. Its status and
    task follow ``states.LEGACY_VNF`` as a VNF's do (``legacy_tasks``)."""
    __tablename__ = 'legacy_nss'
    __table_args__ = (sa.Index(None, 'project_id', 'name'),
                      sa.Index(None, 'status'))

    project_id: Mapped[str] = mapped_column(Name)
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str | None] = mapped_column(sa.Text)
    nsd_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('legacy_nsds.id'), index=True)
    vim_id: Mapped[str] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(State)
    error_reason: Mapped[str | None] = mapped_column(sa.Text)
    attributes: Mapped[dict | None] = mapped_column(sa.JSON)
    vnf_ids: Mapped[dict | None] = mapped_column(sa.JSON)
    mgmt_ip_addresses: Mapped[dict | None] = mapped_column(sa.JSON)
    task_owner: Mapped[str | None] = mapped_column(Name)


class LegacyEvent(Base):
    """An event of the legacy API (/v1.0/events): a state change of a
    VNFD, VNF, NSD, NS or VIM, written in the transaction of the change.
    The id is autoincrement, so events list in the order they happened
    (SQLite only autoincrements an INTEGER primary key)."""
    __tablename__ = 'legacy_events'
    __table_args__ = (sa.Index(None, 'resource_id', 'id'),
                      sa.Index(None, 'project_id', 'id'))

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
        primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(Name)
    resource_id: Mapped[str] = mapped_column(Uuid)
    resource_type: Mapped[str] = mapped_column(State)
    resource_state: Mapped[str] = mapped_column(State)
    event_type: Mapped[str] = mapped_column(State)
    timestamp: Mapped[datetime.datetime] = mapped_column(
        DateTime, default=timeutils.utcnow)
    event_details: Mapped[str | None] = mapped_column(sa.Text)


class Subscription(_UuidRow, Base):
    """A notification subscription of any API (SOL005 PkgmSubscription
    9.5.2.4, SOL003 LccnSubscription 5.5.2.16, FmSubscription 7.5.2.3).

    ``filter_hash`` is the sha256 of the canonical callback and filter, so
    a duplicate is found by one indexed lookup; ``api`` leads that index,
    which also serves lookups by ``api`` alone.
    """
    __tablename__ = 'subscriptions'
    __table_args__ = (sa.Index(None, 'api', 'filter_hash'),
                      sa.Index(None, 'api', 'created_at', 'id'))

    project_id: Mapped[str] = mapped_column(Name, index=True)
    api: Mapped[str] = mapped_column(State)
    callback_uri: Mapped[str] = mapped_column(sa.String(2048))
    authentication: Mapped[dict | None] = mapped_column(sa.JSON)
    filter: Mapped[dict | None] = mapped_column(sa.JSON)
    filter_hash: Mapped[str] = mapped_column(sa.String(64))
    # FULL or SHORT (SOL003 v3.3.1 LccnSubscription); NULL where the API
    # has no such choice.
    verbosity: Mapped[str | None] = mapped_column(sa.String(8))


class NotificationOutbox(_Timestamps, Base):
    """A notification waiting for delivery, written in the transaction of
    the change it reports. The delivery loop claims rows by setting
    ``claimed_by``/``claimed_until``, so a dead claimer's rows come back.

    The id is autoincrement to keep delivery in write order; SQLite only
    autoincrements an INTEGER primary key. The delivery loop asks for
    pending rows that are due, hence the (status, next_attempt_at) index.
    """
    __tablename__ = 'notification_outbox'
    __table_args__ = (sa.Index(None, 'status', 'next_attempt_at'),)

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
        primary_key=True, autoincrement=True, sort_order=-1)
    subscription_id: Mapped[str] = mapped_column(
        Uuid, sa.ForeignKey('subscriptions.id', ondelete='CASCADE'),
        index=True)
    notification_type: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(16), default='PENDING')
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime.datetime] = mapped_column(
        DateTime, default=timeutils.utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    claimed_by: Mapped[str | None] = mapped_column(Name)
    claimed_until: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
