"""Legacy VNFDs, VNFs and events

The legacy Tacker API (/v1.0): VNFDs (TOSCA templates of Tacker's NFV
profile), the VNFs made of them, and the events of every state change of
its resources.

Revision ID: 0016_legacy_vnfm
Revises: 0015_performance_management
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0016_legacy_vnfm'
down_revision = '0015_performance_management'
branch_labels = None
depends_on = None

# Types as they are at this revision.
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')
NAME = sa.String(255)
STATE = sa.String(32)
UUID = sa.String(36)


def upgrade():
    op.create_table(
        'legacy_vnfds',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('description', sa.Text, nullable=True),
        sa.Column('template_source', STATE, nullable=False),
        sa.Column('template', sa.Text, nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_vnfds')))
    op.create_index(op.f('ix_legacy_vnfds_project_id_name'), 'legacy_vnfds',
                    ['project_id', 'name'])
    op.create_table(
        'legacy_vnfs',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('description', sa.Text, nullable=True),
        sa.Column('vnfd_id', UUID, nullable=False),
        sa.Column('vim_id', UUID, nullable=False),
        sa.Column('placement_attr', sa.JSON, nullable=True),
        sa.Column('status', STATE, nullable=False),
        sa.Column('error_reason', sa.Text, nullable=True),
        sa.Column('instance_id', NAME, nullable=True),
        sa.Column('mgmt_ip_address', sa.JSON, nullable=True),
        sa.Column('attributes', sa.JSON, nullable=True),
        sa.Column('monitoring', sa.JSON, nullable=True),
        sa.Column('task_owner', NAME, nullable=True),
        sa.Column('monitor_owner', NAME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_vnfs')),
        sa.ForeignKeyConstraint(
            ['vnfd_id'], ['legacy_vnfds.id'],
            name=op.f('fk_legacy_vnfs_vnfd_id_legacy_vnfds')))
    for columns in (('project_id', 'name'), ('status',), ('monitor_owner',),
                    ('vnfd_id',)):
        op.create_index(op.f('ix_legacy_vnfs_%s' % '_'.join(columns)),
                        'legacy_vnfs', list(columns))
    op.create_table(
        'legacy_events',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  autoincrement=True, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('resource_id', UUID, nullable=False),
        sa.Column('resource_type', STATE, nullable=False),
        sa.Column('resource_state', STATE, nullable=False),
        sa.Column('event_type', STATE, nullable=False),
        sa.Column('timestamp', DATETIME, nullable=False),
        sa.Column('event_details', sa.Text, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_events')))
    for columns in (('resource_id', 'id'), ('project_id', 'id')):
        op.create_index(op.f('ix_legacy_events_%s' % '_'.join(columns)),
                        'legacy_events', list(columns))
