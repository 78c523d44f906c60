"""One package per vnfdId in each project

Two projects may onboard the same package (upstream Tacker's global
uniqueness forbids it); an instance resolves its vnfdId in its project.

Revision ID: 0018_vnfd_id_per_project
Revises: 0017_legacy_nfvo
"""
from alembic import op

revision = '0018_vnfd_id_per_project'
down_revision = '0017_legacy_nfvo'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vnf_packages') as batch:
        batch.drop_constraint('uq_vnf_packages_vnfd_id', type_='unique')
        batch.create_unique_constraint('uq_vnf_packages_project_vnfd_id',
                                       ['project_id', 'vnfd_id'])
