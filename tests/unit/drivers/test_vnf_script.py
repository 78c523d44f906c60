"""The ``vnf_script`` mgmt driver: the management scripts a SOL VNFD
declares in its VNF node's Vnflcm interface, found at onboarding and run
out of process."""
import pickle
import types

import pytest

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import lcm_scripts
from tacker.common import states
from tacker.common import vnfd
from tacker.drivers.infra import base as infra_base
from tacker.drivers import mgmt
from tacker.drivers.mgmt import vnf_script
from tests import packages

ARTIFACT = 'hooks'
SCRIPT = 'Scripts/hooks.py'
# Writes what it got (pickled) beside itself, and exits as told.
ECHO = '''\
import os, pickle, sys
payload = pickle.load(sys.stdin.buffer)
print('noise on stdout')
with open(os.path.join(os.path.dirname(__file__), 'got'), 'wb') as out:
    pickle.dump(payload, out)
sys.stderr.write(payload['request'].get('say', ''))
sys.exit(payload['request'].get('exit_status', 0))
'''


def declare_scripts(hooks, text, flavour='small', file='../' + SCRIPT):
    """A ``mutate`` of two_flavours whose ``flavour`` VNF node implements
    each Vnflcm operation of ``hooks`` with the Python artifact ``hooks``
    (``file``, relative to the flavour's file), which holds ``text``; one
    script for all, as upstream Tacker's samples have it."""
    operations = ''.join(f'          {hook}:\n'
                         f'            implementation: {ARTIFACT}\n'
                         for hook in hooks)
    declared = packages.replace_text(
        f'Definitions/two_flavours_df_{flavour}.yaml',
        '          terminate: []\n',
        f'          terminate: []\n{operations}'
        f'      artifacts:\n'
        f'        {ARTIFACT}:\n'
        f'          type: tosca.artifacts.Implementation.Python\n'
        f'          file: {file}\n')

    def mutate(package):
        declared(package)
        (package / SCRIPT).write_text(text)
    return mutate


def parsed(tmp_path, mutate):
    zip_path = packages.build_csar('two_flavours', tmp_path / 'p.zip',
                                   mutate=mutate)
    root = tmp_path / 'p'
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    return root, vnfd.parse(csar.load(root), packages.SOL001_DIR)


@pytest.fixture(scope='module')
def package(tmp_path_factory):
    """two_flavours whose small flavour runs ``ECHO`` at instantiate's
    start and end: (its folder, its VNFD)."""
    return parsed(tmp_path_factory.mktemp('package'), declare_scripts(
        ['instantiate_start', 'instantiate_end'], ECHO))


def driver(timeout=30):
    return vnf_script.VnfScriptDriver(types.SimpleNamespace(
        vnf_lcm=types.SimpleNamespace(mgmt_script_timeout=timeout)))


def flavour(package, flavour_id='small'):
    return dict(package[1]['flavours'][flavour_id], flavour_id=flavour_id)


def run(package, hook='instantiate_start', timeout=30, **request):
    return driver(timeout).run_lcm_script(
        str(package[0]), flavour(package), hook,
        {'operation': hook, 'request': request})


def got(package):
    with open(package[0] / 'Scripts' / 'got', 'rb') as stream:
        return pickle.load(stream)


def test_the_vnfd_names_each_declared_hooks_script(package):
    assert flavour(package)['lcm_scripts'] == {
        'instantiate_start': SCRIPT, 'instantiate_end': SCRIPT}
    # The other flavour declares none; nor do operations left empty.
    assert 'lcm_scripts' not in flavour(package, 'large')
    assert lcm_scripts.script(flavour(package), 'instantiate') is None


def test_a_script_outside_the_package_is_refused_at_onboarding(tmp_path):
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        parsed(tmp_path, declare_scripts(['terminate_end'], ECHO,
                                         file='../../hooks.py'))
    assert 'VNF terminate_end: script ../../hooks.py points outside' in \
        caught.value.detail


def test_a_missing_script_is_refused_at_onboarding(tmp_path):
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        parsed(tmp_path, declare_scripts(['heal_start'], ECHO,
                                         file='../Scripts/gone.py'))
    assert 'script Scripts/gone.py is not in the package' in \
        caught.value.detail


def test_hook_names_follow_sol001s_vnflcm_interface():
    assert [lcm_scripts.hook(operation, phase) for operation, phase in (
        (states.INSTANTIATE, lcm_scripts.START),
        (states.TERMINATE, lcm_scripts.END),
        (states.SCALE, lcm_scripts.START), (states.HEAL, lcm_scripts.END),
        (states.CHANGE_EXT_CONN, lcm_scripts.START))] == [
        'instantiate_start', 'terminate_end', 'scale_start', 'heal_end',
        'change_external_connectivity_start']


def test_stevedore_finds_the_driver_by_its_name():
    assert isinstance(mgmt.load(lcm_scripts.DRIVER, driver().conf),
                      vnf_script.VnfScriptDriver)


def test_the_script_gets_the_payload_pickled_in_the_package(package):
    assert run(package, hook='instantiate_end', say='fine') is True
    assert got(package) == {'operation': 'instantiate_end',
                            'request': {'say': 'fine'}}


def test_an_undeclared_hook_runs_nothing(package):
    assert run(package, hook='terminate_start') is False


def test_a_failing_script_fails_naming_it_its_status_and_stderr(package):
    with pytest.raises(exceptions.LcmScriptFailed) as caught:
        run(package, exit_status=4, say='VNF not ready')
    assert caught.value.detail.startswith(
        f'instantiate_start script {SCRIPT}: exited with status 4: ')
    assert 'VNF not ready' in caught.value.detail
    assert caught.value.to_problem_details()['status'] == 409


def test_a_crashing_script_fails_naming_it(tmp_path):
    package = parsed(tmp_path, declare_scripts(
        ['scale_end'], 'import os, signal\n'
        'os.kill(os.getpid(), signal.SIGSEGV)\n'))
    with pytest.raises(exceptions.LcmScriptFailed) as caught:
        run(package, hook='scale_end')
    assert caught.value.detail.startswith(
        f'scale_end script {SCRIPT}: exited with status -11')


def test_a_script_that_hangs_is_killed_at_the_timeout(tmp_path):
    package = parsed(tmp_path, declare_scripts(
        ['terminate_start'], 'import time\nwhile True:\n    time.sleep(1)\n'))
    with pytest.raises(exceptions.LcmScriptFailed) as caught:
        run(package, hook='terminate_start', timeout=1)
    assert caught.value.detail == (f'terminate_start script {SCRIPT}: '
                                   'timed out after 1 s')


def test_the_payload_has_upstreams_keys_and_no_vim_secrets():
    instance = {
        'id': 'vnf-1', 'vnf_instance_name': 'v', 'api_version': '2',
        'vnf_instance_description': None, 'vnfd_id': 'd',
        'vnf_provider': 'p', 'vnf_product_name': 'n',
        'vnf_software_version': '1', 'vnfd_version': '1',
        'vnf_pkg_id': 'pkg', 'instantiation_state': 'INSTANTIATED',
        'metadata': {'m': 1}, 'extensions': None,
        'vnf_configurable_properties': None,
        'vim_connection_info': [{'id': 'vim1', 'vimType': 'noop',
                                 'accessInfo': {'password': 'secret'}}],
        'instantiated_vnf_info': {'flavourId': 'small',
                                  'virtualLinkResourceInfo': []}}
    request = infra_base.LcmRequest(
        operation=states.INSTANTIATE, instance_id='vnf-1',
        flavour={'flavour_id': 'small'}, package_dir='/pkg',
        params={'flavourId': 'small', 'additionalParams': {'sealed': 1},
                'vimConnectionInfo': instance['vim_connection_info']},
        additional_params={'plain': 1})
    payload = lcm_scripts.payload('instantiate_end', request, instance, {
        'grant_request': {'vnfInstanceId': 'vnf-1'},
        'grant': {'id': 'g', 'vimConnections': [
            {'id': 'v', 'accessInfo': {'password': 'secret'}}]}})
    assert sorted(payload) == ['grant_request', 'grant_response',
                               'operation', 'request', 'tmp_csar_dir',
                               'vnf_instance']
    assert 'secret' not in repr(payload)
    assert payload['request']['additionalParams'] == {'plain': 1}
    assert payload['request']['vimConnectionInfo'] == {
        'vim1': {'vimType': 'noop', 'accessInfo': {}}}
    shown = payload['vnf_instance']
    assert (shown['id'], shown['instantiationState'], shown['metadata']) == (
        'vnf-1', 'INSTANTIATED', {'m': 1})
    assert 'vnfVirtualLinkResourceInfo' in shown['instantiatedVnfInfo']
    assert payload['tmp_csar_dir'] == '/pkg'
    assert lcm_scripts.payload('terminate_start', request, instance, None)[
        'grant_response'] is None


def test_no_legacy_vdu_may_name_the_driver():
    with pytest.raises(ValueError, match='configures no legacy VDU'):
        driver().validate_config(None)
