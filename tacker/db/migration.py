"""Schema migrations: Alembic configured in code, with no alembic.ini.

The migration scripts ship as the ``alembic_migrations`` package, so they
are found next to the code wherever Tacker is installed.
"""
import os
import re
import sys

from alembic import command
from alembic import config as alembic_cfg
from alembic import script as alembic_script

import alembic_migrations
from tacker.db import api as db_api
from tacker.db import sqlite as sqlite_db

MIGRATIONS_DIR = os.path.dirname(os.path.abspath(alembic_migrations.__file__))


def alembic_config(conf):
    """An Alembic config for the database ``conf`` points at.

    The URL travels in ``attributes`` rather than the main options, which
    would treat a ``%`` in a password as interpolation.
    """
    config = alembic_cfg.Config(stdout=sys.stdout)
    config.set_main_option('script_location', MIGRATIONS_DIR)
    # Files are named after their readable revision id: 0002_add_alarms.py.
    config.set_main_option('file_template', '%%(rev)s')
    url = db_api.connection_url(conf)
    sqlite_db.prepare_file(url)
    config.attributes['connection_url'] = url
    return config


def upgrade(conf, revision='head'):
    command.upgrade(alembic_config(conf), revision)


def current(conf):
    """Print the revision the database is at."""
    command.current(alembic_config(conf))


def history(conf):
    command.history(alembic_config(conf))


def stamp(conf, revision):
    """Record ``revision`` as applied without running any migration."""
    command.stamp(alembic_config(conf), revision)


def revision(conf, message, autogenerate=False):
    """Write a new migration script named ``NNNN_<message>``.

    With ``autogenerate`` its operations are what the models have and the
    database (which must be at head) lacks.
    """
    config = alembic_config(conf)
    scripts = alembic_script.ScriptDirectory.from_config(config)
    number = len(list(scripts.walk_revisions())) + 1
    slug = re.sub(r'[^a-z0-9]+', '_', (message or '').lower())
    slug = slug.strip('_')[:40] or 'revision'
    return command.revision(config, message=message,
                            autogenerate=autogenerate,
                            rev_id='%04d_%s' % (number, slug))
