"""Package task ownership; one package per vnfdId

Revision ID: 0002_package_tasks
Revises: 0001_initial
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0002_package_tasks'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')


def upgrade():
    with op.batch_alter_table('vnf_packages') as batch:
        batch.add_column(sa.Column('task_host', sa.String(255)))
        batch.add_column(sa.Column('task_updated_at', DATETIME))
        batch.drop_index('ix_vnf_packages_vnfd_id')
        batch.create_unique_constraint('uq_vnf_packages_vnfd_id',
                                       ['vnfd_id'])
