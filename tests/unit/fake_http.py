"""A local HTTP server that answers every request with what a test's
``answer(method, path)`` returns, for the unit tests of Tacker's calls
to Prometheus and Alertmanager."""
import http.server
import threading


class FakeHttp:
    """On 127.0.0.1, a free port; ``requests`` lists (method, path) of
    what came; ``answer(method, path)`` gives (status, body bytes)."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                fake.requests.append((self.command, self.path))
                status, body = fake.answer(self.command, self.path)
                self.send_response(status)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         kwargs={'poll_interval': 0.01}).start()
        self.url = 'http://127.0.0.1:%d' % self.server.server_port

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
