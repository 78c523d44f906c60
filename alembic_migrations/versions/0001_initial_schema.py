"""Initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23 19:55:26
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None

# Types as they were at this revision; later model changes must not alter
# what this migration creates.
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')
NAME = sa.String(255)
STATE = sa.String(32)
UUID = sa.String(36)
PATH = sa.String(1024)


def _id():
    return sa.Column('id', UUID, nullable=False)


def _timestamps():
    return (sa.Column('created_at', DATETIME, nullable=False),
            sa.Column('updated_at', DATETIME, nullable=False))


def _create_indexes(table, *columns):
    for column in columns:
        op.create_index(op.f('ix_%s_%s' % (table, column)), table, [column])


def upgrade():
    op.create_table(
        'conductors',
        _id(),
        sa.Column('hostname', NAME, nullable=False),
        sa.Column('started_at', DATETIME, nullable=False),
        sa.Column('heartbeat_at', DATETIME, nullable=False),
        sa.Column('online', sa.Boolean, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conductors')),
        sa.UniqueConstraint('hostname', name=op.f('uq_conductors_hostname')))
    _create_indexes('conductors', 'heartbeat_at')

    op.create_table(
        'vims',
        _id(),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('description', sa.Text, nullable=True),
        sa.Column('type', STATE, nullable=False),
        sa.Column('auth_url', PATH, nullable=False),
        sa.Column('auth_cred', sa.JSON, nullable=False),
        sa.Column('vim_project', sa.JSON, nullable=True),
        sa.Column('extra', sa.JSON, nullable=True),
        sa.Column('placement_attr', sa.JSON, nullable=True),
        sa.Column('status', STATE, nullable=False),
        sa.Column('is_default', sa.Boolean, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vims')),
        sa.UniqueConstraint('project_id', 'name',
                            name=op.f('uq_vims_project_id_name')))
    _create_indexes('vims', 'project_id', 'is_default')

    op.create_table(
        'vnf_packages',
        _id(),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('onboarding_state', STATE, nullable=False),
        sa.Column('operational_state', STATE, nullable=False),
        sa.Column('usage_state', STATE, nullable=False),
        sa.Column('user_defined_data', sa.JSON, nullable=True),
        sa.Column('onboarding_failure_details', sa.JSON, nullable=True),
        sa.Column('vnfd_id', NAME, nullable=True),
        sa.Column('vnf_provider', NAME, nullable=True),
        sa.Column('vnf_product_name', NAME, nullable=True),
        sa.Column('vnf_software_version', NAME, nullable=True),
        sa.Column('vnfd_version', NAME, nullable=True),
        sa.Column('checksum', sa.JSON, nullable=True),
        sa.Column('size', sa.BigInteger, nullable=True),
        sa.Column('package_path', PATH, nullable=True),
        sa.Column('deployment_flavours', sa.JSON, nullable=True),
        sa.Column('vnfd_files', sa.JSON, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_packages')))
    _create_indexes('vnf_packages', 'project_id', 'onboarding_state',
                    'operational_state', 'usage_state', 'vnfd_id')

    op.create_table(
        'vnf_package_software_images',
        _id(),
        sa.Column('package_id', UUID, nullable=False),
        sa.Column('image_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('provider', NAME, nullable=True),
        sa.Column('version', NAME, nullable=True),
        sa.Column('checksum', sa.JSON, nullable=True),
        sa.Column('container_format', STATE, nullable=True),
        sa.Column('disk_format', STATE, nullable=True),
        sa.Column('min_disk', sa.Integer, nullable=True),
        sa.Column('min_ram', sa.Integer, nullable=True),
        sa.Column('size', sa.BigInteger, nullable=True),
        sa.Column('image_path', PATH, nullable=True),
        sa.Column('user_metadata', sa.JSON, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint(
            'id', name=op.f('pk_vnf_package_software_images')),
        sa.ForeignKeyConstraint(
            ['package_id'], ['vnf_packages.id'], ondelete='CASCADE',
            name=op.f('fk_vnf_package_software_images_package_id_'
                      'vnf_packages')))
    _create_indexes('vnf_package_software_images', 'package_id', 'name')

    op.create_table(
        'vnf_package_artifacts',
        _id(),
        sa.Column('package_id', UUID, nullable=False),
        sa.Column('artifact_path', sa.String(512), nullable=False),
        sa.Column('artifact_classification', STATE, nullable=True),
        sa.Column('checksum', sa.JSON, nullable=False),
        sa.Column('metadata', sa.JSON, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_package_artifacts')),
        sa.ForeignKeyConstraint(
            ['package_id'], ['vnf_packages.id'], ondelete='CASCADE',
            name=op.f('fk_vnf_package_artifacts_package_id_vnf_packages')),
        sa.UniqueConstraint(
            'package_id', 'artifact_path',
            name=op.f('uq_vnf_package_artifacts_package_id_artifact_path')))
    _create_indexes('vnf_package_artifacts', 'package_id')

    op.create_table(
        'vnf_instances',
        _id(),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('vnf_instance_name', NAME, nullable=True),
        sa.Column('vnf_instance_description', sa.Text, nullable=True),
        sa.Column('vnfd_id', NAME, nullable=False),
        sa.Column('vnf_provider', NAME, nullable=False),
        sa.Column('vnf_product_name', NAME, nullable=False),
        sa.Column('vnf_software_version', NAME, nullable=False),
        sa.Column('vnfd_version', NAME, nullable=False),
        sa.Column('vnf_pkg_id', UUID, nullable=False),
        sa.Column('instantiation_state', STATE, nullable=False),
        sa.Column('vim_connection_info', sa.JSON, nullable=True),
        sa.Column('instantiated_vnf_info', sa.JSON, nullable=True),
        sa.Column('metadata', sa.JSON, nullable=True),
        sa.Column('extensions', sa.JSON, nullable=True),
        sa.Column('vnf_configurable_properties', sa.JSON, nullable=True),
        sa.Column('api_version', sa.String(8), nullable=False),
        sa.Column('locked_by_op', UUID, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_instances')),
        sa.ForeignKeyConstraint(
            ['vnf_pkg_id'], ['vnf_packages.id'],
            name=op.f('fk_vnf_instances_vnf_pkg_id_vnf_packages')))
    _create_indexes('vnf_instances', 'project_id', 'vnf_instance_name',
                    'vnfd_id', 'vnf_pkg_id', 'instantiation_state')

    op.create_table(
        'vnf_lcm_op_occs',
        _id(),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('vnf_instance_id', UUID, nullable=False),
        sa.Column('operation', STATE, nullable=False),
        sa.Column('operation_state', STATE, nullable=False),
        sa.Column('state_entered_time', DATETIME, nullable=False),
        sa.Column('start_time', DATETIME, nullable=False),
        sa.Column('is_automatic_invocation', sa.Boolean, nullable=False),
        sa.Column('is_cancel_pending', sa.Boolean, nullable=False),
        sa.Column('cancel_mode', STATE, nullable=True),
        sa.Column('operation_params', sa.JSON, nullable=True),
        sa.Column('error', sa.JSON, nullable=True),
        sa.Column('resource_changes', sa.JSON, nullable=True),
        sa.Column('changed_info', sa.JSON, nullable=True),
        sa.Column('changed_ext_connectivity', sa.JSON, nullable=True),
        sa.Column('grant_id', UUID, nullable=True),
        sa.Column('owner_host', NAME, nullable=True),
        sa.Column('api_version', sa.String(8), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vnf_lcm_op_occs')),
        sa.ForeignKeyConstraint(
            ['vnf_instance_id'], ['vnf_instances.id'], ondelete='CASCADE',
            name=op.f('fk_vnf_lcm_op_occs_vnf_instance_id_vnf_instances')))
    _create_indexes('vnf_lcm_op_occs', 'project_id', 'vnf_instance_id',
                    'operation', 'operation_state', 'state_entered_time',
                    'start_time', 'owner_host')

    op.create_table(
        'subscriptions',
        _id(),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('api', STATE, nullable=False),
        sa.Column('callback_uri', sa.String(2048), nullable=False),
        sa.Column('authentication', sa.JSON, nullable=True),
        sa.Column('filter', sa.JSON, nullable=True),
        sa.Column('filter_hash', sa.String(64), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')))
    _create_indexes('subscriptions', 'project_id')
    op.create_index(op.f('ix_subscriptions_api_filter_hash'),
                    'subscriptions', ['api', 'filter_hash'])

    op.create_table(
        'notification_outbox',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  autoincrement=True, nullable=False),
        sa.Column('subscription_id', UUID, nullable=False),
        sa.Column('notification_type', sa.String(64), nullable=False),
        sa.Column('payload', sa.JSON, nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('attempts', sa.Integer, nullable=False),
        sa.Column('next_attempt_at', DATETIME, nullable=False),
        sa.Column('last_error', sa.Text, nullable=True),
        sa.Column('claimed_by', NAME, nullable=True),
        sa.Column('claimed_until', DATETIME, nullable=True),
        sa.Column('delivered_at', DATETIME, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_outbox')),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['subscriptions.id'], ondelete='CASCADE',
            name=op.f('fk_notification_outbox_subscription_id_'
                      'subscriptions')))
    _create_indexes('notification_outbox', 'subscription_id')
    op.create_index(op.f('ix_notification_outbox_status_next_attempt_at'),
                    'notification_outbox', ['status', 'next_attempt_at'])
