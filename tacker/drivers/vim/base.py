"""The contract between the conductor and a VIM driver.

A VIM driver knows one kind of VIM. It checks that a VIM answers and
accepts its credentials before the VIM is registered, and tells infra
drivers how to reach it as a SOL003 VimConnectionInfo. The ``vim`` it
receives is a row of ``tacker.db.vims`` whose ``auth_cred`` holds the
secrets in plain text.
"""
import abc
import contextlib
import socket
import ssl
import tempfile

from oslo_log import log as logging

from tacker.common import exceptions

LOG = logging.getLogger(__name__)

# Endpoints of VIMs this process was told not to verify, and said so.
_UNVERIFIED_ENDPOINTS = set()


class VimDriver(abc.ABC):

    def __init__(self, conf):
        self.conf = conf

    @abc.abstractmethod
    def register(self, vim):
        """Check the VIM with its credentials.

        :returns: its placement_attr, ``{'regions': [...]}``.
        :raises VimUnreachable: it does not answer.
        :raises VimCredentialsRefused: it refuses the credentials.
        :raises VimRequestFailed: it answers, but not as a VIM should.
        """

    def update(self, vim):
        """Check a VIM whose credentials or project changed; by default
        as ``register`` does."""
        return self.register(vim)

    def deregister(self, vim):
        """Release what registering the VIM set up in it, once it is
        deleted; nothing by default (the OpenStack and Kubernetes drivers
        set up nothing)."""

    @abc.abstractmethod
    def get_connection_info(self, vim):
        """VimConnectionInfo (SOL003 v2.6.1 4.4.1.6) of the VIM, secrets
        included, for an infra driver."""


def interface_info(vim):
    """VimConnectionInfo.interfaceInfo shared by every VIM type: the
    endpoint, the CA certificate if any, and ``cert_verify`` false when
    the server certificate is not to be verified."""
    cred = vim['auth_cred']
    info = {'endpoint': vim['auth_url']}
    if cred.get('ssl_ca_cert'):
        info['ssl_ca_cert'] = cred['ssl_ca_cert']
    if not cred.get('cert_verify', True):
        info['cert_verify'] = False
    return info


@contextlib.contextmanager
def tls_verify(auth_cred):
    """``verify`` for requests and keystoneauth1 of a VIM's auth_cred
    (or of the interfaceInfo made of it): False when cert_verify is off,
    else a file holding the VIM's CA certificate, else True (the
    system's CAs)."""
    if not auth_cred.get('cert_verify', True):
        _warn_unverified(auth_cred.get('endpoint'))
        yield False
    elif auth_cred.get('ssl_ca_cert'):
        with tempfile.NamedTemporaryFile('w', suffix='.pem') as ca_file:
            ca_file.write(auth_cred['ssl_ca_cert'])
            ca_file.flush()
            yield ca_file.name
    else:
        yield True


def _warn_unverified(endpoint):
    """Once per VIM endpoint and process; each time the endpoint is not
    given (a VIM checked at registration with its credentials alone)."""
    if endpoint in _UNVERIFIED_ENDPOINTS:
        return
    if endpoint:
        _UNVERIFIED_ENDPOINTS.add(endpoint)
    LOG.warning('Not verifying the TLS certificate of VIM %s: its '
                'auth_cred sets cert_verify false',
                endpoint or '(endpoint not given)')


def unreachable(service, url, error, timed_out_after=None):
    """VimUnreachable for a connection to ``url`` that failed with
    ``error``; ``timed_out_after`` is the timeout, when that was why."""
    reason = ('no answer within %s seconds' % timed_out_after
              if timed_out_after is not None else failure_reason(error))
    return exceptions.VimUnreachable(service=service, url=url, reason=reason)


def failure_reason(error):
    """Why a connection failed, in a few words, found among the
    exceptions behind ``error`` (HTTP libraries wrap the socket's error
    several times)."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return 'connection refused'
        if isinstance(current, socket.gaierror):
            return 'the host name does not resolve'
        if isinstance(current, ssl.SSLCertVerificationError):
            return 'its TLS certificate is not trusted (%s)' % (
                current.verify_message)
        if isinstance(current, ssl.SSLError):
            return 'TLS failed (%s)' % (current.reason or current)
        if isinstance(current, TimeoutError):
            return 'no answer in time'
        pending += [cause for cause in (
            current.__cause__, current.__context__,
            getattr(current, 'reason', None), *current.args)
            if isinstance(cause, BaseException)]
    return str(error)
