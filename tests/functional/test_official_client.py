"""The official python-tackerclient 2.x (the OpenStackClient plugin, from
PyPI) drives /vnflcm/v2, /vnffm/v1 and /vnfpm/v2 unchanged: ``openstack
--os-tacker-api-version 2 vnflcm ...``, ``... vnffm ...`` and ``...
vnfpm ...`` against the real server and conductor with the noop driver.

The client lives in a virtualenv of its own: our ``tackerclient`` package
has the official one's name. With ``--os-auth-type none`` keystoneauth
sends every request to ``--os-endpoint``, no catalog asked.
"""
import fcntl
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_fm as fm
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_v2 as lcm_v2
from tests.functional import test_vnf_packages as pkgs
from tests.functional import test_vnf_pm as pm
from tests import packages as samples

CLIENT = ('python-tackerclient>=2,<3', 'python-openstackclient')
NOOP_VIM = {'vim-noop': {'vimType': 'noop'}}


# The client virtualenvs, kept with the virtualenv running the tests
# (which survives between runs of a checkout): one directory per name, a
# virtualenv in it per set of requirements and interpreter.
CLIENT_VENVS = pathlib.Path(sys.prefix) / 'tacker-test-clients'
# Written last into a complete virtualenv.
COMPLETE = 'tacker-test-complete'


def client_venv(name, requirements):
    """The ``openstack`` command of a virtualenv ``name`` with
    ``requirements`` installed from PyPI: made once, then reused by every
    test run until the requirements (or the interpreter) change. Its
    releases stay those picked when it was made; removing CLIENT_VENVS
    picks them anew.

    Processes of other test runs wait for the one that makes it.
    """
    key = hashlib.sha256(json.dumps(
        [sys.version, *requirements]).encode()).hexdigest()[:16]
    home = CLIENT_VENVS / name
    home.mkdir(parents=True, exist_ok=True)
    venv = home / key
    openstack = venv / 'bin' / 'openstack'
    with open(home / 'lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / COMPLETE).exists() and subprocess.run(
                [str(openstack), '--version'],
                capture_output=True).returncode == 0:
            return openstack
        for stale in home.iterdir():
            if stale.is_dir():
                shutil.rmtree(stale)
        # The tests' pip installs into it: no pip of its own to set up.
        deployment_lib.run_step([sys.executable, '-m', 'venv',
                                 '--without-pip', str(venv)])
        result = subprocess.run(
            [sys.executable, '-m', 'pip', '--python',
             str(venv / 'bin' / 'python'), 'install', '-q', '--no-compile',
             *requirements], capture_output=True, text=True)
        if result.returncode:
            pytest.fail('pip could not install %s from PyPI (is it '
                        'reachable?):\n%s' % (' '.join(requirements),
                                              result.stderr),
                        pytrace=False)
        # Compiled on both cores, once: the commands need not compile
        # (nor, with PYTHONDONTWRITEBYTECODE, compile again) each run.
        deployment_lib.run_step([str(venv / 'bin' / 'python'), '-m',
                                 'compileall', '-q', '-j', '0',
                                 str(venv / 'lib')])
        (venv / COMPLETE).touch()
    return openstack


@pytest.fixture(scope='session')
def openstack():
    """The ``openstack`` command of a virtualenv with the official client,
    installed from PyPI (see client_venv)."""
    return client_venv('official-client', CLIENT)


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('official-client')) as deploy:
        yield deploy


@pytest.fixture(scope='module')
def cli(openstack, deployment):
    """``cli(*args)``: the output of ``openstack *args`` (API version 2
    unless ``api`` says otherwise), parsed with ``-f json`` in ``args``.

    :raises AssertionError: the command failed; its stderr says why.
    """
    env = {name: value for name, value in os.environ.items()
           if not name.startswith('OS_')}

    def run(*args, api='2', check=True):
        result = subprocess.run(
            [str(openstack), '--os-auth-type', 'none', '--os-endpoint',
             deployment.url, '--os-tacker-api-version', api, *args],
            capture_output=True, text=True, env=env, timeout=120)
        if not check:
            return result
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout) if '-f' in args else result.stdout
    return run


@pytest.fixture(scope='module')
def vnfd_id(cli, deployment, tmp_path_factory):
    """A package onboarded with ``openstack vnf package create/upload``
    (the v1 commands: version 2 has no package commands)."""
    package = cli('vnf', 'package', 'create', '-f', 'json', api='1')['ID']
    csar = samples.build_csar('two_flavours', tmp_path_factory.mktemp(
        'csar') / 'vnf.zip')
    assert 'accepted' in cli('vnf', 'package', 'upload', '--path',
                             str(csar), package, api='1')
    pkgs.wait_onboarding_ends(deployment, package)
    info = cli('vnf', 'package', 'show', package, '-f', 'json', api='1')
    assert info['Onboarding State'] == 'ONBOARDED', info
    return info['VNFD ID']


def new_instance(cli, vnfd_id):
    created = cli('vnflcm', 'create', vnfd_id, '--name', 'official', '-f',
                  'json')
    assert created['Instantiation State'] == 'NOT_INSTANTIATED'
    return created['ID']


def op_ids(deployment, vnf):
    """The ids of the occurrences of ``vnf``, through the API (quicker than
    a command)."""
    return {op['id'] for op in lcm_v2.v2(
        deployment, 'GET', '/vnf_lcm_op_occs?filter=(eq,vnfInstanceId,%s)'
        % vnf).json()}


def task(cli, deployment, vnf, *args, state='COMPLETED'):
    """Run ``openstack vnflcm ARGS`` (a task of ``vnf``); the occurrence it
    started, as ``vnflcm op show`` shows it once ``state``."""
    before = op_ids(deployment, vnf)
    cli('vnflcm', *args)
    [op_id] = op_ids(deployment, vnf) - before
    lcm_v2.wait(deployment, op_id, state)
    op = cli('vnflcm', 'op', 'show', op_id, '-f', 'json')
    assert op['Operation State'] == state, op
    return op


def request_file(tmp_path, name, body):
    path = tmp_path / ('%s.json' % name)
    path.write_text(json.dumps(body))
    return str(path)


def test_a_whole_lifecycle_through_the_official_client(
        cli, deployment, vnfd_id, tmp_path):
    vnf = new_instance(cli, vnfd_id)
    listed = cli('vnflcm', 'list', '-f', 'json')
    assert vnf in {item['ID'] for item in listed}

    task(cli, deployment, vnf, 'instantiate', vnf, request_file(
        tmp_path, 'instantiate', {
            'flavourId': 'small', 'instantiationLevelId':
            'instantiation_level_1', 'vimConnectionInfo': NOOP_VIM}))
    info = cli('vnflcm', 'show', vnf, '-f', 'json')
    assert info['Instantiation State'] == 'INSTANTIATED'
    assert info['VIM Connection Info'] == NOOP_VIM
    task(cli, deployment, vnf, 'scale', vnf, '--type', 'SCALE_OUT',
         '--aspect-id', 'worker_instance')
    info = cli('vnflcm', 'show', vnf, '-f', 'json')
    assert lcm.vnfc_count({'instantiatedVnfInfo': info[
        'Instantiated Vnf Info']}, 'VDU1') == 2
    task(cli, deployment, vnf, 'scale', vnf, '--type', 'SCALE_IN',
         '--aspect-id', 'worker_instance', '--number-of-steps', '1')
    # As upstream's v2 guide has it: the VNFC's vnfcInfo id.
    vnfc = cli('vnflcm', 'show', vnf, '-f', 'json')[
        'Instantiated Vnf Info']['vnfcInfo'][0]['id']
    task(cli, deployment, vnf, 'heal', vnf, '--cause', 'test',
         '--vnfc-instance', vnfc)
    new = lcm_v2.onboard_version(deployment, tmp_path, 'two_flavours', 'v2')
    task(cli, deployment, vnf, 'change-vnfpkg', vnf, request_file(
        tmp_path, 'change', {'vnfdId': new['vnfdId'], 'additionalParams': {
            'upgrade_type': 'RollingUpdate',
            'vdu_params': [{'vdu_id': 'VDU1'}]}}))
    assert cli('vnflcm', 'show', vnf, '-f', 'json')['VNFD ID'] == \
        new['vnfdId']
    task(cli, deployment, vnf, 'update', vnf, '--I', request_file(
        tmp_path, 'update', {'vnfInstanceName': 'renamed'}))
    assert cli('vnflcm', 'show', vnf, '-f', 'json')[
        'VNF Instance Name'] == 'renamed'
    task(cli, deployment, vnf, 'terminate', vnf, '--termination-type',
         'FORCEFUL')

    listed = cli('vnflcm', 'op', 'list', '--filter',
                 '(eq,vnfInstanceId,%s)' % vnf, '-f', 'json')
    assert sorted(op['Operation'] for op in listed) == [
        'CHANGE_VNFPKG', 'HEAL', 'INSTANTIATE', 'MODIFY_INFO', 'SCALE',
        'SCALE', 'TERMINATE']
    assert 'deleted successfully' in cli('vnflcm', 'delete', vnf)
    gone = cli('vnflcm', 'show', vnf, check=False)
    assert gone.returncode == 1 and 'does not exist' in gone.stderr


def test_a_failed_operation_is_retried_rolled_back_and_failed(
        cli, deployment, vnfd_id, tmp_path):
    vnf = new_instance(cli, vnfd_id)
    failing = request_file(tmp_path, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
        'additionalParams': {'noop_fail': True}})
    op = task(cli, deployment, vnf, 'instantiate', vnf, failing,
              state='FAILED_TEMP')
    assert op['Error']['detail'] == 'noop driver failed as asked (noop_fail)'

    assert 'accepted' in cli('vnflcm', 'op', 'retry', op['ID'])
    lcm.wait_op(deployment, op['ID'], ('FAILED_TEMP',),
                after=op['State Entered Time'])
    assert 'accepted' in cli('vnflcm', 'op', 'rollback', op['ID'])
    lcm.wait_op(deployment, op['ID'], ('ROLLED_BACK',))

    op = task(cli, deployment, vnf, 'instantiate', vnf, failing,
              state='FAILED_TEMP')
    failed = cli('vnflcm', 'op', 'fail', op['ID'], '-f', 'json')
    assert failed['Operation State'] == 'FAILED'


def test_subscriptions_are_created_listed_shown_and_deleted(
        cli, consumer, vnfd_id, tmp_path):
    vnf = new_instance(cli, vnfd_id)
    created = cli('vnflcm', 'subsc', 'create', request_file(
        tmp_path, 'subscription', {
            'callbackUri': consumer.url + '/official',
            'filter': {'vnfInstanceSubscriptionFilter': {
                'vnfInstanceIds': [vnf]}}}), '-f', 'json')
    assert created['Callback URI'] == consumer.url + '/official'

    listed = cli('vnflcm', 'subsc', 'list', '-f', 'json')
    assert created['ID'] in {item['ID'] for item in listed}
    assert cli('vnflcm', 'subsc', 'show', created['ID'], '-f',
               'json') == created
    assert 'deleted successfully' in cli('vnflcm', 'subsc', 'delete',
                                         created['ID'])
    assert created['ID'] not in {
        item['ID'] for item in cli('vnflcm', 'subsc', 'list', '-f', 'json')}


def test_alarms_and_fm_subscriptions_through_the_official_client(
        cli, deployment, consumer, vnfd_id, tmp_path):
    vnf = new_instance(cli, vnfd_id)
    task(cli, deployment, vnf, 'instantiate', vnf, request_file(
        tmp_path, 'instantiate', {'flavourId': 'small',
                                  'vimConnectionInfo': NOOP_VIM}))
    server = cli('vnflcm', 'show', vnf, '-f', 'json')[
        'Instantiated Vnf Info']['vnfcResourceInfo'][0]['computeResource'][
            'resourceId']
    assert fm.post_alerts(deployment, fm.alert(vnf, server)).status_code \
        == 204

    [alarm] = cli('vnffm', 'alarm', 'list', '--filter',
                  '(eq,managedObjectId,%s)' % vnf, '-f', 'json')
    assert alarm == {'ID': alarm['ID'], 'Managed Object Id': vnf,
                     'Ack State': 'UNACKNOWLEDGED',
                     'Event Type': 'EQUIPMENT_ALARM',
                     'Perceived Severity': 'CRITICAL',
                     'Probable Cause': 'health gauge dropped'}
    shown = cli('vnffm', 'alarm', 'show', alarm['ID'], '-f', 'json')
    assert shown['Root Cause Faulty Resource']['faultyResource'][
        'resourceId'] == server
    assert cli('vnffm', 'alarm', 'update', alarm['ID'], '--ack-state',
               'ACKNOWLEDGED', '-f', 'json') == {'Ack State': 'ACKNOWLEDGED'}
    assert cli('vnffm', 'alarm', 'show', alarm['ID'], '-f', 'json')[
        'Ack State'] == 'ACKNOWLEDGED'

    created = cli('vnffm', 'sub', 'create', request_file(
        tmp_path, 'fm-subscription', {
            'callbackUri': consumer.url + '/official-fm',
            'filter': {'vnfInstanceSubscriptionFilter': {
                'vnfInstanceIds': [vnf]}}}), '-f', 'json')
    assert created['Callback Uri'] == consumer.url + '/official-fm'
    assert {'ID': created['ID'], 'Callback Uri': created['Callback Uri']} \
        in cli('vnffm', 'sub', 'list', '-f', 'json')
    assert cli('vnffm', 'sub', 'show', created['ID'], '-f',
               'json') == created
    assert 'deleted successfully' in cli('vnffm', 'sub', 'delete',
                                         created['ID'])
    assert created['ID'] not in {
        item['ID'] for item in cli('vnffm', 'sub', 'list', '-f', 'json')}


def test_pm_jobs_reports_and_thresholds_through_the_official_client(
        cli, deployment, consumer, vnfd_id, tmp_path):
    vnf = new_instance(cli, vnfd_id)
    task(cli, deployment, vnf, 'instantiate', vnf, request_file(
        tmp_path, 'instantiate', {'flavourId': 'small',
                                  'vimConnectionInfo': NOOP_VIM}))
    job = cli('vnfpm', 'job', 'create', request_file(
        tmp_path, 'pm-job', pm.job_request(vnf, consumer)), '-f', 'json')
    assert (job['Object Type'], job['Callback Uri']) == (
        'Vnf', consumer.url + '/job')
    # Its job list says Id, its threshold list ID.
    assert job['ID'] in {item['Id'] for item in cli(
        'vnfpm', 'job', 'list', '-f', 'json')}
    assert cli('vnfpm', 'job', 'update', job['ID'], request_file(
        tmp_path, 'pm-job-update', {'callbackUri': consumer.url + '/moved'}),
        '-f', 'json')['Callback Uri'] == consumer.url + '/moved'
    pm.post(deployment, '/pm_event', pm.measurement(
        'vnfpm', {'job_id': job['ID']}, vnf, 12.5))
    consumer.wait_for(lambda received: received or None)
    [report] = cli('vnfpm', 'job', 'show', job['ID'], '-f', 'json')[
        'Reports']
    shown = cli('vnfpm', 'report', 'show', job['ID'],
                report['href'].rsplit('/', 1)[1], '-f', 'json')
    [entry] = shown['Entries']
    assert (entry['objectInstanceId'], entry['performanceValues'][0][
        'value']) == (vnf, 12.5)
    assert 'deleted successfully' in cli('vnfpm', 'job', 'delete',
                                         job['ID'])

    threshold = cli('vnfpm', 'threshold', 'create', request_file(
        tmp_path, 'threshold', pm.threshold_request(vnf, consumer)),
        '-f', 'json')
    assert threshold['Object Instance Id'] == vnf
    assert threshold['ID'] in {item['ID'] for item in cli(
        'vnfpm', 'threshold', 'list', '-f', 'json')}
    assert cli('vnfpm', 'threshold', 'show', threshold['ID'], '-f',
               'json')['Criteria']['thresholdType'] == 'SIMPLE'
    assert cli('vnfpm', 'threshold', 'update', threshold['ID'],
               request_file(tmp_path, 'threshold-update', {
                   'callbackUri': consumer.url + '/moved'}), '-f', 'json')[
        'Callback Uri'] == consumer.url + '/moved'
    assert 'deleted successfully' in cli('vnfpm', 'threshold', 'delete',
                                         threshold['ID'])
