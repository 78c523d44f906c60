"""A ``tacker-sandbox-vim --kubernetes-port 0`` process for the sandbox
Kubernetes tests, and the official kubernetes client pointed at it."""
import subprocess
import time

from tests import sandbox_process


class KubeSandbox:

    def __init__(self, *extra, delay=0.05):
        self.command = [str(sandbox_process.BIN), '--port', '0',
                        '--kubernetes-port', '0', '--delay', str(delay),
                        '--quiet'] + list(extra)
        self.process = None
        self.admin_url = self.url = self.token = self.ca_file = None

    def __enter__(self):
        self.process, where = sandbox_process.start(
            self.command, subprocess.DEVNULL, timeout=15)
        self.admin_url = where.url
        self.url, self.token, self.ca_file = (
            where.kubernetes_url, where.kubernetes_token,
            where.kubernetes_ca_file)
        return self

    def __exit__(self, *exc):
        sandbox_process.stop(self.process)

    def api_client(self, token=None, ca_file=None, verify=True):
        return sandbox_process.api_client(self.url, token or self.token,
                                          ca_file, verify)


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
