"""Alarms of VNF instances

Fault management (SOL003 v3.3.1 clause 7, /vnffm/v1): an Alarm on a VNFC,
raised, updated and cleared by the monitoring's alerts, acknowledged by
clients.

Revision ID: 0013_alarms
Revises: 0012_change_vnfpkg_target
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0013_alarms'
down_revision = '0012_change_vnfpkg_target'
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
        'alarms',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('vnf_instance_id', UUID, nullable=False),
        sa.Column('fingerprint', NAME, nullable=False),
        sa.Column('faulty_resource', sa.JSON, nullable=True),
        sa.Column('alarm_raised_time', DATETIME, nullable=False),
        sa.Column('alarm_changed_time', DATETIME, nullable=True),
        sa.Column('alarm_cleared_time', DATETIME, nullable=True),
        sa.Column('alarm_acknowledged_time', DATETIME, nullable=True),
        sa.Column('ack_state', STATE, nullable=False),
        sa.Column('perceived_severity', STATE, nullable=False),
        sa.Column('event_time', DATETIME, nullable=False),
        sa.Column('event_type', STATE, nullable=False),
        sa.Column('fault_type', NAME, nullable=True),
        sa.Column('probable_cause', NAME, nullable=False),
        sa.Column('fault_details', sa.JSON, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alarms')),
        sa.ForeignKeyConstraint(
            ['vnf_instance_id'], ['vnf_instances.id'], ondelete='CASCADE',
            name=op.f('fk_alarms_vnf_instance_id_vnf_instances')))
    for columns in (('created_at', 'id'),
                    ('project_id', 'created_at', 'id'),
                    ('vnf_instance_id', 'created_at', 'id'),
                    ('vnf_instance_id', 'fingerprint')):
        op.create_index(op.f('ix_alarms_%s' % '_'.join(columns)), 'alarms',
                        list(columns))
