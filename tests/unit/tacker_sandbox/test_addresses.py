"""``--address-pool`` in-process: ports given no fixed IP get the lowest
free address of the pool, unique across stacks, kept for the port's
life and free again after its deletion."""
import pytest

from tacker_sandbox import app as app_lib
from tacker_sandbox import cmd
from tests.unit.tacker_sandbox.test_app import call
from tests.unit.tacker_sandbox.test_metrics import heat_of

POOL = '127.0.10.0/29'
PORT = 'OS::Neutron::Port'


@pytest.fixture
def build():
    """``build(address_pool, state_file)``: a sandbox app and its Heat
    caller; the stores close after the test."""
    stores = []

    def make(address_pool=POOL, state_file=None):
        application, store = app_lib.build_app(
            state_file, password='secret', delay=0,
            address_pool=address_pool)
        stores.append(store)
        return application, heat_of(application)
    yield make
    for store in stores:
        store.close()


@pytest.fixture
def app_and_heat(build):
    return build()


@pytest.fixture
def heat(app_and_heat):
    return app_and_heat[1]


def template(*ports, **fixed_ips):
    """Ports on net0 (``fixed_ips`` by port name), a server on the first,
    and each port's addresses as an output of its name."""
    resources = {name: {'type': PORT, 'properties': {'network': 'net0'}}
                 for name in ports}
    for name, ips in fixed_ips.items():
        resources[name]['properties']['fixed_ips'] = ips
    resources['VDU1'] = {'type': 'OS::Nova::Server', 'properties': {
        'flavor': 'm1.tiny',
        'networks': [{'port': {'get_resource': ports[0]}}]}}
    return {'heat_template_version': '2013-05-23', 'resources': resources,
            'outputs': {name: {'value': {'get_attr': [name, 'fixed_ips']}}
                        for name in ports}}


def create(heat, name, tmpl):
    response = heat('POST', '/stacks', {'stack_name': name,
                                        'template': tmpl})
    assert response.status_int == 201, response.text
    return '/stacks/%s/%s' % (name, response.json['stack']['id'])


def show(heat, stack):
    return heat('GET', stack).json['stack']


def addresses(heat, stack):
    """Port name -> its addresses, from the stack's outputs."""
    return {output['output_key']: [fixed['ip_address'] for fixed
                                   in output['output_value']]
            for output in show(heat, stack)['outputs']}


def pool(*hosts):
    return ['127.0.10.%d' % host for host in hosts]


def test_ports_get_pool_addresses_in_order(heat):
    stack = create(heat, 's1', template('CP1', 'CP2', 'CP3'))
    assert show(heat, stack)['stack_status'] == 'CREATE_COMPLETE'
    assert addresses(heat, stack) == {'CP1': pool(1), 'CP2': pool(2),
                                      'CP3': pool(3)}
    server = heat('GET', stack + '/resources/VDU1').json['resource']
    assert server['attributes']['first_address'] == '127.0.10.1'
    assert server['attributes']['networks'] == {'net0': pool(1)}


def test_explicit_fixed_ips_are_kept(heat):
    stack = create(heat, 's1', template('CP1', 'CP2', CP1=[
        {'ip_address': '192.168.0.9'}, {'subnet': 'subnet1'}]))
    assert addresses(heat, stack) == {
        'CP1': ['192.168.0.9', '127.0.10.1'], 'CP2': pool(2)}


def test_addresses_are_unique_across_stacks(heat):
    first = create(heat, 's1', template('CP1', 'CP2'))
    second = create(heat, 's2', template('CP1', 'CP2'))
    assert addresses(heat, first) == {'CP1': pool(1), 'CP2': pool(2)}
    assert addresses(heat, second) == {'CP1': pool(3), 'CP2': pool(4)}


def test_an_update_keeps_addresses_and_a_replacement_gets_another(heat):
    stack = create(heat, 's1', template('CP1', 'CP2'))
    changed = template('CP1', 'CP2', 'CP3')
    changed['resources']['CP2']['properties']['name'] = 'renamed'
    assert heat('PUT', stack, {'template': changed}).status_int == 202
    assert show(heat, stack)['stack_status'] == 'UPDATE_COMPLETE'
    assert addresses(heat, stack) == {'CP1': pool(1), 'CP2': pool(2),
                                      'CP3': pool(3)}

    assert heat('PATCH', stack + '/resources/CP1',
                {'mark_unhealthy': True}).status_int == 200
    assert heat('PATCH', stack, {}).status_int == 202
    assert addresses(heat, stack) == {'CP1': pool(4), 'CP2': pool(2),
                                      'CP3': pool(3)}
    assert addresses(heat, create(heat, 's2', template('CP1'))) == {
        'CP1': pool(1)}


def test_deleted_ports_free_their_addresses_lowest_first(app_and_heat):
    app, heat = app_and_heat
    stack = create(heat, 's1', template('CP1', 'CP2', 'CP3'))
    assert heat('PUT', stack, {'template': template(
        'CP1', 'CP3')}).status_int == 202
    assert addresses(heat, create(heat, 's2', template('CP1'))) == {
        'CP1': pool(2)}

    assert call(app, 'PUT', '/sandbox/faults', {'faults': [
        {'resource': 'CP3', 'action': 'DELETE', 'count': 1}]}
                ).status_int == 200
    assert heat('DELETE', stack).status_int == 204
    assert show(heat, stack)['stack_status'] == 'DELETE_FAILED'
    # CP3 is still there, and keeps its address.
    assert addresses(heat, create(heat, 's3', template('CP1', 'CP2'))) == {
        'CP1': pool(1), 'CP2': pool(4)}
    assert heat('DELETE', stack).status_int == 204
    assert addresses(heat, create(heat, 's4', template('CP1'))) == {
        'CP1': pool(3)}


def test_an_exhausted_pool_fails_the_stack(build):
    _, heat = build('127.0.10.0/30')
    stack = create(heat, 's1', template('CP1', 'CP2', 'CP3'))
    reason = ('IpAddressGenerationFailureClient: resources.CP3: No more IP '
              'addresses available in the address pool 127.0.10.0/30.')
    shown = show(heat, stack)
    assert shown['stack_status'] == 'CREATE_FAILED'
    assert shown['stack_status_reason'] == 'Resource CREATE failed: ' + reason
    port = heat('GET', stack + '/resources/CP3').json['resource']
    assert (port['resource_status'], port['resource_status_reason']) == (
        'CREATE_FAILED', reason)
    assert addresses(heat, stack) == {'CP1': pool(1), 'CP2': pool(2),
                                      'CP3': []}

    assert heat('DELETE', stack).status_int == 204
    second = create(heat, 's2', template('CP1', 'CP2'))
    assert show(heat, second)['stack_status'] == 'CREATE_COMPLETE'
    assert addresses(heat, second) == {'CP1': pool(1), 'CP2': pool(2)}


def test_addresses_live_in_the_state_file(build, tmp_path):
    state = str(tmp_path / 'state.db')
    _, heat = build(state_file=state)
    stack = create(heat, 's1', template('CP1', 'CP2'))
    _, heat = build(state_file=state)
    assert addresses(heat, create(heat, 's2', template('CP1'))) == {
        'CP1': pool(3)}
    changed = template('CP1', 'CP2')
    changed['resources']['CP1']['properties']['name'] = 'renamed'
    assert heat('PUT', stack, {'template': changed}).status_int == 202
    assert addresses(heat, stack) == {'CP1': pool(1), 'CP2': pool(2)}


def test_an_ipv6_pool_gives_ipv6_addresses(build):
    _, heat = build('2001:db8::/125')
    stack = create(heat, 's1', template('CP1'))
    assert addresses(heat, stack) == {'CP1': ['2001:db8::1']}
    server = heat('GET', stack + '/resources/VDU1').json['resource']
    assert server['attributes']['addresses']['net0'][0]['version'] == 6


def test_without_a_pool_ports_get_made_up_addresses(build):
    app, heat = build(None)
    stack = create(heat, 's1', template('CP1', 'CP2'))
    found = addresses(heat, stack)
    assert found['CP1'][0].startswith('10.')
    assert found['CP1'] != found['CP2']
    assert call(app, 'GET', '/sandbox').json['address_pool'] is None
    app, _ = build()
    assert call(app, 'GET', '/sandbox').json['address_pool'] == POOL


def test_the_option_takes_a_network():
    args = cmd.build_parser().parse_args(['--address-pool', POOL])
    assert str(args.address_pool) == POOL
    assert cmd.build_parser().parse_args([]).address_pool is None
    with pytest.raises(SystemExit):
        cmd.build_parser().parse_args(['--address-pool', '127.0.10.5/24'])
