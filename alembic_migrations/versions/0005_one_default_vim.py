"""One default VIM per project, kept by the database

``vims.is_default`` becomes True or NULL (never False) under a unique
constraint on (project_id, is_default), so two concurrent registrations
cannot both leave a default VIM.

Revision ID: 0005_one_default_vim
Revises: 0004_image_sizes_in_bytes
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_one_default_vim'
down_revision = '0004_image_sizes_in_bytes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vims') as batch:
        batch.drop_index(op.f('ix_vims_is_default'))
        batch.alter_column('is_default', existing_type=sa.Boolean,
                           nullable=True)
    vims = sa.table('vims', sa.column('is_default', sa.Boolean))
    op.execute(vims.update().where(vims.c.is_default == sa.false())
               .values(is_default=None))
    with op.batch_alter_table('vims') as batch:
        batch.create_unique_constraint(
            op.f('uq_vims_project_id_is_default'),
            ['project_id', 'is_default'])
