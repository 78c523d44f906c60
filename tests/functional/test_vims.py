"""The legacy VIM API (/v1.0/vims) through the real server, conductor and
RabbitMQ, against the sandbox VIM's real Keystone v3: registration checks
the credentials, secrets are encrypted at rest and never shown, one
default VIM per project and VIM type, and LCM falls back on the default
VIM."""
import json
import os
import stat

from cryptography import fernet
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from tacker.db import models
from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs
from tests.unit.drivers.test_kubernetes_vim import FakeApiServer
from tests.unit.drivers.test_kubernetes_vim import TOKEN

API = '/v1.0/vims'
PASSWORD = 'vim-secret-Pa55'
# The tests on ``deployment`` share one deployment per backend.
ON_SQLITE = pytest.mark.parametrize('backend', dbs.backends('sqlite'),
                                    scope='module')
ON_ALL_BACKENDS = pytest.mark.parametrize('backend', dbs.backends(),
                                          scope='module')
SECTIONS = {
    'openstack_vim': {'timeout': 5}}


@pytest.fixture(scope='module')
def module_deployment(backend, tmp_path_factory):
    with deployment_lib.shared_deployment(
            tmp_path_factory.mktemp('vims'), backend,
            sections=SECTIONS) as deploy:
        yield deploy


@pytest.fixture
def deployment(module_deployment):
    """The module's deployment, left without VIMs after each test."""
    yield module_deployment
    for vim in module_deployment.get(API).json()['vims']:
        response = module_deployment.request('DELETE',
                                             '%s/%s' % (API, vim['id']))
        assert response.status_code == 204, response.text


@pytest.fixture
def own_deployment(make_deployment):
    """A deployment of the test's own: for tests that stop a process or
    leave a VIM in use."""
    return make_deployment(sections=SECTIONS)


@pytest.fixture
def sandbox(tmp_path):
    with sandbox_lib.SandboxVim(tmp_path, password=PASSWORD) as vim:
        yield vim


def vim_request(sandbox, name='vim-1', password=PASSWORD, **attributes):
    vim = {'name': name, 'description': 'the sandbox', 'type': 'openstack',
           'auth_url': sandbox.auth_url,
           'auth_cred': {'username': sandbox.user, 'password': password,
                         'user_domain_name': 'Default'},
           'vim_project': {'name': sandbox.project,
                           'project_domain_name': 'Default'}}
    vim.update(attributes)
    return {'vim': vim}


def register(deployment, body):
    return deployment.request('POST', API, json=body, timeout=60)


def registered(deployment, sandbox, **attributes):
    response = register(deployment, vim_request(sandbox, **attributes))
    assert response.status_code == 201, response.text
    return response.json()['vim']


def update(deployment, vim_id, **changes):
    return deployment.request('PUT', '%s/%s' % (API, vim_id),
                              json={'vim': changes}, timeout=60)


def show(deployment, vim_id):
    response = deployment.get('%s/%s' % (API, vim_id))
    assert response.status_code == 200, response.text
    return response.json()['vim']


def names(deployment, query=''):
    response = deployment.get(API + query)
    assert response.status_code == 200, response.text
    return sorted(vim['name'] for vim in response.json()['vims'])


def stored_rows(deployment):
    engine = sa.create_engine(deployment.db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return {row.id: row for row in connection.execute(
                sa.select(models.Vim.__table__))}
    finally:
        engine.dispose()


def key_dir(deployment):
    return os.path.join(deployment.options['state_path'], 'vim',
                        'fernet_keys')


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@ON_ALL_BACKENDS
def test_register_checks_keystone_and_keeps_the_password_secret(
        deployment, sandbox):
    response = register(deployment, vim_request(sandbox))

    assert response.status_code == 201, response.text
    vim = response.json()['vim']
    assert (vim['name'], vim['type'], vim['status'], vim['is_default'],
            vim['tenant_id'], vim['auth_url']) == (
        'vim-1', 'openstack', 'REACHABLE', False, 'admin', sandbox.auth_url)
    assert vim['placement_attr'] == {'regions': ['RegionOne']}
    assert vim['auth_cred'] == {'username': 'admin', 'password': '***',
                                'user_domain_name': 'Default',
                                'cert_verify': True}
    assert vim['vim_project'] == {'name': 'admin',
                                  'project_domain_name': 'Default'}
    for answer in (response, deployment.get(API),
                   deployment.get('%s/%s' % (API, vim['id']))):
        assert PASSWORD not in answer.text
    assert show(deployment, vim['id']) == vim

    row = stored_rows(deployment)[vim['id']]
    assert PASSWORD not in json.dumps(row.auth_cred)
    keys = key_dir(deployment)
    assert os.listdir(keys) == ['1']
    assert mode(keys) == 0o700
    assert mode(os.path.join(keys, '1')) == 0o600
    with open(os.path.join(keys, '1'), 'rb') as key_file:
        key = fernet.Fernet(key_file.read())
    assert key.decrypt(row.auth_cred['password'].encode()).decode() == \
        PASSWORD
    for process in ('tacker-server', 'tacker-conductor'):
        log = (deployment.workdir / ('%s.log' % process)).read_text()
        assert PASSWORD not in log


@ON_SQLITE
def test_wrong_password_is_400_naming_keystones_refusal(deployment,
                                                        sandbox):
    problem = pkgs.assert_problem(
        register(deployment, vim_request(sandbox, password='wrong')), 400,
        'Keystone at %s refused the credentials (401)' % sandbox.auth_url)

    assert 'wrong' not in problem['detail']
    assert names(deployment) == []


@ON_SQLITE
def test_unreachable_auth_url_is_400(deployment, sandbox):
    closed = 'http://127.0.0.1:%d/identity/v3' % deployment_lib.free_port()

    pkgs.assert_problem(
        register(deployment, vim_request(sandbox, auth_url=closed)), 400,
        'Cannot reach Keystone at %s: connection refused' % closed)
    assert names(deployment) == []


@ON_SQLITE
def test_invalid_bodies_are_400_naming_the_field(deployment, sandbox):
    body = vim_request(sandbox)
    del body['vim']['auth_cred']['password']
    pkgs.assert_problem(register(deployment, body), 400, 'vim/auth_cred',
                        "'password' is a required property")
    pkgs.assert_problem(register(deployment, vim_request(
        sandbox, type='vmware')), 400, 'vim/type')
    pkgs.assert_problem(register(deployment, vim_request(
        sandbox, auth_url='ftp://x')), 400, 'vim/auth_url')
    pkgs.assert_problem(deployment.get(API + '?colour=red'), 400, 'colour')


@ON_ALL_BACKENDS
def test_one_default_vim_per_project(deployment, sandbox):
    first = registered(deployment, sandbox, name='first', is_default=True)
    assert first['is_default'] is True

    second = registered(deployment, sandbox, name='second', is_default=True)

    assert second['is_default'] is True
    assert show(deployment, first['id'])['is_default'] is False
    assert names(deployment, '?is_default=true') == ['second']
    assert names(deployment, '?is_default=false') == ['first']
    response = update(deployment, first['id'], is_default=True)
    assert response.status_code == 200, response.text
    assert response.json()['vim']['is_default'] is True
    assert names(deployment, '?is_default=true') == ['first']
    # Another project's default is its own.
    other = deployment.request(
        'POST', API, json=vim_request(sandbox, name='third',
                                      is_default=True),
        headers={'X-Project-Id': 'other'}, timeout=60)
    assert other.status_code == 201, other.text
    assert names(deployment, '?is_default=true') == ['first', 'third']


@ON_ALL_BACKENDS
def test_a_default_of_another_type_leaves_the_default_alone(deployment,
                                                            sandbox):
    openstack = registered(deployment, sandbox, name='os', is_default=True)
    api_server = FakeApiServer()
    try:
        kubernetes = register(deployment, {'vim': {
            'name': 'k8s', 'type': 'kubernetes', 'is_default': True,
            'auth_url': api_server.url,
            'auth_cred': {'bearer_token': TOKEN},
            'vim_project': {'name': 'cnf'}}})
        assert kubernetes.status_code == 201, kubernetes.text
        assert kubernetes.json()['vim']['is_default'] is True
        assert show(deployment, openstack['id'])['is_default'] is True
        assert names(deployment, '?is_default=true') == ['k8s', 'os']

        registered(deployment, sandbox, name='os-2', is_default=True)
        assert names(deployment, '?is_default=true') == ['k8s', 'os-2']
    finally:
        api_server.stop()


@ON_SQLITE
def test_duplicate_name_in_a_project_is_409(deployment, sandbox):
    registered(deployment, sandbox, name='twin')

    pkgs.assert_problem(register(deployment, vim_request(
        sandbox, name='twin')), 409, 'twin')
    other = deployment.request(
        'POST', API, json=vim_request(sandbox, name='twin'),
        headers={'X-Project-Id': 'other'}, timeout=60)
    assert other.status_code == 201, other.text


@ON_SQLITE
def test_update_checks_new_credentials(deployment, sandbox):
    vim = registered(deployment, sandbox)
    before = stored_rows(deployment)[vim['id']].auth_cred

    pkgs.assert_problem(update(deployment, vim['id'], auth_cred={
        'password': 'wrong'}), 400, 'refused the credentials (401)')
    assert stored_rows(deployment)[vim['id']].auth_cred == before

    response = update(deployment, vim['id'], name='renamed',
                      description='changed',
                      auth_cred={'password': PASSWORD})
    assert response.status_code == 200, response.text
    changed = response.json()['vim']
    assert (changed['name'], changed['description'],
            changed['auth_cred']['password']) == ('renamed', 'changed',
                                                  '***')
    after = stored_rows(deployment)[vim['id']].auth_cred
    assert after['password'] != before['password']
    assert PASSWORD not in json.dumps(after)
    pkgs.assert_problem(update(deployment, vim['id'], type='kubernetes'),
                        400, 'type')
    pkgs.assert_problem(update(deployment, uuidutils.generate_uuid(),
                               name='x'), 404)


@ON_SQLITE
def test_list_show_delete_and_404(deployment, sandbox):
    vim = registered(deployment, sandbox)
    registered(deployment, sandbox, name='vim-2')

    assert names(deployment) == ['vim-1', 'vim-2']
    assert names(deployment, '?name=vim-2') == ['vim-2']
    assert names(deployment, '?type=kubernetes') == []
    response = deployment.request('DELETE', '%s/%s' % (API, vim['id']))
    assert response.status_code == 204, response.text
    pkgs.assert_problem(deployment.get('%s/%s' % (API, vim['id'])), 404,
                        vim['id'])
    pkgs.assert_problem(deployment.request(
        'DELETE', '%s/%s' % (API, vim['id'])), 404)
    assert names(deployment) == ['vim-2']
    assert names(deployment, '?tenant_id=other') == []


@ON_SQLITE
def test_vim_used_by_an_instance_cannot_be_deleted(deployment, sandbox,
                                                   tmp_path):
    vim = registered(deployment, sandbox)
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    instance_id = lcm.new_instance(deployment, vnfd_id)
    lcm.modify(deployment, instance_id, {'vimConnectionInfo': [{
        'id': 'vim-x', 'vimId': vim['id'],
        'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3'}]})

    pkgs.assert_problem(deployment.request(
        'DELETE', '%s/%s' % (API, vim['id'])), 409, instance_id)

    lcm.modify(deployment, instance_id,
               {'vimConnectionInfoDeleteIds': ['vim-x']})
    assert deployment.request(
        'DELETE', '%s/%s' % (API, vim['id'])).status_code == 204


@ON_SQLITE
def test_instantiate_without_vim_connection_info_uses_the_default_vim(
        own_deployment, sandbox, tmp_path):
    deployment = own_deployment
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    instance_id = lcm.new_instance(deployment, vnfd_id)
    body = {'flavourId': 'small',
            'instantiationLevelId': 'instantiation_level_1'}
    path = '%s/vnf_instances/%s/instantiate' % (lcm.API, instance_id)
    pkgs.assert_problem(deployment.request('POST', path, json=body), 400,
                        'no default VIM of type openstack')
    vim = registered(deployment, sandbox, is_default=True)

    op = lcm.wait_op(deployment, lcm.task(deployment, instance_id,
                                          'instantiate', body))

    grant = deployment.get(op['_links']['grant']['href'].replace(
        deployment.url, '')).json()
    [connection] = grant['vimConnections']
    assert (connection['vimId'], connection['vimType']) == (
        vim['id'], 'ETSINFV.OPENSTACK_KEYSTONE.V_3')
    assert connection['interfaceInfo'] == {'endpoint': sandbox.auth_url}
    assert connection['accessInfo'] == {
        'username': 'admin', 'project': 'admin', 'projectDomain': 'Default',
        'userDomain': 'Default', 'region': 'RegionOne'}
    info = lcm.instance(deployment, instance_id)
    assert PASSWORD not in json.dumps([op, grant, info])
    if op['operationState'] == 'COMPLETED':
        assert info['vimConnectionInfo'] == [connection]
    else:
        # Without an OpenStack infra driver installed, the step fails.
        assert op['operationState'] == 'FAILED_TEMP', op


@ON_SQLITE
def test_register_without_a_conductor_is_503(own_deployment, sandbox):
    deployment = own_deployment
    deployment.stop_process('tacker-conductor')
    deployment.wait_for(
        lambda: deployment.get('/healthcheck').status_code == 503, 20,
        'no live conductor')

    pkgs.assert_problem(register(deployment, vim_request(sandbox)), 503,
                        'no conductor')


@ON_SQLITE
def test_monitor_follows_the_vim_going_down_and_up(make_deployment, sandbox):
    deployment = make_deployment(sections={
        'openstack_vim': {'timeout': 2}, 'vim_monitor': {'interval': 0.5}})
    vim = registered(deployment, sandbox)
    assert vim['status'] == 'REACHABLE'
    sandbox.stop()
    deployment.wait_for(
        lambda: show(deployment, vim['id'])['status'] == 'UNREACHABLE', 30,
        'the VIM seen UNREACHABLE')
    sandbox.start()
    deployment.wait_for(
        lambda: show(deployment, vim['id'])['status'] == 'REACHABLE', 30,
        'the VIM seen REACHABLE again')
