"""Starting a ``tacker-sandbox-vim`` process for tests: what it prints
once it listens (a line for Keystone and Heat, a second one for its
Kubernetes API server when it serves one), stopping it, and an official
kubernetes client of that API server. The functional tests'
``SandboxVim`` and the sandbox's own Kubernetes tests share it."""
import dataclasses
import os
import pathlib
import re
import selectors
import subprocess
import sys
import time

from kubernetes import client

BIN = pathlib.Path(sys.executable).parent / 'tacker-sandbox-vim'
_KEYSTONE = re.compile(r'keystone (http://\S+)/identity/v3 heat (\S+)')
_KUBERNETES = re.compile(r'kubernetes listening: (\S+) token (\S+)'
                         r'(?: ca (\S+))?')


@dataclasses.dataclass
class Listening:
    """Where a started sandbox listens: ``url`` (Keystone under
    /identity/v3 and the admin API under /sandbox), Heat's URL and, when
    it serves Kubernetes, that API server's URL, its bearer token and
    its CA file (None without TLS)."""

    url: str
    heat_url: str
    kubernetes_url: str = None
    kubernetes_token: str = None
    kubernetes_ca_file: str = None


def start(command, stderr, timeout=20, log=None):
    """Start ``command`` (a tacker-sandbox-vim command line) with
    ``stderr`` (a file or subprocess.DEVNULL).

    :returns: (the process, a Listening), once it said where it listens.
    :raises AssertionError: it exited, did not say so within ``timeout``
        seconds, or said something else; it is stopped then. ``log``,
        the file its stderr goes to, is named in the message.
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=stderr)
    lines = _Lines(process, time.monotonic() + timeout)
    try:
        keystone = _KEYSTONE.search(lines.next())
        kubernetes = None
        if '--kubernetes-port' in command:
            kubernetes = _KUBERNETES.search(lines.next())
        if keystone is None or ('--kubernetes-port' in command
                                and kubernetes is None):
            raise AssertionError('unexpected sandbox output: %r'
                                 % lines.seen)
    except AssertionError as error:
        stop(process)
        raise AssertionError('%s%s' % (error, '; see %s' % log if log
                                       else '')) from None
    return process, Listening(*keystone.groups(),
                              *(kubernetes.groups() if kubernetes else ()))


class _Lines:
    """The process's stdout lines, read from the pipe's descriptor (a
    buffered reader could hold the second line while select() waits for
    more)."""

    def __init__(self, process, deadline):
        self.process, self.deadline = process, deadline
        self.pending = b''
        self.seen = []

    def next(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while b'\n' not in self.pending:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('the sandbox did not start in '
                                         'time')
                if not selector.select(min(left, 0.1)):
                    continue
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError('the sandbox exited: %s'
                                         % self.process.wait())
                self.pending += chunk
        line, self.pending = self.pending.split(b'\n', 1)
        self.seen.append(line.decode())
        return self.seen[-1]


def stop(process, timeout=10):
    """SIGTERM, then SIGKILL after ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.stdout.close()


def api_client(url, token, ca_file=None, verify=True):
    """A kubernetes ApiClient of the API server at ``url``, tried once
    per request (no retries)."""
    configuration = client.Configuration()
    configuration.host = url
    configuration.api_key = {'BearerToken': token}
    configuration.api_key_prefix = {'BearerToken': 'Bearer'}
    configuration.ssl_ca_cert = ca_file
    configuration.verify_ssl = verify
    configuration.retries = False
    return client.ApiClient(configuration)
