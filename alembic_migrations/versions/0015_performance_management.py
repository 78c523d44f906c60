"""PM jobs, their reports, and thresholds

Performance management (SOL003 v3.3.1 clause 6, /vnfpm/v2): each job and
threshold has the callback of a subscription row of its own, so its
notifications go through the outbox.

Revision ID: 0015_performance_management
Revises: 0014_automatic_requests
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0015_performance_management'
down_revision = '0014_automatic_requests'
branch_labels = None
depends_on = None

# Types as they are at this revision.
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6),
                                      'mysql', 'mariadb')
NAME = sa.String(255)
STATE = sa.String(32)
UUID = sa.String(36)


def _timestamps():
    return (sa.Column('created_at', DATETIME, nullable=False),
            sa.Column('updated_at', DATETIME, nullable=False))


def _paging_indexes(table):
    for columns in (('created_at', 'id'), ('project_id', 'created_at', 'id')):
        op.create_index(op.f('ix_%s_%s' % (table, '_'.join(columns))), table,
                        list(columns))


def _subscription_fk(table):
    return sa.ForeignKeyConstraint(
        ['subscription_id'], ['subscriptions.id'],
        name=op.f('fk_%s_subscription_id_subscriptions' % table))


def upgrade():
    op.create_table(
        'pm_jobs',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('object_type', STATE, nullable=False),
        sa.Column('object_instance_ids', sa.JSON, nullable=False),
        sa.Column('sub_object_instance_ids', sa.JSON, nullable=True),
        sa.Column('criteria', sa.JSON, nullable=False),
        sa.Column('subscription_id', UUID, nullable=False),
        sa.Column('reported', sa.JSON, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pm_jobs')),
        _subscription_fk('pm_jobs'))
    _paging_indexes('pm_jobs')
    op.create_table(
        'pm_reports',
        sa.Column('id', UUID, nullable=False),
        sa.Column('pm_job_id', UUID, nullable=False),
        sa.Column('entries', sa.JSON, nullable=False),
        sa.Column('expires_at', DATETIME, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pm_reports')),
        sa.ForeignKeyConstraint(
            ['pm_job_id'], ['pm_jobs.id'], ondelete='CASCADE',
            name=op.f('fk_pm_reports_pm_job_id_pm_jobs')))
    op.create_index(op.f('ix_pm_reports_pm_job_id_created_at'),
                    'pm_reports', ['pm_job_id', 'created_at'])
    op.create_index(op.f('ix_pm_reports_expires_at'), 'pm_reports',
                    ['expires_at'])
    op.create_table(
        'pm_thresholds',
        sa.Column('id', UUID, nullable=False),
        sa.Column('project_id', NAME, nullable=False),
        sa.Column('object_type', STATE, nullable=False),
        sa.Column('object_instance_id', UUID, nullable=False),
        sa.Column('sub_object_instance_ids', sa.JSON, nullable=True),
        sa.Column('criteria', sa.JSON, nullable=False),
        sa.Column('subscription_id', UUID, nullable=False),
        sa.Column('crossings', sa.JSON, nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pm_thresholds')),
        _subscription_fk('pm_thresholds'))
    _paging_indexes('pm_thresholds')
