"""Serving the WSGI app with eventlet.wsgi, in one or ``api_workers``
processes, over HTTPS with ``[DEFAULT] use_ssl``, with a graceful stop on
SIGTERM/SIGINT.

Signal handlers only write to a pipe; a green thread reading that pipe
does the actual stopping, so no green thread is interrupted mid-switch.
"""
import errno
import os
import signal
import socket
import ssl

import eventlet
from eventlet.green import os as green_os
from eventlet.green import ssl as green_ssl
from eventlet import hubs
from eventlet import patcher
import eventlet.wsgi
from oslo_log import log as logging

from tacker.api import auth
from tacker.api import wsgi
from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.common import gc_tuning
from tacker.common import tls

LOG = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How often a worker checks that its supervisor lives (seconds).
ORPHAN_CHECK_INTERVAL = 1.0
# The unpatched write: a signal handler must never yield to the hub.
_plain_os = patcher.original('os')


class _FramingGuard:
    """The RFC 9112 6.3 checks eventlet.wsgi leaves out: it reads the body
    by the first of several Content-Length headers, and a Transfer-Encoding
    other than chunked as no body at all, so the rest of the stream would
    be taken for the next request (request smuggling behind a proxy that
    reads it otherwise). Such a request gets a 400 and the connection is
    closed."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        reason = _framing_problem(environ.get('headers_raw', ()))
        if reason is None:
            # eventlet's input ends where the body does, chunked or not;
            # without this WebOb takes a chunked body for an empty one.
            environ['wsgi.input_terminated'] = True
            return self.app(environ, start_response)
        # Logged under a request id of its own, not the one of the
        # connection's previous request.
        tacker_context.RequestContext(overwrite=True)
        response = wsgi.problem_response(
            exceptions.InvalidMessageFraming(reason=reason))
        # Written as it comes, so that nothing is left unsent when the
        # connection is closed.
        environ['eventlet.minimum_write_chunk_size'] = 0
        return _then_close(response(environ, start_response))


def _framing_problem(headers):
    lengths = [value for name, value in headers
               if name.lower() == 'content-length']
    codings = ','.join(value for name, value in headers
                       if name.lower() == 'transfer-encoding')
    if len(lengths) > 1:
        return 'Content-Length is given %d times' % len(lengths)
    if codings and codings.strip().lower() != 'chunked':
        return 'Transfer-Encoding must be chunked alone'
    return None


def _then_close(chunks):
    yield from chunks
    # eventlet.wsgi closes a connection whose response the application
    # claims to have handled itself.
    eventlet.wsgi.WSGI_LOCAL.already_handled = True


class _Protocol(eventlet.wsgi.HttpProtocol):
    """eventlet.wsgi's protocol, with a response's head and body sent in
    one system call where they were sent in two whenever the body
    outgrew the write buffer (16 KiB; a list page is several times that):
    each send wakes the client."""

    def setup(self):
        super().setup()
        self.wfile = _WholeLines(self.wfile)

    def handle(self):
        # A client speaking plain HTTP, or not presenting the certificate
        # mutual TLS asks for, is an expected failure, not a traceback.
        try:
            super().handle()
        except ssl.SSLError as error:
            LOG.info('TLS with %s failed: %s', self.client_address[0],
                     error)


class _WholeLines:
    """A buffered writer whose ``writelines`` (eventlet.wsgi writes the
    status line, each header and the first chunk of the body with it) is
    one write of them joined: a write larger than the buffer is sent as
    it is, where the buffer would first be flushed on its own."""

    def __init__(self, writer):
        self._writer = writer

    def writelines(self, lines):
        self._writer.write(b''.join(lines))

    def __getattr__(self, name):
        return getattr(self._writer, name)


class _WsgiLogger:
    """eventlet.wsgi writes its messages to a file-like object."""

    def write(self, message):
        LOG.info(message.rstrip())


def _serve_until_stopped(sock, app, conf, tls_context, parent=None):
    """Serve on ``sock`` in this process until a stop signal arrives, or,
    in a worker, until its ``parent`` (pid) is gone; over TLS with
    ``tls_context`` unless it is None.

    Each connection's TLS handshake happens on its first read, in its
    own green thread: a client that never finishes one holds up nobody
    else.

    An access line per request is logged only in debug mode: at list
    rates formatting and writing it is a notable part of a request's
    CPU.
    """
    gc_tuning.freeze_start_up()
    read_fd, write_fd = os.pipe()
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda *_: _plain_os.write(write_fd, b'x'))
    if tls_context is not None:
        sock = tls_context.wrap_socket(sock, server_side=True)
    pool = eventlet.GreenPool()
    server = eventlet.spawn(
        eventlet.wsgi.server, sock, _FramingGuard(app), log=_WsgiLogger(),
        protocol=_Protocol,
        log_output=LOG.isEnabledFor(logging.DEBUG),
        custom_pool=pool, keepalive=conf.wsgi_keep_alive_timeout,
        socket_timeout=conf.wsgi_keep_alive_timeout, debug=False)
    if parent is not None:
        eventlet.spawn(_stop_when_orphaned, parent, write_fd)
    eventlet.spawn(_wait_for_stop_signal, read_fd, server).wait()
    with eventlet.Timeout(conf.graceful_shutdown_timeout, False):
        pool.waitall()
    LOG.info('API worker %d stopped', os.getpid())


def _stop_when_orphaned(parent, write_fd):
    """A worker whose supervisor died (SIGKILL, the OOM killer) stops as
    if told to, instead of serving on alone, unsupervised, on a port a
    new tacker-server may share with it (SO_REUSEPORT)."""
    while os.getppid() == parent:
        eventlet.sleep(ORPHAN_CHECK_INTERVAL)
    LOG.warning('API worker %d: its supervisor %d is gone; stopping',
                os.getpid(), parent)
    green_os.write(write_fd, b'x')


def _wait_for_stop_signal(read_fd, server):
    green_os.read(read_fd, 1)
    server.kill()


def _tls_context(conf):
    """The TLS context the API serves with, None without ``use_ssl``.

    :raises: SystemExit when the certificate files are not usable
        (``tls.configure_server``).
    """
    if not conf.use_ssl:
        return None
    # eventlet's class, whose sockets yield to the hub while they wait.
    context = green_ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.configure_server(context, conf)
    return context


def listen(conf):
    """The API's listening socket."""
    return _listen((conf.bind_host, conf.bind_port))


def _listen(address, family=socket.AF_INET, reuse_port=None):
    sock = eventlet.listen(address, family, backlog=4096,
                           reuse_port=reuse_port)
    # eventlet.wsgi sends headers and body apart; with Nagle's algorithm
    # the body then waits for the client's delayed ACK (40 ms per
    # response on Linux). Accepted sockets inherit this option.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _shares_port(sock):
    """Whether other sockets may listen on ``sock``'s port too
    (SO_REUSEPORT, which eventlet.listen sets where it exists, except on
    a port the kernel picks)."""
    return hasattr(socket, 'SO_REUSEPORT') and bool(sock.getsockopt(
        socket.SOL_SOCKET, socket.SO_REUSEPORT))


def serve(app_factory, conf):
    """Listen on bind_host:bind_port and serve ``app_factory()``.

    With ``api_workers`` > 1 the parent only forks, watches and restarts
    workers; each worker builds its own app, so database engines and RPC
    transports are never shared across a fork.
    """
    tls_context = _tls_context(conf)
    sock = listen(conf)
    host, port = sock.getsockname()[:2]
    LOG.info('tacker-server listening on %s://%s:%d/ with %d worker(s)',
             'http' if tls_context is None else 'https', host, port,
             conf.api_workers)
    auth.warn_if_exposed(conf, host)
    if conf.api_workers == 1:
        _serve_until_stopped(sock, app_factory(), conf, tls_context)
        return
    _WorkerSupervisor(sock, app_factory, conf, tls_context).run()


class _WorkerSupervisor:
    """Parent of forked API workers: restarts any that dies until told to
    stop, then forwards the stop and reaps them."""

    def __init__(self, sock, app_factory, conf, tls_context):
        self.sock = sock
        self.address = sock.getsockname()[:2]
        self.family = sock.family
        # Each worker listens on a socket of its own where the port can
        # be shared: the kernel then spreads new connections evenly,
        # where with one shared socket whichever worker wakes first takes
        # them, and keep-alive connections pile up on one worker.
        self.own_sockets = _shares_port(sock)
        self.app_factory = app_factory
        self.conf = conf
        self.tls_context = tls_context
        self.children = set()
        self.running = True

    def _worker_socket(self, takes_over):
        """The socket a new worker serves on. With sockets of their own,
        the first worker takes over the one the parent listened on:
        connections that reached it before the other workers listened
        are then served, where closing it would reset them."""
        if not self.own_sockets or takes_over:
            return self.sock
        if self.sock is not None:
            self.sock.close()
        return _listen(self.address, self.family, reuse_port=True)

    def _fork_worker(self, takes_over=False):
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            # The parent's hub (created by monkey_patch) owns an epoll
            # instance that fork shares; a worker using it would receive
            # its siblings' events and miss its own.
            hubs.use_hub()
            try:
                _serve_until_stopped(self._worker_socket(takes_over),
                                     self.app_factory(), self.conf,
                                     self.tls_context, parent)
            except Exception:
                LOG.exception('API worker %d crashed', os.getpid())
                os._exit(1)
            os._exit(0)
        self.children.add(pid)

    def _request_stop(self, signum, frame):
        self.running = False
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def run(self):
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._request_stop)
        for number in range(self.conf.api_workers):
            self._fork_worker(takes_over=number == 0)
        if self.own_sockets:
            # The first worker serves it; the parent's copy goes, so a
            # worker restarted later listens on a socket of its own.
            self.sock.close()
            self.sock = None
        while self.children:
            try:
                pid, status = os.waitpid(-1, 0)
            except OSError as error:
                if error.errno == errno.ECHILD:
                    break
                raise
            self.children.discard(pid)
            if self.running:
                LOG.error('API worker %d exited (status %d); restarting',
                          pid, status)
                self._fork_worker()
