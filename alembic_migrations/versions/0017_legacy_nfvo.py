"""Legacy NSDs and NSs

The legacy Tacker NFVO API (/v1.0/nsds, /v1.0/nss): NSDs importing
legacy VNFDs, and the NSs made of their VNFs.

Revision ID: 0017_legacy_nfvo
Revises: 0016_legacy_vnfm
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0017_legacy_nfvo'
down_revision = '0016_legacy_vnfm'
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
        'legacy_nsds',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('description', sa.Text, nullable=True),
        sa.Column('template_source', STATE, nullable=False),
        sa.Column('template', sa.Text, nullable=False),
        sa.Column('vnfds', sa.JSON, nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_nsds')))
    op.create_index(op.f('ix_legacy_nsds_project_id_name'), 'legacy_nsds',
                    ['project_id', 'name'])
    op.create_table(
        'legacy_nss',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('name', NAME, nullable=False),
        sa.Column('description', sa.Text, nullable=True),
        sa.Column('nsd_id', UUID, nullable=False),
        sa.Column('vim_id', UUID, nullable=False),
        sa.Column('status', STATE, nullable=False),
        sa.Column('error_reason', sa.Text, nullable=True),
        sa.Column('attributes', sa.JSON, nullable=True),
        sa.Column('vnf_ids', sa.JSON, nullable=True),
        sa.Column('mgmt_ip_addresses', sa.JSON, nullable=True),
        sa.Column('task_owner', NAME, nullable=True),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_nss')),
        sa.ForeignKeyConstraint(
            ['nsd_id'], ['legacy_nsds.id'],
            name=op.f('fk_legacy_nss_nsd_id_legacy_nsds')))
    for columns in (('project_id', 'name'), ('status',), ('nsd_id',)):
        op.create_index(op.f('ix_legacy_nss_%s' % '_'.join(columns)),
                        'legacy_nss', list(columns))
