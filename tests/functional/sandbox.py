"""A real ``tacker-sandbox-vim`` process for functional tests, with the
clients that drive it: keystoneauth1 sessions, python-heatclient, the
kubernetes client of its Kubernetes API server (``kubernetes=True``), and
the sandbox's admin API (faults, every stack, the Kubernetes knobs).

    with SandboxVim(tmp_path) as vim:
        heat = vim.heat()
        vim.set_faults([{'resource': 'VDU1', 'action': 'CREATE',
                         'reason': 'no host'}])

    with SandboxVim(tmp_path, kubernetes=True, kubernetes_tls=True) as vim:
        kube = vim.kubernetes_client()      # a DynamicClient
        vim.set_kubernetes_faults(['nginx:1.25'])

``identities`` adds projects and users with roles (the sandbox's
``--identities`` file); ``token()`` issues a token for any of them.
``create_project``, ``create_user`` and ``application_credential`` make
more at runtime (through Keystone's API, as the admin and as the user),
and ``oauth2_token`` gets an OAuth 2.0 access token for an application
credential (at ``oauth2_token_url``; ``introspect_url`` is the sandbox's
RFC 7662 introspection, for keystonemiddleware's external_oauth2_token).
``address_pool`` (a CIDR, e.g. ``127.0.10.0/24``: ``--address-pool``)
gives ports loopback addresses a test can bind servers on, so that
monitoring reaches the VNFCs.
"""
import json
import pathlib
import time
import uuid

from heatclient import client as heat_client
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from kubernetes import dynamic
import requests

from tests import sandbox_process

KUBERNETES_TOKEN = 'sandbox-kubernetes-token'


class SandboxVim:
    """One sandbox VIM process. The first start picks free ports; later
    starts (``restart``) reuse them, so sessions and clients keep
    working."""

    def __init__(self, workdir, delay=0.2, state_file=None, user='admin',
                 password='secret', project='admin', region='RegionOne',
                 token_ttl=None, identities=None, kubernetes=False,
                 kubernetes_tls=False, kubernetes_token=KUBERNETES_TOKEN,
                 address_pool=None):
        self.workdir = pathlib.Path(workdir)
        self.delay = delay
        self.state_file = state_file
        self.user = user
        self.password = password
        self.project = project
        self.region = region
        self.token_ttl = token_ttl
        self.identities = identities
        self.address_pool = address_pool
        self.port = 0
        self.url = self.auth_url = self.heat_url = None
        self.with_kubernetes = kubernetes
        self.kubernetes_tls = kubernetes_tls
        self.kubernetes_token = kubernetes_token
        self.kubernetes_port = 0
        self.kubernetes_url = self.kubernetes_ca_file = None
        self.process = None

    def command(self):
        command = [str(sandbox_process.BIN), '--host', '127.0.0.1',
                   '--port', str(self.port), '--delay', str(self.delay),
                   '--user', self.user, '--password', self.password,
                   '--project', self.project, '--region', self.region]
        if self.state_file:
            command += ['--state-file', str(self.state_file)]
        if self.token_ttl:
            command += ['--token-ttl', str(self.token_ttl)]
        if self.identities:
            path = self.workdir / 'sandbox-identities.json'
            path.write_text(json.dumps(self.identities))
            command += ['--identities', str(path)]
        if self.address_pool:
            command += ['--address-pool', str(self.address_pool)]
        if self.with_kubernetes:
            command += ['--kubernetes-port', str(self.kubernetes_port),
                        '--kubernetes-token', self.kubernetes_token]
        if self.with_kubernetes and self.kubernetes_tls:
            command += ['--kubernetes-tls', '--kubernetes-ca-file',
                        str(self.workdir / 'sandbox-kubernetes-ca.pem')]
        return command

    def start(self, timeout=20):
        log_path = self.workdir / 'sandbox-vim.log'
        with open(log_path, 'ab') as log:
            self.process, where = sandbox_process.start(
                self.command(), log, timeout, log=log_path)
        self.url, self.heat_url = where.url, where.heat_url
        self.auth_url = self.url + '/identity/v3'
        self.port = int(self.url.rsplit(':', 1)[1])
        if self.with_kubernetes:
            self.kubernetes_url = where.kubernetes_url
            self.kubernetes_ca_file = where.kubernetes_ca_file
            self.kubernetes_port = int(
                self.kubernetes_url.rsplit(':', 1)[1])
        return self

    def stop(self, timeout=10):
        if self.process is not None:
            sandbox_process.stop(self.process, timeout)
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
        return self._authenticate(user, password, project)[0]

    def _authenticate(self, user, password, project):
        """(token, the token's body) of ``token()``."""
        auth = {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'},
            'password': password}}}}
        if project:
            auth['scope'] = {'project': {'name': project,
                                         'domain': {'name': 'Default'}}}
        response = requests.post(self.auth_url + '/auth/tokens?nocatalog',
                                 json={'auth': auth}, timeout=10)
        response.raise_for_status()
        return response.headers['X-Subject-Token'], response.json()['token']

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

    def kubernetes_ca(self):
        """The PEM text of the Kubernetes API server's CA (TLS only)."""
        return pathlib.Path(self.kubernetes_ca_file).read_text()

    def kubernetes_api_client(self, token=None):
        """A kubernetes ApiClient of the sandbox's API server, verifying
        its certificate against its CA; close it after use."""
        return sandbox_process.api_client(
            self.kubernetes_url, token or self.kubernetes_token,
            self.kubernetes_ca_file)

    def kubernetes_client(self, api_client=None):
        """A DynamicClient (every kind, custom resources too) of the
        sandbox's API server, with a discovery cache of its own."""
        cache = self.workdir / ('discovery-%s.json' % uuid.uuid4().hex)
        return dynamic.DynamicClient(
            api_client or self.kubernetes_api_client(),
            cache_file=str(cache))

    # ---- identities made at runtime, OAuth 2.0 ----------------------------

    @property
    def oauth2_token_url(self):
        return self.auth_url + '/OS-OAUTH2/token'

    @property
    def introspect_url(self):
        return self.auth_url + '/OS-OAUTH2/introspect'

    def identity(self, method, path, token=None, json=None):
        """Call Keystone's ``path`` (under /v3) with ``token``, the
        admin's by default; its JSON answer, if any."""
        response = requests.request(
            method, self.auth_url + path, json=json, timeout=10,
            headers={'X-Auth-Token': token or self.token(
                self.user, self.password, self.project)})
        response.raise_for_status()
        return response.json() if response.content else None

    def create_project(self, name):
        """Its id."""
        return self.identity('POST', '/projects', json={
            'project': {'name': name}})['project']['id']

    def create_user(self, name, password, roles_by_project=None):
        """A user with roles (names) in projects (names); its id."""
        admin = self.token(self.user, self.password, self.project)
        user_id = self.identity('POST', '/users', admin, {
            'user': {'name': name, 'password': password}})['user']['id']
        for project, roles in (roles_by_project or {}).items():
            project_id = self._id_of('projects', project, admin)
            for role in roles:
                self.identity('PUT', '/projects/%s/users/%s/roles/%s' % (
                    project_id, user_id, self._id_of('roles', role, admin)),
                    admin)
        return user_id

    def _id_of(self, collection, name, token):
        found, = self.identity('GET', '/%s?name=%s' % (collection, name),
                               token)[collection]
        return found['id']

    def application_credential(self, user, password, project, name,
                               roles=None, expires_at=None):
        """(id, secret) of a new application credential of ``user`` on
        ``project``, with ``roles`` (names; all the user's by default),
        expiring at ``expires_at`` (an aware datetime; never by
        default)."""
        token, body = self._authenticate(user, password, project)
        request = {'name': name}
        if roles is not None:
            request['roles'] = [{'name': role} for role in roles]
        if expires_at is not None:
            request['expires_at'] = expires_at.isoformat()
        credential = self.identity(
            'POST', '/users/%s/application_credentials' % body['user']['id'],
            token, {'application_credential': request}
        )['application_credential']
        return credential['id'], credential['secret']

    def oauth2_token(self, client_id, secret, scope=None):
        """An OAuth 2.0 access token (client credentials grant) of an
        application credential, asking for ``scope`` (space-separated)."""
        form = {'grant_type': 'client_credentials'}
        if scope:
            form['scope'] = scope
        response = requests.post(self.oauth2_token_url, data=form,
                                 auth=(client_id, secret), timeout=10)
        response.raise_for_status()
        return response.json()['access_token']

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

    def set_kubernetes_faults(self, image_pull_back_off):
        """Keep every Pod whose image name contains one of the markers
        Pending in ImagePullBackOff."""
        return self.admin('PUT', '/kubernetes/faults',
                          {'imagePullBackOff': list(image_pull_back_off)})

    def clear_kubernetes_faults(self):
        self.admin('DELETE', '/kubernetes/faults')

    def replace_pod(self, namespace, name):
        """The cluster deletes the Pod; its controller makes another."""
        return self.admin('POST', '/kubernetes/namespaces/%s/pods/%s/'
                          'replace' % (namespace, name))
