"""The ``[database]`` group: oslo.db's own options (oslo.db namespace).

``connection`` is left unset on purpose: the database layer then uses a
SQLite file under ``[DEFAULT] state_path`` (see ``tacker.db.api``).
"""
from oslo_db import options as db_options


def register_opts(conf):
    db_options.set_defaults(conf)
