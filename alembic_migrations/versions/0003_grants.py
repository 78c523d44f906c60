"""Grants of LCM operation occurrences

Revision ID: 0003_grants
Revises: 0002_package_tasks
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0003_grants'
down_revision = '0002_package_tasks'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')


def upgrade():
    op.create_table(
        'grants',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('vnf_lcm_op_occ_id', sa.String(36), nullable=False),
        sa.Column('vnf_instance_id', sa.String(36), nullable=False),
        sa.Column('nfvo', sa.String(2048), nullable=False),
        sa.Column('grant_request', sa.JSON, nullable=False),
        sa.Column('grant', sa.JSON, nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_grants')),
        sa.ForeignKeyConstraint(
            ['vnf_lcm_op_occ_id'], ['vnf_lcm_op_occs.id'],
            ondelete='CASCADE',
            name=op.f('fk_grants_vnf_lcm_op_occ_id_vnf_lcm_op_occs')))
    for column in ('vnf_lcm_op_occ_id', 'vnf_instance_id'):
        op.create_index(op.f('ix_grants_%s' % column), 'grants', [column])
