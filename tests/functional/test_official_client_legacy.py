"""The official python-tackerclient 1.x, the last series with the legacy
commands, drives /v1.0 unchanged: ``openstack vim ...``, ``vnf
descriptor ...``, ``vnf ...``, ``nfv event ...`` and ``ns [descriptor]
...`` against the real server and conductor on the sandbox OpenStack.

Its venv pins what 1.14.0 runs with (2023.1's releases): osc-lib 3.x
refuses its plain-function column formatters and cliff 4.3+ its shell,
and PyYAML 6 its ``yaml.load`` without a Loader (``vnf descriptor
create/show``); PyYAML 5.4 builds on no Cython 3, 5.3.1 builds.
"""
import copy
import functools
import json
import time

import pytest
import yaml

from tests.functional import test_legacy_vnfm as legacy_vnfm
from tests.functional import test_official_client as official
from tests.functional import test_vims as vims

CLIENT = ('python-tackerclient>=1,<2', 'python-openstackclient<6.3',
          'osc-lib<2.8', 'cliff<4.3', 'PyYAML<5.4')

# The legacy VNFM tests' sandbox, address pool and deployment (its default
# VIM registered: legacy_deployment's, shared with them), and the official
# client tests' ``cli`` on this module's ``openstack``.
pool = legacy_vnfm.pool
sandbox = legacy_vnfm.sandbox
deployment = legacy_vnfm.deployment
cli = official.cli


@pytest.fixture(scope='session')
def openstack():
    """The ``openstack`` command of a virtualenv with the official 1.x
    client, installed from PyPI (see client_venv)."""
    return official.client_venv('official-client-1', CLIENT)


@pytest.fixture(scope='module')
def legacy(cli):
    """``cli`` with API version 1, where the legacy commands are."""
    return functools.partial(cli, api='1')


def write(tmp_path, name, document):
    path = tmp_path / ('%s.yaml' % name)
    path.write_text(yaml.safe_dump(document))
    return str(path)


@pytest.fixture(scope='module')
def status_of(legacy, deployment):
    """``status_of(KIND, NAME, *states)``: ``openstack KIND show NAME``
    (``vnf``, ``ns``; a name or an id) once its status is one of
    ``states``, waited for through the API (quicker than commands); None:
    it is gone."""
    def wait(kind, name, *states, timeout=90):
        path = {'vnf': legacy_vnfm.VNFS, 'ns': legacy_vnfm.NSS}[kind]
        deadline = time.monotonic() + timeout
        while True:
            found = [each for each in deployment.get(path).json()[
                kind + 's'] if name in (each['id'], each['name'])]
            if (found[0]['status'] if found else None) in states:
                break
            assert time.monotonic() < deadline, found
            time.sleep(0.2)
        result = legacy(kind, 'show', name, '-f', 'json', check=False)
        if result.returncode:
            assert 'Unable to find %s' % kind in result.stderr, \
                result.stderr
        shown = json.loads(result.stdout) if result.returncode == 0 \
            else None
        assert (shown['status'] if shown else None) in states, shown
        return shown
    return wait


def events(legacy, resource_id):
    return [(event['Event Type'], event['Resource State'])
            for event in legacy('nfv', 'event', 'list', '--resource-id',
                                resource_id, '-f', 'json')]


def test_a_vim_is_registered_listed_shown_and_deleted(
        legacy, sandbox, tmp_path):
    config = write(tmp_path, 'vim', {
        'auth_url': sandbox.auth_url, 'username': sandbox.user,
        'password': vims.PASSWORD, 'project_name': sandbox.project,
        'project_domain_name': 'Default', 'user_domain_name': 'Default'})
    vim = legacy('vim', 'register', '--config-file', config,
                 '--description', 'by the 1.x client', 'vim-official',
                 '-f', 'json')
    assert (vim['name'], vim['type'], vim['status'], vim['is_default']) \
        == ('vim-official', 'openstack', 'REACHABLE', False)
    assert json.loads(vim['auth_cred'])['password'] == '***'
    assert {'ID': vim['id'], 'Name': 'vim-official',
            'Tenant_id': vim['project_id'], 'Type': 'openstack',
            'Is Default': False, 'Status': 'REACHABLE'} in legacy(
        'vim', 'list', '-f', 'json')
    assert legacy('vim', 'show', vim['id'], '-f', 'json') == vim
    assert 'deleted successfully' in legacy('vim', 'delete',
                                            'vim-official')
    assert vim['id'] not in {each['ID'] for each in legacy(
        'vim', 'list', '-f', 'json')}


def test_a_vnfd_is_created_listed_shown_and_deleted(legacy, tmp_path):
    created = legacy('vnf', 'descriptor', 'create', '--vnfd-file',
                     write(tmp_path, 'vnfd', legacy_vnfm.VNFD),
                     '--description', 'sample', 'vnfd-official',
                     '-f', 'json')
    assert (created['name'], created['description'],
            created['template_source']) == ('vnfd-official', 'sample',
                                            'onboarded')
    assert json.loads(created['attributes']) == {'vnfd': legacy_vnfm.VNFD}
    assert {'ID': created['id'], 'Name': 'vnfd-official',
            'Template_Source': 'onboarded', 'Description': 'sample'} in \
        legacy('vnf', 'descriptor', 'list', '-f', 'json')
    for name_or_id in ('vnfd-official', created['id']):
        assert legacy('vnf', 'descriptor', 'show', name_or_id, '-f',
                      'json') == created

    assert 'deleted successfully' in legacy('vnf', 'descriptor', 'delete',
                                            'vnfd-official')
    gone = legacy('vnf', 'descriptor', 'show', 'vnfd-official', check=False)
    assert gone.returncode == 1 and 'Unable to find vnfd' in gone.stderr
    assert events(legacy, created['id']) == [('CREATE', 'OnBoarded'),
                                             ('DELETE', 'OnBoarded')]


def test_a_vnf_is_created_updated_scaled_and_deleted_on_the_sandbox(
        legacy, status_of, pool, tmp_path):
    vnfd = legacy('vnf', 'descriptor', 'create', '--vnfd-file',
                  write(tmp_path, 'vnfd', legacy_vnfm.VNFD), 'vnfd-scaled',
                  '-f', 'json')
    created = legacy('vnf', 'create', '--vnfd-name', 'vnfd-scaled',
                     'vnf-official', '-f', 'json')
    assert (created['name'], created['vnfd_id'], created['status']) == (
        'vnf-official', vnfd['id'], 'PENDING_CREATE')
    assert created['id'] in {each['ID'] for each in legacy(
        'vnf', 'list', '-f', 'json')}
    vnf = status_of('vnf', 'vnf-official', 'ACTIVE', 'ERROR')
    assert vnf['status'] == 'ACTIVE', vnf['error_reason']
    assert json.loads(vnf['mgmt_ip_address'])['VDU1'].startswith(
        pool.rsplit('.', 1)[0] + '.')
    [listed] = [each for each in legacy('vnf', 'list', '-f', 'json')
                if each['ID'] == vnf['id']]
    assert listed == {'ID': vnf['id'], 'Name': 'vnf-official',
                      'Mgmt Ip Address': vnf['mgmt_ip_address'],
                      'Status': 'ACTIVE', 'VIM ID': vnf['vim_id'],
                      'VNFD ID': vnfd['id']}

    # The noop mgmt driver takes any config.
    updated = legacy('vnf', 'set', '--config-file', write(
        tmp_path, 'config', {'vdus': {'VDU1': {'config': {'x': 'y'}}}}),
        'vnf-official', '-f', 'json')
    assert updated['status'] == 'PENDING_UPDATE'
    assert status_of('vnf', 'vnf-official', 'ACTIVE', 'ERROR')[
        'status'] == 'ACTIVE'

    for direction, vdu2s in (('out', 2), ('in', 1)):
        legacy('vnf', 'scale', '--scaling-policy-name', 'SP1',
               '--scaling-type', direction, 'vnf-official')
        scaled = status_of('vnf', 'vnf-official', 'ACTIVE', 'ERROR')
        assert scaled['status'] == 'ACTIVE', scaled['error_reason']
        assert len(json.loads(scaled['mgmt_ip_address'])['VDU2']) == vdu2s
    refused = legacy('vnf', 'scale', '--scaling-policy-name', 'SP1',
                     '--scaling-type', 'in', 'vnf-official', check=False)
    assert refused.returncode == 1 and 'bound' in refused.stderr

    resources = legacy('vnf', 'resource', 'list', 'vnf-official', '-f',
                       'json')
    assert {('VDU1', 'OS::Nova::Server'), ('SP1',
                                           'OS::Heat::AutoScalingGroup')} \
        <= {(each['Name'], each['Type']) for each in resources}
    in_use = legacy('vnf', 'descriptor', 'delete', 'vnfd-scaled',
                    check=False)
    assert in_use.returncode == 1 and 'Cannot delete vnfd-scaled' in \
        in_use.stderr

    assert 'deleted successfully' in legacy('vnf', 'delete', 'vnf-official')
    assert status_of('vnf', 'vnf-official', None) is None
    assert [kind for kind, _ in events(legacy, vnf['id'])] == [
        'CREATE', 'CREATE', 'UPDATE', 'UPDATE', 'SCALE', 'SCALE', 'SCALE',
        'SCALE', 'DELETE', 'DELETE']
    first = legacy('nfv', 'event', 'list', '--resource-id', vnf['id'],
                   '-f', 'json')[0]
    shown = legacy('nfv', 'event', 'show', str(first['ID']), '-f', 'json')
    assert (shown['resource_id'], shown['resource_type'],
            shown['event_type'], shown['resource_state']) == (
        vnf['id'], 'vnf', 'CREATE', 'PENDING_CREATE')
    assert 'deleted successfully' in legacy('vnf', 'descriptor', 'delete',
                                            'vnfd-scaled')


def test_a_vnf_is_made_of_a_vnfd_id_with_param_values(legacy, status_of,
                                                      tmp_path):
    vnfd = legacy('vnf', 'descriptor', 'create', '--vnfd-file',
                  write(tmp_path, 'vnfd', legacy_vnfm.VNFD), 'vnfd-params',
                  '-f', 'json')
    created = legacy('vnf', 'create', '--vnfd-id', vnfd['id'],
                     '--param-file', write(tmp_path, 'params', {
                         'image': 'cirros-0.5.2-x86_64-disk'}),
                     '--description', 'by id', 'vnf-by-id', '-f', 'json')
    assert (created['vnfd_id'], created['description']) == (vnfd['id'],
                                                            'by id')
    vnf = status_of('vnf', created['id'], 'ACTIVE', 'ERROR')
    assert vnf['status'] == 'ACTIVE', vnf['error_reason']
    assert 'deleted successfully' in legacy('vnf', 'delete', created['id'])
    assert status_of('vnf', 'vnf-by-id', None) is None
    assert 'deleted successfully' in legacy('vnf', 'descriptor', 'delete',
                                            vnfd['id'])


def ns_vnfd(number):
    """The legacy VNF test's VNFD as upstream's NSD samples use a VNFD:
    typed ``tosca.nodes.nfv.VNF<number>``, its CP1 mapped as
    virtualLink1."""
    template = copy.deepcopy(legacy_vnfm.VNFD)
    template['topology_template']['substitution_mappings'] = {
        'node_type': 'tosca.nodes.nfv.VNF%d' % number,
        'requirements': {'virtualLink1': ['CP1', 'virtualLink']}}
    return template


# After upstream's samples/tosca-templates/nsd/sample-tosca-nsd.yaml.
NSD = {
    'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
    'description': 'Import VNFDs (already on-boarded) with input parameters',
    'imports': ['ns-vnfd-1', 'ns-vnfd-2'],
    'topology_template': {
        'inputs': {'vl1_name': {'type': 'string', 'default': 'net_mgmt',
                                'description': 'name of VL1 virtuallink'}},
        'node_templates': {
            'VNF1': {'type': 'tosca.nodes.nfv.VNF1',
                     'requirements': [{'virtualLink1': 'VL1'}]},
            'VNF2': {'type': 'tosca.nodes.nfv.VNF2'},
            'VL1': {'type': 'tosca.nodes.nfv.VL',
                    'properties': {'network_name': {'get_input': 'vl1_name'},
                                   'vendor': 'tacker'}}}}}


def test_an_ns_of_two_vnfs_is_created_and_deleted(
        legacy, status_of, deployment, tmp_path):
    if deployment.get(legacy_vnfm.NSDS).status_code == 404:
        pytest.skip('NS not routed')
    for number in (1, 2):
        legacy('vnf', 'descriptor', 'create', '--vnfd-file', write(
            tmp_path, 'vnfd%d' % number, ns_vnfd(number)),
            'ns-vnfd-%d' % number, '-f', 'json')
    nsd = legacy('ns', 'descriptor', 'create', '--nsd-file',
                 write(tmp_path, 'nsd', NSD), 'nsd-official', '-f', 'json')
    assert (nsd['name'], nsd['template_source']) == ('nsd-official',
                                                     'onboarded')
    assert json.loads(nsd['attributes']) == {'nsd': NSD}
    assert {'ID': nsd['id'], 'Name': 'nsd-official',
            'Template_Source': 'onboarded', 'Description': ''} in legacy(
        'ns', 'descriptor', 'list', '-f', 'json')

    created = legacy('ns', 'create', '--nsd-name', 'nsd-official',
                     'ns-official', '-f', 'json')
    assert (created['nsd_id'], created['status']) == (nsd['id'],
                                                      'PENDING_CREATE')
    ns = status_of('ns', 'ns-official', 'ACTIVE', 'ERROR')
    assert ns['status'] == 'ACTIVE', ns['error_reason']
    vnf_ids = json.loads(ns['vnf_ids'])
    assert set(vnf_ids) == {'VNF1', 'VNF2'}
    assert set(json.loads(ns['mgmt_ip_addresses'])) == {'VNF1', 'VNF2'}
    [listed] = [each for each in legacy('ns', 'list', '-f', 'json')
                if each['ID'] == ns['id']]
    assert (listed['Name'], listed['NSD ID'], listed['Status'],
            json.loads(listed['VNF IDs'])) == (
        'ns-official', nsd['id'], 'ACTIVE', vnf_ids)
    for vnf_id in vnf_ids.values():
        assert status_of('vnf', vnf_id, 'ACTIVE')
    in_use = legacy('ns', 'descriptor', 'delete', 'nsd-official',
                    check=False)
    assert in_use.returncode == 1 and 'Cannot delete nsd-official' in \
        in_use.stderr

    assert 'deleted successfully' in legacy('ns', 'delete', 'ns-official')
    assert status_of('ns', 'ns-official', None) is None
    listed = {each['ID'] for each in legacy('vnf', 'list', '-f', 'json')}
    assert not listed & set(vnf_ids.values())
    assert 'deleted successfully' in legacy('ns', 'descriptor', 'delete',
                                            'nsd-official')
    assert 'deleted successfully' in legacy('vnf', 'descriptor', 'delete',
                                            'ns-vnfd-1', 'ns-vnfd-2')
