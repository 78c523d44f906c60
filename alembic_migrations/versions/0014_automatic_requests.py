"""Automatic operations waiting to run

An auto-heal or auto-scale alert becomes a row that waits for its time
(an auto-heal window) and for its instance to be free; the transaction
that starts the operation removes it.

Revision ID: 0014_automatic_requests
Revises: 0013_alarms
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0014_automatic_requests'
down_revision = '0013_alarms'
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
        'automatic_requests',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('vnf_instance_id', UUID, nullable=False),
        sa.Column('policy', STATE, nullable=False),
        sa.Column('params', sa.JSON, nullable=False),
        sa.Column('due_at', DATETIME, nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_automatic_requests')),
        sa.ForeignKeyConstraint(
            ['vnf_instance_id'], ['vnf_instances.id'], ondelete='CASCADE',
            name=op.f(
                'fk_automatic_requests_vnf_instance_id_vnf_instances')))
    op.create_index(op.f('ix_automatic_requests_due_at'),
                    'automatic_requests', ['due_at'])
    op.create_index(op.f('ix_automatic_requests_vnf_instance_id_created_at'),
                    'automatic_requests', ['vnf_instance_id', 'created_at'])
