"""The ``tacker`` command line against a real deployment, run as a
subprocess with ``-f json`` output parsed (noauth server, SQLite)."""
import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_fm as fm
from tests import packages as samples

NOOP_VIM = [{'id': 'v1', 'vimType': 'noop'}]
VIM_PASSWORD = 'vim-secret-Pa55'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('cli')) as deploy:
        yield deploy


def tacker(deployment, *args, status=0):
    """Run ``tacker`` against the deployment; return the finished process
    after checking its exit status."""
    env = dict(os.environ, OS_AUTH_TYPE='none', OS_ENDPOINT=deployment.url)
    done = subprocess.run([sys.executable, '-m', 'tackerclient', *args],
                          capture_output=True, text=True, env=env,
                          timeout=180)
    assert done.returncode == status, (done.stdout, done.stderr)
    return done


def tacker_json(deployment, *args):
    return json.loads(tacker(deployment, *args, '-f', 'json').stdout)


def onboard(deployment, tmp_path):
    """Onboard the two_flavours sample with a new vnfdId through the
    CLI; that vnfdId."""
    vnfd_id = str(uuid.uuid4())
    csar = samples.build_csar('two_flavours', tmp_path / 'vnf.zip',
                              vnfd_id=vnfd_id)
    package = tacker_json(deployment, 'vnf', 'package', 'create')
    tacker(deployment, 'vnf', 'package', 'upload', package['ID'], '--path',
           str(csar), '--wait')
    return vnfd_id


def write_json(path, body):
    path.write_text(json.dumps(body))
    return str(path)


def test_package_instance_and_subscription_lifecycle(deployment, tmp_path,
                                                     consumer):
    vnfd_id = str(uuid.uuid4())
    csar = samples.build_csar('two_flavours', tmp_path / 'vnf.zip',
                              vnfd_id=vnfd_id)
    found = tacker_json(deployment, 'vnf', 'package', 'validate', str(csar))
    assert found['VNFD ID'] == vnfd_id
    assert 'worker_instance' in found['Flavours']['small']['scalingAspects']

    package = tacker_json(deployment, 'vnf', 'package', 'create',
                          '--user-data', 'team=cli')
    assert package['Onboarding State'] == 'CREATED'
    upload = tacker(deployment, 'vnf', 'package', 'upload', package['ID'],
                    '--path', str(csar), '--wait', '-f', 'json')
    onboarded = json.loads(upload.stdout)
    assert onboarded['Onboarding State'] == 'ONBOARDED'
    assert onboarded['User Defined Data'] == {'team': 'cli'}
    # Not a TTY: one plain progress line per state, ending ONBOARDED.
    assert upload.stderr.strip().splitlines()[-1].startswith(
        'VNF package %s: ONBOARDED' % package['ID'])
    listed = tacker_json(deployment, 'vnf', 'package', 'list', '--filter',
                         '(eq,onboardingState,ONBOARDED);(eq,vnfdId,%s)'
                         % vnfd_id)
    assert [row['Id'] for row in listed] == [package['ID']]

    instance = tacker_json(deployment, 'vnflcm', 'create',
                           onboarded['VNFD ID'], '--name', 'cli-vnf')
    vnf = instance['ID']
    assert instance['Instantiation State'] == 'NOT_INSTANTIATED'
    request = write_json(tmp_path / 'instantiate.json', {
        'flavourId': 'small', 'instantiationLevelId': 'instantiation_level_1',
        'vimConnectionInfo': NOOP_VIM})
    op = tacker_json(deployment, 'vnflcm', 'instantiate', vnf, request,
                     '--wait')
    assert (op['Operation'], op['Operation State']) == ('INSTANTIATE',
                                                        'COMPLETED')
    op = tacker_json(deployment, 'vnflcm', 'scale', vnf, '--type',
                     'SCALE_OUT', '--aspect-id', 'worker_instance', '--wait')
    assert (op['Operation'], op['Operation State']) == ('SCALE',
                                                        'COMPLETED')
    shown = tacker_json(deployment, 'vnflcm', 'show', vnf)
    assert shown['Instantiation State'] == 'INSTANTIATED'
    assert shown['VIM Connection Info'] == NOOP_VIM
    assert {status['aspectId']: status['scaleLevel'] for status in
            shown['Instantiated Vnf Info']['scaleStatus']}[
                'worker_instance'] == 1
    ops = tacker_json(deployment, 'vnflcm', 'op', 'list', '--filter',
                      '(eq,vnfInstanceId,%s)' % vnf)
    assert sorted(row['Operation'] for row in ops) == ['INSTANTIATE',
                                                       'SCALE']

    op = tacker_json(deployment, 'vnflcm', 'terminate', vnf, '--forceful',
                     '--D')
    assert (op['Operation'], op['Operation State']) == ('TERMINATE',
                                                        'COMPLETED')
    assert tacker_json(deployment, 'vnflcm', 'list', '--filter',
                       '(eq,id,%s)' % vnf) == []

    subscription = tacker_json(deployment, 'vnflcm', 'subsc', 'create',
                               write_json(tmp_path / 'subsc.json', {
                                   'callbackUri': consumer.url + '/lcm'}))
    assert [row['ID'] for row in tacker_json(
        deployment, 'vnflcm', 'subsc', 'list')] == [subscription['ID']]
    tacker(deployment, 'vnflcm', 'subsc', 'delete', subscription['ID'])


def test_failed_op_and_unknown_id_exit_1_with_problem_details(deployment,
                                                              tmp_path):
    vnfd_id = onboard(deployment, tmp_path)
    vnf = tacker_json(deployment, 'vnflcm', 'create', vnfd_id)['ID']
    request = write_json(tmp_path / 'instantiate.json', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
        'additionalParams': {'noop_fail': True}})
    failed = tacker(deployment, 'vnflcm', 'instantiate', vnf, request,
                    '--wait', status=1)
    error = failed.stderr.strip().splitlines()[-1]
    assert 'ended FAILED_TEMP' in error and 'noop_fail' in error, error
    op_id = error.split()[1]

    op = tacker_json(deployment, 'vnflcm', 'op', 'rollback', op_id, '--wait')
    assert op['Operation State'] == 'ROLLED_BACK'
    assert tacker_json(deployment, 'vnflcm', 'show', vnf)[
        'Instantiation State'] == 'NOT_INSTANTIATED'

    unknown = tacker(deployment, 'vnflcm', 'show', 'no-such-id', status=1)
    assert unknown.stdout == ''
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert unknown.stderr.startswith('Not Found: ')
    tacker(deployment, 'vnflcm', 'delete', vnf)


def test_vnflcm_commands_speak_v2_with_the_api_version_option(
        deployment, tmp_path, consumer):
    vnfd_id = onboard(deployment, tmp_path)
    v2 = ('--os-tacker-api-version', '2')
    vnf = tacker_json(deployment, *v2, 'vnflcm', 'create', vnfd_id)['ID']
    request = write_json(tmp_path / 'instantiate.json', {
        'flavourId': 'small', 'vimConnectionInfo': {
            'v1': {'vimType': 'noop'}}})

    op = tacker_json(deployment, *v2, 'vnflcm', 'instantiate', vnf,
                     request, '--wait')

    assert (op['Operation'], op['Operation State']) == ('INSTANTIATE',
                                                        'COMPLETED')
    shown = tacker_json(deployment, *v2, 'vnflcm', 'show', vnf)
    assert shown['VIM Connection Info'] == {'v1': {'vimType': 'noop'}}
    # The same instance through v1: the list of v2.6.1.
    assert tacker_json(deployment, 'vnflcm', 'show', vnf)[
        'VIM Connection Info'] == NOOP_VIM
    # The tasks only v2 serves, each followed to its end.
    op = tacker_json(deployment, *v2, 'vnflcm', 'scale-to-level', vnf,
                     '--instantiation-level-id', 'instantiation_level_2',
                     '--wait')
    assert (op['Operation'], op['Operation State']) == ('SCALE_TO_LEVEL',
                                                        'COMPLETED')
    op = tacker_json(deployment, *v2, 'vnflcm', 'change-flavour', vnf,
                     write_json(tmp_path / 'flavour.json',
                                {'newFlavourId': 'large'}), '--wait')
    assert (op['Operation'], op['Operation State']) == ('CHANGE_FLAVOUR',
                                                        'COMPLETED')
    (tmp_path / 'next').mkdir()
    next_vnfd_id = onboard(deployment, tmp_path / 'next')
    op = tacker_json(deployment, *v2, 'vnflcm', 'change-vnfpkg', vnf,
                     write_json(tmp_path / 'pkg.json', {
                         'vnfdId': next_vnfd_id, 'additionalParams': {
                             'vdu_params': [{'vdu_id': 'VDU1'}]}}),
                     '--wait')
    assert (op['Operation'], op['Operation State']) == ('CHANGE_VNFPKG',
                                                        'COMPLETED')
    assert tacker_json(deployment, *v2, 'vnflcm', 'show', vnf)[
        'VNFD ID'] == next_vnfd_id
    subscription = tacker_json(
        deployment, *v2, 'vnflcm', 'subsc', 'create', write_json(
            tmp_path / 'subsc.json', {'callbackUri': consumer.url + '/v2',
                                      'verbosity': 'SHORT'}))
    tacker(deployment, *v2, 'vnflcm', 'subsc', 'delete', subscription['ID'])
    op = tacker_json(deployment, *v2, 'vnflcm', 'terminate', vnf,
                     '--forceful', '--D')
    assert op['Operation State'] == 'COMPLETED'
    assert tacker_json(deployment, *v2, 'vnflcm', 'list', '--filter',
                       '(eq,id,%s)' % vnf) == []


def test_vnffm_alarm_is_listed_shown_and_acknowledged_and_subscribed_to(
        deployment, tmp_path, consumer):
    vnfd_id = onboard(deployment, tmp_path)
    v2 = ('--os-tacker-api-version', '2')
    instance = tacker_json(deployment, *v2, 'vnflcm', 'create', vnfd_id,
                           '--I', write_json(tmp_path / 'instantiate.json', {
                               'flavourId': 'small', 'vimConnectionInfo': {
                                   'v1': {'vimType': 'noop'}}}), '--wait')
    vnf = instance['ID']
    server = instance['Instantiated Vnf Info']['vnfcResourceInfo'][0][
        'computeResource']['resourceId']
    assert fm.post_alerts(deployment, fm.alert(vnf, server)).status_code \
        == 204

    [alarm] = tacker_json(deployment, *v2, 'vnffm', 'alarm', 'list',
                          '--filter', '(eq,managedObjectId,%s)' % vnf)
    assert alarm == {'ID': alarm['ID'], 'Managed Object Id': vnf,
                     'Ack State': 'UNACKNOWLEDGED',
                     'Event Type': 'EQUIPMENT_ALARM',
                     'Perceived Severity': 'CRITICAL',
                     'Probable Cause': 'health gauge dropped'}
    shown = tacker_json(deployment, *v2, 'vnffm', 'alarm', 'show',
                        alarm['ID'])
    assert shown['Root Cause Faulty Resource']['faultyResource'][
        'resourceId'] == server
    assert tacker_json(deployment, *v2, 'vnffm', 'alarm', 'update',
                       alarm['ID'], '--ack-state', 'ACKNOWLEDGED') == {
        'Ack State': 'ACKNOWLEDGED'}
    again = tacker(deployment, *v2, 'vnffm', 'alarm', 'update', alarm['ID'],
                   '--ack-state', 'ACKNOWLEDGED', status=1)
    assert again.stderr.startswith('Conflict: ')
    assert tacker_json(deployment, *v2, 'vnffm', 'alarm', 'show',
                       alarm['ID'])['Alarm Acknowledged Time']
    assert 'needs version 2' in tacker(deployment, 'vnffm', 'alarm', 'list',
                                       status=1).stderr

    created = tacker_json(deployment, *v2, 'vnffm', 'sub', 'create',
                          write_json(tmp_path / 'fm-sub.json', {
                              'callbackUri': consumer.url + '/fm-cli',
                              'filter': {'vnfInstanceSubscriptionFilter': {
                                  'vnfInstanceIds': [vnf]}}}))
    assert created['Callback Uri'] == consumer.url + '/fm-cli'
    assert {'ID': created['ID'], 'Callback Uri': consumer.url + '/fm-cli'} \
        in tacker_json(deployment, *v2, 'vnffm', 'sub', 'list')
    assert tacker_json(deployment, *v2, 'vnffm', 'sub', 'show',
                       created['ID']) == created
    tacker(deployment, *v2, 'vnffm', 'sub', 'delete', created['ID'])
    assert tacker_json(deployment, *v2, 'vnffm', 'sub', 'list', '--filter',
                       '(eq,id,%s)' % created['ID']) == []


def vim_config(path, sandbox, password):
    """A VIM config file as python-tackerclient users write it."""
    path.write_text('auth_url: %s\nusername: %s\npassword: %s\n'
                    'project_name: %s\nproject_domain_name: Default\n'
                    'user_domain_name: Default\ncert_verify: "True"\n' % (
                        sandbox.auth_url, sandbox.user, password,
                        sandbox.project))
    return str(path)


def test_vim_register_list_set_and_delete(deployment, tmp_path):
    with sandbox_lib.SandboxVim(tmp_path, password=VIM_PASSWORD) as sandbox:
        config = vim_config(tmp_path / 'vim.yaml', sandbox, VIM_PASSWORD)
        registered = tacker(deployment, 'vim', 'register', '--config-file',
                            config, '--description', 'the sandbox', 'lab',
                            '-f', 'json')
        vim = json.loads(registered.stdout)
        assert (vim['name'], vim['status'], vim['is_default'],
                vim['auth_url']) == ('lab', 'REACHABLE', False,
                                     sandbox.auth_url)
        assert vim['auth_cred']['password'] == '***'
        assert vim['vim_project'] == {'name': sandbox.project,
                                      'project_domain_name': 'Default'}

        assert tacker_json(deployment, 'vim', 'list') == [{
            'ID': vim['id'], 'Name': 'lab', 'Tenant_id': vim['project_id'],
            'Type': 'openstack', 'Is Default': False,
            'Status': 'REACHABLE'}]
        changed = tacker_json(deployment, 'vim', 'set', 'lab',
                              '--is-default', 'true')
        assert (changed['id'], changed['is_default']) == (vim['id'], True)

        wrong = tacker(deployment, 'vim', 'register', '--config-file',
                       vim_config(tmp_path / 'wrong.yaml', sandbox,
                                  'wrong-Pa55'), 'other', status=1)
        assert wrong.stdout == ''
        assert wrong.stderr == (
            'Bad Request: Keystone at %s refused the credentials (401).\n'
            % sandbox.auth_url)

        tacker(deployment, 'vim', 'delete', 'lab')
        assert tacker_json(deployment, 'vim', 'list') == []
        for done in (registered, wrong):
            assert VIM_PASSWORD not in done.stdout + done.stderr
            assert 'wrong-Pa55' not in done.stdout + done.stderr
