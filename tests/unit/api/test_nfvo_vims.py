"""/v1.0/vims in-process: body validation naming the field, secrets
masked, filters, 404/409, and the conductor call's failures as
ProblemDetails (the conductor itself is stubbed)."""
import json

import oslo_messaging as messaging
from oslo_utils import uuidutils
import pytest

from tacker.common import exceptions
from tacker.common import vim_secrets
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import vims as db_vims
from tests.unit.api.test_dispatch import assert_problem

API = '/v1.0/vims'


def openstack_vim(**attributes):
    return dict({'name': 'vim-1', 'type': 'openstack',
                 'auth_url': 'https://keystone/identity/v3',
                 'auth_cred': {'username': 'admin', 'password': 'pw'},
                 'vim_project': {'name': 'demo'}}, **attributes)


def kubernetes_vim(**attributes):
    return dict({'name': 'k8s', 'type': 'kubernetes',
                 'auth_url': 'https://k8s:6443',
                 'auth_cred': {'bearer_token': 'tok'}}, **attributes)


@pytest.fixture
def project():
    return uuidutils.generate_uuid()


@pytest.fixture
def stored(database, admin_context, project):
    """Store a VIM of ``project`` as the conductor would."""
    def store(**attributes):
        vim = openstack_vim(**attributes)
        return db_vims.create(admin_context, dict(
            vim, project_id=project, placement_attr={'regions': ['R']},
            auth_cred=vim_secrets.encrypt(CONF, vim['auth_cred'])))
    return store


@pytest.fixture
def conductor(monkeypatch):
    """A live conductor whose answers are ``conductor.answer(method,
    kwargs)``; its calls are in ``conductor.calls``."""
    class Conductor:
        calls = []

        def answer(self, method, kwargs):
            return kwargs.get('vim_id')

        def __getattr__(self, method):
            def call(context, **kwargs):
                self.calls.append((method, kwargs))
                return self.answer(method, kwargs)
            return call

    stub = Conductor()
    monkeypatch.setattr(db_api, 'list_live_conductors',
                        lambda context, down_time: [{'hostname': 'c'}])
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: stub)
    return stub


def post(api, vim, **headers):
    return api('POST', API, json.dumps({'vim': vim}),
               headers=dict({'Content-Type': 'application/json'},
                            **headers))


def put(api, vim_id, changes):
    return api('PUT', '%s/%s' % (API, vim_id), json.dumps({'vim': changes}),
               headers={'Content-Type': 'application/json'})


@pytest.mark.parametrize('vim, field', [
    (openstack_vim(auth_cred={'username': 'admin'}), 'vim/auth_cred'),
    (openstack_vim(vim_project=None), 'vim/vim_project'),
    (openstack_vim(auth_cred={'username': 'a', 'password': 'p',
                              'bearer_token': 't'}), 'vim/auth_cred'),
    (kubernetes_vim(auth_cred={'username': 'a'}), 'vim/auth_cred'),
    (openstack_vim(type='vmware'), 'vim/type'),
    (openstack_vim(auth_url='keystone'), 'vim/auth_url'),
    (openstack_vim(name=''), 'vim/name'),
    (openstack_vim(is_default='yes'), 'vim/is_default'),
    (openstack_vim(tenant_id='x'), 'vim'),
])
def test_invalid_vim_is_400_naming_the_field(api, conductor, vim, field):
    problem = assert_problem(post(api, vim), 400)

    assert 'at %s:' % field in problem['detail']
    assert conductor.calls == []


def test_register_answers_201_with_the_secret_masked(api, conductor,
                                                     stored):
    row = stored()
    conductor.answer = lambda method, kwargs: row['id']

    response = post(api, openstack_vim(auth_cred={
        'username': 'admin', 'password': 'pw', 'cert_verify': 'False'}))

    assert response.status_int == 201
    vim = json.loads(response.body)['vim']
    assert vim['id'] == row['id']
    assert vim['auth_cred'] == {'username': 'admin', 'password': '***',
                                'cert_verify': True}
    assert vim['placement_attr'] == {'regions': ['R']}
    [(method, kwargs)] = conductor.calls
    assert method == 'register_vim'
    assert kwargs['vim']['auth_cred']['cert_verify'] is False
    assert kwargs['timeout'] == rpcapi.vim_call_timeout() > \
        CONF.openstack_vim.timeout


def test_conductor_refusal_is_its_problem_details(api, conductor):
    def refuse(method, kwargs):
        raise exceptions.VimCredentialsRefused(service='Keystone',
                                               url='https://k', status=401)
    conductor.answer = refuse

    problem = assert_problem(post(api, kubernetes_vim()), 400)

    assert problem['detail'] == \
        'Keystone at https://k refused the credentials (401).'


def test_no_live_conductor_is_503_at_once(api, monkeypatch, database):
    monkeypatch.setattr(db_api, 'list_live_conductors',
                        lambda context, down_time: [])

    problem = assert_problem(post(api, openstack_vim()), 503)

    assert 'no conductor is running' in problem['detail']


def test_no_answer_in_time_is_503(api, conductor):
    def silent(method, kwargs):
        raise messaging.MessagingTimeout('nobody')
    conductor.answer = silent

    problem = assert_problem(post(api, openstack_vim()), 503)

    assert 'no conductor answered within %s seconds' % (
        rpcapi.vim_call_timeout()) in problem['detail']


def test_update_is_validated_against_the_vims_type(api, conductor, stored):
    row = stored()

    assert_problem(put(api, row['id'], {'auth_cred': {'bearer_token': 't'}}),
                   400)
    assert_problem(put(api, row['id'], {'auth_url': 'https://other'}), 400)
    assert_problem(put(api, row['id'], {}), 400)
    response = put(api, row['id'], {'auth_cred': {'password': 'new',
                                                  'ssl_ca_cert': None}})

    assert response.status_int == 200
    assert conductor.calls == [('update_vim', {
        'vim_id': row['id'], 'timeout': rpcapi.vim_call_timeout(),
        'changes': {'auth_cred': {'password': 'new', 'ssl_ca_cert': None}}})]
    assert json.loads(response.body)['vim']['auth_cred']['password'] == '***'


def test_list_filters_and_shows_no_secret(api, stored, project):
    first = stored(name='a', is_default=True)
    stored(name='b', description='second')

    def names(query):
        response = api('GET', '%s?tenant_id=%s%s' % (API, project, query))
        assert response.status_int == 200
        assert b'"pw"' not in response.body
        return [vim['name'] for vim in json.loads(response.body)['vims']]

    assert names('') == ['a', 'b']
    assert names('&is_default=true') == ['a']
    assert names('&is_default=false') == ['b']
    assert names('&name=b&type=openstack&status=REACHABLE') == ['b']
    assert names('&type=kubernetes') == []
    assert 'colour' in assert_problem(
        api('GET', API + '?colour=red'), 400)['detail']
    assert_problem(api('GET', API + '?is_default=maybe'), 400)
    shown = json.loads(api('GET', '%s/%s' % (API, first['id'])).body)['vim']
    assert (shown['tenant_id'], shown['is_default'], shown['description'],
            shown['auth_cred']['password']) == (project, True, '', '***')


def test_delete_is_the_conductors_then_204_and_unknown_is_404(
        api, conductor, stored):
    row = stored()

    assert api('DELETE', '%s/%s' % (API, row['id'])).status_int == 204
    [(method, kwargs)] = conductor.calls
    assert (method, kwargs['vim_id']) == ('deregister_vim', row['id'])
    assert_problem(api('DELETE', '%s/%s' % (API, 'no-such-vim')), 404)
    assert len(conductor.calls) == 1
