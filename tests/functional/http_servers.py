"""Small real HTTP servers the deployment under test talks to: a file
server (upload from URI), a notification consumer, an external NFVO,
and a slow or endless peer."""
import functools
import http.server
import json
import socket
import socketserver
import threading
import time
import uuid


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class _Server:
    """A ThreadingHTTPServer on a fixed port that can stop and start
    again on the same port (a consumer that is down for a while)."""

    def __init__(self, handler):
        self.handler = handler
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self._httpd = None

    def start(self):
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self._httpd = http.server.ThreadingHTTPServer(
            ('127.0.0.1', self.port), self.handler)
        threading.Thread(target=self._httpd.serve_forever,
                         daemon=True).start()
        return self

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def file_server(directory):
    """Serves the files of ``directory`` over HTTP (GET, HEAD)."""
    return _Server(functools.partial(_QuietHandler, directory=directory))


class NotificationConsumer(_Server):
    """Answers the subscription check GET with 204 and records every
    POSTed notification (with its Authorization header)."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        consumer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(204)
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                body = json.loads(self.rfile.read(length))
                with consumer.lock:
                    consumer.received.append(
                        {'body': body,
                         'authorization': self.headers.get('Authorization'),
                         'path': self.path})
                self.send_response(204)
                self.end_headers()

        super().__init__(Handler)

    def wait_for(self, predicate, timeout=30):
        """What ``predicate(received notifications)`` answers, once that
        is truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                received = list(self.received)
            result = predicate(received)
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError('notifications not received in time; got %s'
                             % received)


class FakeNfvo(_Server):
    """An external NFVO's Grant interface (SOL003 v2.6.1 9.4.2-9.4.3):
    records each GrantRequest with its Authorization header and answers
    as ``mode`` says: 'sync' (201 with the Grant), 'async' (202, then one
    202 and the Grant on GET), or 'reject' (403 ProblemDetails). The
    Grant names ``vim_connections``."""

    def __init__(self, vim_connections):
        self.vim_connections = vim_connections
        self.lock = threading.Lock()
        self.reset()
        nfvo = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body=None, headers=()):
                data = json.dumps(body).encode() if body else b''
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if body:
                    self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                request = json.loads(self.rfile.read(length))
                with nfvo.lock:
                    nfvo.requests.append(
                        {'body': request, 'path': self.path,
                         'authorization': self.headers.get('Authorization')})
                    mode = nfvo.mode
                if mode == 'reject':
                    self._reply(403, {'status': 403, 'title': 'Forbidden',
                                      'detail': 'no capacity left'})
                    return
                grant = nfvo.grant_for(request)
                if mode == 'async':
                    nfvo._pending[grant['id']] = [None, grant]
                    self._reply(202, headers=[(
                        'Location', '/grant/v1/grants/%s' % grant['id'])])
                    return
                self._reply(201, grant)

            def do_GET(self):
                answers = nfvo._pending.get(self.path.rsplit('/', 1)[1])
                if not answers:
                    self._reply(404)
                    return
                grant = answers.pop(0)
                if grant is None:
                    self._reply(202)
                else:
                    self._reply(200, grant)

        super().__init__(Handler)

    def reset(self):
        """Answer 'sync' again and forget every request."""
        with self.lock:
            self.mode = 'sync'
            self.requests = []
            self._pending = {}

    def grant_for(self, request):
        """A Grant of every resource of ``request``."""
        grant_id = str(uuid.uuid4())
        grant = {'id': grant_id,
                 'vnfInstanceId': request['vnfInstanceId'],
                 'vnfLcmOpOccId': request['vnfLcmOpOccId'],
                 'vimConnections': self.vim_connections,
                 '_links': dict(request['_links'], self={
                     'href': '%s/grant/v1/grants/%s' % (self.url,
                                                        grant_id)})}
        for name in ('addResources', 'removeResources', 'updateResources'):
            if request.get(name):
                grant[name] = [{'resourceDefinitionId': item['id']}
                               for item in request[name]]
        return grant


class StreamServer(_Server):
    """A peer testing time and size bounds: to each connection it sends
    ``head`` (a byte every ``interval`` seconds when ``trickle``), then
    ``piece`` every ``interval`` seconds, until the client hangs up.
    ``started`` and ``ended`` collect the ``time.monotonic()`` at which
    each connection started and ended, ``sent`` the bytes each had
    received."""

    def __init__(self, head, piece=b'', interval=1.0, trickle=False):
        self.started = []
        self.ended = []
        self.sent = []
        self.lock = threading.Lock()
        self._stopping = threading.Event()
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with server.lock:
                    server.started.append(time.monotonic())
                sent = 0
                parts = [bytes([byte]) for byte in head] if trickle \
                    else [head]
                try:
                    for part in parts:
                        self.request.sendall(part)
                        sent += len(part)
                        if trickle and server._stopping.wait(interval):
                            return
                    while piece and not server._stopping.wait(interval):
                        self.request.sendall(piece)
                        sent += len(piece)
                except OSError:
                    pass
                finally:
                    with server.lock:
                        server.ended.append(time.monotonic())
                        server.sent.append(sent)

        super().__init__(Handler)

    def start(self):
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        socketserver.ThreadingTCPServer.daemon_threads = True
        self._httpd = socketserver.ThreadingTCPServer(
            ('127.0.0.1', self.port), self.handler)
        threading.Thread(target=self._httpd.serve_forever,
                         daemon=True).start()
        return self

    def stop(self):
        self._stopping.set()
        super().stop()
