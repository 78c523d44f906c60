"""The API's listening socket (checked in a child process: eventlet must
not run inside the test process)."""
import subprocess
import sys

PROBE = '''
import socket
from oslo_config import cfg
from tacker.api import server
conf = cfg.ConfigOpts()
conf.register_opts([cfg.StrOpt('bind_host', default='127.0.0.1'),
                    cfg.IntOpt('bind_port', default=0)])
conf([])
sock = server.listen(conf)
client = socket.create_connection(sock.getsockname())
accepted, _ = sock.accept()
print(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
'''


def test_accepted_connections_do_not_wait_for_delayed_acks():
    result = subprocess.run([sys.executable, '-c', PROBE], check=True,
                            capture_output=True, text=True)
    assert result.stdout.split()[-1] == '1'
