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


LARGE_RESPONSE_PROBE = '''
import eventlet
eventlet.monkey_patch()
import http.client
import eventlet.wsgi
from eventlet.greenio import base
from tacker.api import server

sends = []
plain_send = base.GreenSocket.send
def counted_send(self, data, *args):
    sent = plain_send(self, data, *args)
    if self.getsockname() == sock.getsockname():
        sends.append(sent)
    return sent
base.GreenSocket.send = counted_send

BODY = b'x' * (64 * 1024)
def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [BODY]

sock = eventlet.listen(('127.0.0.1', 0))
eventlet.spawn(eventlet.wsgi.server, sock, app, protocol=server._Protocol,
               log_output=False)
def fetch():
    connection = http.client.HTTPConnection(*sock.getsockname())
    connection.request('GET', '/')
    response = connection.getresponse()
    return response.read(), response.getheader('Content-Length')
body, length = eventlet.spawn(fetch).wait()
assert body == BODY and length == str(len(BODY)), (len(body), length)
# The head came with the body.
print(len(sends), sum(sends) > len(BODY))
'''


def test_a_response_larger_than_the_write_buffer_is_sent_whole():
    """Its head and body in one send: each send wakes the client."""
    result = subprocess.run([sys.executable, '-c', LARGE_RESPONSE_PROBE],
                            check=True, capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ['1', 'True']
