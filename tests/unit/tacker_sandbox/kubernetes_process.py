"""A ``tacker-sandbox-vim --kubernetes-port 0`` process for the sandbox
Kubernetes tests, and the official kubernetes client pointed at it."""
import pathlib
import re
import selectors
import subprocess
import sys
import time

from kubernetes import client

BIN = pathlib.Path(sys.executable).parent / 'tacker-sandbox-vim'
_KEYSTONE = re.compile(r'keystone (http://\S+)/identity/v3')
_KUBERNETES = re.compile(r'kubernetes listening: (\S+) token (\S+)'
                         r'(?: ca (\S+))?')


class KubeSandbox:

    def __init__(self, *extra, delay=0.05):
        self.command = [str(BIN), '--port', '0', '--kubernetes-port', '0',
                        '--delay', str(delay), '--quiet'] + list(extra)
        self.process = None
        self.admin_url = self.url = self.token = self.ca_file = None

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
        lines = [self._line(), self._line()]
        self.admin_url = _KEYSTONE.search(lines[0]).group(1)
        self.url, self.token, self.ca_file = \
            _KUBERNETES.search(lines[1]).groups()
        return self

    def _line(self, timeout=15):
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.__exit__()
                raise AssertionError('the sandbox did not start')
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError('the sandbox exited: %s'
                                 % self.process.wait())
        return line

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def api_client(self, token=None, ca_file=None, verify=True):
        configuration = client.Configuration()
        configuration.host = self.url
        configuration.api_key = {'BearerToken': token or self.token}
        configuration.api_key_prefix = {'BearerToken': 'Bearer'}
        configuration.ssl_ca_cert = ca_file
        configuration.verify_ssl = verify
        configuration.retries = False
        return client.ApiClient(configuration)


def wait_for(predicate, timeout=5.0):
    """The predicate's first truthy value, polling; fails on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting; last value %r'
                                 % (value,))
        time.sleep(0.05)
