"""Count onboarding attempts of each package

A package whose onboarding kills or stalls every conductor that takes it
over would otherwise be taken over for ever; ``onboarding_attempts``
counts the claims since the last upload, bounded by ``[vnf_package]
max_onboarding_attempts``.

Revision ID: 0006_onboarding_attempts
Revises: 0005_one_default_vim
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_onboarding_attempts'
down_revision = '0005_one_default_vim'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vnf_packages') as batch:
        batch.add_column(sa.Column('onboarding_attempts', sa.Integer,
                                   nullable=False, server_default='0'))
