"""A tiny fake Tacker: a local HTTP server answering canned responses,
so that the client is tested over real HTTP through keystoneauth1."""
import http.server
import io
import json
import logging
import threading
import urllib.parse

from keystoneauth1 import noauth
from keystoneauth1 import session
import pytest

from tackerclient import client
from tackerclient import shell


class FakeServer:
    """Answers ``(method, path)`` with the responses routed to it, in
    turn, repeating the last; records every request."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                url = urllib.parse.urlsplit(self.path)
                fake.requests.append({
                    'method': self.command, 'path': url.path,
                    'query': urllib.parse.parse_qs(
                        url.query, keep_blank_values=True),
                    'headers': dict(self.headers), 'body': body})
                status, headers, data = fake.response(self.command,
                                                      url.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever,
                         kwargs={'poll_interval': 0.02}, daemon=True).start()

    def route(self, method, path, *responses):
        """Each response: ``(status, body)`` or ``(status, body,
        headers)``; a dict or list body is sent as JSON."""
        self.routes[(method, path)] = list(responses)

    def response(self, method, path):
        queue = self.routes.get((method, path))
        if not queue:
            return 404, {'Content-Type': 'application/problem+json'}, \
                json.dumps({'status': 404, 'title': 'Not Found',
                            'detail': 'No route %s %s' % (method, path)}
                           ).encode()
        status, body, *rest = queue.pop(0) if len(queue) > 1 else queue[0]
        headers = dict(rest[0]) if rest else {}
        if isinstance(body, (dict, list)):
            headers.setdefault('Content-Type', 'application/problem+json'
                               if status >= 400 else 'application/json')
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        return status, headers, body or b''

    def sent(self, method, path):
        return [request for request in self.requests
                if (request['method'], request['path']) == (method, path)]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    fake = FakeServer()
    yield fake
    fake.stop()


@pytest.fixture
def fast_polls(monkeypatch):
    """Waits poll without pausing."""
    poller = client.Poller
    monkeypatch.setattr(client, 'Poller',
                        lambda: poller(interval=0.01, first=0.01))


@pytest.fixture
def tacker(server):
    return client.TackerClient(session.Session(auth=noauth.NoAuth()),
                               endpoint=server.url,
                               poller=client.Poller(interval=0.01,
                                                    first=0.01))


class Result:
    def __init__(self, status, stdout, stderr):
        self.status = status
        self.stdout = stdout
        self.stderr = stderr

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli(server, fast_polls, monkeypatch):
    """Run the ``tacker`` shell in-process against the fake server:
    ``cli('vnflcm', 'show', 'x')`` -> Result(status, stdout, stderr)."""
    for name in ('OS_AUTH_URL', 'OS_TOKEN', 'OS_CLOUD', 'OS_AUTH_TYPE',
                 'OS_ENDPOINT', 'OS_TACKER_API_VERSION'):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    # As in the fresh process of a real run: the kubernetes client, used
    # by other tests of this process, sets this logger to WARNING.
    urllib3_logger = logging.getLogger('urllib3')
    urllib3_level = urllib3_logger.level
    urllib3_logger.setLevel(logging.NOTSET)

    def run(*args, endpoint=True):
        argv = (['--os-auth-type', 'none', '--os-endpoint', server.url]
                if endpoint else []) + list(args)
        stdout = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')
        stderr = io.StringIO()
        handlers, level = list(root.handlers), root.level
        try:
            status = shell.TackerShell(stdout=stdout, stderr=stderr).run(
                argv)
        except SystemExit as exit:
            status = exit.code
        finally:
            for handler in root.handlers[len(handlers):]:
                root.removeHandler(handler)
            root.setLevel(level)
        stdout.flush()
        return Result(status, stdout.buffer.getvalue().decode(),
                      stderr.getvalue())
    yield run
    urllib3_logger.setLevel(urllib3_level)
