"""The ssh mgmt driver: files uploaded to a VDU over SFTP, then commands
run on it, through SSH (paramiko).

It generalises upstream Tacker's OpenWRT driver, which piped each known
service's section of the config into ``uci import`` over SSH: here the
config says which files to write and which commands to run.

The VDU's ``config`` is a YAML mapping (as text, or the mapping
itself)::

    username: root               # who logs in
    password: secret             # and how: a password, or
    private_key: |               # an unencrypted private key (OpenSSH
      -----BEGIN OPENSSH ...     # or PEM; Ed25519, ECDSA or RSA)
    port: 22
    host_key: ssh-ed25519 AAAA...  # the VDU's public host key, if known
    command_timeout: 60          # seconds per command (1..3600)
    deadline: 300                # seconds for everything (1..3600)
    files:                       # uploaded first, in this order; the
      /etc/config/firewall: |    # directories must exist
        ...
    commands:                    # then run, in this order, each by the
      - uci commit firewall      # login shell of the user
      - /etc/init.d/firewall restart

Every key is optional. The connection keys (username, password,
private_key, port, host_key) may instead come with the target's
credentials, which win key by key: secrets need not be in a VNFD that
any reader of it sees. A config with no file and no command connects to
nothing.

A command that exits with another status than 0, or outlasts its
timeout, stops the run: MgmtFailed names it and quotes the end of its
stderr (of its stdout when stderr is empty). At most OUTPUT_CAP bytes of
each stream are kept.

Host keys: with ``host_key`` the VDU must present that key. Without it
any key is accepted and its fingerprint logged. The driver keeps no
state, and a VDU respawned or rebuilt from an image generates new host
keys (sandbox VDUs have no stable ones), so pinning on first use would
refuse every respawned VDU; the cost is that whoever can take the VDU's
management address in the meantime receives the credentials, which is
why ``host_key`` (or a private key rather than a password) is the
choice for management networks that are not trusted.

Neither passwords nor private keys are ever logged or put in an
exception.
"""
import io
import ipaddress
import threading
import time

from oslo_log import log as logging
import paramiko
import yaml

from tacker.common import exceptions
from tacker.drivers.mgmt import base

LOG = logging.getLogger(__name__)

DEFAULT_PORT = 22
DEFAULT_COMMAND_TIMEOUT = 60
DEFAULT_DEADLINE = 300
MAX_SECONDS = 3600
# Seconds for the TCP connection itself (the SSH handshake and login
# have what is left of the deadline).
CONNECT_TIMEOUT = 15
MAX_ITEMS = 100
# Bytes kept of each stream of a command.
OUTPUT_CAP = 64 * 1024
# What of a failed command's output goes into MgmtFailed.
TAIL_LINES = 10
TAIL_CHARS = 1000
# How often a running command is looked at.
POLL_SECONDS = 0.05
_CHUNK = 32 * 1024

CONNECTION_KEYS = ('username', 'password', 'private_key', 'port',
                   'host_key')
_KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


def _text(value, what, printable=True):
    if not isinstance(value, str) or not value or '\0' in value or (
            printable and not value.isprintable()):
        raise ValueError('%s must be a non-empty %sstring' % (
            what, 'printable ' if printable else ''))
    return value


def _seconds(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not 1 <= value <= MAX_SECONDS:
        raise ValueError('%s must be a number of seconds from 1 to %d'
                         % (what, MAX_SECONDS))
    return value


def _port(value):
    if isinstance(value, bool) or not isinstance(value, int) or \
            not 1 <= value <= 65535:
        raise ValueError('port must be an integer from 1 to 65535')
    return value


def _private_key(value):
    _text(value, 'private_key', printable=False)
    for key_class in _KEY_CLASSES:
        try:
            return key_class.from_private_key(io.StringIO(value))
        except (paramiko.SSHException, ValueError, TypeError):
            continue
    raise ValueError('private_key is not an unencrypted Ed25519, ECDSA or '
                     'RSA private key in OpenSSH or PEM form')


def _host_key(value):
    _text(value, 'host_key')
    try:
        entry = paramiko.hostkeys.HostKeyEntry.from_line('vdu ' + value)
    except (paramiko.hostkeys.InvalidHostKey, paramiko.SSHException,
            ValueError, TypeError):
        entry = None
    if entry is None:
        raise ValueError('host_key must be a public key as in known_hosts: '
                         '"<type> <base64>"')
    return entry.key


def _files(value):
    if not isinstance(value, dict) or len(value) > MAX_ITEMS:
        raise ValueError('files must be a mapping of at most %d absolute '
                         'paths to their content' % MAX_ITEMS)
    for path, content in value.items():
        _text(path, 'a file path')
        if not path.startswith('/'):
            raise ValueError('file path %r is not absolute' % path[:256])
        if not isinstance(content, str):
            raise ValueError('the content of %s must be text' % path[:256])
    return dict(value)


def _commands(value):
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ValueError('commands must be a list of at most %d commands'
                         % MAX_ITEMS)
    for command in value:
        _text(command, 'a command', printable=False)
    return list(value)


_CONVERTERS = {
    'username': lambda value: _text(value, 'username'),
    'password': lambda value: _text(value, 'password', printable=False),
    'private_key': _private_key,
    'port': _port,
    'host_key': _host_key,
    'command_timeout': lambda value: _seconds(value, 'command_timeout'),
    'deadline': lambda value: _seconds(value, 'deadline'),
    'files': _files,
    'commands': _commands,
}
_DEFAULTS = {'port': DEFAULT_PORT, 'command_timeout': DEFAULT_COMMAND_TIMEOUT,
             'deadline': DEFAULT_DEADLINE, 'files': {}, 'commands': []}


def _checked(values, keys, where):
    """``values`` (a mapping) with each of ``keys`` converted.

    :raises ValueError: another key, or a value not fit.
    """
    if not isinstance(values, dict):
        raise ValueError('%s must be a mapping' % where)
    unknown = sorted(str(key) for key in values if key not in keys)
    if unknown:
        raise ValueError('unknown keys %s in %s (known: %s)' % (
            ', '.join(unknown), where, ', '.join(keys)))
    return {key: _CONVERTERS[key](value) for key, value in values.items()}


def parse_config(config):
    """The settings of a VDU's ``config``, defaults filled in: YAML text,
    or the mapping a VNFD may give instead.

    :raises ValueError
    """
    if isinstance(config, dict):
        loaded = config
    elif config is not None and not isinstance(config, str):
        raise ValueError('config must be YAML text')
    elif config is None or not config.strip():
        loaded = {}
    else:
        try:
            loaded = yaml.safe_load(config)
        except yaml.YAMLError as exc:
            mark = getattr(exc, 'problem_mark', None)
            raise ValueError('config is not YAML%s' % (
                ' (line %d)' % (mark.line + 1) if mark else '')) from None
    settings = dict(_DEFAULTS)
    settings.update(_checked({} if loaded is None else loaded,
                             list(_CONVERTERS), 'config'))
    return settings


def _quoted(command):
    """``command`` for a message: quoted, at most 200 characters."""
    return repr(command if len(command) <= 200 else command[:200] + '...')


class _Tail:
    """The last OUTPUT_CAP bytes of a stream."""

    def __init__(self):
        self.data = bytearray()

    def add(self, chunk):
        self.data += chunk
        del self.data[:-OUTPUT_CAP]

    def text(self):
        lines = self.data.decode('utf-8', 'replace').strip().splitlines()
        return '\n'.join(lines[-TAIL_LINES:])[-TAIL_CHARS:]


class _LogHostKey(paramiko.MissingHostKeyPolicy):
    """Accept the key of a VDU whose config pins none, and log it."""

    def __init__(self, target):
        self.target = target

    def missing_host_key(self, client, hostname, key):
        LOG.info('VDU %s of VNF %s at %s presented host key %s %s, '
                 'accepted unchecked (its config has no host_key)',
                 self.target.vdu_name, self.target.vnf_id, hostname,
                 key.get_name(), key.fingerprint)


class _Failure(Exception):
    """Why a run stopped; ``apply_config`` makes it a MgmtFailed."""


class SshDriver(base.MgmtDriver):

    def validate_config(self, config):
        parse_config(config)

    def apply_config(self, target, config):
        try:
            settings = parse_config(config)
            settings.update(_checked(target.credentials or {},
                                     CONNECTION_KEYS, 'the credentials'))
            if not settings['files'] and not settings['commands']:
                return
            _Run(target, settings).run()
        except (ValueError, _Failure) as exc:
            raise exceptions.MgmtFailed(driver='ssh', vdu=target.vdu_name,
                                        vnf_id=target.vnf_id,
                                        reason=str(exc)) from None
        LOG.info('Configured VDU %s of VNF %s: %d files, %d commands',
                 target.vdu_name, target.vnf_id, len(settings['files']),
                 len(settings['commands']))


class _Run:
    """One apply_config: a connection under one deadline; at the
    deadline a timer closes the connection, which ends whatever waits on
    it."""

    def __init__(self, target, settings):
        self.target = target
        self.settings = settings
        self.end = time.monotonic() + settings['deadline']
        self.expired = threading.Event()
        self.client = paramiko.SSHClient()

    def left(self):
        """Seconds left.

        :raises _Failure: none are.
        """
        left = self.end - time.monotonic()
        if left <= 0 or self.expired.is_set():
            raise self._deadline_passed()
        return left

    def _deadline_passed(self):
        return _Failure('the deadline of %g s passed' %
                        self.settings['deadline'])

    def _expire(self):
        self.expired.set()
        self.client.close()

    def run(self):
        timer = threading.Timer(self.left(), self._expire)
        timer.daemon = True
        timer.start()
        try:
            self._connect()
            self._upload()
            for command in self.settings['commands']:
                self._execute(command)
        except (paramiko.SSHException, OSError, EOFError) as exc:
            if self.expired.is_set():
                raise self._deadline_passed() from None
            raise _Failure('SSH to %s failed: %s' % (
                self.target.address, str(exc) or type(exc).__name__)) \
                from None
        finally:
            timer.cancel()
            self.client.close()

    def _connect(self):
        settings = self.settings
        try:
            address = str(ipaddress.ip_address(self.target.address))
        except ValueError:
            raise _Failure('the management address %r is not an IP address'
                           % str(self.target.address)[:64]) from None
        if not settings.get('username'):
            raise _Failure('no username to log in with')
        if not settings.get('password') and not settings.get('private_key'):
            raise _Failure('neither a password nor a private_key to log '
                           'in with')
        port = settings['port']
        if settings.get('host_key'):
            key = settings['host_key']
            # How known_hosts names a host (paramiko looks it up so).
            name = address if port == 22 else '[%s]:%d' % (address, port)
            self.client.get_host_keys().add(name, key.get_name(), key)
            self.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        else:
            self.client.set_missing_host_key_policy(
                _LogHostKey(self.target))
        left = self.left()
        try:
            self.client.connect(
                address, port=port, username=settings['username'],
                password=settings.get('password'),
                pkey=settings.get('private_key'),
                timeout=min(CONNECT_TIMEOUT, left), banner_timeout=left,
                auth_timeout=left, channel_timeout=left,
                allow_agent=False, look_for_keys=False)
        except paramiko.BadHostKeyException:
            raise _Failure('%s presented another host key than host_key'
                           % address) from None
        except paramiko.AuthenticationException:
            raise _Failure('%s refused the credentials of %s' % (
                address, settings['username'])) from None

    def _upload(self):
        files = self.settings['files']
        if not files:
            return
        sftp = self.client.open_sftp()
        try:
            sftp.get_channel().settimeout(self.left())
            for path, content in files.items():
                try:
                    sftp.putfo(io.BytesIO(content.encode()), path)
                except OSError as exc:
                    if self.expired.is_set():
                        raise
                    raise _Failure('uploading %s failed: %s' % (
                        path, exc.strerror or exc)) from None
        finally:
            sftp.close()

    def _execute(self, command):
        seconds = min(self.settings['command_timeout'], self.left())
        transport = self.client.get_transport()
        if transport is None or not transport.is_active():
            raise _Failure('the SSH connection was lost before command %s'
                           % _quoted(command))
        channel = transport.open_session(timeout=seconds)
        out, err = _Tail(), _Tail()
        stop = time.monotonic() + seconds
        try:
            channel.exec_command(command)
            channel.shutdown_write()
            while True:
                while channel.recv_ready():
                    out.add(channel.recv(_CHUNK))
                while channel.recv_stderr_ready():
                    err.add(channel.recv_stderr(_CHUNK))
                if channel.exit_status_ready() and not (
                        channel.recv_ready() or channel.recv_stderr_ready()):
                    break
                if time.monotonic() >= stop:
                    self.left()
                    raise _Failure('command %s did not finish within %g s'
                                   % (_quoted(command), seconds))
                channel.status_event.wait(POLL_SECONDS)
            status = channel.recv_exit_status()
        finally:
            channel.close()
        if self.expired.is_set():
            raise self._deadline_passed()
        if status:
            tail = err.text() or out.text()
            ending = ('exited with status %d' % status if status > 0
                      else 'ended without an exit status')
            raise _Failure('command %s %s%s' % (
                _quoted(command), ending, ': ' + tail if tail else ''))
