"""VIM registration in the conductor (the driver's check stubbed), one
default VIM per project and VIM type, and how LCM steps find their
VIM."""
from oslo_utils import uuidutils
import pytest

from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.common import kubernetes_manifests
from tacker.common import vim_secrets
from tacker.conductor import lcm
from tacker.conductor import vims
from tacker.conf import CONF
from tacker.db import vims as db_vims
from tacker.drivers.vim import openstack
from tests.unit.drivers.test_kubernetes_vim import FakeApiServer
from tests.unit.drivers.test_kubernetes_vim import TOKEN

PASSWORD = 'pa55word'
OPENSTACK_V3 = 'ETSINFV.OPENSTACK_KEYSTONE.V_3'
OPENSTACK = 'openstack'
KUBERNETES = 'kubernetes'


def vim_request(name='vim-1', password=PASSWORD, **attributes):
    return dict({'name': name, 'type': 'openstack',
                 'auth_url': 'http://keystone/v3',
                 'auth_cred': {'username': 'admin', 'password': password},
                 'vim_project': {'name': 'demo'}}, **attributes)


def kubernetes_request(api_server, **attributes):
    return dict({'name': 'k8s', 'type': KUBERNETES,
                 'auth_url': api_server.url,
                 'auth_cred': {'bearer_token': TOKEN},
                 'vim_project': {'name': 'cnf'}}, **attributes)


def default_id(context, vim_type=OPENSTACK):
    return db_vims.get_default(context, context.project_id, vim_type)['id']


@pytest.fixture
def api_server():
    """A Kubernetes API server that accepts ``TOKEN``."""
    server = FakeApiServer()
    yield server
    server.stop()


@pytest.fixture
def checked(monkeypatch):
    """The VIMs the OpenStack driver was asked to check; the password
    "wrong" is refused."""
    seen = []

    def register(driver, vim):
        seen.append(vim)
        if vim['auth_cred']['password'] == 'wrong':
            raise exceptions.VimCredentialsRefused(
                service='Keystone', url=vim['auth_url'], status=401)
        return {'regions': ['RegionOne']}
    monkeypatch.setattr(openstack.OpenStackDriver, 'register', register)
    return seen


@pytest.fixture
def context(database):
    """A non-admin caller in a project of its own."""
    return tacker_context.RequestContext(
        user_id='user', project_id=uuidutils.generate_uuid(), is_admin=False)


@pytest.fixture
def workflows():
    return vims.VimWorkflows(CONF)


def test_register_checks_then_stores_the_secret_encrypted(
        context, workflows, checked):
    vim_id = workflows.register(context, vim_request(is_default=True))

    assert checked[0]['auth_cred']['password'] == PASSWORD
    row = db_vims.get(context, vim_id, context.project_id)
    assert (row['status'], row['placement_attr'], row['is_default']) == (
        'REACHABLE', {'regions': ['RegionOne']}, True)
    assert row['auth_cred']['password'] != PASSWORD
    assert vim_secrets.decrypt(CONF, vim_id, row['auth_cred'])[
        'password'] == PASSWORD


def test_refused_credentials_store_nothing(context, workflows, checked):
    with pytest.raises(exceptions.VimCredentialsRefused):
        workflows.register(context, vim_request(password='wrong'))

    assert db_vims.list_all(context, context.project_id, {}) == []


def test_duplicate_name_is_refused_before_the_vim_is_asked(
        context, workflows, checked):
    workflows.register(context, vim_request())

    with pytest.raises(exceptions.VimNameInUse):
        workflows.register(context, vim_request())
    assert len(checked) == 1


def test_update_checks_only_changed_credentials(context, workflows,
                                                checked):
    vim_id = workflows.register(context, vim_request())

    workflows.update(context, vim_id, {'name': 'renamed'})
    assert len(checked) == 1
    with pytest.raises(exceptions.VimCredentialsRefused):
        workflows.update(context, vim_id, {'auth_cred': {'password':
                                                         'wrong'}})
    workflows.update(context, vim_id, {'auth_cred': {'password': 'new'}})

    assert checked[-1]['auth_cred'] == {'username': 'admin',
                                        'password': 'new'}
    row = db_vims.get(context, vim_id)
    assert row['name'] == 'renamed'
    assert vim_secrets.decrypt(CONF, vim_id, row['auth_cred']) == \
        checked[-1]['auth_cred']


def test_update_of_another_projects_vim_is_404(context, workflows,
                                               checked):
    vim_id = workflows.register(context, vim_request())
    stranger = tacker_context.RequestContext(project_id='stranger',
                                             is_admin=False)

    with pytest.raises(exceptions.VimNotFound):
        workflows.update(stranger, vim_id, {'name': 'mine'})


def test_a_new_default_replaces_the_old_one(context, workflows, checked):
    first = workflows.register(context, vim_request('first',
                                                    is_default=True))
    second = workflows.register(context, vim_request('second',
                                                     is_default=True))

    assert default_id(context) == second
    assert db_vims.get(context, first)['is_default'] is None
    workflows.update(context, first, {'is_default': True})
    assert default_id(context) == first
    workflows.update(context, first, {'is_default': False})
    assert db_vims.get_default(context, context.project_id,
                               OPENSTACK) is None


def test_a_default_of_another_type_leaves_the_default_alone(
        context, workflows, checked, api_server):
    openstack_id = workflows.register(context, vim_request(is_default=True))
    kubernetes_id = workflows.register(context, kubernetes_request(
        api_server, is_default=True))

    assert default_id(context) == openstack_id
    assert default_id(context, KUBERNETES) == kubernetes_id
    workflows.update(context, openstack_id, {'is_default': True})
    assert default_id(context, KUBERNETES) == kubernetes_id


# How an LCM step finds its VIM.

def test_without_entries_the_default_vim_is_used(context, workflows,
                                                 checked):
    assert vims.default_connection(context, CONF, context.project_id,
                                   OPENSTACK) is None
    vim_id = workflows.register(context, vim_request(is_default=True))

    connection = vims.default_connection(context, CONF, context.project_id,
                                         OPENSTACK)

    assert connection == {
        'id': vim_id, 'vimId': vim_id, 'vimType': OPENSTACK_V3,
        'interfaceInfo': {'endpoint': 'http://keystone/v3'},
        'accessInfo': {'username': 'admin', 'password': PASSWORD,
                       'region': 'RegionOne', 'project': 'demo',
                       'projectDomain': 'Default', 'userDomain': 'Default'}}


def test_entries_naming_a_registered_vim_get_its_connection_info(
        context, workflows, checked):
    vim_id = workflows.register(context, vim_request())
    named = {'id': 'mine', 'vimId': vim_id, 'vimType': 'openstack',
             'extra': {'k': 'v'}}
    own_secret = {'id': 'inline', 'vimId': vim_id, 'vimType': 'x',
                  'accessInfo': {'password': 'own'}}
    unknown = {'id': 'other', 'vimId': 'not-registered', 'vimType': 'noop'}

    resolved = vims.resolve(context, CONF, [named, own_secret, unknown],
                            context.project_id)

    assert resolved[0]['id'] == 'mine'
    assert resolved[0]['vimType'] == OPENSTACK_V3
    assert resolved[0]['accessInfo']['password'] == PASSWORD
    assert resolved[0]['extra'] == {'k': 'v'}
    assert resolved[1:] == [own_secret, unknown]
    # What is stored about an instance resolves the same way later.
    stored = vim_secrets.without_secrets(resolved[:1])
    assert 'password' not in stored[0]['accessInfo']
    assert vims.resolve(context, CONF, stored,
                        context.project_id) == resolved[:1]


def test_vims_of_other_projects_are_never_used(context, workflows,
                                               checked):
    vim_id = workflows.register(context, vim_request(is_default=True))
    entry = {'id': 'x', 'vimId': vim_id, 'vimType': OPENSTACK_V3}

    assert vims.default_connection(context, CONF, 'other',
                                   OPENSTACK) is None
    assert vims.resolve(context, CONF, [entry], 'other') == [entry]


def test_lcm_takes_request_then_instance_then_grant_then_default(
        context, workflows, checked):
    default = workflows.register(context, vim_request(is_default=True))
    workflows_lcm = lcm.LcmWorkflows(CONF, 'host')
    request_vim = {'id': 'r', 'vimType': 'noop'}
    instance_vim = {'id': 'i', 'vimType': 'noop'}
    grant = {'vimConnections': [{'id': 'g', 'vimType': 'noop'}]}

    def first(params, stored, grant=None):
        return workflows_lcm._vim_connections(
            context, {'operation_params': params},
            {'vim_connection_info': stored,
             'project_id': context.project_id}, grant)[0]['id']

    assert first({'vimConnectionInfo': [request_vim]}, [instance_vim],
                 grant) == 'r'
    assert first({}, [instance_vim], grant) == 'i'
    assert first({}, None, grant) == 'g'
    assert first({}, None) == default


def test_lcm_falls_back_on_the_default_vim_of_the_type_it_needs(
        context, workflows, checked, api_server):
    openstack_id = workflows.register(context, vim_request(is_default=True))
    kubernetes_id = workflows.register(context, kubernetes_request(
        api_server, is_default=True))
    workflows_lcm = lcm.LcmWorkflows(CONF, 'host')

    def fallback(params):
        [connection] = workflows_lcm._vim_connections(
            context, {'operation_params': params},
            {'vim_connection_info': None, 'project_id': context.project_id})
        return connection['vimId'], connection['vimType']

    cnf = {'flavourId': 'default', 'additionalParams': {
        kubernetes_manifests.DEF_FILES: ['Files/kubernetes/a.yaml']}}
    assert fallback(cnf) == (kubernetes_id, KUBERNETES)
    assert fallback({'flavourId': 'small'}) == (openstack_id, OPENSTACK_V3)
    assert fallback({'flavourId': 'small', 'additionalParams': {
        'lcm-operation-user-data': 'UserData/u.py'}}) == (
            openstack_id, OPENSTACK_V3)
