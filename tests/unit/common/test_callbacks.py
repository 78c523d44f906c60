"""Calls to subscribers against a real HTTP(S) server on 127.0.0.1: the
SOL013 callback check, notification POSTs, OAuth2 client credentials,
mutual TLS and OAuth2 with the client certificate, and what an API
client learns when they fail (nothing of the peer).

``Consumer`` and ``notification_conf`` also serve the delivery loop's
tests.
"""
import base64
import contextlib
import hashlib
# Not ``http.server.X``: eventlet.wsgi (tacker.api.server imports it)
# re-imports http.server with green sockets and threads and leaves that
# copy as the attribute of ``http``; the name bound here is the real one.
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
import json
import pathlib
import socket
import ssl
import threading
import time
import types
import urllib.parse

from oslo_config import cfg
from oslo_utils import uuidutils
import pytest

from tacker.common import callbacks
from tacker.common import exceptions
from tacker.common import outbound
from tacker.conf import default
from tacker.conf import nfvo
from tacker.conf import notification
from tests.unit.drivers.test_kubernetes_vim import self_signed

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
    """A subscriber: records every request (with the CN of the client's
    certificate, if any) and answers ``status`` with ``body``, or what
    ``routes[path](request)`` returns as (status, body). With ``tls``, a
    server SSLContext, it serves HTTPS."""

    def __init__(self, tls=None):
        self.tls = tls
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
    def base(self):
        return '%s://127.0.0.1:%d' % ('https' if self.tls else 'http',
                                      self.port)

    @property
    def url(self):
        return self.base + '/callback'

    def start(self):
        """Listen, on the same port as before after a ``stop``."""
        consumer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                consumer._answer(self)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(
            ('127.0.0.1', self.port or 0), Handler)
        if self.tls:
            self._server.socket = self.tls.wrap_socket(self._server.socket,
                                                       server_side=True)
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
                   'body': handler.rfile.read(length),
                   'client_cn': client_cn(handler.connection)}
        with self._lock:
            self.received.append(request)
        route = self.routes.get(request['path'])
        status, body = route(request) if route else (self.status, self.body)
        time.sleep(self.delay)
        handler.send_response(status)
        handler.send_header('Content-Length', str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def client_cn(connection):
    """The common name of the certificate the client of ``connection``
    presented, None without TLS or a certificate."""
    certificate = connection.getpeercert() \
        if isinstance(connection, ssl.SSLSocket) else None
    subject = dict(pair for names in (certificate or {}).get('subject', ())
                   for pair in names)
    return subject.get('commonName')


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
                'tokenEndpoint': consumer.base + '/token'}}


def oauth2_cert(consumer, client_id, certificate_ref, *also):
    """OAUTH2_CLIENT_CERT naming ``certificate_ref`` (a thumbprint), and
    the authTypes ``also`` (BASIC, OAUTH2_CLIENT_CREDENTIALS) with their
    params."""
    authentication = {'authType': ['OAUTH2_CLIENT_CERT', *also],
                      'paramsOauth2ClientCert': {
                          'clientId': client_id,
                          'certificateRef': {'type': 'x5t#S256',
                                             'value': certificate_ref},
                          'tokenEndpoint': consumer.base + '/token'}}
    if 'BASIC' in also:
        authentication['paramsBasic'] = {'userName': 'nfvo',
                                         'password': 's3cret'}
    if 'OAUTH2_CLIENT_CREDENTIALS' in also:
        authentication['paramsOauth2ClientCredentials'] = oauth2(
            consumer, client_id)['paramsOauth2ClientCredentials']
    return authentication


def by_secret(client_id):
    """A token request authenticated by ``client_id``'s secret 'pw'."""
    return lambda request: request['headers'].get('Authorization') == \
        basic(client_id, 'pw')


def by_certificate(client_id, common_name):
    """A token request of ``client_id`` over TLS with the certificate of
    ``common_name`` and no secret (RFC 8705 2.1)."""
    return lambda request: (
        request['client_cn'] == common_name and
        'Authorization' not in request['headers'] and
        urllib.parse.parse_qs(request['body'].decode()).get(
            'client_id') == [client_id])


def serve_tokens(consumer, authenticated):
    """Grant 'tok-1', 'tok-2'... to requests ``authenticated`` accepts;
    accept only the last token granted on the callback."""
    granted = []

    def token(request):
        form = urllib.parse.parse_qs(request['body'].decode())
        if form.get('grant_type') != ['client_credentials'] or \
                not authenticated(request):
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


TACKER_CN = 'tacker-notifier'


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """Self-signed certificates of a subscriber on 127.0.0.1 and of
    Tacker as a client: their files, the x5t#S256 of Tacker's (computed
    here, not by the code under test), and the subscriber's TLS context,
    which requires Tacker's certificate."""
    directory = tmp_path_factory.mktemp('pki')
    _, server_tls = self_signed(directory, 'subscriber')
    pem, _ = self_signed(directory, TACKER_CN)
    server_tls.verify_mode = ssl.CERT_REQUIRED
    server_tls.load_verify_locations(directory / (TACKER_CN + '.crt'))
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).digest()
    return types.SimpleNamespace(
        ca=str(directory / 'subscriber.crt'),
        cert=str(directory / (TACKER_CN + '.crt')),
        key=str(directory / (TACKER_CN + '.key')),
        thumbprint=base64.urlsafe_b64encode(digest).rstrip(b'=').decode(),
        server_tls=server_tls)


def mtls_conf(pki, **overrides):
    """A notification_conf that trusts the subscriber and presents
    Tacker's certificate."""
    return notification_conf(ca_file=pki.ca, client_cert_file=pki.cert,
                             client_key_file=pki.key, **overrides)


@pytest.fixture
def tls_consumer(pki):
    """A subscriber over HTTPS that requires Tacker's certificate."""
    consumer = Consumer(tls=pki.server_tls)
    yield consumer
    consumer.stop()


@pytest.mark.parametrize('accepted, cert, chosen', [
    (list(callbacks.AUTH_PREFERENCE), 'tacker.pem', 'OAUTH2_CLIENT_CERT'),
    (list(callbacks.AUTH_PREFERENCE), None, 'OAUTH2_CLIENT_CREDENTIALS'),
    (['BASIC', 'TLS_CERT'], ('tacker.pem', 'tacker.key'), 'TLS_CERT'),
    (['BASIC', 'TLS_CERT'], None, 'BASIC'),
    (['OAUTH2_CLIENT_CERT', 'TLS_CERT'], None, None),
    ([], 'tacker.pem', None),
])
def test_auth_type_is_the_preferred_one_tacker_can_use(accepted, cert,
                                                       chosen):
    assert callbacks.auth_type({'authType': accepted}, cert) == chosen


def test_no_authentication_asks_for_none():
    assert callbacks.auth_type(None, 'tacker.pem') is None


@pytest.mark.parametrize('group', [notification, nfvo])
@pytest.mark.parametrize('files, cert', [
    ({}, None),
    ({'client_cert_file': 'both.pem'}, 'both.pem'),
    ({'client_cert_file': 'c.pem', 'client_key_file': 'k.pem'},
     ('c.pem', 'k.pem'))])
def test_outbound_client_presents_the_configured_certificate(group, files,
                                                             cert):
    conf = cfg.ConfigOpts()
    default.register_opts(conf)
    group.register_opts(conf)
    conf([], default_config_files=[])
    for name, value in files.items():
        conf.set_override(name, value, group=group.GROUP)
    assert callbacks.client(conf, conf[group.GROUP]).cert == cert


def test_tls_cert_check_and_notification_go_over_mutual_tls(tls_consumer,
                                                            pki):
    """Preferred to BASIC: the certificate authenticates, no header."""
    authentication = {'authType': ['BASIC', 'TLS_CERT'], 'paramsBasic': {
        'userName': 'nfvo', 'password': 's3cret'}}
    conf = mtls_conf(pki)
    callbacks.check_callback(tls_consumer.url, authentication, conf)
    callbacks.post_notification(tls_consumer.url, {}, authentication, conf)
    assert [(r['method'], r['client_cn']) for r in tls_consumer.received] \
        == [('GET', TACKER_CN), ('POST', TACKER_CN)]
    assert not any('Authorization' in r['headers']
                   for r in tls_consumer.received)


def test_a_certificate_file_holding_the_key_too_serves(tls_consumer, pki,
                                                       tmp_path):
    both = tmp_path / 'both.pem'
    both.write_bytes(pathlib.Path(pki.key).read_bytes() +
                     pathlib.Path(pki.cert).read_bytes())
    conf = notification_conf(ca_file=pki.ca, client_cert_file=str(both))
    callbacks.check_callback(tls_consumer.url, {'authType': ['TLS_CERT']},
                             conf)
    assert tls_consumer.received[0]['client_cn'] == TACKER_CN
    assert callbacks.thumbprint(str(both)) == pki.thumbprint


def test_without_a_certificate_a_mutual_tls_subscriber_is_not_reached(
        tls_consumer, pki):
    authentication = {'authType': ['TLS_CERT', 'BASIC'], 'paramsBasic': {
        'userName': 'nfvo', 'password': 's3cret'}}
    conf = notification_conf(ca_file=pki.ca)
    assert GENERIC in check_failure(tls_consumer.url, conf, authentication)
    assert tls_consumer.received == []


def test_without_a_certificate_basic_is_used_if_accepted(consumer, conf):
    callbacks.check_callback(consumer.url, {
        'authType': ['TLS_CERT', 'BASIC'],
        'paramsBasic': {'userName': 'nfvo', 'password': 's3cret'}}, conf)
    assert consumer.received[0]['headers']['Authorization'] == basic(
        'nfvo', 's3cret')


@pytest.mark.parametrize('accepted', [
    ['TLS_CERT'], ['OAUTH2_CLIENT_CERT'],
    ['TLS_CERT', 'OAUTH2_CLIENT_CERT']])
def test_only_certificate_auth_types_without_a_certificate_is_422_unsent(
        consumer, conf, accepted):
    authentication = oauth2_cert(consumer, 'c', 'x' * 43)
    authentication['authType'] = accepted
    with pytest.raises(exceptions.ClientCertificateNotConfigured) as raised:
        callbacks.check_callback(consumer.url, authentication, conf)
    assert raised.value.status == 422
    assert '[notification] client_cert_file' in raised.value.detail
    assert ', '.join(accepted) in raised.value.detail
    assert consumer.received == []


def test_oauth2_cert_naming_another_certificate_is_422_unsent(consumer,
                                                              pki):
    authentication = oauth2_cert(consumer, 'c', 'A' * 43, 'BASIC')
    with pytest.raises(exceptions.ClientCertificateMismatch) as raised:
        callbacks.check_callback(consumer.url, authentication,
                                 mtls_conf(pki))
    assert raised.value.status == 422
    assert consumer.received == []


def test_an_unreadable_client_certificate_is_a_server_error(consumer,
                                                            tmp_path):
    conf = notification_conf(client_cert_file=str(tmp_path / 'gone.pem'))
    with pytest.raises(exceptions.ClientCertificateUnreadable) as raised:
        callbacks.check_callback(
            consumer.url, oauth2_cert(consumer, 'c', 'x' * 43), conf)
    assert raised.value.status == 500
    assert 'gone.pem' not in raised.value.detail
    assert consumer.received == []


def test_thumbprint_is_the_base64url_sha256_of_the_der(pki):
    assert callbacks.thumbprint(pki.cert) == pki.thumbprint
    assert len(pki.thumbprint) == 43


@pytest.fixture(params=['secret', 'certificate'])
def token_peer(request, pki):
    """A subscriber granting tokens (``serve_tokens``) to the client
    ``authentication`` describes: OAUTH2_CLIENT_CREDENTIALS over HTTP, or
    OAUTH2_CLIENT_CERT (preferred to the others also accepted) over
    mutual TLS."""
    client_id = uuidutils.generate_uuid()
    if request.param == 'secret':
        consumer, conf = Consumer(), notification_conf()
        authentication = oauth2(consumer, client_id)
        authenticated = by_secret(client_id)
    else:
        consumer, conf = Consumer(tls=pki.server_tls), mtls_conf(pki)
        authentication = oauth2_cert(consumer, client_id, pki.thumbprint,
                                     'OAUTH2_CLIENT_CREDENTIALS', 'BASIC')
        authenticated = by_certificate(client_id, TACKER_CN)
    granted = serve_tokens(consumer, authenticated)
    yield types.SimpleNamespace(consumer=consumer, conf=conf,
                                authentication=authentication,
                                granted=granted)
    consumer.stop()


def test_oauth2_token_is_fetched_cached_and_sent(token_peer):
    peer = token_peer
    callbacks.check_callback(peer.consumer.url, peer.authentication,
                             peer.conf)
    callbacks.post_notification(peer.consumer.url, {'n': 1},
                                peer.authentication, peer.conf)
    assert peer.granted == ['tok-1']
    assert [r['path'] for r in peer.consumer.received] == [
        '/token', '/callback', '/callback']


def test_oauth2_token_refused_by_subscriber_is_renewed(token_peer):
    peer = token_peer
    callbacks.check_callback(peer.consumer.url, peer.authentication,
                             peer.conf)
    peer.granted.append('tok-revoked-and-replaced')
    with pytest.raises(callbacks.DeliveryFailed, match='HTTP 401'):
        callbacks.post_notification(peer.consumer.url, {},
                                    peer.authentication, peer.conf)
    callbacks.post_notification(peer.consumer.url, {}, peer.authentication,
                                peer.conf)
    assert peer.granted[-1] == 'tok-3'


def test_tokens_by_secret_and_by_certificate_are_cached_apart(
        tls_consumer, pki):
    """The same client of the same endpoint, authenticated otherwise."""
    granted = serve_tokens(tls_consumer, lambda request: True)
    conf = mtls_conf(pki)
    client_id = uuidutils.generate_uuid()
    for authentication in (
            oauth2_cert(tls_consumer, client_id, pki.thumbprint),
            oauth2(tls_consumer, client_id)):
        callbacks.post_notification(tls_consumer.url, {}, authentication,
                                    conf)
    assert granted == ['tok-1', 'tok-2']


def test_oauth2_token_endpoint_refusal_fails_the_check(consumer, conf,
                                                       caplog):
    caplog.set_level('INFO')
    serve_tokens(consumer, by_secret('the-right-client'))
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
