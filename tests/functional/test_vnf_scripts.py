"""The management scripts of a SOL VNF package (its VNFD's Vnflcm
interface, ``instantiate_start``...) run by the real conductor around
/vnflcm/v2 operations on the noop VIM."""
import json
import textwrap

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm_v2 as lcm_v2
from tests.functional import test_vnf_packages as pkgs
from tests.unit.drivers import test_vnf_script as scripts

HOOKS = ['instantiate_start', 'instantiate_end', 'terminate_start',
         'terminate_end']
# One script for the four hooks, as upstream Tacker's samples have it:
# it logs the hook, the instance and its state as it sees them to the
# file the request's additionalParams name, and instantiate_end fails
# while the flag file they name exists.
LOGGING = textwrap.dedent('''\
    import json, os, pickle, sys
    payload = pickle.load(sys.stdin.buffer)
    params = payload['request']['additionalParams']
    instance = payload['vnf_instance']
    with open(params['hook_log'], 'a') as log:
        log.write(json.dumps([payload['operation'], instance['id'],
                              instance['instantiationState'],
                              bool(payload['grant_response'])]) + '\\n')
    if payload['operation'] == 'instantiate_end' and \\
            os.path.exists(params.get('fail_flag', '')):
        sys.exit('instantiate_end: the VNF did not come up')
    ''')


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('vnf-scripts')) as deploy:
        yield deploy


@pytest.fixture
def vnf(deployment, tmp_path):
    """An instance (v2) of two_flavours whose small flavour declares the
    four ``HOOKS``."""
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours',
                           mutate=scripts.declare_scripts(HOOKS, LOGGING))[
        'vnfdId']
    return lcm_v2.new_instance(deployment, vnfd_id)


def instantiate_body(log, **params):
    return {'flavourId': 'small', 'vimConnectionInfo': lcm_v2.NOOP_VIM,
            'additionalParams': dict(params, hook_log=str(log))}


def terminate_body(log):
    return {'terminationType': 'FORCEFUL',
            'additionalParams': {'hook_log': str(log)}}


def logged(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_scripts_run_around_instantiate_and_terminate(deployment, vnf,
                                                      tmp_path):
    log = tmp_path / 'hooks.log'

    lcm_v2.run(deployment, vnf, 'instantiate', instantiate_body(log))
    lcm_v2.run(deployment, vnf, 'terminate', terminate_body(log))

    # Each sees the instance as the step finds it (_start) or leaves it
    # (_end), and the step's grant.
    assert logged(log) == [
        ['instantiate_start', vnf, 'NOT_INSTANTIATED', True],
        ['instantiate_end', vnf, 'INSTANTIATED', True],
        ['terminate_start', vnf, 'INSTANTIATED', True],
        ['terminate_end', vnf, 'NOT_INSTANTIATED', True]]


def test_a_failed_script_fails_the_step_and_a_retry_runs_it_again(
        deployment, vnf, tmp_path):
    log, flag = tmp_path / 'hooks.log', tmp_path / 'not-ready'
    flag.touch()

    op = lcm_v2.run(deployment, vnf, 'instantiate',
                    instantiate_body(log, fail_flag=str(flag)),
                    state='FAILED_TEMP')

    assert op['error']['status'] == 409
    detail = op['error']['detail']
    assert detail.startswith(f'instantiate_end script {scripts.SCRIPT}: '
                             'exited with status 1: ')
    assert 'the VNF did not come up' in detail
    assert lcm_v2.instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'

    flag.unlink()
    retried = lcm_v2.v2(deployment, 'POST',
                        '/vnf_lcm_op_occs/%s/retry' % op['id'])
    assert retried.status_code == 202, retried.text
    lcm_v2.wait(deployment, op['id'], 'COMPLETED',
                after=op['stateEnteredTime'])

    assert [entry[:3] for entry in logged(log)] == [
        ['instantiate_start', vnf, 'NOT_INSTANTIATED'],
        ['instantiate_end', vnf, 'INSTANTIATED'],
        ['instantiate_start', vnf, 'NOT_INSTANTIATED'],
        ['instantiate_end', vnf, 'INSTANTIATED']]
    assert lcm_v2.instance(deployment, vnf)['instantiationState'] == \
        'INSTANTIATED'
    lcm_v2.run(deployment, vnf, 'terminate', terminate_body(log))


def test_a_rollback_runs_no_script(deployment, vnf, tmp_path):
    log, flag = tmp_path / 'hooks.log', tmp_path / 'not-ready'
    flag.touch()
    op = lcm_v2.run(deployment, vnf, 'instantiate',
                    instantiate_body(log, fail_flag=str(flag)),
                    state='FAILED_TEMP')

    rolled = lcm_v2.v2(deployment, 'POST',
                       '/vnf_lcm_op_occs/%s/rollback' % op['id'])
    assert rolled.status_code == 202, rolled.text
    lcm_v2.wait(deployment, op['id'], 'ROLLED_BACK',
                after=op['stateEnteredTime'])

    assert [entry[0] for entry in logged(log)] == [
        'instantiate_start', 'instantiate_end']
