"""``tacker-server``: the REST API, served by eventlet.

Only this entry point monkey-patches: the conductor and the libraries
imported elsewhere stay on plain threads.
"""
import eventlet

eventlet.monkey_patch()

import sys  # noqa: E402

from tacker.api import app  # noqa: E402
from tacker.api import server  # noqa: E402
from tacker.common import config  # noqa: E402
from tacker.common import tls  # noqa: E402
from tacker.conf import CONF  # noqa: E402
from tacker.db import api as db_api  # noqa: E402


def main():
    config.parse_args(sys.argv)
    tls.warn_unverified_peers(CONF)
    db_api.configure(CONF)
    server.serve(app.build_app, CONF)
