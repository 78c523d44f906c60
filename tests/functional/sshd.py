"""An sshd of a test's own, for the tests of the ssh mgmt driver.

It runs Debian's ``/usr/sbin/sshd`` (tools/lib.sh's ensure_sshd installs
it; the packaged service stays stopped) as the test's user, in the
foreground, on a free 127.0.0.1 port, with its configuration, host key,
authorized key, pid file and log in ``workdir``; it is killed (its
process group) on exit. Only the test's user may log in, with the key
pair made here: no password, no PAM, nothing of the system's sshd
configuration.
"""
import getpass
import pathlib
import socket
import subprocess
import time

from tests.functional import deployment as deployment_lib

SSHD = '/usr/sbin/sshd'
# A server not ready within this is taken as failed to start.
START_TIMEOUT = 20
# Tries with a new port when sshd exits before it is ready: a port picked
# free may be taken by the time sshd binds it.
START_TRIES = 3


class SshdFailed(Exception):
    """The private sshd did not start; the message ends with the tail of
    its log."""


def keygen(path):
    """An Ed25519 key pair without passphrase in ``path`` and
    ``path``.pub (made unless there); ``path``."""
    if not path.exists():
        deployment_lib.run_step(['ssh-keygen', '-q', '-t', 'ed25519', '-N',
                                 '', '-C', path.name, '-f', str(path)])
    return path


def public_key(path):
    """``<type> <base64>`` of the key pair in ``path``, as known_hosts
    has it, its comment left off."""
    kind, data = path.with_suffix('.pub').read_text().split()[:2]
    return '%s %s' % (kind, data)


class PrivateSshd:
    """sshd on ``address``:``port`` (a loopback address, 127.0.0.1 by
    default) accepting ``username`` (the test's user) with the private
    key in ``key_file``; ``host_key`` is its public host key as
    known_hosts has it."""

    def __init__(self, workdir, address='127.0.0.1'):
        self.workdir = pathlib.Path(workdir)
        self.address = address
        self.port = None
        self.username = getpass.getuser()
        self.key_file = self.workdir / 'client_key'
        self.host_key_file = self.workdir / 'host_key'
        self.config_file = self.workdir / 'sshd_config'
        self.log_path = self.workdir / 'sshd.log'
        self._process = None

    @property
    def private_key(self):
        return self.key_file.read_text()

    @property
    def host_key(self):
        """Its public host key, as known_hosts has it."""
        return public_key(self.host_key_file)

    def log_tail(self, size=5000):
        if not self.log_path.exists():
            return ''
        return self.log_path.read_text(errors='replace')[-size:]

    def _failed(self, message):
        return SshdFailed('sshd (%s:%s): %s; log:\n%s' % (
            self.address, self.port, message, self.log_tail()))

    def _write_config(self):
        keygen(self.host_key_file)
        keygen(self.key_file)
        authorized = self.workdir / 'authorized_keys'
        authorized.write_text(self.key_file.with_suffix('.pub').read_text())
        self.config_file.write_text('\n'.join([
            'ListenAddress %s' % self.address,
            'HostKey %s' % self.host_key_file,
            'PidFile %s' % (self.workdir / 'sshd.pid'),
            'AuthorizedKeysFile %s' % authorized,
            'AllowUsers %s' % self.username,
            # Key login as root too (the tests may run as root).
            'PermitRootLogin prohibit-password',
            'PubkeyAuthentication yes',
            'PasswordAuthentication no',
            'KbdInteractiveAuthentication no',
            'UsePAM no',
            'StrictModes no',
            'Subsystem sftp internal-sftp',
            'LogLevel VERBOSE', '']))

    def start(self):
        """Write the configuration and keys, start sshd and wait until it
        greets.

        :raises SshdFailed: it was not ready in START_TRIES tries.
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._write_config()
        for _ in range(START_TRIES):
            self.port = deployment_lib.free_port()
            log = open(self.log_path, 'ab')
            # sshd must be started by its absolute path (it re-executes
            # itself); -e: its log to stderr, here the log file.
            self._process = subprocess.Popen(
                [SSHD, '-D', '-e', '-f', str(self.config_file),
                 '-p', str(self.port)],
                stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
            log.close()
            if self._wait_ready():
                return self
            self.stop()
        raise self._failed('exited before it was ready, %d times'
                           % START_TRIES)

    def _wait_ready(self):
        """Whether sshd sent its SSH banner; False when it exited first.

        :raises SshdFailed: it neither exited nor greeted in
            START_TIMEOUT seconds.
        """
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                with socket.create_connection((self.address, self.port),
                                              timeout=2) as sock:
                    if sock.recv(4).startswith(b'SSH-'):
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        error = self._failed('not ready within %d s' % START_TIMEOUT)
        self.stop()
        raise error

    def stop(self):
        """Kill sshd (its process group, which this object started); a
        session still open, in a session of its own, ends as its client
        goes."""
        process, self._process = self._process, None
        if process is not None:
            deployment_lib.kill_group(process)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
