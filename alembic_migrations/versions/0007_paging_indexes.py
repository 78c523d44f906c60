"""Indexes for keyset paging in creation order

Every list pages by ``(created_at, id)`` (SOL013 5.4), filtered or scoped
by a column at times; without an index that starts with that column and
goes on with ``(created_at, id)`` a page is a full scan and a sort. The
composite indexes also serve every lookup the single-column ones they
replace served.

Revision ID: 0007_paging_indexes
Revises: 0006_onboarding_attempts
"""
from alembic import op

revision = '0007_paging_indexes'
down_revision = '0006_onboarding_attempts'
branch_labels = None
depends_on = None

# Per table: the columns leading a paging index; each had an index of
# its own, which the composite one replaces.
LEADING = {
    'vnf_packages': ('project_id', 'onboarding_state', 'operational_state',
                     'usage_state'),
    'vnf_instances': ('project_id', 'vnf_instance_name', 'vnfd_id',
                      'instantiation_state'),
    'vnf_lcm_op_occs': ('project_id', 'operation', 'operation_state'),
}


def _name(table, *columns):
    return 'ix_%s_%s' % (table, '_'.join(columns))


def upgrade():
    for table, leading in LEADING.items():
        op.create_index(_name(table, 'created_at', 'id'), table,
                        ['created_at', 'id'])
        for column in leading:
            op.create_index(_name(table, column, 'created_at', 'id'), table,
                            [column, 'created_at', 'id'])
            op.drop_index(_name(table, column), table_name=table)
    op.create_index(_name('subscriptions', 'api', 'created_at', 'id'),
                    'subscriptions', ['api', 'created_at', 'id'])
