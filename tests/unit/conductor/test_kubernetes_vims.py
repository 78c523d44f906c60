"""Kubernetes VIMs through the conductor's VIM workflows and the real
driver, against the small API server of the driver tests: secrets
encrypted at rest, credentials of one kind swapped for the other, the
VIM monitor, and the default VIM an LCM step falls back on."""
from oslo_utils import uuidutils
import pytest

from tacker.api.nfvo import views
from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import states
from tacker.conductor import vims
from tacker.conf import CONF
from tacker.db import vims as db_vims
from tests.unit.drivers.test_kubernetes_vim import FakeApiServer
from tests.unit.drivers.test_kubernetes_vim import TOKEN


@pytest.fixture
def context(database):
    return tacker_context.RequestContext(
        user_id='user', project_id=uuidutils.generate_uuid(), is_admin=False)


@pytest.fixture
def api_server():
    server = FakeApiServer()
    yield server
    server.stop()


def register(context, url, **cred):
    return vims.VimWorkflows(CONF).register(context, {
        'name': 'k8s', 'type': 'kubernetes', 'auth_url': url,
        'auth_cred': cred or {'bearer_token': TOKEN},
        'vim_project': {'name': 'cnf'}, 'is_default': True})


def test_registered_token_is_encrypted_and_masked(context, api_server):
    vim_id = register(context, api_server.url)

    row = db_vims.get(context, vim_id, context.project_id)
    assert TOKEN not in str(row['auth_cred'])
    assert views.vim(row)['auth_cred']['bearer_token'] == '***'
    assert (row['status'], row['placement_attr']) == (
        states.VIM_REACHABLE, {'regions': ['cnf']})


def test_default_kubernetes_vim_is_the_fallback_of_lcm_steps(context,
                                                             api_server):
    vim_id = register(context, api_server.url)

    connection = vims.default_connection(context, CONF, context.project_id,
                                         infra_requirements.KUBERNETES)

    assert connection == {
        'id': vim_id, 'vimId': vim_id, 'vimType': 'kubernetes',
        'interfaceInfo': {'endpoint': api_server.url},
        'accessInfo': {'bearer_token': TOKEN, 'namespace': 'cnf'}}
    assert infra_requirements.driver_name(
        connection['vimType']) == 'kubernetes'


def test_update_swaps_the_token_for_a_password(context, api_server):
    vim_id = register(context, api_server.url)
    workflows = vims.VimWorkflows(CONF)

    with pytest.raises(exceptions.VimCredentialsUnusable,
                       match='not both'):
        workflows.update(context, vim_id, {'auth_cred': {
            'username': 'alice', 'password': 's3cret'}})
    workflows.update(context, vim_id, {'auth_cred': {
        'bearer_token': None, 'username': 'alice', 'password': 's3cret'}})

    assert vims.default_connection(
        context, CONF, context.project_id, infra_requirements.KUBERNETES)[
            'accessInfo'] == {'username': 'alice', 'password': 's3cret',
                              'namespace': 'cnf'}
    assert api_server.requests[-1][1].startswith('Basic ')


def test_monitor_marks_a_kubernetes_vim_unreachable_and_back(
        context, monkeypatch):
    server = FakeApiServer()
    vim_id = register(context, server.url)
    server.stop()
    listed = db_vims.list_all
    # Only this test's VIM: others in the database point nowhere.
    monkeypatch.setattr(db_vims, 'list_all', lambda ctx, project, filters: (
        listed(ctx, context.project_id, filters)))
    admin = tacker_context.get_admin_context()

    vims.VimWorkflows(CONF).check_reachability(admin)
    assert db_vims.get(context, vim_id)['status'] == states.VIM_UNREACHABLE

    server = FakeApiServer()
    try:
        db_vims.update(admin, db_vims.get(admin, vim_id),
                       {'auth_url': server.url})
        vims.VimWorkflows(CONF).check_reachability(admin)
    finally:
        server.stop()
    assert db_vims.get(context, vim_id)['status'] == states.VIM_REACHABLE
