"""Software image min_disk/min_ram in bytes need 64 bits

SOL005 gives both in bytes; a 2 GiB disk does not fit a 32-bit INTEGER
on MariaDB or PostgreSQL.

Revision ID: 0004_image_sizes_in_bytes
Revises: 0003_grants
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_image_sizes_in_bytes'
down_revision = '0003_grants'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vnf_package_software_images') as batch:
        for column in ('min_disk', 'min_ram'):
            batch.alter_column(column, existing_type=sa.Integer,
                               type_=sa.BigInteger, existing_nullable=True)
