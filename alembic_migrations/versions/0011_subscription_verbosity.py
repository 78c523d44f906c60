"""The verbosity of a subscription

SOL003 v3.3.1 (the /vnflcm/v2 API) lets a LccnSubscription ask for SHORT
notifications of operation occurrences, without their changes (5.5.2.16);
subscriptions of the v2.6.1 APIs have none (NULL).

Revision ID: 0011_subscription_verbosity
Revises: 0010_default_vim_per_type
"""
from alembic import op
import sqlalchemy as sa

revision = '0011_subscription_verbosity'
down_revision = '0010_default_vim_per_type'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('subscriptions',
                  sa.Column('verbosity', sa.String(8), nullable=True))
