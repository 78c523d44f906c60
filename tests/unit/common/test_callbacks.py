"""Calls to subscribers against a real HTTP server on 127.0.0.1: the
SOL013 callback check, notification POSTs and OAuth2 client credentials,
and what an API client learns when they fail (nothing of the peer).

``Consumer`` and ``notification_conf`` also serve the delivery loop's
tests.
"""
import base64
import contextlib
import http.server
import json
import socket
import threading
import time
import urllib.parse

from oslo_config import cfg
from oslo_utils import uuidutils
import pytest

from tacker.common import callbacks
from tacker.common import exceptions
from tacker.common import outbound
from tacker.conf import default
from tacker.conf import notification

# The default denied networks but loopback, where the test servers are.
LOOPBACK_ALLOWED = [net for net in default.DEFAULT_DENIED_NETWORKS
                    if net not in ('127.0.0.0/8', '::1/128')]
MARKER = 'peer-body-marker-5a7c'


def notification_conf(**overrides):
    """A private config with the [notification] options, fast for tests,
    and an outbound policy that allows loopback."""
    conf = cfg.ConfigOpts()
    default.register_opts(conf)
    notification.register_opts(conf)
    conf([], default_config_files=[])
    conf.set_override('outbound_denied_networks', LOOPBACK_ALLOWED)
    values = {'timeout': 2, 'retry_backoff_base': 0.05,
              'retry_backoff_max': 0.2, 'delivery_interval': 0.05}
    values.update(overrides)
    for name, value in values.items():
        conf.set_override(name, value, group=notification.GROUP)
    return conf


class Consumer:
    """A subscriber: records every request and answers ``status`` with
    ``body``, or what ``routes[path](request)`` returns as (status,
    body)."""

    def __init__(self):
        self.received = []
        self.status = 204
        self.body = b''
        self.delay = 0
        self.routes = {}
        self._lock = threading.Lock()
        self._server = None
        self.port = None
        self.start()

    @property
    def url(self):
        return 'http://127.0.0.1:%d/callback' % self.port

    def start(self):
        """Listen, on the same port as before after a ``stop``."""
        consumer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                consumer._answer(self)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', self.port or 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever,
                         kwargs={'poll_interval': 0.01}, daemon=True).start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def posted(self):
        """The notifications POSTed to the callback so far."""
        with self._lock:
            return [json.loads(request['body']) for request in self.received
                    if request['method'] == 'POST' and
                    request['path'] == '/callback']

    def _answer(self, handler):
        length = int(handler.headers.get('Content-Length') or 0)
        request = {'method': handler.command,
                   'path': urllib.parse.urlsplit(handler.path).path,
                   'headers': dict(handler.headers),
                   'body': handler.rfile.read(length)}
        with self._lock:
            self.received.append(request)
        route = self.routes.get(request['path'])
        status, body = route(request) if route else (self.status, self.body)
        time.sleep(self.delay)
        handler.send_response(status)
        handler.send_header('Content-Length', str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def consumer():
    consumer = Consumer()
    yield consumer
    consumer.stop()


@pytest.fixture
def conf():
    return notification_conf()


def basic(user, password):
    token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
    return 'Basic %s' % token


def check_failure(uri, conf, authentication=None):
    with pytest.raises(exceptions.CallbackCheckFailed) as raised:
        callbacks.check_callback(uri, authentication, conf)
    return raised.value.detail


def test_check_callback_accepts_204(consumer, conf):
    callbacks.check_callback(consumer.url, None, conf)
    assert [r['method'] for r in consumer.received] == ['GET']


GENERIC = 'could not be reached or did not answer the test GET'


@pytest.mark.parametrize('status', [200, 404, 302, 500])
def test_check_callback_refuses_other_status_without_quoting_it(
        consumer, conf, status, caplog):
    caplog.set_level('INFO')
    consumer.status = status
    consumer.body = ('{"detail": "%s"}' % MARKER).encode()
    detail = check_failure(consumer.url, conf)
    assert GENERIC in detail and consumer.url in detail
    assert MARKER not in detail and str(status) not in detail
    assert MARKER in caplog.text  # the operator can see it in the log
    # Only the test GET: a redirect is not followed.
    assert [r['method'] for r in consumer.received] == ['GET']


def test_check_callback_refused_and_timeout_read_the_same(consumer, conf):
    consumer.status = 404
    not_found = check_failure(consumer.url, conf)
    consumer.stop()
    refused = check_failure(consumer.url, conf)
    # The kernel completes the handshake of a listening socket; nobody
    # ever answers.
    with socket.socket() as silent:
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(('127.0.0.1', consumer.port))
        silent.listen()
        conf.set_override('timeout', 0.3, group='notification')
        timed_out = check_failure(consumer.url, conf)
    assert not_found == refused == timed_out
    consumer.start()


def test_check_callback_refuses_other_schemes(conf):
    assert GENERIC in check_failure('file:///etc/passwd', conf)


@pytest.mark.parametrize('host', ['127.0.0.1', 'localhost', '[::1]',
                                  '[::ffff:127.0.0.1]', '169.254.169.254'])
def test_check_callback_to_a_denied_address_is_refused_unsent(
        consumer, host):
    conf = notification_conf()
    conf.clear_override('outbound_denied_networks')
    uri = 'http://%s:%d/callback' % (host, consumer.port)
    with pytest.raises(exceptions.CallbackAddressDenied) as raised:
        callbacks.check_callback(uri, None, conf)
    assert raised.value.status == 400
    assert consumer.received == []


def test_check_callback_with_a_trickling_peer_ends_at_the_deadline(conf):
    """A peer sending a byte at a time, each well within the timeout,
    cannot hold the check past the total deadline."""
    with trickling_server() as url:
        conf.set_override('timeout', 1, group='notification')
        started = time.monotonic()
        assert GENERIC in check_failure(url, conf)
        assert time.monotonic() - started < 2


@contextlib.contextmanager
def trickling_server():
    """An HTTP server that sends its status line a byte every 0.2 s."""
    with socket.socket() as listener:
        listener.bind(('127.0.0.1', 0))
        listener.listen()
        stop = threading.Event()

        def serve():
            conn, _ = listener.accept()
            with conn:
                for byte in b'HTTP/1.1 204 No Content\r\n' * 100:
                    if stop.wait(0.2):
                        return
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        return

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield 'http://127.0.0.1:%d/' % listener.getsockname()[1]
        finally:
            stop.set()
            thread.join(5)


def test_check_callback_sends_basic_auth(consumer, conf):
    callbacks.check_callback(consumer.url, {
        'authType': ['BASIC'],
        'paramsBasic': {'userName': 'nfvo', 'password': 's3cret'}}, conf)
    assert consumer.received[0]['headers']['Authorization'] == basic(
        'nfvo', 's3cret')


def oauth2(consumer, client_id):
    return {'authType': ['OAUTH2_CLIENT_CREDENTIALS'],
            'paramsOauth2ClientCredentials': {
                'clientId': client_id, 'clientPassword': 'pw',
                'tokenEndpoint': 'http://127.0.0.1:%d/token' %
                                 consumer.port}}


def serve_tokens(consumer, client_id):
    """Grant 'tok-1', 'tok-2'... to ``client_id``; accept only the last
    token granted on the callback."""
    granted = []

    def token(request):
        form = urllib.parse.parse_qs(request['body'].decode())
        if (form.get('grant_type') != ['client_credentials'] or
                request['headers'].get('Authorization') !=
                basic(client_id, 'pw')):
            return 401, b'{"error": "invalid_client"}'
        granted.append('tok-%d' % (len(granted) + 1))
        return 200, json.dumps({'access_token': granted[-1],
                                'token_type': 'Bearer',
                                'expires_in': 3600}).encode()

    def callback(request):
        expected = 'Bearer %s' % (granted[-1] if granted else None)
        authorized = request['headers'].get('Authorization') == expected
        return (204 if authorized else 401), b''

    consumer.routes = {'/token': token, '/callback': callback}
    return granted


def test_oauth2_token_is_fetched_cached_and_sent(consumer, conf):
    client_id = uuidutils.generate_uuid()
    granted = serve_tokens(consumer, client_id)
    authentication = oauth2(consumer, client_id)
    callbacks.check_callback(consumer.url, authentication, conf)
    callbacks.post_notification(consumer.url, {'n': 1}, authentication,
                                conf)
    assert granted == ['tok-1']
    assert [r['path'] for r in consumer.received] == [
        '/token', '/callback', '/callback']


def test_oauth2_token_refused_by_subscriber_is_renewed(consumer, conf):
    client_id = uuidutils.generate_uuid()
    granted = serve_tokens(consumer, client_id)
    authentication = oauth2(consumer, client_id)
    callbacks.check_callback(consumer.url, authentication, conf)
    granted.append('tok-revoked-and-replaced')
    with pytest.raises(callbacks.DeliveryFailed, match='HTTP 401'):
        callbacks.post_notification(consumer.url, {}, authentication, conf)
    callbacks.post_notification(consumer.url, {}, authentication, conf)
    assert granted[-1] == 'tok-3'


def test_oauth2_token_endpoint_refusal_fails_the_check(consumer, conf,
                                                       caplog):
    caplog.set_level('INFO')
    serve_tokens(consumer, 'the-right-client')
    detail = check_failure(consumer.url, conf,
                           oauth2(consumer, uuidutils.generate_uuid()))
    assert GENERIC in detail and 'invalid_client' not in detail
    assert 'token endpoint: HTTP 401' in caplog.text


def test_oauth2_token_endpoint_at_a_denied_address_is_not_called(consumer):
    conf = notification_conf()
    conf.clear_override('outbound_denied_networks')
    authentication = oauth2(consumer, uuidutils.generate_uuid())
    with pytest.raises(callbacks.DeliveryFailed) as raised:
        callbacks.post_notification('http://192.0.2.1/', {}, authentication,
                                    conf)
    assert raised.value.denied
    assert raised.value.reason == ('token endpoint: its address is not '
                                   'permitted for outbound calls')
    assert consumer.received == []


def test_post_notification_sends_json(consumer, conf):
    consumer.status = 200
    callbacks.post_notification(consumer.url, {'notificationType': 'X'},
                                None, conf)
    request = consumer.received[0]
    assert request['headers']['Content-Type'] == 'application/json'
    assert json.loads(request['body']) == {'notificationType': 'X'}


def test_post_notification_failure_reads_a_bounded_body(consumer, conf):
    consumer.status = 500
    consumer.body = MARKER.encode() * (4 * 1024 * 1024 // len(MARKER))
    with pytest.raises(callbacks.DeliveryFailed) as raised:
        callbacks.post_notification(consumer.url, {}, None, conf)
    assert raised.value.reason == 'answered HTTP 500'
    assert raised.value.detail.startswith('HTTP 500, body starts b\'%s' %
                                          MARKER)
    assert len(raised.value.detail) <= 100 + outbound.LOG_EXCERPT
