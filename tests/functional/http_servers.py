"""Small real HTTP servers the deployment under test talks to: a file
server (upload from URI) and a notification consumer."""
import functools
import http.server
import json
import socket
import threading
import time


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
