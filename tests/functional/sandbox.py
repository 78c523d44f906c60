"""A real ``tacker-sandbox-vim`` process for functional tests, with the
clients that drive it: keystoneauth1 sessions, python-heatclient, and
the sandbox's admin API (faults, every stack).

    with SandboxVim(tmp_path) as vim:
        heat = vim.heat()
        vim.set_faults([{'resource': 'VDU1', 'action': 'CREATE',
                         'reason': 'no host'}])

``identities`` adds projects and users with roles (the sandbox's
``--identities`` file); ``token()`` issues a token for any of them.
"""
import json
import pathlib
import re
import selectors
import signal
import subprocess
import sys
import time

from heatclient import client as heat_client
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import requests

BIN = pathlib.Path(sys.executable).parent / 'tacker-sandbox-vim'
_LISTENING = re.compile(r'keystone (http://\S+)/identity/v3 heat (\S+)')


class SandboxVim:
    """One sandbox VIM process. The first start picks a free port; later
    starts (``restart``) reuse it, so sessions keep working."""

    def __init__(self, workdir, delay=0.2, state_file=None, user='admin',
                 password='secret', project='admin', region='RegionOne',
                 token_ttl=None, identities=None):
        self.workdir = pathlib.Path(workdir)
        self.delay = delay
        self.state_file = state_file
        self.user = user
        self.password = password
        self.project = project
        self.region = region
        self.token_ttl = token_ttl
        self.identities = identities
        self.port = 0
        self.url = self.auth_url = self.heat_url = None
        self.process = None

    def command(self):
        command = [str(BIN), '--host', '127.0.0.1', '--port', str(self.port),
                   '--delay', str(self.delay), '--user', self.user,
                   '--password', self.password, '--project', self.project,
                   '--region', self.region]
        if self.state_file:
            command += ['--state-file', str(self.state_file)]
        if self.token_ttl:
            command += ['--token-ttl', str(self.token_ttl)]
        if self.identities:
            path = self.workdir / 'sandbox-identities.json'
            path.write_text(json.dumps(self.identities))
            command += ['--identities', str(path)]
        return command

    def start(self, timeout=20):
        with open(self.workdir / 'sandbox-vim.log', 'ab') as log:
            self.process = subprocess.Popen(
                self.command(), stdout=subprocess.PIPE, stderr=log)
        line = self._first_line(timeout)
        match = _LISTENING.search(line)
        if not match:
            self.stop()
            raise AssertionError('unexpected sandbox VIM output: %r' % line)
        self.url, self.heat_url = match.groups()
        self.auth_url = self.url + '/identity/v3'
        self.port = int(self.url.rsplit(':', 1)[1])
        return self

    def _first_line(self, timeout):
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if selector.select(0.1):
                    return self.process.stdout.readline().decode()
                if self.process.poll() is not None:
                    break
        self.stop()
        raise AssertionError('sandbox VIM did not start; see %s'
                             % (self.workdir / 'sandbox-vim.log'))

    def stop(self, timeout=10):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.process = None

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # ---- clients --------------------------------------------------------

    def session(self, password=None):
        auth = v3.Password(
            auth_url=self.auth_url, username=self.user,
            password=self.password if password is None else password,
            project_name=self.project, user_domain_name='Default',
            project_domain_name='Default')
        return ks_session.Session(auth=auth)

    def token(self, user, password, project=None):
        """A token of ``user``, scoped to ``project`` (a name) or
        unscoped."""
        auth = {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'},
            'password': password}}}}
        if project:
            auth['scope'] = {'project': {'name': project,
                                         'domain': {'name': 'Default'}}}
        response = requests.post(self.auth_url + '/auth/tokens?nocatalog',
                                 json={'auth': auth}, timeout=10)
        response.raise_for_status()
        return response.headers['X-Subject-Token']

    def heat(self, session=None):
        return heat_client.Client('1', session=session or self.session())

    def wait_for_stack(self, heat, stack_id, status, timeout=10):
        """Poll until the stack leaves IN_PROGRESS; assert it is
        ``status`` and return it."""
        deadline = time.monotonic() + timeout
        while True:
            stack = heat.stacks.get(stack_id)
            if not stack.stack_status.endswith('IN_PROGRESS'):
                break
            if time.monotonic() > deadline:
                raise AssertionError('stack %s still %s' % (
                    stack_id, stack.stack_status))
            time.sleep(self.delay / 4)
        assert stack.stack_status == status, (
            stack.stack_status, stack.stack_status_reason)
        return stack

    # ---- admin API (no token) -------------------------------------------

    def admin(self, method, path, json=None):
        response = requests.request(method, self.url + '/sandbox' + path,
                                    json=json, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def set_faults(self, faults):
        return self.admin('PUT', '/faults', {'faults': faults})

    def clear_faults(self):
        self.admin('DELETE', '/faults')

    def stacks(self, show_deleted=False):
        query = '?show_deleted=true' if show_deleted else ''
        return self.admin('GET', '/stacks' + query)['stacks']
