"""Every HTTP call Tacker makes to an address a client or an operator
named: subscribers' callback URIs, upload_from_uri downloads, an external
NFVO and OAuth2 token endpoints.

Such addresses are untrusted, so each call

- connects only to addresses the ``[DEFAULT] outbound_allowed_networks``
  / ``outbound_denied_networks`` policy permits: the name is resolved
  here, every resolved address checked, and the socket connected to the
  address that was checked (no second lookup a rebinding DNS could
  answer differently); TLS still verifies, and SNI and Host still name,
  the host of the URI;
- has a total deadline, the name lookup, connect and the whole answer
  included: a timer shuts the call's sockets when it passes, so a peer
  trickling a byte at a time cannot hold the caller, and the body is
  read chunk by chunk with the deadline checked before each;
- reads at most the number of bytes the caller allows;
- follows no redirect and ignores proxy and .netrc settings of the
  environment (a proxy would connect where the policy cannot look).

Errors are ``OutboundError``s: ``reason`` is a short classification that
reveals nothing of the peer, ``detail`` says more for the log.
"""
import ipaddress
import socket
import threading
import time
import urllib.parse

import requests
import requests.adapters
from urllib3 import connection as urllib3_connection
from urllib3 import connectionpool
from urllib3 import exceptions as urllib3_exceptions
from urllib3 import poolmanager

SCHEMES = ('http', 'https')
CHUNK_SIZE = 64 * 1024
# Bytes of an unexpected answer quoted (escaped) in the log.
LOG_EXCERPT = 256


class OutboundError(Exception):
    """A call that did not get a usable answer."""

    def __init__(self, reason, detail=None):
        self.reason = reason
        self.detail = detail or reason
        super().__init__(self.detail)


class AddressDenied(OutboundError):
    """The address is not permitted by the outbound policy."""


class Unreachable(OutboundError):
    """No connection, no answer, or a broken one."""


class DeadlineExceeded(OutboundError):
    """The call took longer than its total deadline."""


class InvalidUri(OutboundError):
    """The URI is not an http(s) URI with a host and a valid port."""


class AnswerTooLarge(OutboundError):
    """The answer is larger than the caller reads."""


class AddressPolicy:
    """Which IP addresses outbound calls may connect to: those in
    ``allowed`` (any when empty) and in none of ``denied``; deny wins."""

    def __init__(self, allowed, denied):
        self.allowed = _networks(allowed)
        self.denied = _networks(denied)

    @classmethod
    def from_conf(cls, conf):
        return cls(conf.outbound_allowed_networks,
                   conf.outbound_denied_networks)

    @classmethod
    def exactly(cls, uris):
        """Only the addresses of ``uris`` (literal IPs, else what their
        names resolve to now): for calls to what the operator named for
        Tacker's own use (Prometheus' reload endpoint), which may well
        be on loopback, the client-facing policy's default denial.

        :raises: InvalidUri; Unreachable for a name that does not
            resolve.
        """
        addresses = set()
        for uri in uris:
            host, port = target(uri)
            try:
                infos = socket.getaddrinfo(host, port,
                                           type=socket.SOCK_STREAM)
            except OSError as exc:
                raise Unreachable('the name does not resolve',
                                  'cannot resolve %s: %s' % (host, exc))
            addresses.update(info[4][0].split('%', 1)[0] for info in infos)
        return cls(sorted(addresses), [])

    def permits(self, address):
        """Whether ``address`` (text, an IPv6 zone allowed) may be
        reached. An IPv4-mapped IPv6 address reaches its IPv4 address,
        so it is checked as both."""
        ip = ipaddress.ip_address(address.split('%', 1)[0])
        forms = [ip]
        if ip.version == 6 and ip.ipv4_mapped is not None:
            forms.append(ip.ipv4_mapped)
        if any(form in net for form in forms for net in self.denied):
            return False
        return not self.allowed or any(
            form in net for form in forms for net in self.allowed)


_MAPPED = ipaddress.ip_network('::ffff:0:0/96')


def _networks(cidrs):
    """The networks of ``cidrs``; an IPv4-mapped IPv6 network
    (::ffff:a.b.c.d/n) also as the IPv4 network it maps."""
    networks = []
    for cidr in cidrs:
        network = ipaddress.ip_network(cidr, strict=False)
        networks.append(network)
        if network.version == 6 and network.prefixlen >= 96 and \
                network.subnet_of(_MAPPED):
            networks.append(ipaddress.ip_network((
                network.network_address.ipv4_mapped,
                network.prefixlen - 96)))
    return networks


class _Call:
    """One call's deadline and the connections it opened; at the
    deadline a timer shuts their sockets, which ends any read or write
    in progress on them."""

    def __init__(self, policy, timeout):
        self.policy = policy
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.expired = False
        self._connections = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self):
        """Seconds left.

        :raises: DeadlineExceeded when none are.
        """
        left = self.deadline - time.monotonic()
        if self.expired or left <= 0:
            raise self.deadline_exceeded()
        return left

    def deadline_exceeded(self):
        return DeadlineExceeded('did not answer within %g s' % self.timeout)

    def add(self, connection):
        with self._lock:
            self._connections.append(connection)

    def _expire(self):
        with self._lock:
            self.expired = True
            connections = list(self._connections)
        for connection in connections:
            sock = connection.sock
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed meanwhile: nothing left to interrupt

    def close(self):
        self._timer.cancel()

    def connect(self, host, port, socket_options):
        """A socket connected to a permitted address of ``host``.

        :raises: AddressDenied when ``host`` resolves to no permitted
            address; Unreachable or DeadlineExceeded.
        """
        errors = []
        for family, kind, proto, _, address in self.permitted(host, port):
            sock = socket.socket(family, kind, proto)
            try:
                for option in socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(self.remaining())
                sock.connect(address)
                return sock
            except socket.timeout:
                sock.close()
                raise self.deadline_exceeded()
            except OSError as exc:
                sock.close()
                errors.append('%s: %s' % (address[0], exc.strerror or exc))
        raise Unreachable('could not be reached', 'cannot connect to %s' %
                          '; '.join(errors))

    def permitted(self, host, port):
        """The addresses of ``host`` the policy permits, as getaddrinfo
        entries.

        :raises: AddressDenied when there is none; Unreachable or
            DeadlineExceeded when the name does not resolve in time.
        """
        infos = self._resolve(host, port)
        permitted = [info for info in infos
                     if self.policy.permits(info[4][0])]
        if not permitted:
            raise AddressDenied(
                'its address is not permitted for outbound calls',
                '%s resolves to %s, not permitted by [DEFAULT] '
                'outbound_allowed_networks/outbound_denied_networks' % (
                    host, ', '.join(sorted({i[4][0] for i in infos}))))
        return permitted

    def _resolve(self, host, port):
        """getaddrinfo within the deadline: the lookup runs in a thread
        of its own, left behind if a slow DNS server holds it longer.

        :raises: Unreachable, DeadlineExceeded.
        """
        outcome = {}

        def lookup():
            try:
                outcome['infos'] = socket.getaddrinfo(
                    host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                outcome['error'] = exc

        resolver = threading.Thread(target=lookup, name='outbound-dns',
                                    daemon=True)
        resolver.start()
        resolver.join(self.remaining())
        if 'infos' in outcome:
            return outcome['infos']
        if 'error' in outcome:
            raise Unreachable('could not be reached', 'cannot resolve %s: %s'
                              % (host, outcome['error']))
        raise self.deadline_exceeded()

    def failure(self, exc):
        """The OutboundError for an exception of requests or urllib3."""
        if isinstance(exc, OutboundError):
            return exc
        if self.expired or isinstance(exc, (
                requests.Timeout, socket.timeout,
                urllib3_exceptions.TimeoutError)):
            return self.deadline_exceeded()
        if isinstance(exc, requests.exceptions.SSLError):
            return Unreachable('TLS handshake failed', 'TLS error: %s' % exc)
        return Unreachable('could not be reached', str(exc))


class _GuardedConnection:
    """Mixin for urllib3 connections: connect through the call's
    address policy and register for its deadline."""

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self._call = call

    def _new_conn(self):
        self._call.add(self)
        return self._call.connect(self._dns_host, self.port,
                                  self.socket_options)


class _HTTPConnection(_GuardedConnection, urllib3_connection.HTTPConnection):
    pass


class _HTTPSConnection(_GuardedConnection,
                       urllib3_connection.HTTPSConnection):
    pass


class _HTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PoolManager(poolmanager.PoolManager):
    def __init__(self, call, **kwargs):
        super().__init__(**kwargs)
        self._call = call
        self.pool_classes_by_scheme = {'http': _HTTPPool,
                                       'https': _HTTPSPool}

    def _new_pool(self, scheme, host, port, request_context=None):
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.conn_kw['call'] = self._call
        return pool


class _Adapter(requests.adapters.HTTPAdapter):
    def __init__(self, call):
        self._call = call
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections, maxsize, block=False,
                         **pool_kwargs):
        self.poolmanager = _PoolManager(
            self._call, num_pools=connections, maxsize=maxsize, block=block,
            **pool_kwargs)


class Answer:
    """A peer's answer, read under the call's deadline; close it (or use
    it as a context manager) to end the call."""

    def __init__(self, call, session, response):
        self._call = call
        self._session = session
        self._response = response
        self.status_code = response.status_code
        self.headers = response.headers

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self._call.close()
        self._response.close()
        self._session.close()

    def chunks(self, limit, chunk_size=CHUNK_SIZE):
        """The body as it arrives, in chunks of at most ``chunk_size``.

        :raises: AnswerTooLarge past ``limit`` bytes (also before reading,
            when Content-Length says so); DeadlineExceeded; Unreachable
            when the peer breaks off.
        """
        announced = self.headers.get('Content-Length', '')
        if announced.isdigit() and int(announced) > limit:
            raise AnswerTooLarge('the answer is larger than %d bytes' % limit)
        raw = self._response.raw
        size = 0
        while True:
            self._call.remaining()
            try:
                chunk = raw.read1(chunk_size, decode_content=False)
            except Exception as exc:
                raise self._call.failure(exc)
            if self._call.expired:
                raise self._call.deadline_exceeded()
            if not chunk:
                return
            size += len(chunk)
            if size > limit:
                raise AnswerTooLarge('the answer is larger than %d bytes' %
                                     limit)
            yield chunk

    def read(self, limit):
        """The whole body, of at most ``limit`` bytes."""
        return b''.join(self.chunks(limit))

    def describe(self):
        """For the log: the status and the start of the body, escaped."""
        try:
            start = next(self.chunks(float('inf'), LOG_EXCERPT), b'')
        except OutboundError as exc:
            start = ('(%s)' % exc.reason).encode()
        return 'HTTP %d, body starts %r' % (self.status_code, start)


def loggable(uri):
    """``uri`` fit for the log: without user info (a password may be
    there), with control characters escaped."""
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        return repr(uri.rpartition('@')[2])
    netloc = parts.netloc.rpartition('@')[2]
    return repr(urllib.parse.urlunsplit(parts._replace(netloc=netloc)))


def target(uri):
    """The host and port an http(s) ``uri`` names.

    :raises: InvalidUri for another scheme, no host, a malformed IPv6
        literal or a port out of range (urllib's ValueErrors).
    """
    try:
        parts = urllib.parse.urlsplit(uri)
        scheme = parts.scheme.lower()
        port = parts.port or (443 if scheme == 'https' else 80)
    except ValueError as exc:
        raise InvalidUri('it is not a valid URI', 'refused to call %s: %s'
                         % (loggable(uri), exc)) from None
    if scheme not in SCHEMES or not parts.hostname:
        raise InvalidUri('only http and https URIs with a host are called',
                         'refused to call %s' % loggable(uri))
    return parts.hostname, port


class Client:
    """Makes calls under the address policy of ``conf``, with a total
    deadline of ``timeout`` seconds each; ``verify`` and ``cert`` are
    requests' (a bool or a CA bundle; the TLS client certificate to
    present, or None)."""

    def __init__(self, conf, timeout, verify=True, policy=None, cert=None):
        """``policy``: an AddressPolicy instead of ``conf``'s."""
        self.policy = policy or AddressPolicy.from_conf(conf)
        self.timeout = timeout
        self.verify = verify
        self.cert = cert

    def check_address(self, uri):
        """Refuse ``uri`` early when its host resolves only to addresses
        the policy denies, so an API can answer 400 before accepting work
        (the call itself checks again). A name that does not resolve
        now is left to the call.

        :raises: AddressDenied, InvalidUri
        """
        host, port = target(uri)
        call = _Call(self.policy, self.timeout)
        try:
            call.permitted(host, port)
        except (Unreachable, DeadlineExceeded):
            pass
        finally:
            call.close()

    def request(self, method, uri, headers=None, **kwargs):
        """Send a request; the answer's body is left to read.

        ``kwargs`` go to requests (``data``, ``auth``).

        :raises: OutboundError
        """
        target(uri)
        call = _Call(self.policy, self.timeout)
        session = requests.Session()
        session.trust_env = False
        adapter = _Adapter(call)
        for scheme in SCHEMES:
            session.mount(scheme + '://', adapter)
        # Compressed bodies would grow past the size caps when decoded.
        headers = dict(headers or {}, **{'Accept-Encoding': 'identity'})
        try:
            response = session.request(
                method, uri, headers=headers, timeout=self.timeout,
                verify=self.verify, cert=self.cert, allow_redirects=False,
                stream=True, **kwargs)
        except Exception as exc:
            call.close()
            session.close()
            if isinstance(exc, (OutboundError, requests.RequestException,
                                OSError)):
                raise call.failure(exc)
            raise
        return Answer(call, session, response)
