"""No secret a client hands Tacker rests in plain text (issue 10).

Marker secrets - the sandbox VIM's password, inline VIM credentials, the
passwords of BASIC and OAuth2 subscriptions, the bearer token of a
Kubernetes VIM (registered, and inline) - go through every path that
stores them: instantiate, a failed step rolled back, a failed step
retried, a conductor down when the request comes (cast pending), a
cancel the API settles itself. After each, the raw SQLite file, its WAL
and shared-memory files and every file of the deployment (logs of the
server and the conductor, packages, keys) are searched byte by byte for
them. Real deliveries to a consumer check the secrets still arrive.
The sandbox VIM's own log is the peer's, not searched.
"""
import base64
import http.server
import json
import os
import pathlib
import stat
import threading
import time
import urllib.parse
import uuid

import pytest
import sqlalchemy as sa

from tests.functional import dbs
from tests.functional import http_servers
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_legacy_vnfm as legacy
from tests.functional import test_vims as vims
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_kubernetes as kubernetes
from tests.functional import test_vnf_lcm_openstack as openstack
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs
from tests.functional import test_vnf_pm as pm

pytestmark = pytest.mark.parametrize('backend', dbs.backends('sqlite'))


def marker(kind):
    return '%s-%s' % (kind, uuid.uuid4().hex)


VIM_PASSWORD = marker('vim-password')
INLINE_TOKEN = marker('inline-token')
BASIC_PASSWORD = marker('basic-password')
CLIENT_PASSWORD = marker('client-password')
TOKEN = marker('access-token')
KUBERNETES_TOKEN = marker('bearer-token')
VNFC_PASSWORD = marker('vnfc-password')
FM_PASSWORD = marker('fm-password')
PM_PASSWORD = marker('pm-password')
MGMT_PASSWORD = marker('mgmt-password')
SECRETS = [VIM_PASSWORD, INLINE_TOKEN, BASIC_PASSWORD, CLIENT_PASSWORD,
           KUBERNETES_TOKEN, VNFC_PASSWORD, FM_PASSWORD, PM_PASSWORD,
           MGMT_PASSWORD]
NOT_SECRET = marker('user-name')


def basic(user, password):
    return 'Basic ' + base64.b64encode(
        ('%s:%s' % (user, password)).encode()).decode()


class Subscriber(http_servers._Server):
    """A consumer with its own OAuth2 token endpoint: grants ``TOKEN`` to
    the right client credentials, and records each notification with
    whether its Authorization was the one expected for its path."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        subscriber = self
        expected = {'/basic': basic(NOT_SECRET, BASIC_PASSWORD),
                    '/oauth2': 'Bearer ' + TOKEN,
                    '/fm': basic(NOT_SECRET, FM_PASSWORD),
                    '/pm': basic(NOT_SECRET, PM_PASSWORD)}

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body=b''):
                self.send_response(status)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                ok = self.headers.get('Authorization') == expected.get(
                    self.path)
                self._answer(204 if ok else 401)

            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                authorization = self.headers.get('Authorization')
                if self.path == '/token':
                    form = urllib.parse.parse_qs(body.decode())
                    if authorization != basic('client', CLIENT_PASSWORD) or \
                            form.get('grant_type') != ['client_credentials']:
                        self._answer(401)
                        return
                    self._answer(200, json.dumps({
                        'access_token': TOKEN, 'token_type': 'Bearer',
                        'expires_in': 3600}).encode())
                    return
                with subscriber.lock:
                    subscriber.received.append(
                        (self.path, authorization == expected.get(self.path),
                         json.loads(body)))
                self._answer(204)

        super().__init__(Handler)

    def wait_for(self, predicate, what, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(list(self.received)):
                    return
            time.sleep(0.1)
        raise AssertionError('%s not received; got %s' % (what,
                                                          self.received))


@pytest.fixture
def subscriber():
    server = Subscriber().start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(tmp_path):
    with sandbox_lib.SandboxVim(tmp_path, delay=0.1, user=NOT_SECRET,
                                password=VIM_PASSWORD) as vim:
        yield vim


@pytest.fixture
def deployment(make_deployment):
    return make_deployment(sections={
        'openstack_vim': {'stack_retry_wait': 0.5, 'stack_retries': 60},
        'notification': {'delivery_interval': 0.2}})


def database_files(deployment):
    """The SQLite file and whatever SQLite keeps beside it (-wal, -shm)."""
    path = pathlib.Path(sa.engine.make_url(deployment.db_url).database)
    return sorted(path.parent.glob(path.name + '*'))


def assert_no_secret_at_rest(deployment, step):
    """No marker secret in any byte of the database files or of any file
    under the deployment's directory (config, logs, state)."""
    files = database_files(deployment) + sorted(
        path for path in deployment.workdir.rglob('*') if path.is_file())
    assert any(path.name.endswith('-wal') for path in files)
    found = {}
    everything = b''
    for path in files:
        data = path.read_bytes()
        everything += data
        for secret in SECRETS:
            if secret.encode() in data:
                found.setdefault(step, []).append((secret, str(path)))
    assert not found, found
    # The search reads what was stored: the user name beside the secret.
    assert NOT_SECRET.encode() in everything
    for path in database_files(deployment):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def inline_vim(sandbox):
    connection = openstack.vim_connection(sandbox)
    connection[0]['accessInfo']['bearer_token'] = INLINE_TOKEN
    return connection


def instantiate(deployment, vnf, sandbox, state='COMPLETED'):
    op, _ = openstack.run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': inline_vim(sandbox)},
        state=state)
    return op


def act(deployment, op, action, state):
    url = '%s/vnf_lcm_op_occs/%s/%s' % (lcm.API, op['id'], action)
    assert deployment.request('POST', url).status_code == 202
    op = lcm.wait_op(deployment, op['id'], after=op['stateEnteredTime'],
                     timeout=90)
    assert op['operationState'] == state, op
    return op


def subscribe(deployment, subscriber, path, authentication, api=None,
              headers=None):
    response = deployment.request(
        'POST', (api or lcm.API) + '/subscriptions', headers=headers,
        json={'callbackUri': subscriber.url + path,
              'authentication': authentication})
    assert response.status_code == 201, response.text
    assert 'authentication' not in response.json()
    return response.json()['id']


def test_no_secret_rests_in_plain_text(deployment, sandbox, subscriber,
                                       tmp_path):
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    basic_auth = {'authType': ['BASIC'], 'paramsBasic': {
        'userName': NOT_SECRET, 'password': BASIC_PASSWORD}}
    subscribe(deployment, subscriber, '/basic', basic_auth)
    subscribe(deployment, subscriber, '/oauth2', {
        'authType': ['OAUTH2_CLIENT_CREDENTIALS'],
        'paramsOauth2ClientCredentials': {
            'clientId': 'client', 'clientPassword': CLIENT_PASSWORD,
            'tokenEndpoint': subscriber.url + '/token'}})
    # The duplicate check (SOL013) compares callback and filter only.
    again = deployment.request('POST', lcm.API + '/subscriptions', json={
        'callbackUri': subscriber.url + '/basic', 'authentication': dict(
            basic_auth, paramsBasic={'userName': 'x', 'password': 'y'})},
        allow_redirects=False)
    assert again.status_code == 303, again.text
    subscribe(deployment, subscriber, '/fm', dict(basic_auth, paramsBasic={
        'userName': NOT_SECRET, 'password': FM_PASSWORD}), '/vnffm/v1',
        {'Version': '1.3.0'})
    assert_no_secret_at_rest(deployment, 'subscriptions created')

    # Instantiate on the sandbox: the conductor unseals the password.
    done = lcm.new_instance(deployment, vnfd_id)
    instantiate(deployment, done, sandbox)
    assert_no_secret_at_rest(deployment, 'instantiate')

    # A PM job's callback credentials, and a report told with them.
    job = deployment.request('POST', '/vnfpm/v2/pm_jobs', json=dict(
        pm.job_request(done, subscriber), callbackUri=subscriber.url + '/pm',
        authentication=dict(basic_auth, paramsBasic={
            'userName': NOT_SECRET, 'password': PM_PASSWORD})),
        headers={'Version': '2.1.0'})
    assert job.status_code == 201, job.text
    pm.post(deployment, '/pm_event', pm.measurement(
        'vnfpm', {'job_id': job.json()['id']}, done, 3.5))
    assert_no_secret_at_rest(deployment, 'PM job created')

    # A legacy VNF whose mgmt config holds a password.
    vims.registered(deployment, sandbox, password=VIM_PASSWORD,
                    is_default=True)
    legacy_vnf = deployment.request('POST', '/v1.0/vnfs', json={'vnf': {
        'name': 'legacy', 'vnfd_template': legacy.VNFD, 'attributes': {
            'config': {'vdus': {'VDU1': {'config': {
                'username': NOT_SECRET, 'password': MGMT_PASSWORD}}}}}}})
    assert legacy_vnf.status_code == 201, legacy_vnf.text
    assert MGMT_PASSWORD not in legacy_vnf.text
    legacy.vnf_state(deployment, legacy_vnf.json()['vnf']['id'], 'ACTIVE')
    assert_no_secret_at_rest(deployment, 'legacy VNF created')

    # Its package changed, with a VNFC password for the scripts.
    new = v2_lcm.onboard_version(deployment, tmp_path, 'two_flavours', 'v2')
    v2_lcm.run(deployment, done, 'change_vnfpkg', {
        'vnfdId': new['vnfdId'], 'additionalParams': {'vdu_params': [{
            'vdu_id': 'VDU1', 'new_vnfc_param': {
                'username': NOT_SECRET, 'password': VNFC_PASSWORD}}]}})
    assert_no_secret_at_rest(deployment, 'change_vnfpkg')

    # A failed step, rolled back; then failed again and retried.
    failing = lcm.new_instance(deployment, vnfd_id)
    sandbox.set_faults([{'resource': 'VDU2', 'action': 'CREATE',
                         'reason': 'No valid host was found'}])
    op = instantiate(deployment, failing, sandbox, state='FAILED_TEMP')
    act(deployment, op, 'rollback', 'ROLLED_BACK')
    assert_no_secret_at_rest(deployment, 'rollback')
    op = instantiate(deployment, failing, sandbox, state='FAILED_TEMP')
    sandbox.clear_faults()
    act(deployment, op, 'retry', 'COMPLETED')
    assert_no_secret_at_rest(deployment, 'retry')

    # No conductor: the requests wait in the database (and the queue);
    # one of them the API cancels itself.
    deployment.stop_process('tacker-conductor')
    waiting = lcm.new_instance(deployment, vnfd_id)
    waiting_op = lcm.task(deployment, waiting, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': inline_vim(sandbox)})
    cancelled = lcm.new_instance(deployment, vnfd_id)
    cancelled_op = lcm.task(deployment, cancelled, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': inline_vim(sandbox)})
    assert deployment.request(
        'POST', '%s/vnf_lcm_op_occs/%s/cancel' % (lcm.API, cancelled_op),
        json={'cancelMode': 'GRACEFUL'}).status_code == 202
    op = lcm.wait_op(deployment, cancelled_op, ('FAILED_TEMP',), timeout=10)
    assert_no_secret_at_rest(deployment, 'conductor down, API cancel')
    deployment.start_process('tacker-conductor')
    lcm.wait_op(deployment, waiting_op, ('COMPLETED', 'ROLLED_BACK'),
                timeout=90)
    act(deployment, op, 'retry', 'COMPLETED')
    assert_no_secret_at_rest(deployment, 'conductor back, retried')

    # The subscribers got notifications with the right credentials.
    for path in ('/basic', '/oauth2', '/pm'):
        subscriber.wait_for(lambda received: any(
            (p, good) == (path, True) for p, good, _ in received), path)
    with subscriber.lock:
        assert all(good for _, good, _ in subscriber.received)
    assert_no_secret_at_rest(deployment, 'notifications delivered')


def test_vim_secrets_an_nfvo_grants_are_sealed(make_deployment, tmp_path):
    nfvo_password = marker('nfvo-granted-password')
    SECRETS.append(nfvo_password)
    nfvo = http_servers.FakeNfvo([{
        'id': 'vim-noop', 'vimType': 'noop', 'accessInfo': {
            'username': NOT_SECRET, 'password': nfvo_password}}]).start()
    try:
        deployment = make_deployment(sections={
            'nfvo': {'use_external_nfvo': True, 'endpoint': nfvo.url,
                     'grant_poll_interval': 0.1}})
        vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')[
            'vnfdId']
        vnf = lcm.new_instance(deployment, vnfd_id)
        op = lcm.wait_op(deployment, lcm.task(deployment, vnf, 'instantiate',
                                              {'flavourId': 'small'}))
        assert op['operationState'] == 'COMPLETED', op
        grant = deployment.get('/grant/v1/grants/%s' % op['grantId']).json()
        assert grant['vimConnections'][0]['accessInfo'] == {
            'username': NOT_SECRET}
        assert_no_secret_at_rest(deployment, 'granted by an NFVO')
    finally:
        SECRETS.remove(nfvo_password)
        nfvo.stop()


def test_a_kubernetes_vims_bearer_token_is_sealed(make_deployment,
                                                  tmp_path):
    with sandbox_lib.SandboxVim(
            tmp_path, delay=0.1, kubernetes=True, kubernetes_tls=True,
            kubernetes_token=KUBERNETES_TOKEN) as sandbox, \
            sandbox.kubernetes_api_client() as api:
        kube = sandbox.kubernetes_client(api)
        deployment = make_deployment()
        response = kubernetes.register(deployment, kubernetes.vim_request(
            sandbox, kubernetes.new_namespace(kube), name=NOT_SECRET))
        assert response.status_code == 201, response.text
        vim = response.json()['vim']
        vnfd_id = pkgs.onboard(deployment, tmp_path, 'cnf')['vnfdId']

        # Through the registered VIM, and with the token inline.
        registered = lcm.new_instance(deployment, vnfd_id)
        op, _ = openstack.run(deployment, registered, 'instantiate',
                              kubernetes.instantiate_body(
                                  vim, kubernetes.new_namespace(kube)))
        inline = lcm.new_instance(deployment, vnfd_id)
        namespace = kubernetes.new_namespace(kube)
        body = kubernetes.instantiate_body(vim, namespace)
        body['vimConnectionInfo'] = [{
            'id': 'inline', 'vimType': 'ETSINFV.KUBERNETES.V_1',
            'interfaceInfo': {'endpoint': sandbox.kubernetes_url,
                              'ssl_ca_cert': sandbox.kubernetes_ca()},
            'accessInfo': {'bearer_token': KUBERNETES_TOKEN,
                           'namespace': namespace}}]
        inline_op, _ = openstack.run(deployment, inline, 'instantiate', body)

        answers = [response, deployment.get(kubernetes.VIMS),
                   deployment.get('%s/%s' % (kubernetes.VIMS, vim['id'])),
                   deployment.get(lcm.API + '/vnf_instances'),
                   deployment.get(lcm.API + '/vnf_lcm_op_occs')] + [
            deployment.get(done['_links']['grant']['href'].replace(
                deployment.url, '')) for done in (op, inline_op)]
        for answer in answers:
            assert answer.ok, answer.text
            assert KUBERNETES_TOKEN not in answer.text, answer.url
        assert_no_secret_at_rest(deployment, 'kubernetes VIM')
