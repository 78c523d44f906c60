"""Alembic environment: connects to Tacker's database and runs migrations.

The URL comes from ``config.attributes['connection_url']`` (set by
``tacker.db.migration``) or else from Tacker's own configuration.
"""
from alembic import context
import sqlalchemy as sa

from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import models

target_metadata = models.Base.metadata


def run_migrations_online():
    url = (context.config.attributes.get('connection_url')
           or db_api.connection_url(CONF))
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            # SQLite cannot ALTER most things: batch mode copies the table.
            context.configure(
                connection=connection, target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == 'sqlite',
                compare_type=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


run_migrations_online()
