"""The ping and http_ping monitor drivers against real targets: the
system's ping at loopback and at addresses nothing answers from, and
http_ping at small local HTTP servers."""
import http.server
import shutil
import socket
import threading
import time
import types

import pytest
from stevedore import extension

from tacker.common import exceptions
from tacker.drivers import monitor
from tacker.drivers.monitor import base
from tacker.drivers.monitor import http_ping
from tacker.drivers.monitor import ping

CONF = types.SimpleNamespace()
# Slack on a check's own deadline for a loaded test machine.
MARGIN = 2

needs_ping = pytest.mark.skipif(
    shutil.which('ping') is None,
    reason='no ping: tools/lib.sh ensure_ping installs iputils-ping')


def timed(call, *args):
    start = time.monotonic()
    result = call(*args)
    return result, time.monotonic() - start


def test_stevedore_loads_every_monitor_driver():
    names = extension.ExtensionManager(monitor.NAMESPACE).names()
    assert sorted(names) == ['http_ping', 'ping']
    for name in names:
        driver = monitor.load(name, CONF)
        assert isinstance(driver, base.MonitorDriver)
        assert driver.name == name


def test_an_unknown_monitor_is_refused_by_name():
    with pytest.raises(exceptions.NoDriver) as caught:
        monitor.load('zabbix', CONF)
    assert caught.value.detail == \
        'no monitor driver for monitoring_policy name zabbix'


# -- parameters -------------------------------------------------------

def test_ping_defaults_are_upstream_tackers():
    assert ping.Ping(CONF).parameters(None) == {
        'count': 5, 'interval': 1, 'timeout': 5, 'retry': 1}


def test_http_ping_defaults_are_upstream_tackers():
    assert http_ping.HttpPing(CONF).parameters({}) == {
        'port': 80, 'path': '/', 'timeout': 1, 'retry': 5}


def test_numbers_may_come_as_text_and_monitoring_delay_is_kept():
    assert ping.Ping(CONF).parameters(
        {'count': '3', 'interval': '0.5', 'monitoring_delay': 45}) == {
        'count': 3, 'interval': 0.5, 'timeout': 5, 'retry': 1,
        'monitoring_delay': 45}


@pytest.mark.parametrize('driver, raw, reason', [
    (ping.Ping, ['count', 3], 'must be a mapping'),
    (ping.Ping, {'cuont': 3}, 'unknown monitoring_policy parameters cuont'),
    (ping.Ping, {'count': 0}, 'count: must be between 1 and 20'),
    (ping.Ping, {'count': 2.5}, 'count: must be an integer'),
    (ping.Ping, {'count': 'three'}, "count: 'three' is not an integer"),
    (ping.Ping, {'count': True}, 'count: must be a number'),
    (ping.Ping, {'interval': 0.01}, 'interval: must be between 0.2'),
    (ping.Ping, {'timeout': 'nan'}, 'timeout: must be between'),
    (ping.Ping, {'monitoring_delay': -1}, 'monitoring_delay: must be'),
    (ping.Ping, {'count': 20, 'interval': 10, 'retry': 2},
     'let one ping check last up to'),
    (http_ping.HttpPing, {'port': 70000}, 'port: must be between 1'),
    (http_ping.HttpPing, {'path': 'health'}, 'path: must be an absolute'),
    (http_ping.HttpPing, {'path': '/a b'}, 'path: must be an absolute'),
    (http_ping.HttpPing, {'path': '/\r\nX: y'}, 'path: must be an'),
    (http_ping.HttpPing, {'retry': 0}, 'retry: must be between 1'),
    (http_ping.HttpPing, {'retry': 10, 'timeout': 60},
     'let one http_ping check last up to 601 s'),
    (http_ping.HttpPing, {'count': 3}, 'http_ping takes monitoring_delay'),
])
def test_invalid_parameters_are_refused(driver, raw, reason):
    with pytest.raises(ValueError) as caught:
        driver(CONF).parameters(raw)
    assert reason in str(caught.value)


@pytest.mark.parametrize('driver', [ping.Ping, http_ping.HttpPing])
def test_check_refuses_invalid_parameters(driver):
    with pytest.raises(ValueError, match='retry: must be'):
        driver(CONF).check('127.0.0.1', {'retry': 11})


@pytest.mark.parametrize('address', [
    '-f', '--help', '-c1000 127.0.0.1', '127.0.0.1 -f', 'localhost',
    '127.0.0.1; reboot', '', None, 2130706433])
@pytest.mark.parametrize('driver', [ping.Ping, http_ping.HttpPing])
def test_an_address_that_is_no_ip_literal_is_refused(driver, address):
    with pytest.raises(ValueError, match='management address'):
        driver(CONF).check(address, {})


# -- ping -------------------------------------------------------------

@needs_ping
def test_ping_loopback_is_alive():
    health = ping.Ping(CONF).check('127.0.0.1',
                                   {'count': 2, 'interval': 0.2})
    assert health.alive
    assert '2 received' in health.detail


@needs_ping
@pytest.mark.parametrize('address', [
    # TEST-NET-2 (RFC 5737): routed nowhere that answers.
    '198.51.100.7',
    # The discard-only prefix (RFC 6666).
    '100::1'])
def test_ping_an_address_nothing_answers_from_is_dead_in_time(address):
    driver = ping.Ping(CONF)
    parameters = {'count': 2, 'interval': 0.2, 'timeout': 1, 'retry': 2}

    health, seconds = timed(driver.check, address, parameters)

    assert not health.alive
    assert 'ping exited with status' in health.detail
    assert seconds < driver.worst_case(driver.parameters(parameters))


def test_ping_that_hangs_is_killed_at_its_deadline(tmp_path, monkeypatch):
    fake = tmp_path / 'ping'
    fake.write_text('#!/bin/sh\nexec /bin/sleep 60\n')
    fake.chmod(0o755)
    monkeypatch.setitem(ping._ENVIRONMENT, 'PATH', str(tmp_path))
    monkeypatch.setattr(ping, 'SLACK', 0.2)

    health, seconds = timed(ping.Ping(CONF).check, '127.0.0.1',
                            {'count': 1, 'timeout': 0.3, 'retry': 2})

    assert health == base.Health(False, 'ping gave no result within 0.5 s')
    assert seconds < 1 + MARGIN


def test_ping_gets_the_address_after_its_options(tmp_path, monkeypatch):
    fake = tmp_path / 'ping'
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$*"\n')
    fake.chmod(0o755)
    monkeypatch.setitem(ping._ENVIRONMENT, 'PATH', str(tmp_path))

    health = ping.Ping(CONF).check('::ffff:127.0.0.1', {'interval': 0.5})

    assert health == base.Health(
        True, '-n -q -6 -c 5 -i 0.5 -W 5 -- ::ffff:7f00:1')


# -- http_ping --------------------------------------------------------

class Server:
    """An HTTP server on 127.0.0.1 answering every GET with ``status``
    (and ``headers``), recording the paths asked for."""

    def __init__(self, status=200, headers=None):
        self.paths = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.paths.append(self.path)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header('Content-Length', '2')
                self.end_headers()
                self.wfile.write(b'ok')

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever,
                         daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server():
    servers = []

    def start(*args, **kwargs):
        servers.append(Server(*args, **kwargs))
        return servers[-1]
    yield start
    for server in servers:
        server.stop()


def test_http_ping_an_answering_server_is_alive(http_server):
    server = http_server()

    health = http_ping.HttpPing(CONF).check(
        '127.0.0.1', {'port': server.port, 'path': '/healthz?full=1'})

    assert health == base.Health(True, 'GET http://127.0.0.1:%d/healthz?'
                                       'full=1 answered 200' % server.port)
    assert server.paths == ['/healthz?full=1']


@pytest.mark.parametrize('status', [404, 500, 503])
def test_http_ping_an_error_status_is_dead_after_every_try(http_server,
                                                           status):
    server = http_server(status)

    health = http_ping.HttpPing(CONF).check(
        '127.0.0.1', {'port': server.port, 'retry': 3})

    assert not health.alive
    assert health.detail.endswith('answered %d' % status)
    assert server.paths == ['/'] * 3


def test_http_ping_a_redirect_is_an_answer_not_followed(http_server):
    target = http_server()
    server = http_server(302, {'Location': 'http://127.0.0.1:%d/'
                               % target.port})

    health = http_ping.HttpPing(CONF).check('127.0.0.1',
                                            {'port': server.port})

    assert health.alive
    assert health.detail.endswith('answered 302')
    assert target.paths == []


def test_http_ping_a_closed_port_is_dead(closed_url):
    port = int(closed_url.rpartition(':')[2])

    health, seconds = timed(http_ping.HttpPing(CONF).check, '127.0.0.1',
                            {'port': port})

    assert not health.alive
    assert 'Connection refused' in health.detail
    assert seconds < MARGIN


def test_http_ping_a_server_that_never_answers_is_dead_in_time():
    with socket.socket() as silent:
        silent.bind(('127.0.0.1', 0))
        silent.listen(8)
        parameters = {'port': silent.getsockname()[1], 'timeout': 0.5,
                      'retry': 2}

        health, seconds = timed(http_ping.HttpPing(CONF).check,
                                '127.0.0.1', parameters)

    assert not health.alive
    assert 'did not answer within 0.5 s' in health.detail
    assert 1 <= seconds < 1 + MARGIN
