"""VimsClient and the ``vim`` commands against the fake server: config
files, name resolution, output columns, errors, and secrets kept off the
terminal."""
import json
import textwrap

import pytest

from tackerclient.cli import vim as vim_cli
from tackerclient import exceptions

VIMS = '/v1.0/vims'
SECRET = 'vim-secret-Pa55'
PEM = ('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUZ3Vlc3Q=\n'
       '-----END CERTIFICATE-----\n')


def a_vim(vim_id='v1', name='vim-1', **fields):
    """A VIM as the server shows it."""
    return dict({
        'id': vim_id, 'tenant_id': 'admin', 'name': name,
        'description': '', 'type': 'openstack',
        'auth_url': 'http://keystone/identity/v3',
        'auth_cred': {'username': 'admin', 'password': '***',
                      'user_domain_name': 'Default', 'cert_verify': True},
        'vim_project': {'name': 'admin', 'project_domain_name': 'Default'},
        'placement_attr': {'regions': ['RegionOne']},
        'status': 'REACHABLE', 'is_default': False, 'extra': {},
        'created_at': '2024-01-01T00:00:00Z',
        'updated_at': '2024-01-01T00:00:00Z'}, **fields)


def config_file(tmp_path, text, name='vim.yaml'):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


OPENSTACK_CONFIG = '''\
auth_url: http://keystone/identity/v3
username: admin
password: %s
project_name: admin
project_domain_name: Default
user_domain_name: Default
cert_verify: 'False'
''' % SECRET


def sent_vim(request):
    return json.loads(request['body'])['vim']


def named(server, name, *vims):
    """Route the name lookup of ``name`` to ``vims``."""
    server.route('GET', VIMS, (200, {'vims': list(vims)}))


# VimsClient


def test_client_wraps_and_unwraps_the_vim_without_a_version_header(
        server, tacker):
    server.route('POST', VIMS, (201, {'vim': a_vim()}))
    assert tacker.vims.register({'name': 'vim-1'}) == a_vim()
    request, = server.requests
    assert json.loads(request['body']) == {'vim': {'name': 'vim-1'}}
    assert 'Version' not in request['headers']
    assert request['headers']['Accept'] == 'application/json'


def test_client_list_sends_filters_as_the_server_reads_them(server, tacker):
    server.route('GET', VIMS, (200, {'vims': [a_vim()]}))
    assert tacker.vims.list(name='vim-1', is_default=True,
                            type=None) == [a_vim()]
    assert server.requests[0]['query'] == {'name': ['vim-1'],
                                           'is_default': ['true']}


def test_client_update_puts_and_delete_deletes(server, tacker):
    server.route('PUT', VIMS + '/v1', (200, {'vim': a_vim(name='new')}))
    server.route('DELETE', VIMS + '/v1', (204, None))
    assert tacker.vims.update('v1', {'name': 'new'})['name'] == 'new'
    tacker.vims.delete('v1')
    assert [(request['method'], sent_vim(request) if request['body']
             else None) for request in server.requests] == [
        ('PUT', {'name': 'new'}), ('DELETE', None)]


def test_client_error_carries_the_problem(server, tacker):
    server.route('GET', VIMS + '/nope', (404, {
        'status': 404, 'title': 'Not Found',
        'detail': 'VIM nope does not exist.'}))
    with pytest.raises(exceptions.NotFound, match='VIM nope does not'):
        tacker.vims.show('nope')


# Config files


def test_openstack_config_becomes_credentials_and_project(tmp_path):
    vim = vim_cli.vim_from_config(config_file(tmp_path, OPENSTACK_CONFIG))
    assert vim == {
        'type': 'openstack', 'auth_url': 'http://keystone/identity/v3',
        'auth_cred': {'username': 'admin', 'password': SECRET,
                      'user_domain_name': 'Default', 'cert_verify': False},
        'vim_project': {'name': 'admin', 'project_domain_name': 'Default'}}


def test_kubernetes_config_with_a_ca_cert_file_beside_it(tmp_path):
    (tmp_path / 'ca.pem').write_text(PEM)
    vim = vim_cli.vim_from_config(config_file(tmp_path, '''\
        type: kubernetes
        auth_url: https://k8s:6443
        bearer_token: tok
        ssl_ca_cert: ca.pem
        project_name: default
        project_domain_name: ''
    '''))
    assert vim == {'type': 'kubernetes', 'auth_url': 'https://k8s:6443',
                   'auth_cred': {'bearer_token': 'tok',
                                 'ssl_ca_cert': PEM},
                   'vim_project': {'name': 'default'}}


def test_inline_pem_is_kept_as_is(tmp_path):
    vim = vim_cli.vim_from_config(config_file(
        tmp_path, OPENSTACK_CONFIG + 'ssl_ca_cert: |\n' + ''.join(
            '  %s\n' % line for line in PEM.splitlines())))
    assert vim['auth_cred']['ssl_ca_cert'] == PEM


@pytest.mark.parametrize('text, message', [
    ('username: admin\npassword: x\n',
     'missing key(s) auth_url, project_name (type openstack)'),
    (OPENSTACK_CONFIG + 'bearer_token: t\n',
     'unknown key(s) bearer_token (type openstack)'),
    ('type: vmware\n', 'type is vmware; use openstack or kubernetes'),
    ('type: kubernetes\nauth_url: https://k\n',
     'missing key(s) bearer_token, or username and password '
     '(type kubernetes)'),
    ('type: kubernetes\nauth_url: https://k\nusername: u\n',
     'missing key(s) password (type kubernetes)'),
    ('type: kubernetes\nauth_url: https://k\nbearer_token: t\n'
     'password: p\n', 'give bearer_token, or username and password, not '
                      'both (type kubernetes)'),
    (OPENSTACK_CONFIG + 'cert_verify: maybe\n',
     "cert_verify must be True or False, not 'maybe'"),
    (OPENSTACK_CONFIG + 'ssl_ca_cert: missing.pem\n',
     'Cannot read CA certificate file'),
    ('- a list\n', 'not a YAML mapping'),
    ('auth_url: \x07\n', 'not valid YAML: unacceptable character #x0007'),
    (OPENSTACK_CONFIG.replace('admin\n', '[admin]\n', 1),
     'username must be text, not a list'),
])
def test_bad_config_is_a_one_line_error(tmp_path, text, message):
    with pytest.raises(exceptions.ClientError) as caught:
        vim_cli.vim_from_config(config_file(tmp_path, text))
    assert message in str(caught.value)
    assert '\n' not in str(caught.value)


def test_yaml_error_names_the_place_not_the_line(tmp_path):
    path = config_file(tmp_path, 'auth_url: http://k\npassword: "%s\n'
                       % SECRET)
    with pytest.raises(exceptions.ClientError) as caught:
        vim_cli.vim_from_config(path)
    assert str(caught.value).startswith(
        'VIM config file %s: not valid YAML: ' % path)
    assert '(line 3, column 1)' in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize('credentials, auth_cred', [
    ('bearer_token: "%s"' % SECRET, {'bearer_token': SECRET}),
    ('username: "admin"\npassword: "%s"' % SECRET,
     {'username': 'admin', 'password': SECRET}),
])
def test_kubernetes_config_as_tacker_documents_it(tmp_path, credentials,
                                                  auth_cred):
    path = config_file(tmp_path, 'auth_url: "https://192.0.2.1:6443"\n'
                                 '%s\nssl_ca_cert: None\n'
                                 'project_name: "default"\n'
                                 'type: "kubernetes"\n' % credentials)

    assert vim_cli.vim_from_config(path) == {
        'type': 'kubernetes', 'auth_url': 'https://192.0.2.1:6443',
        'auth_cred': auth_cred, 'vim_project': {'name': 'default'}}


def test_register_help_shows_both_config_file_formats(cli):
    result = cli('vim', 'register', '--help', endpoint=False)

    assert result.status == 0
    assert '  username: nfv_user\n  password: secret\n' in result.stdout
    assert '  type: kubernetes\n  auth_url: https://' in result.stdout
    assert '  bearer_token: ' in result.stdout


def test_partial_config_is_allowed_for_updates(tmp_path):
    path = config_file(tmp_path, 'bearer_token: new\n')
    assert vim_cli.vim_from_config(path, complete=False,
                                   default_type='kubernetes') == {
        'type': 'kubernetes', 'auth_cred': {'bearer_token': 'new'}}


# Commands


def test_register_sends_the_config_and_shows_the_vim(server, cli, tmp_path):
    server.route('POST', VIMS, (201, {'vim': a_vim(is_default=True)}))
    result = cli('vim', 'register', '--config-file',
                 config_file(tmp_path, OPENSTACK_CONFIG), '--description',
                 'the lab', '--is-default', 'vim-1', '-f', 'json')
    assert result.status == 0, result.stderr
    assert sent_vim(server.requests[0]) == dict(
        vim_cli.vim_from_config(str(tmp_path / 'vim.yaml')), name='vim-1',
        description='the lab', is_default=True)
    shown = result.json()
    assert shown['project_id'] == 'admin'
    assert shown['status'] == 'REACHABLE'
    assert shown['auth_cred']['password'] == '***'
    assert 'tenant_id' not in shown


@pytest.mark.parametrize('command, method, path', [
    (('register', 'vim-1'), 'POST', VIMS),
    (('set', 'vim-1'), 'PUT', VIMS + '/v1')])
def test_the_password_stays_out_of_the_debug_log(server, cli, tmp_path,
                                                 command, method, path):
    named(server, 'vim-1', a_vim())
    server.route('POST', VIMS, (201, {'vim': a_vim()}))
    server.route('PUT', VIMS + '/v1', (200, {'vim': a_vim()}))
    result = cli('--debug', 'vim', *command, '--config-file',
                 config_file(tmp_path, OPENSTACK_CONFIG))
    assert result.status == 0, result.stderr
    assert '"%s %s HTTP' % (method, path) in result.stderr
    request, = server.sent(method, path)
    assert sent_vim(request)['auth_cred']['password'] == SECRET
    assert SECRET not in result.stdout + result.stderr


def test_register_with_a_bad_config_sends_nothing(server, cli, tmp_path):
    result = cli('vim', 'register', '--config-file',
                 config_file(tmp_path, 'username: admin\n'), 'vim-1')
    assert result.status == 1
    assert 'missing key(s) auth_url, project_name, password' in \
        result.stderr
    assert server.requests == []


def test_refused_credentials_exit_1_with_the_servers_reason(server, cli,
                                                            tmp_path):
    server.route('POST', VIMS, (400, {
        'status': 400, 'title': 'Bad Request',
        'detail': 'Keystone at http://keystone/identity/v3 refused the '
                  'credentials (401).'}))
    result = cli('vim', 'register', '--config-file',
                 config_file(tmp_path, OPENSTACK_CONFIG), 'vim-1')
    assert result.status == 1
    assert result.stderr == (
        'Bad Request: Keystone at http://keystone/identity/v3 refused the '
        'credentials (401).\n')


def test_list_shows_python_tackerclients_columns(server, cli):
    server.route('GET', VIMS, (200, {'vims': [a_vim(is_default=True)]}))
    rows = cli('vim', 'list', '-f', 'json').json()
    assert rows == [{'ID': 'v1', 'Name': 'vim-1', 'Tenant_id': 'admin',
                     'Type': 'openstack', 'Is Default': True,
                     'Status': 'REACHABLE'}]
    long_row, = cli('vim', 'list', '--long', '-f', 'json').json()
    assert list(long_row) == ['ID', 'Name', 'Tenant_id', 'Type',
                              'Is Default', 'Placement attribution',
                              'Status']
    assert long_row['Placement attribution'] == {'regions': ['RegionOne']}
    assert '"RegionOne"' in cli('vim', 'list', '--long').stdout


def test_show_resolves_a_name_through_the_list(server, cli):
    named(server, 'vim-1', a_vim())
    shown = cli('vim', 'show', 'vim-1', '-f', 'json').json()
    assert shown['id'] == 'v1'
    assert server.requests[0]['query'] == {'name': ['vim-1']}
    assert len(server.requests) == 1


def test_show_takes_an_id_that_is_no_name(server, cli):
    named(server, 'v1')
    server.route('GET', VIMS + '/v1', (200, {'vim': a_vim()}))
    assert cli('vim', 'show', 'v1', '-f', 'value', '-c',
               'name').stdout == 'vim-1\n'


def test_unknown_vim_is_the_servers_404(server, cli):
    named(server, 'nope')
    server.route('GET', VIMS + '/nope', (404, {
        'status': 404, 'title': 'Not Found',
        'detail': 'VIM nope does not exist.'}))
    result = cli('vim', 'show', 'nope')
    assert (result.status, result.stderr) == (
        1, 'Not Found: VIM nope does not exist.\n')


def test_a_name_shared_by_several_vims_asks_for_an_id(server, cli):
    named(server, 'twin', a_vim('v1', 'twin'),
          a_vim('v2', 'twin', tenant_id='other'))
    result = cli('vim', 'delete', 'twin')
    assert result.status == 1
    assert result.stderr == '2 VIMs are named twin; give the ID of one: ' \
                            'v1, v2\n'
    assert server.sent('DELETE', VIMS + '/v1') == []


def test_set_changes_only_what_is_given(server, cli):
    named(server, 'vim-1', a_vim())
    server.route('PUT', VIMS + '/v1', (200, {'vim': a_vim(name='lab')}))
    result = cli('vim', 'set', 'vim-1', '--name', 'lab', '--is-default',
                 'False', '-f', 'json')
    assert result.status == 0, result.stderr
    assert sent_vim(server.sent('PUT', VIMS + '/v1')[0]) == {
        'name': 'lab', 'is_default': False}
    assert result.json()['name'] == 'lab'


def test_set_sends_new_credentials_of_the_vims_own_type(server, cli,
                                                        tmp_path):
    named(server, 'k8s', a_vim(type='kubernetes',
                               auth_url='https://k8s:6443'))
    server.route('PUT', VIMS + '/v1', (200, {'vim': a_vim()}))
    path = config_file(tmp_path, 'auth_url: https://k8s:6443\n'
                                 'bearer_token: new-token\n')
    assert cli('vim', 'set', 'k8s', '--config-file', path).status == 0
    assert sent_vim(server.sent('PUT', VIMS + '/v1')[0]) == {
        'auth_cred': {'bearer_token': 'new-token', 'username': None,
                      'password': None}}


def test_set_swaps_a_kubernetes_token_for_a_password(server, cli,
                                                     tmp_path):
    named(server, 'k8s', a_vim(type='kubernetes',
                               auth_url='https://k8s:6443'))
    server.route('PUT', VIMS + '/v1', (200, {'vim': a_vim()}))
    path = config_file(tmp_path, 'username: admin\npassword: %s\n' % SECRET)

    assert cli('vim', 'set', 'k8s', '--config-file', path).status == 0
    assert sent_vim(server.sent('PUT', VIMS + '/v1')[0]) == {
        'auth_cred': {'bearer_token': None, 'username': 'admin',
                      'password': SECRET}}


def test_set_refuses_a_new_auth_url(server, cli, tmp_path):
    named(server, 'vim-1', a_vim())
    path = config_file(tmp_path, OPENSTACK_CONFIG.replace('keystone',
                                                          'elsewhere'))
    result = cli('vim', 'set', 'vim-1', '--config-file', path)
    assert result.status == 1
    assert 'the auth_url of VIM vim-1 cannot change from ' \
           'http://keystone/identity/v3' in result.stderr
    assert server.sent('PUT', VIMS + '/v1') == []


@pytest.mark.parametrize('args', [
    ('vim', 'set', 'vim-1'),
    ('vim', 'set', 'vim-1', '--is-default', 'maybe'),
    ('vim', 'register', 'vim-1'),
    ('vim', 'list', '--filter', '(eq,name,x)'),
])
def test_vim_usage_errors_exit_2_without_requests(server, cli, args):
    assert cli(*args).status == 2
    assert server.requests == []


def test_delete_resolves_each_and_reports_each(server, cli):
    server.route('GET', VIMS, (200, {'vims': [a_vim()]}),
                 (200, {'vims': []}))
    server.route('GET', VIMS + '/gone', (404, {
        'status': 404, 'title': 'Not Found',
        'detail': 'VIM gone does not exist.'}))
    server.route('DELETE', VIMS + '/v1', (204, None))
    result = cli('vim', 'delete', 'vim-1', 'gone')
    assert result.status == 1
    assert result.stderr.splitlines() == [
        'VIM vim-1 deleted.',
        'Cannot delete VIM gone: Not Found: VIM gone does not exist.',
        'Failed to delete 1 of 2 VIM(s).']
    assert len(server.sent('DELETE', VIMS + '/v1')) == 1
