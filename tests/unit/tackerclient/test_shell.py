"""The ``tacker`` shell in-process against the fake server: argument
parsing, output formats, waiting, errors and exit statuses."""
import json
import pathlib
import types

import pytest

from tackerclient import cli as tacker_cli
from tackerclient import osc_plugin
from tackerclient import shell
from tests import packages as samples

PKGS = '/vnfpkgm/v1/vnf_packages'
VNFS = '/vnflcm/v1/vnf_instances'
OPS = '/vnflcm/v1/vnf_lcm_op_occs'
V2_VNFS = '/vnflcm/v2/vnf_instances'
V2_OPS = '/vnflcm/v2/vnf_lcm_op_occs'
NOT_FOUND = {'type': 'about:blank', 'status': 404, 'title': 'Not Found',
             'detail': 'VNF instance nope does not exist.'}


def op(state, entered='2024-01-01T00:00:01.000Z', **fields):
    return {'id': 'op1', 'operation': 'INSTANTIATE', 'vnfInstanceId': 'v',
            'operationState': state, 'stateEnteredTime': entered, **fields}


def accepted(server, path, op_id='op1'):
    return (202, None, {'Location': '%s%s/%s' % (server.url, OPS, op_id)})


def request_file(tmp_path, body):
    path = tmp_path / 'request.json'
    path.write_text(json.dumps(body))
    return str(path)


def test_api_error_is_one_line_on_stderr_and_exit_1(server, cli):
    server.route('GET', VNFS + '/nope', (404, NOT_FOUND))
    result = cli('vnflcm', 'show', 'nope')
    assert result.status == 1
    assert result.stdout == ''
    assert result.stderr == \
        'Not Found: VNF instance nope does not exist.\n'


@pytest.mark.parametrize('args', [
    ('vnflcm', 'show'),
    ('vnflcm', 'scale', 'v', '--type', 'SCALE_UP', '--aspect-id', 'a'),
    ('vnf', 'package', 'upload', 'p'),
    ('vnf', 'package', 'upload', 'p', '--path', 'x', '--user-name', 'u'),
    ('vnf', 'package', 'update', 'p'),
    ('vnf', 'package', 'download', 'p', '--type', 'both'),
    ('vnflcm', 'terminate', 'v', '--forceful',
     '--graceful-termination-timeout', '5'),
    ('vnflcm', 'list', '--fields', 'a', '--all-fields'),
    ('vnflcm', 'scale-to-level', 'v'),
    ('vnflcm', 'scale-to-level', 'v', '--instantiation-level-id', 'l',
     '--scale-info', 'a:1'),
    ('vnflcm', 'scale-to-level', 'v', '--scale-info', 'a:x'),
    ('vnflcm', 'no-such-command'),
    (),
])
def test_usage_errors_exit_2_without_requests(server, cli, args):
    assert cli(*args).status == 2
    assert server.requests == []


def test_no_credentials_is_an_error(cli):
    result = cli('vnflcm', 'list', endpoint=False)
    assert result.status == 1
    assert 'No credentials' in result.stderr


def test_every_command_has_help(cli):
    for name in tacker_cli.COMMANDS:
        result = cli(*name.split(), '--help')
        assert result.status == 0, name
        assert 'usage: tacker %s' % name in result.stdout


def test_show_prints_nested_data_as_json_text_or_as_data(server, cli):
    instance = {'id': 'v', 'instantiationState': 'INSTANTIATED',
                'vimConnectionInfo': [{'id': 'v1', 'vimType': 'noop'}],
                'newAttribute': 1}
    server.route('GET', VNFS + '/v', (200, instance))
    table = cli('vnflcm', 'show', 'v').stdout
    assert '"vimType": "noop"' in table
    assert '| newAttribute ' in table
    shown = cli('vnflcm', 'show', 'v', '-f', 'json').json()
    assert shown == {'ID': 'v', 'Instantiation State': 'INSTANTIATED',
                     'VIM Connection Info': instance['vimConnectionInfo'],
                     'newAttribute': 1}


def test_list_follows_paging_and_selectors_add_columns(server, cli):
    server.route('GET', PKGS, (200, [{'id': 'a', 'checksum': {'h': 1}}], {
        'Link': '<%s%s?all_fields=&nextpage_opaque_marker=m>; rel="next"'
                % (server.url, PKGS)}), (200, [{'id': 'b'}]))
    rows = cli('vnf', 'package', 'list', '--all_fields', '-f', 'json').json()
    assert [row['Id'] for row in rows] == ['a', 'b']
    assert rows[0]['Checksum'] == {'h': 1}
    assert rows[1]['Checksum'] == ''
    assert server.requests[0]['query'] == {'all_fields': ['']}
    rows = cli('vnf', 'package', 'list', '-f', 'json', '--filter',
               '(eq,id,a)').json()
    assert set(rows[0]) == {'Id', 'Vnf Product Name', 'Onboarding State',
                            'Usage State', 'Operational State', 'Links'}


def test_create_package_with_user_data(server, cli):
    server.route('POST', PKGS, (201, {'id': 'p', 'onboardingState':
                                      'CREATED', 'userDefinedData': {
                                          'a': '1', 'b': 'x=y'}}))
    shown = cli('vnf', 'package', 'create', '--user-data', 'a=1',
                '--user-data', 'b=x=y', '-f', 'json').json()
    assert json.loads(server.requests[0]['body']) == {
        'userDefinedData': {'a': '1', 'b': 'x=y'}}
    assert shown['Onboarding State'] == 'CREATED'


def test_upload_wait_reports_states_and_shows_the_package(server, cli,
                                                          tmp_path):
    csar = tmp_path / 'vnf.zip'
    csar.write_bytes(b'PK' * 1000)
    server.route('PUT', PKGS + '/p/package_content', (202, None))
    server.route('GET', PKGS + '/p',
                 (200, {'id': 'p', 'onboardingState': 'PROCESSING'}),
                 (200, {'id': 'p', 'onboardingState': 'ONBOARDED'}))
    result = cli('vnf', 'package', 'upload', 'p', '--path', str(csar),
                 '--wait', '-f', 'json')
    assert result.status == 0
    assert result.json()['Onboarding State'] == 'ONBOARDED'
    assert server.sent('PUT', PKGS + '/p/package_content')[0]['body'] == \
        csar.read_bytes()
    lines = result.stderr.splitlines()
    assert lines[0] == 'Upload request for VNF package p has been accepted.'
    assert [line.split(' (')[0] for line in lines[1:]] == [
        'VNF package p: PROCESSING', 'VNF package p: ONBOARDED']


def test_upload_of_a_directory_zips_it(server, cli, tmp_path):
    (tmp_path / 'pkg' / 'Definitions').mkdir(parents=True)
    (tmp_path / 'pkg' / 'Definitions' / 'a.yaml').write_text('a: 1\n')
    server.route('PUT', PKGS + '/p/package_content', (202, None))
    server.route('GET', PKGS + '/p', (200, {'id': 'p'}))
    assert cli('vnf', 'package', 'upload', 'p', '--path',
               str(tmp_path / 'pkg')).status == 0
    body = server.sent('PUT', PKGS + '/p/package_content')[0]['body']
    assert body.startswith(b'PK') and b'Definitions/a.yaml' in body


def test_failed_onboarding_exits_1_with_the_failure(server, cli, tmp_path):
    csar = tmp_path / 'vnf.zip'
    csar.write_bytes(b'junk')
    server.route('POST', PKGS + '/p/package_content/upload_from_uri',
                 (202, None))
    server.route('GET', PKGS + '/p', (200, {
        'id': 'p', 'onboardingState': 'CREATED',
        'onboardingFailureDetails': {'title': 'Bad Request',
                                     'detail': 'not a zip'}}))
    result = cli('vnf', 'package', 'upload', 'p', '--url', 'http://h/p.zip',
                 '--wait')
    assert result.status == 1
    assert result.stderr.splitlines()[-1] == \
        'Onboarding of VNF package p failed: Bad Request: not a zip'


def test_instantiate_wait_follows_the_op_until_completed(server, cli,
                                                         tmp_path):
    body = {'flavourId': 'small',
            'vimConnectionInfo': [{'id': 'v1', 'vimType': 'noop'}]}
    server.route('POST', VNFS + '/v/instantiate', accepted(server, VNFS))
    server.route('GET', OPS + '/op1', (200, op('STARTING')),
                 (200, op('PROCESSING')), (200, op('COMPLETED')))
    result = cli('vnflcm', 'instantiate', 'v', request_file(tmp_path, body),
                 '--wait', '-f', 'json')
    assert result.status == 0, result.stderr
    assert result.json()['Operation State'] == 'COMPLETED'
    assert json.loads(server.requests[0]['body']) == body
    assert [line.split(' (')[0] for line in result.stderr.splitlines()] == [
        'Instantiate request for VNF Instance v has been accepted',
        'INSTANTIATE op1: STARTING', 'INSTANTIATE op1: PROCESSING',
        'INSTANTIATE op1: COMPLETED']


def test_task_without_wait_shows_the_started_op(server, cli):
    server.route('POST', VNFS + '/v/scale', accepted(server, VNFS))
    server.route('GET', OPS + '/op1', (200, op('STARTING',
                                               operation='SCALE')))
    result = cli('vnflcm', 'scale', 'v', '--type', 'SCALE_IN', '--aspect-id',
                 'a', '--number-of-steps', '2', '-f', 'value', '-c', 'ID',
                 '-c', 'Operation State')
    assert result.stdout.split() == ['op1', 'STARTING']
    assert json.loads(server.requests[0]['body']) == {
        'type': 'SCALE_IN', 'aspectId': 'a', 'numberOfSteps': 2}


def test_failed_op_exits_1_with_its_problem_details(server, cli, tmp_path):
    server.route('POST', VNFS + '/v/heal', accepted(server, VNFS))
    error = {'status': 500, 'title': 'Internal Server Error',
             'detail': 'driver\nfailed'}
    server.route('GET', OPS + '/op1',
                 (200, op('FAILED_TEMP', operation='HEAL', error=error)))
    result = cli('vnflcm', 'heal', 'v', '--vnfc-instance', 'c1', 'c2',
                 '--wait')
    assert result.status == 1
    assert result.stdout == ''
    assert result.stderr.splitlines()[-1] == (
        'Operation op1 (HEAL) ended FAILED_TEMP: Internal Server Error: '
        'driver failed')
    assert json.loads(server.requests[0]['body']) == {
        'vnfcInstanceId': ['c1', 'c2']}


def test_terminate_with_D_waits_then_deletes(server, cli):
    server.route('POST', VNFS + '/v/terminate', accepted(server, VNFS))
    server.route('GET', OPS + '/op1', (200, op('COMPLETED',
                                               operation='TERMINATE')))
    server.route('DELETE', VNFS + '/v', (204, None))
    result = cli('vnflcm', 'terminate', 'v', '--D',
                 '--graceful-termination-timeout', '30')
    assert result.status == 0, result.stderr
    assert json.loads(server.requests[0]['body']) == {
        'terminationType': 'GRACEFUL', 'gracefulTerminationTimeout': 30}
    assert len(server.sent('DELETE', VNFS + '/v')) == 1
    assert result.stderr.splitlines()[-1] == 'VNF Instance v deleted.'


def test_create_with_I_instantiates_and_waits(server, cli, tmp_path):
    server.route('POST', VNFS, (201, {'id': 'v', 'instantiationState':
                                      'NOT_INSTANTIATED'}))
    server.route('POST', VNFS + '/v/instantiate', accepted(server, VNFS))
    server.route('GET', OPS + '/op1', (200, op('COMPLETED')))
    server.route('GET', VNFS + '/v', (200, {'id': 'v', 'instantiationState':
                                            'INSTANTIATED'}))
    shown = cli('vnflcm', 'create', 'vnfd-1', '--name', 'n', '--description',
                'd', '--I', request_file(tmp_path, {'flavourId': 'small'}),
                '--wait', '-f', 'json').json()
    assert shown['Instantiation State'] == 'INSTANTIATED'
    assert json.loads(server.requests[0]['body']) == {
        'vnfdId': 'vnfd-1', 'vnfInstanceName': 'n',
        'vnfInstanceDescription': 'd'}


def test_update_patches_with_the_request_file(server, cli, tmp_path):
    server.route('PATCH', VNFS + '/v', accepted(server, VNFS))
    server.route('GET', OPS + '/op1', (200, op('COMPLETED',
                                               operation='MODIFY_INFO')))
    result = cli('vnflcm', 'update', 'v', '--I',
                 request_file(tmp_path, {'vnfInstanceName': 'new'}), '--wait')
    assert result.status == 0, result.stderr
    request, = server.sent('PATCH', VNFS + '/v')
    assert request['headers']['Content-Type'] == \
        'application/merge-patch+json'


def test_bad_request_file_is_an_error(server, cli, tmp_path):
    path = tmp_path / 'bad.json'
    path.write_text('{not json')
    result = cli('vnflcm', 'change-ext-conn', 'v', str(path))
    assert result.status == 1
    assert 'is not valid JSON' in result.stderr
    assert server.requests == []


# The tasks only the v2 API serves: (command, its request file, the task
# resource, the operation it starts).
V2_TASKS = [
    ('change-vnfpkg', {'vnfdId': 'vnfd-2', 'additionalParams': {
        'upgrade_type': 'RollingUpdate'}}, 'change_vnfpkg', 'CHANGE_VNFPKG'),
    ('scale-to-level', {'instantiationLevelId': 'l2'}, 'scale_to_level',
     'SCALE_TO_LEVEL'),
    ('change-flavour', {'newFlavourId': 'big', 'instantiationLevelId': 'l1'},
     'change_flavour', 'CHANGE_FLAVOUR'),
]


def _run_v2_task(server, cli, command, args, task, operation, final):
    """``vnflcm <command> v <args> --wait`` on API version 2, the
    occurrence going STARTING > PROCESSING > ``final``."""
    server.route('POST', '%s/v/%s' % (V2_VNFS, task), (202, None, {
        'Location': server.url + V2_OPS + '/op1'}))
    failure = {} if final == 'COMPLETED' else {'error': {
        'status': 500, 'title': 'Internal Server Error',
        'detail': 'stack failed'}}
    server.route('GET', V2_OPS + '/op1',
                 (200, op('STARTING', operation=operation)),
                 (200, op('PROCESSING', operation=operation)),
                 (200, op(final, operation=operation, **failure)))
    return cli('--os-tacker-api-version', '2', 'vnflcm', command, 'v',
               *args, '--wait', '-f', 'json')


@pytest.mark.parametrize('command, body, task, operation', V2_TASKS)
def test_v2_task_posts_its_request_and_waits_until_completed(
        server, cli, tmp_path, command, body, task, operation):
    result = _run_v2_task(server, cli, command,
                          [request_file(tmp_path, body)], task, operation,
                          'COMPLETED')
    assert result.status == 0, result.stderr
    assert result.json()['Operation State'] == 'COMPLETED'
    request = server.requests[0]
    assert (request['method'], request['path']) == (
        'POST', '%s/v/%s' % (V2_VNFS, task))
    assert request['headers']['Version'] == '2.0.0'
    assert request['headers']['Content-Type'] == 'application/json'
    assert json.loads(request['body']) == body
    assert [line.split(' (')[0] for line in result.stderr.splitlines()
            ][1:] == ['%s op1: %s' % (operation, state) for state in (
                'STARTING', 'PROCESSING', 'COMPLETED')]


@pytest.mark.parametrize('command, body, task, operation', V2_TASKS)
def test_v2_task_that_ends_failed_temp_exits_1(server, cli, tmp_path,
                                               command, body, task,
                                               operation):
    result = _run_v2_task(server, cli, command,
                          [request_file(tmp_path, body)], task, operation,
                          'FAILED_TEMP')
    assert result.status == 1
    assert result.stdout == ''
    assert result.stderr.splitlines()[-1] == (
        'Operation op1 (%s) ended FAILED_TEMP: Internal Server Error: '
        'stack failed' % operation)


def test_change_vnfpkg_is_accepted_in_python_tackerclient_words(
        server, cli, tmp_path):
    result = _run_v2_task(server, cli, 'change-vnfpkg', [request_file(
        tmp_path, {'vnfdId': 'vnfd-2'})], 'change_vnfpkg', 'CHANGE_VNFPKG',
        'COMPLETED')
    assert result.stderr.splitlines()[0] == (
        'Change Current VNF Package for VNF Instance v has been accepted '
        '(operation op1).')


@pytest.mark.parametrize('args, body', [
    (['--instantiation-level-id', 'l2'], {'instantiationLevelId': 'l2'}),
    (['--scale-info', 'worker:3', '--scale-info', 'db:0'], {'scaleInfo': [
        {'aspectId': 'worker', 'scaleLevel': 3},
        {'aspectId': 'db', 'scaleLevel': 0}]}),
])
def test_scale_to_level_builds_the_request_from_options(server, cli,
                                                        tmp_path, args,
                                                        body):
    params = tmp_path / 'params.json'
    params.write_text('{"grace": 10}')
    result = _run_v2_task(
        server, cli, 'scale-to-level',
        args + ['--additional-param-file', str(params)], 'scale_to_level',
        'SCALE_TO_LEVEL', 'COMPLETED')
    assert result.status == 0, result.stderr
    assert json.loads(server.requests[0]['body']) == dict(
        body, additionalParams={'grace': 10})


@pytest.mark.parametrize('command, body, task, operation', V2_TASKS)
def test_v2_task_on_api_version_1_is_refused_without_requests(
        server, cli, tmp_path, command, body, task, operation):
    result = cli('vnflcm', command, 'v', request_file(tmp_path, body))
    assert result.status == 1
    assert result.stderr == ('%s needs version 2 of the Tacker API: use '
                             '--os-tacker-api-version 2\n' % task)
    assert server.requests == []


@pytest.mark.parametrize('command, body, task, operation', V2_TASKS)
def test_v2_task_with_a_bad_request_file_sends_nothing(
        server, cli, tmp_path, command, body, task, operation):
    path = tmp_path / 'bad.json'
    path.write_text('{not json')
    result = cli('--os-tacker-api-version', '2', 'vnflcm', command, 'v',
                 str(path))
    assert result.status == 1
    assert 'is not valid JSON' in result.stderr
    assert server.requests == []


def test_retry_wait_ignores_the_failed_temp_it_retries(server, cli):
    server.route('POST', OPS + '/op1/retry', (202, None))
    server.route('GET', OPS + '/op1',
                 (200, op('FAILED_TEMP', '2024-01-01T00:00:01.000Z')),
                 (200, op('FAILED_TEMP', '2024-01-01T00:00:01.000Z')),
                 (200, op('COMPLETED', '2024-01-01T00:00:02.000Z')))
    result = cli('vnflcm', 'op', 'retry', 'op1', '--wait', '-f', 'json')
    assert result.status == 0, result.stderr
    assert result.json()['Operation State'] == 'COMPLETED'


def test_rollback_wait_succeeds_when_rolled_back(server, cli):
    server.route('POST', OPS + '/op1/rollback', (202, None))
    server.route('GET', OPS + '/op1',
                 (200, op('FAILED_TEMP', '2024-01-01T00:00:01.000Z')),
                 (200, op('ROLLED_BACK', '2024-01-01T00:00:02.000Z')))
    assert cli('vnflcm', 'op', 'rollback', 'op1', '--wait').status == 0


def test_cancel_sends_the_mode_and_waits_for_failed_temp(server, cli):
    server.route('POST', OPS + '/op1/cancel', (202, None))
    server.route('GET', OPS + '/op1',
                 (200, op('PROCESSING', '2024-01-01T00:00:01.000Z')),
                 (200, op('FAILED_TEMP', '2024-01-01T00:00:02.000Z')))
    result = cli('vnflcm', 'op', 'cancel', 'op1', '--cancel-mode',
                 'FORCEFUL', '--wait')
    assert result.status == 0, result.stderr
    assert json.loads(server.sent('POST', OPS + '/op1/cancel')[0]['body']) \
        == {'cancelMode': 'FORCEFUL'}


def test_fail_shows_the_failed_op(server, cli):
    server.route('POST', OPS + '/op1/fail', (200, op('FAILED')))
    assert cli('vnflcm', 'op', 'fail', 'op1', '-f', 'value', '-c',
               'Operation State').stdout == 'FAILED\n'


def test_delete_reports_each_and_fails_if_any_failed(server, cli):
    server.route('DELETE', VNFS + '/a', (204, None))
    server.route('DELETE', VNFS + '/nope', (404, NOT_FOUND))
    result = cli('vnflcm', 'delete', 'a', 'nope')
    assert result.status == 1
    assert result.stderr.splitlines() == [
        'VNF Instance a deleted.',
        'Cannot delete VNF Instance nope: Not Found: VNF instance nope does '
        'not exist.',
        'Failed to delete 1 of 2 VNF Instance(s).']


def test_download_to_file_leaves_nothing_on_error(server, cli, tmp_path):
    target = tmp_path / 'vnf.zip'
    server.route('GET', PKGS + '/p/package_content', (409, {
        'status': 409, 'title': 'Conflict', 'detail': 'not ONBOARDED'}))
    result = cli('vnf', 'package', 'download', 'p', '--file', str(target))
    assert result.status == 1
    assert list(tmp_path.iterdir()) == []
    server.route('GET', PKGS + '/p/package_content', (200, b'PK\x03\x04', {
        'Content-Type': 'application/zip'}))
    assert cli('vnf', 'package', 'download', 'p', '--file',
               str(target)).status == 0
    assert target.read_bytes() == b'PK\x03\x04'


def test_vnfd_download_to_redirected_stdout(server, cli):
    server.route('GET', PKGS + '/p/vnfd', (200, 'tosca: yes\n', {
        'Content-Type': 'text/plain'}))
    result = cli('vnf', 'package', 'download', 'p', '--vnfd')
    assert result.stdout == 'tosca: yes\n'
    assert server.requests[0]['headers']['Accept'] == \
        'text/plain, application/zip'


def test_subscription_create_reports_an_existing_duplicate(server, cli,
                                                           tmp_path):
    path = '/vnflcm/v1/subscriptions'
    server.route('POST', path, (303, None, {
        'Location': server.url + path + '/s1'}))
    server.route('GET', path + '/s1', (200, {'id': 's1',
                                             'callbackUri': 'http://c'}))
    result = cli('vnflcm', 'subsc', 'create',
                 request_file(tmp_path, {'callbackUri': 'http://c'}),
                 '-f', 'json')
    assert result.json()['Callback URI'] == 'http://c'
    assert 'exists already: s1' in result.stderr


def test_validate_shows_flavours_levels_and_aspects(cli, tmp_path):
    csar = samples.build_csar('two_flavours', tmp_path / 'vnf.zip')
    found = cli('vnf', 'package', 'validate', str(csar), '-f', 'json',
                endpoint=False).json()
    assert found['VNFD ID'] == samples.VNFD_IDS['two_flavours']
    small = found['Flavours']['small']
    assert 'instantiation_level_1' in small['instantiationLevels']
    assert 'worker_instance' in small['scalingAspects']
    assert found['Software Images']


def test_validate_finds_sol001_imported_by_url_in_the_shipped_types(
        cli, tmp_path):
    csar = samples.build_csar('tacker_v2', tmp_path / 'vnf.zip')
    found = cli('vnf', 'package', 'validate', str(csar), '-f', 'json',
                endpoint=False).json()
    assert found['VNFD ID'] == samples.VNFD_IDS['tacker_v2']


def test_validate_reports_what_is_wrong(cli, tmp_path):
    csar = samples.build_broken_csar('hash_mismatch', tmp_path / 'bad.zip')
    result = cli('vnf', 'package', 'validate', str(csar), endpoint=False)
    assert result.status == 1
    assert result.stderr.startswith('%s is not a valid VNF package: ' % csar)
    assert 'hash' in result.stderr and result.stderr.count('\n') == 1


def test_keystone_password_auth_uses_the_catalog_endpoint(server, cli,
                                                          monkeypatch):
    server.route('GET', '/identity/v3', (200, {'version': {
        'id': 'v3.14', 'status': 'stable', 'links': [
            {'rel': 'self', 'href': server.url + '/identity/v3/'}]}}))
    server.route('POST', '/identity/v3/auth/tokens', (201, {'token': {
        'methods': ['password'], 'expires_at': '2999-01-01T00:00:00Z',
        'user': {'id': 'u', 'name': 'demo', 'domain': {'id': 'default',
                                                       'name': 'Default'}},
        'project': {'id': 'p', 'name': 'demo', 'domain': {
            'id': 'default', 'name': 'Default'}},
        'catalog': [{'type': 'nfv-orchestration', 'name': 'tacker',
                     'endpoints': [{'interface': 'public',
                                    'region': 'R1', 'region_id': 'R1',
                                    'url': server.url + '/'}]}]}},
        {'X-Subject-Token': 'tok-1'}))
    server.route('GET', VNFS, (200, []))
    monkeypatch.setenv('OS_AUTH_URL', server.url + '/identity/v3')
    monkeypatch.setenv('OS_USERNAME', 'demo')
    monkeypatch.setenv('OS_PASSWORD', 'secret')
    monkeypatch.setenv('OS_PROJECT_NAME', 'demo')
    monkeypatch.setenv('OS_USER_DOMAIN_NAME', 'Default')
    monkeypatch.setenv('OS_PROJECT_DOMAIN_NAME', 'Default')
    result = cli('--os-region-name', 'R1', 'vnflcm', 'list',
                 endpoint=False)
    assert result.status == 0, result.stderr
    auth, = server.sent('POST', '/identity/v3/auth/tokens')
    assert json.loads(auth['body'])['auth']['identity']['password'][
        'user']['password'] == 'secret'
    listing, = server.sent('GET', VNFS)
    assert listing['headers']['X-Auth-Token'] == 'tok-1'


@pytest.mark.parametrize('options, expected', [
    ({'os_auth_type': 'noauth'}, 'none'),
    ({'os_token': 't', 'os_endpoint': 'http://t'}, 'admin_token'),
    ({'os_token': 't', 'os_auth_url': 'http://k'}, 'token'),
    ({'os_auth_url': 'http://k'}, 'password'),
    ({'os_auth_url': 'http://k', 'os_application_credential_id': 'a'},
     'v3applicationcredential'),
    ({'os_auth_url': 'http://k', 'os_oauth2_client_id': 'a'},
     'v3oauth2clientcredential'),
    ({'os_endpoint': 'http://t'}, 'none'),
])
def test_auth_type_follows_the_options_given(options, expected):
    names = ['os_auth_type', 'os_token', 'os_endpoint', 'os_auth_url',
             'os_application_credential_id',
             'os_application_credential_name', 'os_oauth2_client_id']
    values = dict(dict.fromkeys(names), **options)
    assert shell.auth_type(types.SimpleNamespace(**values)) == expected


def test_token_with_endpoint_is_sent_as_is(server, cli):
    server.route('GET', VNFS, (200, []))
    assert cli('--os-token', 'tok-2', '--os-endpoint', server.url,
               'vnflcm', 'list', endpoint=False).status == 0
    assert server.requests[0]['headers']['X-Auth-Token'] == 'tok-2'


def test_osc_plugin_makes_a_client_of_the_requested_version(server):
    from keystoneauth1 import session
    instance = types.SimpleNamespace(
        session=session.Session(), interface='public', region_name=None,
        _api_version={osc_plugin.API_NAME: '2'})
    tacker = osc_plugin.make_client(instance)
    assert tacker.vnf_lcm.prefix == '/vnflcm/v2'


def test_setup_cfg_registers_every_command_for_openstackclient():
    setup_cfg = (pathlib.Path(__file__).resolve().parents[3] /
                 'setup.cfg').read_text()
    for version in ('v1', 'v2'):
        lines = tacker_cli.entry_points(
            'openstack.tackerclient.%s' % version)
        assert lines + '\n' in setup_cfg
    assert '    vnflcm_op_cancel = tackerclient.cli.vnflcm_op:' \
           'CancelVnfLcmOp' in lines.splitlines()
    assert len(lines.splitlines()) == 1 + len(tacker_cli.COMMANDS)
