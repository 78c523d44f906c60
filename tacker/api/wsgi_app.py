"""WSGI entry point for uWSGI, mod_wsgi or gunicorn.

    uwsgi --http :9890 --module tacker.api.wsgi_app:application

Configuration files come from ``TACKER_CONFIG_FILES`` (comma separated),
else oslo.config's default locations (``/etc/tacker/tacker.conf``...).
"""
import os

from tacker.api import app
from tacker.common import config
from tacker.db import api as db_api


def init_application():
    files = os.environ.get('TACKER_CONFIG_FILES')
    config.parse_args(['tacker-api'],
                      default_config_files=files.split(',') if files else None)
    db_api.configure()
    return app.build_app()


application = init_application()
