"""``tacker-conductor``: the RPC server that runs lifecycle work."""
import signal
import sys
import threading

from oslo_log import log as logging

from tacker.common import config
from tacker.common import gc_tuning
from tacker.common import rpc
from tacker.common import tls
from tacker.conductor import service
from tacker.conf import CONF
from tacker.db import api as db_api

LOG = logging.getLogger(__name__)


def main():
    config.parse_args(sys.argv)
    tls.warn_unverified_peers(CONF)
    db_api.configure(CONF)
    rpc.init(CONF)
    stop_requested = threading.Event()

    def request_stop(signum, frame):
        LOG.info('Signal %d received, stopping', signum)
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    conductor = service.ConductorService(CONF)
    conductor.start()
    gc_tuning.freeze_start_up()
    while not stop_requested.wait(1):
        pass
    conductor.stop()
    rpc.cleanup()
