"""The package a CHANGE_VNFPKG moves its instance to

An operation occurrence of ChangeCurrentVnfPkg (SOL003 v3.3.1 5.4.11a)
names the package it moves to, which stays IN_USE (SOL005 9.5.4.5)
until the occurrence ends; other occurrences name none (NULL).

Revision ID: 0012_change_vnfpkg_target
Revises: 0011_subscription_verbosity
"""
from alembic import op
import sqlalchemy as sa

revision = '0012_change_vnfpkg_target'
down_revision = '0011_subscription_verbosity'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('vnf_lcm_op_occs',
                  sa.Column('target_vnf_pkg_id', sa.String(36),
                            nullable=True))
    op.create_index(op.f('ix_vnf_lcm_op_occs_target_vnf_pkg_id'),
                    'vnf_lcm_op_occs', ['target_vnf_pkg_id'])
