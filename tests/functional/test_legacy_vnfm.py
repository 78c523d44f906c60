"""The legacy Tacker VNFM API (/v1.0/vnfds, /v1.0/vnfs, /v1.0/events)
through the real server, conductor and RabbitMQ on the sandbox
OpenStack: VNFDs checked and stored, VNFs made of them as Heat stacks
whose VDUs get management addresses from the sandbox's loopback pool,
scaled by their policies and deleted, each change an event.

The sandbox and deployment are legacy_deployment's, which
test_official_client_legacy shares."""
import copy
import http.server
import json
import signal
import threading
import time

import pytest
import sqlalchemy as sa
import yaml

from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import legacy_deployment
from tests.functional import sshd as sshd_lib
from tests.functional import test_vims as vims

VNFDS = '/v1.0/vnfds'
VNFS = '/v1.0/vnfs'
EVENTS = '/v1.0/events'
VNFD = {
    'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
    'description': 'Two VDUs, one of them scaled',
    'metadata': {'template_name': 'sample-legacy-vnfd'},
    'topology_template': {
        'inputs': {'image': {'type': 'string',
                             'default': 'cirros-0.5.2-x86_64-disk'}},
        'node_templates': {
            'VDU1': {'type': 'tosca.nodes.nfv.VDU.Tacker',
                     'properties': {'image': {'get_input': 'image'},
                                    'flavor': 'm1.tiny',
                                    'mgmt_driver': 'noop'}},
            'CP1': {'type': 'tosca.nodes.nfv.CP.Tacker',
                    'properties': {'management': True, 'order': 0},
                    'requirements': [{'virtualLink': {'node': 'VL1'}},
                                     {'virtualBinding': {'node': 'VDU1'}}]},
            'VDU2': {'type': 'tosca.nodes.nfv.VDU.Tacker',
                     'properties': {'image': 'cirros-0.5.2-x86_64-disk',
                                    'flavor': 'm1.tiny'}},
            'CP2': {'type': 'tosca.nodes.nfv.CP.Tacker',
                    'properties': {'management': True, 'order': 0},
                    'requirements': [{'virtualLink': {'node': 'VL1'}},
                                     {'virtualBinding': {'node': 'VDU2'}}]},
            'VL1': {'type': 'tosca.nodes.nfv.VL',
                    'properties': {'network_name': 'net_mgmt',
                                   'vendor': 'Tacker'}}},
        'policies': [{'SP1': {
            'type': 'tosca.policies.tacker.Scaling', 'targets': ['VDU2'],
            'properties': {'increment': 1, 'cooldown': 60,
                           'min_instances': 1, 'max_instances': 2,
                           'default_instances': 1}}}]}}


@pytest.fixture(scope='module')
def pool(legacy_stack):
    """The sandbox's loopback /24 of management addresses."""
    return legacy_stack.pool


@pytest.fixture(scope='module')
def sandbox(legacy_stack):
    return legacy_stack.sandbox


@pytest.fixture(scope='module')
def deployment(legacy_stack):
    """The sandbox is its default VIM."""
    return legacy_stack.deployment


def post(deployment, path, body):
    return deployment.request('POST', path, json=body, timeout=30)


def vnfd(deployment, template=None, name='vnfd-1'):
    response = post(deployment, VNFDS, {'vnfd': {
        'name': name, 'description': 'sample',
        'attributes': {'vnfd': template or VNFD}}})
    assert response.status_code == 201, response.text
    return response.json()['vnfd']


def vnf_state(deployment, vnf_id, *states, timeout=60):
    """The VNF once its status is one of ``states`` (None: it is gone)."""
    deadline = time.monotonic() + timeout
    while True:
        response = deployment.get('%s/%s' % (VNFS, vnf_id))
        vnf = response.json()['vnf'] if response.status_code == 200 \
            else None
        if (vnf['status'] if vnf else None) in states:
            return vnf
        assert time.monotonic() < deadline, vnf
        time.sleep(0.2)


def events_of(deployment, resource_id):
    response = deployment.get(EVENTS, params={'resource_id': resource_id})
    assert response.status_code == 200, response.text
    return [(event['event_type'], event['resource_state'])
            for event in response.json()['events']]


def wait_for_events(deployment, resource_id, kind, count=1, timeout=60):
    """The kinds of the resource's events once at least ``count`` of them
    are ``kind``."""
    deadline = time.monotonic() + timeout
    while True:
        kinds = [event for event, _ in events_of(deployment, resource_id)]
        if kinds.count(kind) >= count:
            return kinds
        assert time.monotonic() < deadline, kinds
        time.sleep(0.2)


def test_a_vnfd_is_checked_stored_listed_and_deleted(deployment):
    created = vnfd(deployment)
    assert (created['name'], created['template_source'],
            created['service_types']) == ('vnfd-1', 'onboarded', ['vnfd'])
    assert yaml.safe_load(created['attributes']['vnfd']) == VNFD
    # As YAML text, as python-tackerclient 0.x sent it.
    text = vnfd(deployment, yaml.safe_dump(VNFD), name='vnfd-text')
    listed = deployment.get(VNFDS, params={'name': 'vnfd-text'}).json()
    assert [each['id'] for each in listed['vnfds']] == [text['id']]
    assert deployment.get('%s/%s' % (VNFDS, created['id'])).json()[
        'vnfd'] == created
    for template, says in (
            ('not: [yaml', 'YAML'), ({'tosca_definitions_version': 'x'},
                                     'tosca'),
            (dict(VNFD, topology_template={'node_templates': {
                'VDU1': {'type': 'tosca.nodes.nfv.Bogus'}}}), 'Bogus')):
        refused = post(deployment, VNFDS, {'vnfd': {
            'name': 'bad', 'attributes': {'vnfd': template}}})
        assert refused.status_code == 400, refused.text
        assert says.lower() in refused.json()['detail'].lower()
    for each in (created, text):
        assert deployment.request('DELETE', '%s/%s' % (
            VNFDS, each['id'])).status_code == 204
    assert deployment.get('%s/%s' % (VNFDS, created['id'])
                          ).status_code == 404
    assert events_of(deployment, created['id']) == [
        ('CREATE', 'OnBoarded'), ('DELETE', 'OnBoarded')]


def test_a_vnf_is_created_scaled_and_deleted_on_the_sandbox(
        deployment, sandbox, pool):
    descriptor = vnfd(deployment, name='vnfd-of-vnf-1')
    created = post(deployment, VNFS, {'vnf': {
        'name': 'vnf-1', 'vnfd_id': descriptor['id'],
        'attributes': {'param_values': {
            'image': 'cirros-0.5.2-x86_64-disk'}}}})
    assert created.status_code == 201, created.text
    vnf = created.json()['vnf']
    assert vnf['status'] == 'PENDING_CREATE'
    vnf = vnf_state(deployment, vnf['id'], 'ACTIVE', 'ERROR')
    assert vnf['status'] == 'ACTIVE', vnf['error_reason']
    addresses = json.loads(vnf['mgmt_ip_address'])
    prefix = pool.rsplit('.', 1)[0] + '.'
    assert addresses['VDU1'].startswith(prefix)
    resources = deployment.get('%s/%s/resources' % (VNFS, vnf['id']))
    assert resources.status_code == 200, resources.text
    assert 'OS::Nova::Server' in {
        resource['type'] for resource in resources.json()['resources']}
    assert deployment.request('DELETE', '%s/%s' % (
        VNFDS, descriptor['id'])).status_code == 409

    def scale(direction):
        return post(deployment, '%s/%s/actions' % (VNFS, vnf['id']),
                    {'scale': {'type': direction, 'policy': 'SP1'}})
    assert scale('out').status_code == 202
    scaled = vnf_state(deployment, vnf['id'], 'ACTIVE', 'ERROR')
    assert scaled['status'] == 'ACTIVE', scaled['error_reason']
    assert len(json.loads(scaled['mgmt_ip_address'])['VDU2']) == 2
    assert scale('out').status_code == 409
    assert scale('in').status_code == 202
    vnf_state(deployment, vnf['id'], 'ACTIVE')

    assert deployment.request('DELETE', '%s/%s' % (
        VNFS, vnf['id'])).status_code == 204
    vnf_state(deployment, vnf['id'], None)
    assert [event for event, _ in events_of(deployment, vnf['id'])] == [
        'CREATE', 'CREATE', 'SCALE', 'SCALE', 'SCALE', 'SCALE', 'DELETE',
        'DELETE']
    assert deployment.request('DELETE', '%s/%s' % (
        VNFDS, descriptor['id'])).status_code == 204


def test_a_vnf_whose_stack_fails_is_in_error_and_can_be_deleted(
        deployment, sandbox):
    sandbox.set_faults([{'resource': 'VDU1', 'action': 'CREATE',
                         'reason': 'No valid host was found'}])
    try:
        created = post(deployment, VNFS, {'vnf': {
            'name': 'vnf-fails', 'vnfd_template': VNFD}})
        assert created.status_code == 201, created.text
        vnf = vnf_state(deployment, created.json()['vnf']['id'], 'ERROR')
    finally:
        sandbox.clear_faults()
    assert 'No valid host was found' in vnf['error_reason']
    assert deployment.request('DELETE', '%s/%s' % (
        VNFS, vnf['id'])).status_code == 204
    vnf_state(deployment, vnf['id'], None)
    # Its inline VNFD went with it.
    assert deployment.get('%s/%s' % (VNFDS, vnf['vnfd_id'])
                          ).status_code == 404


@pytest.mark.parametrize('vnf,says', [
    ({'name': 'x'}, 'vnfd'),
    ({'name': 'x', 'vnfd_template': VNFD, 'vim_name': 'nope'},
     'no VIM named nope'),
    ({'name': 'x', 'vnfd_template': VNFD,
      'attributes': {'param_values': '[1, 2]'}}, 'mapping'),
])
def test_a_vnf_that_cannot_be_made_is_refused(deployment, vnf, says):
    before = deployment.get(VNFS).json()['vnfs']
    refused = post(deployment, VNFS, {'vnf': vnf})
    assert refused.status_code == 400, refused.text
    assert says in refused.json()['detail']
    assert deployment.get(VNFS).json()['vnfs'] == before


class Vdu:
    """An HTTP server standing for a VDU on its management address,
    counting the checks it answers."""

    def __init__(self, address, port):
        answered = self.answered = threading.Semaphore(0)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                answered.release()
                self.send_response(200)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((address, port),
                                                      Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         kwargs={'poll_interval': 0.05}).start()

    def wait_checked(self, count, timeout=30):
        """Until ``count`` more checks were answered."""
        for _ in range(count):
            assert self.answered.acquire(timeout=timeout), 'not checked'

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_vnf_whose_vdu_stops_answering_is_respawned(deployment):
    port = deployment_lib.free_port()
    created = post(deployment, VNFS, {'vnf': {
        'name': 'vnf-watched', 'vnfd_template': watched_template(port)}})
    assert created.status_code == 201, created.text
    vnf = vnf_state(deployment, created.json()['vnf']['id'], 'ACTIVE',
                    'ERROR')
    assert vnf['status'] == 'ACTIVE', vnf['error_reason']
    address = json.loads(vnf['mgmt_ip_address'])['VDU1']
    vdu = Vdu(address, port)
    try:
        vdu.wait_checked(2)
        # It answers: watched, nothing happens.
        assert ('MONITOR', 'ACTIVE') not in events_of(deployment, vnf['id'])
    finally:
        vdu.stop()
    wait_for_events(deployment, vnf['id'], 'RESPAWN')
    respawned = vnf_state(deployment, vnf['id'], 'ACTIVE', 'ERROR')
    assert respawned['status'] == 'ACTIVE', respawned['error_reason']
    assert respawned['instance_id'] != vnf['instance_id']
    kinds = [event for event, _ in events_of(deployment, vnf['id'])]
    assert kinds.index('MONITOR') < kinds.index('RESPAWN')
    # The new VDU answers: no further respawn.
    vdu = Vdu(json.loads(respawned['mgmt_ip_address'])['VDU1'], port)
    try:
        vdu.wait_checked(2)
        assert vnf_state(deployment, vnf['id'], 'ACTIVE')[
            'instance_id'] == respawned['instance_id']
    finally:
        vdu.stop()
    assert deployment.request('DELETE', '%s/%s' % (
        VNFS, vnf['id'])).status_code == 204
    vnf_state(deployment, vnf['id'], None)


NSDS = '/v1.0/nsds'
NSS = '/v1.0/nss'


def ns_vnfd(deployment, name, vdu, node_type):
    """An onboarded VNFD whose CP an NSD maps as virtualLink1."""
    template = {
        'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
        'topology_template': {
            'substitution_mappings': {
                'node_type': node_type,
                'requirements': {'virtualLink1': ['CP1', 'virtualLink']}},
            'node_templates': {
                vdu: {'type': 'tosca.nodes.nfv.VDU.Tacker',
                      'properties': {'image': 'cirros', 'flavor': 'm1.tiny'}},
                'CP1': {'type': 'tosca.nodes.nfv.CP.Tacker',
                        'properties': {'management': True},
                        'requirements': [{'virtualLink': {'node': 'VL1'}},
                                         {'virtualBinding': {'node': vdu}}]},
                'VL1': {'type': 'tosca.nodes.nfv.VL',
                        'properties': {'network_name': 'net_mgmt',
                                       'vendor': 'Tacker'}}}}}
    return vnfd(deployment, template, name=name)


NSD = {
    'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
    'imports': ['ns-vnfd-a', 'ns-vnfd-b'],
    'topology_template': {
        'inputs': {'vl1_name': {'type': 'string', 'default': 'net_mgmt'}},
        'node_templates': {
            'VNF1': {'type': 'tosca.nodes.nfv.VNFA',
                     'requirements': [{'virtualLink1': 'VL1'}]},
            'VNF2': {'type': 'tosca.nodes.nfv.VNFB',
                     'requirements': [{'virtualLink1': 'VL1'}]},
            'VL1': {'type': 'tosca.nodes.nfv.VL',
                    'properties': {'network_name': {'get_input': 'vl1_name'},
                                   'vendor': 'tacker'}}}}}


def ns_state(deployment, ns_id, *states, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        response = deployment.get('%s/%s' % (NSS, ns_id))
        ns = response.json()['ns'] if response.status_code == 200 else None
        if (ns['status'] if ns else None) in states:
            return ns
        assert time.monotonic() < deadline, ns
        time.sleep(0.2)


@pytest.fixture(scope='module')
def ns_vnfds(deployment):
    """The two VNFDs NSD imports."""
    return [ns_vnfd(deployment, 'ns-vnfd-a', 'VDUA', 'tosca.nodes.nfv.VNFA'),
            ns_vnfd(deployment, 'ns-vnfd-b', 'VDUB', 'tosca.nodes.nfv.VNFB')]


def test_an_ns_of_two_vnfs_is_created_and_deleted(deployment, sandbox,
                                                  ns_vnfds):
    created = post(deployment, NSDS, {'nsd': {
        'name': 'nsd-1', 'attributes': {'nsd': NSD}}})
    assert created.status_code == 201, created.text
    nsd = created.json()['nsd']
    assert set(nsd['vnfds']) == {'VNF1', 'VNF2'}

    ns = post(deployment, NSS, {'ns': {
        'name': 'ns-1', 'nsd_id': nsd['id'], 'attributes': {
            'param_values': {'nsd': {'vl1_name': 'net_ns'}}}}})
    assert ns.status_code == 201, ns.text
    ns = ns_state(deployment, ns.json()['ns']['id'], 'ACTIVE', 'ERROR')
    assert ns['status'] == 'ACTIVE', ns['error_reason']
    vnf_ids = json.loads(ns['vnf_ids'])
    assert set(vnf_ids) == {'VNF1', 'VNF2'}
    for vnf_id in vnf_ids.values():
        vnf = vnf_state(deployment, vnf_id, 'ACTIVE')
        # Its CP is on the NSD's VL's network.
        template = deployment.get('%s/%s' % (VNFDS, vnf['vnfd_id'])).json()[
            'vnfd']['attributes']['vnfd']
        assert 'net_ns' in template
    assert deployment.request('DELETE', '%s/%s' % (
        NSDS, nsd['id'])).status_code == 409

    assert deployment.request('DELETE', '%s/%s' % (
        NSS, ns['id'])).status_code == 204
    ns_state(deployment, ns['id'], None)
    for vnf_id in vnf_ids.values():
        vnf_state(deployment, vnf_id, None)
    assert [event for event, _ in events_of(deployment, ns['id'])] == [
        'CREATE', 'CREATE', 'DELETE', 'DELETE']


def test_an_ns_whose_vnf_fails_rolls_back(deployment, sandbox, ns_vnfds):
    sandbox.set_faults([{'resource': 'VDUB', 'action': 'CREATE',
                         'reason': 'No valid host was found'}])
    try:
        created = post(deployment, NSS, {'ns': {
            'name': 'ns-fails', 'nsd_template': NSD}})
        assert created.status_code == 201, created.text
        ns = ns_state(deployment, created.json()['ns']['id'], 'ERROR')
    finally:
        sandbox.clear_faults()
    assert 'No valid host was found' in ns['error_reason']
    # What was made is gone.
    for vnf_id in json.loads(ns['vnf_ids']).values():
        vnf_state(deployment, vnf_id, None)
    assert deployment.request('DELETE', '%s/%s' % (
        NSS, ns['id'])).status_code == 204
    ns_state(deployment, ns['id'], None)


@pytest.mark.parametrize('nsd,says', [
    (dict(NSD, imports=['no-such-vnfd']), 'no-such-vnfd'),
    ({'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
      'imports': [], 'topology_template': {'node_templates': {
          'VNF1': {'type': 'tosca.nodes.nfv.VNFZ'}}}}, 'VNFZ'),
])
def test_an_nsd_that_cannot_be_used_is_refused(deployment, nsd, says):
    refused = post(deployment, NSDS, {'nsd': {
        'name': 'bad', 'attributes': {'nsd': nsd}}})
    assert refused.status_code == 400, refused.text
    assert says in refused.json()['detail']


def watched_template(port, action='respawn'):
    template = copy.deepcopy(VNFD)
    template['topology_template']['node_templates']['VDU1']['properties'][
        'monitoring_policy'] = {
            'name': 'http_ping',
            'parameters': {'monitoring_delay': 1, 'port': port,
                           'timeout': 0.5, 'retry': 2},
            'actions': {'failure': action}}
    return template


def monitor_owner(deployment, vnf_id):
    engine = sa.create_engine(deployment.db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(
                'SELECT monitor_owner FROM legacy_vnfs WHERE id = :id'),
                {'id': vnf_id}).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize('backend', dbs.backends('sqlite'))
def test_the_watch_of_a_dead_conductor_is_taken_over(make_deployment,
                                                     sandbox):
    own = make_deployment(report_interval=1, service_down_time=3,
                          sections=legacy_deployment.SECTIONS)
    own.start_conductor(2)
    vims.registered(own, sandbox, is_default=True)
    port = deployment_lib.free_port()
    created = post(own, VNFS, {'vnf': {
        'name': 'vnf-ha', 'vnfd_template': watched_template(port)}})
    assert created.status_code == 201, created.text
    vnf = vnf_state(own, created.json()['vnf']['id'], 'ACTIVE')
    vdu = Vdu(json.loads(vnf['mgmt_ip_address'])['VDU1'], port)
    try:
        deadline = time.monotonic() + 30
        while monitor_owner(own, vnf['id']) is None:
            assert time.monotonic() < deadline, 'nobody watches the VNF'
            time.sleep(0.2)
        watcher = monitor_owner(own, vnf['id'])
        hosts = {own.options['host']: 'tacker-conductor',
                 own.options['host'] + '-2': 'tacker-conductor-2'}
        own.stop_process(hosts.pop(watcher), signal.SIGKILL)
        [survivor] = hosts
        deadline = time.monotonic() + 30
        while monitor_owner(own, vnf['id']) != survivor:
            assert time.monotonic() < deadline, 'the watch was not taken'
            time.sleep(0.2)
    finally:
        vdu.stop()
    # The survivor watches: the VDU gone, it respawns the VNF.
    wait_for_events(own, vnf['id'], 'RESPAWN')
    assert vnf_state(own, vnf['id'], 'ACTIVE', 'ERROR')['status'] == \
        'ACTIVE'


def test_the_ssh_mgmt_driver_applies_a_config_to_a_real_sshd(
        deployment, tmp_path):
    template = copy.deepcopy(VNFD)
    template['topology_template']['node_templates']['VDU1']['properties'][
        'mgmt_driver'] = 'ssh'
    created = post(deployment, VNFS, {'vnf': {
        'name': 'vnf-ssh', 'vnfd_template': template}})
    assert created.status_code == 201, created.text
    vnf = vnf_state(deployment, created.json()['vnf']['id'], 'ACTIVE',
                    'ERROR')
    assert vnf['status'] == 'ACTIVE', vnf['error_reason']
    address = json.loads(vnf['mgmt_ip_address'])['VDU1']
    with sshd_lib.PrivateSshd(tmp_path / 'sshd', address) as sshd:
        target = tmp_path / 'applied'
        config = {'vdus': {'VDU1': {'config': {
            'username': sshd.username, 'private_key': sshd.private_key,
            'port': sshd.port, 'host_key': sshd.host_key,
            'files': {str(tmp_path / 'firewall'): 'allow all\n'},
            'commands': ['echo applied >> %s' % target]}}}}
        updated = deployment.request('PUT', '%s/%s' % (VNFS, vnf['id']),
                                     json={'vnf': {'attributes': {
                                         'config': config}}}, timeout=30)
        assert updated.status_code == 200, updated.text
        # The private key is never shown.
        assert sshd.private_key.strip().splitlines()[1] not in updated.text
        vnf = vnf_state(deployment, vnf['id'], 'ACTIVE', 'ERROR')
        assert vnf['status'] == 'ACTIVE', vnf['error_reason']
        assert (tmp_path / 'firewall').read_text() == 'allow all\n'
        assert target.read_text() == 'applied\n'
        shown = deployment.get('%s/%s' % (VNFS, vnf['id'])).json()['vnf']
        assert '***' in shown['attributes']['config']
        # A failing command is the VNF's error.
        config['vdus']['VDU1']['config']['commands'] = ['false']
        deployment.request('PUT', '%s/%s' % (VNFS, vnf['id']), json={
            'vnf': {'attributes': {'config': config}}}, timeout=30)
        vnf = vnf_state(deployment, vnf['id'], 'ERROR')
        assert "'false'" in vnf['error_reason'] or 'false' in \
            vnf['error_reason']


def test_a_failing_scaled_vdu_scales_its_vnf_out_once_to_its_bound(
        deployment):
    template = copy.deepcopy(VNFD)
    template['topology_template']['node_templates']['VDU2']['properties'][
        'monitoring_policy'] = {
            'name': 'http_ping',
            'parameters': {'monitoring_delay': 1,
                           'port': deployment_lib.free_port(),
                           'timeout': 0.2, 'retry': 1},
            'actions': {'failure': 'autoscaling'}}
    created = post(deployment, VNFS, {'vnf': {
        'name': 'vnf-autoscaled', 'vnfd_template': template}})
    assert created.status_code == 201, created.text
    vnf_id = created.json()['vnf']['id']
    deadline = time.monotonic() + 60
    while True:
        vnf = vnf_state(deployment, vnf_id, 'ACTIVE', 'ERROR')
        assert vnf['status'] == 'ACTIVE', vnf['error_reason']
        if len(json.loads(vnf['mgmt_ip_address'])['VDU2']) == 2:
            break
        assert time.monotonic() < deadline, events_of(deployment, vnf_id)
        time.sleep(0.2)
    # At SP1's maximum: the failures go on (two more rounds find them,
    # each round's action taken before the next), the VNF scales no more.
    at_bound = [event for event, _ in events_of(deployment, vnf_id)]
    kinds = wait_for_events(deployment, vnf_id, 'MONITOR',
                            at_bound.count('MONITOR') + 2)
    assert kinds.count('SCALE') == 2 and 'MONITOR' in kinds
    assert deployment.request('DELETE', '%s/%s' % (
        VNFS, vnf_id)).status_code == 204
    vnf_state(deployment, vnf_id, None)
