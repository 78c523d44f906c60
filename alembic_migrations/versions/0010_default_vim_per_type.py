"""One default VIM per project and VIM type

An INSTANTIATE that names no VIM runs on the project's default VIM of
the type its request needs (a CNF's on Kubernetes, others' on
OpenStack), so a project may keep a default of each type. The unique
constraint on (project_id, is_default) widens to (project_id, type,
is_default); every existing row satisfies it.

Revision ID: 0010_default_vim_per_type
Revises: 0009_op_owner_index
"""
from alembic import op

revision = '0010_default_vim_per_type'
down_revision = '0009_op_owner_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vims') as batch:
        batch.drop_constraint(op.f('uq_vims_project_id_is_default'),
                              type_='unique')
        batch.create_unique_constraint(
            op.f('uq_vims_project_id_type_is_default'),
            ['project_id', 'type', 'is_default'])
