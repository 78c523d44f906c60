"""The outbound address policy, and calls through ``outbound.Client``
against real sockets on 127.0.0.1: one resolution whose address is the
one connected to, the total deadline, the size cap."""
import http.server
import socket
import threading
import time

import pytest

from tacker.common import outbound
from tacker.conf import default
from tests.unit.common.test_callbacks import LOOPBACK_ALLOWED
from tests.unit.common.test_callbacks import notification_conf


def policy(allowed=(), denied=tuple(default.DEFAULT_DENIED_NETWORKS)):
    return outbound.AddressPolicy(allowed, denied)


@pytest.mark.parametrize('address', [
    '127.0.0.1', '127.255.0.9', '::1', '169.254.169.254', '169.254.1.1',
    'fe80::1', 'fe80::1%eth0', '0.0.0.0', '::',
    '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:0.0.0.0'])
def test_default_denies_loopback_link_local_and_unspecified(address):
    assert not policy().permits(address)


@pytest.mark.parametrize('address', [
    '192.0.2.10', '10.1.2.3', '2001:db8::5', '::ffff:192.0.2.10'])
def test_default_permits_other_addresses(address):
    assert policy().permits(address)


def test_allow_list_limits_calls_to_its_networks():
    allowing = policy(allowed=['10.0.0.0/8', '2001:db8::/32'])
    assert allowing.permits('10.9.8.7')
    assert allowing.permits('::ffff:10.9.8.7')
    assert allowing.permits('2001:db8::1')
    assert not allowing.permits('192.0.2.10')
    assert not allowing.permits('2001:db9::1')


def test_deny_wins_over_allow():
    both = policy(allowed=['10.0.0.0/8', '127.0.0.0/8'],
                  denied=['10.6.0.0/16', '127.0.0.0/8'])
    assert both.permits('10.5.0.1')
    assert not both.permits('10.6.0.1')
    assert not both.permits('::ffff:10.6.0.1')
    assert not both.permits('127.0.0.1')


def test_mapped_form_of_a_denied_ipv4_network_is_denied():
    assert not policy(denied=['192.0.2.0/24']).permits('::ffff:192.0.2.1')
    assert not policy(denied=['::ffff:192.0.2.0/120']).permits('192.0.2.1')


@pytest.fixture
def server():
    """Answers 200 with its Host header and the body ``server.body``."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = httpd.body
            self.send_response(200)
            self.send_header('X-Host', self.headers['Host'])
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.body = b'ok'
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def client(timeout=2, **overrides):
    conf = notification_conf()
    for name, value in overrides.items():
        conf.set_override(name, value)
    return outbound.Client(conf, timeout)


def test_connects_to_the_address_it_checked(server, monkeypatch):
    """A name is resolved once; a rebinding DNS answering loopback only
    on a second lookup gets no second lookup, and Host keeps the name."""
    port = server.server_address[1]
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        lookups.append(host)
        answer = '127.0.0.1' if len(lookups) == 1 else '169.254.169.254'
        return real(answer, *args, **kwargs)

    monkeypatch.setattr(socket, 'getaddrinfo', rebinding)
    with client().request('GET', 'http://rebind.test:%d/' % port) as answer:
        assert answer.read(10) == b'ok'
        assert answer.headers['X-Host'] == 'rebind.test:%d' % port
    assert lookups == ['rebind.test']


def test_name_resolving_to_a_denied_address_is_not_called(server):
    calls = client(outbound_denied_networks=default.DEFAULT_DENIED_NETWORKS)
    with pytest.raises(outbound.AddressDenied) as raised:
        calls.request('GET', 'http://localhost:%d/' %
                      server.server_address[1])
    assert raised.value.reason == \
        'its address is not permitted for outbound calls'


def test_allow_list_is_applied_to_resolved_addresses(server):
    calls = client(outbound_allowed_networks=['192.0.2.0/24'],
                   outbound_denied_networks=LOOPBACK_ALLOWED)
    with pytest.raises(outbound.AddressDenied):
        calls.request('GET', 'http://127.0.0.1:%d/' %
                      server.server_address[1])


def test_body_past_the_limit_is_refused(server):
    server.body = b'x' * 5000
    url = 'http://127.0.0.1:%d/' % server.server_address[1]
    with client().request('GET', url) as answer:
        with pytest.raises(outbound.AnswerTooLarge):
            answer.read(4999)
    with client().request('GET', url) as answer:
        assert len(answer.read(5000)) == 5000


def test_endless_body_stops_at_the_limit():
    """No Content-Length, and bytes for ever: read up to the limit."""
    with raw_server(b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n',
                    b'x' * 65536, interval=0) as url:
        with client(timeout=10).request('GET', url) as answer:
            received = 0
            with pytest.raises(outbound.AnswerTooLarge):
                for chunk in answer.chunks(1024 * 1024):
                    received += len(chunk)
            assert received <= 1024 * 1024


def test_trickling_body_ends_at_the_total_deadline():
    with raw_server(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n',
                    b'x', interval=0.1) as url:
        started = time.monotonic()
        with client(timeout=1).request('GET', url) as answer:
            with pytest.raises(outbound.DeadlineExceeded):
                answer.read(1000)
        assert time.monotonic() - started < 1.5


class raw_server:
    """Sends ``head``, then ``piece`` every ``interval`` seconds until
    the client goes away."""

    def __init__(self, head, piece, interval):
        self.head, self.piece, self.interval = head, piece, interval
        self.stop = threading.Event()
        self.listener = socket.socket()

    def __enter__(self):
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return 'http://127.0.0.1:%d/' % self.listener.getsockname()[1]

    def __exit__(self, *exc_info):
        self.stop.set()
        self.listener.close()
        self.thread.join(5)

    def _serve(self):
        conn, _ = self.listener.accept()
        with conn:
            try:
                conn.sendall(self.head)
                while not self.stop.wait(self.interval):
                    conn.sendall(self.piece)
            except OSError:
                return


def test_loggable_uri_has_no_password_and_no_control_characters():
    logged = outbound.loggable('http://user:s3cret@example.test/p\x1b?q')
    assert 's3cret' not in logged and '\x1b' not in logged
    assert 'example.test/p' in logged


@pytest.mark.parametrize('uri', [
    'HTTP://[', 'http://[::1', 'http://example.test:99999/',
    'http://example.test:port/', 'ftp://example.test/', 'http:///path'])
def test_malformed_uris_are_refused_as_such(uri):
    with pytest.raises(outbound.InvalidUri):
        client().check_address(uri)
    with pytest.raises(outbound.InvalidUri):
        client().request('GET', uri)
    assert outbound.loggable('http://user:s3cret@[') == repr('[')


def test_slow_name_resolution_ends_at_the_deadline(monkeypatch):
    monkeypatch.setattr(socket, 'getaddrinfo',
                        lambda *args, **kwargs: time.sleep(3))
    started = time.monotonic()
    with pytest.raises(outbound.DeadlineExceeded):
        client(timeout=0.5).request('GET', 'http://slow-dns.test/')
    assert time.monotonic() - started < 1


def test_an_operators_address_is_the_only_one_its_policy_permits():
    policy = outbound.AddressPolicy.exactly(['http://127.0.0.1:9090/x',
                                             'https://[::1]/-/reload'])
    assert policy.permits('127.0.0.1') and policy.permits('::1')
    assert not policy.permits('127.0.0.2')
    assert not policy.permits('10.0.0.1')


def test_an_operators_address_must_resolve():
    with pytest.raises(outbound.Unreachable):
        outbound.AddressPolicy.exactly(['http://no-such-host.invalid/'])
    with pytest.raises(outbound.InvalidUri):
        outbound.AddressPolicy.exactly(['ftp://127.0.0.1/'])
