"""Package CSARs as package store locations

Packages onboarded before the package store recorded the CSAR as a local
path (``<vnf_package_csar_path>/<id>/package.zip``); the store reads
locations. A path becomes the ``file://`` location of the same file,
which glance_store's filesystem driver reads and deletes wherever it
lies, so packages onboarded before an upgrade keep working.

Revision ID: 0008_package_store_locations
Revises: 0007_paging_indexes
"""
from alembic import op
import sqlalchemy as sa

revision = '0008_package_store_locations'
down_revision = '0007_paging_indexes'
branch_labels = None
depends_on = None

SCHEME = 'file://'
PACKAGES = sa.table('vnf_packages', sa.column('package_path', sa.String))


def upgrade():
    path = PACKAGES.c.package_path
    op.execute(PACKAGES.update().where(path.like('/%'))
               .values(package_path=sa.literal(SCHEME) + path))
