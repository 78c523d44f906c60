"""The legacy VNFM/NFVO clients and the ``vnf descriptor``, ``vnf``, ``ns
descriptor``, ``ns`` and ``nfv event`` commands against the fake server:
requests, output columns as python-tackerclient 1.x showed them, name
resolution and errors."""
import json
import textwrap

import pytest

from tackerclient import exceptions

V1 = '/v1.0'
VNFDS, VNFS, NSDS, NSS = (V1 + '/vnfds', V1 + '/vnfs', V1 + '/nsds',
                          V1 + '/nss')
EVENTS, VIMS = V1 + '/events', V1 + '/vims'
VNFD_YAML = textwrap.dedent('''\
    tosca_definitions_version: tosca_simple_profile_for_nfv_1_0_0
    topology_template:
      node_templates:
        VDU1:
          type: tosca.nodes.nfv.VDU.Tacker
    ''')
VNFD_TEMPLATE = {
    'tosca_definitions_version': 'tosca_simple_profile_for_nfv_1_0_0',
    'topology_template': {'node_templates': {
        'VDU1': {'type': 'tosca.nodes.nfv.VDU.Tacker'}}}}
TIMES = {'created_at': '2024-01-01T00:00:00Z', 'updated_at': None}


def a_vnfd(vnfd_id='d1', name='vnfd-1', **fields):
    return dict({'id': vnfd_id, 'tenant_id': 'admin', 'name': name,
                 'description': 'hello', 'service_types': ['vnfd'],
                 'attributes': {'vnfd': VNFD_YAML},
                 'template_source': 'onboarded', **TIMES}, **fields)


def an_nsd(nsd_id='n1', name='nsd-1', **fields):
    return dict({'id': nsd_id, 'tenant_id': 'admin', 'name': name,
                 'description': '', 'attributes': {'nsd': VNFD_YAML},
                 'template_source': 'onboarded',
                 'vnfds': {'tosca.nodes.nfv.VNF1': 'vnfd-1'}, **TIMES},
                **fields)


def a_vnf(vnf_id='f1', name='vnf-1', **fields):
    return dict({'id': vnf_id, 'tenant_id': 'admin', 'name': name,
                 'description': '', 'vnfd_id': 'd1', 'vim_id': 'v1',
                 'placement_attr': {'vim_name': 'vim-1'},
                 'status': 'ACTIVE', 'error_reason': None,
                 'instance_id': 'stack-1',
                 'mgmt_ip_address': '{"VDU1": "192.0.2.10"}',
                 'attributes': {}, **TIMES}, **fields)


def an_ns(ns_id='s1', name='ns-1', **fields):
    return dict({'id': ns_id, 'tenant_id': 'admin', 'name': name,
                 'description': '', 'nsd_id': 'n1', 'vim_id': 'v1',
                 'status': 'ACTIVE', 'error_reason': None,
                 'vnf_ids': '{"VNF1": "f1"}',
                 'mgmt_ip_addresses': '{"VNF1": {"VDU1": "192.0.2.10"}}',
                 'attributes': {}, **TIMES}, **fields)


def an_event(event_id=7, **fields):
    return dict({'id': event_id, 'tenant_id': 'admin', 'resource_id': 'f1',
                 'resource_type': 'vnf', 'resource_state': 'ACTIVE',
                 'event_type': 'CREATE',
                 'timestamp': '2024-01-01T00:00:00Z',
                 'event_details': 'VNF UUID assigned.'}, **fields)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def sent(request):
    return json.loads(request['body'])


def problem(status, title, detail):
    return (status, {'status': status, 'title': title, 'detail': detail})


# The clients


@pytest.mark.parametrize('attribute, path, member', [
    ('legacy_vnfds', VNFDS, 'vnfd'), ('legacy_vnfs', VNFS, 'vnf'),
    ('legacy_nsds', NSDS, 'nsd'), ('legacy_nss', NSS, 'ns')])
def test_client_create_wraps_and_unwraps_without_a_version_header(
        server, tacker, attribute, path, member):
    server.route('POST', path, (201, {member: {'id': 'x1'}}))
    assert getattr(tacker, attribute).create({'name': 'x'}) == {'id': 'x1'}
    request, = server.requests
    assert sent(request) == {member: {'name': 'x'}}
    assert 'Version' not in request['headers']


@pytest.mark.parametrize('attribute, path, member', [
    ('legacy_vnfds', VNFDS, 'vnfd'), ('legacy_vnfs', VNFS, 'vnf'),
    ('legacy_nsds', NSDS, 'nsd'), ('legacy_nss', NSS, 'ns'),
    ('legacy_events', EVENTS, 'event')])
def test_client_list_and_show_unwrap(server, tacker, attribute, path,
                                     member):
    server.route('GET', path, (200, {member + 's': [{'id': 'x1'}]}))
    server.route('GET', path + '/x1', (200, {member: {'id': 'x1'}}))
    resources = getattr(tacker, attribute)
    assert resources.list(name='x', vim_id=None) == [{'id': 'x1'}]
    assert resources.show('x1') == {'id': 'x1'}
    assert server.requests[0]['query'] == {'name': ['x']}


def test_client_vnf_update_scale_resources_and_delete(server, tacker):
    server.route('PUT', VNFS + '/f1', (200, {'vnf': a_vnf(
        status='PENDING_UPDATE')}))
    server.route('POST', VNFS + '/f1/actions', (202, None))
    server.route('GET', VNFS + '/f1/resources', (200, {'resources': [
        {'name': 'VDU1', 'type': 'OS::Nova::Server', 'id': 'srv'}]}))
    server.route('DELETE', VNFS + '/f1', (204, None))
    vnfs = tacker.legacy_vnfs
    assert vnfs.update('f1', {'attributes': {'config': 'a: 1'}})[
        'status'] == 'PENDING_UPDATE'
    assert vnfs.scale('f1', 'SP1', 'out') is None
    assert vnfs.resources('f1')[0]['id'] == 'srv'
    vnfs.delete('f1')
    assert [(request['method'], request['path'],
             sent(request) if request['body'] else None)
            for request in server.requests] == [
        ('PUT', VNFS + '/f1', {'vnf': {'attributes': {'config': 'a: 1'}}}),
        ('POST', VNFS + '/f1/actions',
         {'scale': {'type': 'out', 'policy': 'SP1'}}),
        ('GET', VNFS + '/f1/resources', None),
        ('DELETE', VNFS + '/f1', None)]


def test_client_error_carries_the_problem(server, tacker):
    server.route('DELETE', VNFDS + '/d1', problem(
        409, 'Conflict', 'VNFD d1 is in use by VNF f1.'))
    with pytest.raises(exceptions.Conflict, match='in use by VNF f1'):
        tacker.legacy_vnfds.delete('d1')


# vnf descriptor / ns descriptor


@pytest.mark.parametrize('group, path, member', [
    ('vnf', VNFDS, 'vnfd'), ('ns', NSDS, 'nsd')])
def test_descriptor_create_sends_the_template_as_a_mapping(
        server, cli, tmp_path, group, path, member):
    server.route('POST', path, (201, {member: dict(
        a_vnfd(), attributes={member: VNFD_YAML})}))
    result = cli(group, 'descriptor', 'create', '--%s-file' % member,
                 write(tmp_path, 'd.yaml', VNFD_YAML), '--description',
                 'hello', 'vnfd-1', '-f', 'json')
    assert result.status == 0, result.stderr
    assert sent(server.requests[0]) == {member: {
        'name': 'vnfd-1', 'description': 'hello',
        'attributes': {member: VNFD_TEMPLATE}}}
    shown = result.json()
    assert shown['attributes'] == {member: VNFD_TEMPLATE}
    assert shown['project_id'] == 'admin'
    assert 'tenant_id' not in shown


@pytest.mark.parametrize('text, message', [
    ('a: [1\n', 'is not valid YAML: '),
    ('', 'is empty'),
    ('- a list\n', 'does not hold a YAML mapping'),
])
def test_descriptor_create_with_a_bad_file_sends_nothing(
        server, cli, tmp_path, text, message):
    path = write(tmp_path, 'd.yaml', text)
    result = cli('vnf', 'descriptor', 'create', '--vnfd-file', path, 'x')
    assert result.status == 1
    assert result.stderr.startswith('VNFD file %s %s' % (path, message))
    assert server.requests == []


def test_a_yaml_error_names_the_place_not_the_line(server, cli, tmp_path):
    path = write(tmp_path, 'c.yaml', 'user: admin\npassword: "s3cret\n')
    named = (200, {'vnfs': [a_vnf()]})
    server.route('GET', VNFS, named)
    result = cli('vnf', 'set', '--config-file', path, 'vnf-1')
    assert result.status == 1
    assert 'VNF config file %s is not valid YAML: ' % path in result.stderr
    assert '(line 3, column 1)' in result.stderr
    assert 's3cret' not in result.stderr
    assert server.sent('PUT', VNFS + '/f1') == []


def test_vnf_descriptor_list_asks_for_onboarded_vnfds_by_default(server,
                                                                 cli):
    server.route('GET', VNFDS, (200, {'vnfds': [a_vnfd()]}))
    rows = cli('vnf', 'descriptor', 'list', '-f', 'json').json()
    assert rows == [{'ID': 'd1', 'Name': 'vnfd-1',
                     'Template_Source': 'onboarded',
                     'Description': 'hello'}]
    assert cli('vnf', 'descriptor', 'list', '--template-source',
               'all').status == 0
    assert [request['query'] for request in server.requests] == [
        {'template_source': ['onboarded']}, {'template_source': ['all']}]


def test_ns_descriptor_list_shows_the_same_columns(server, cli):
    server.route('GET', NSDS, (200, {'nsds': [an_nsd()]}))
    rows = cli('ns', 'descriptor', 'list', '-f', 'json').json()
    assert rows == [{'ID': 'n1', 'Name': 'nsd-1',
                     'Template_Source': 'onboarded', 'Description': ''}]
    assert server.requests[0]['query'] == {}


def test_vnfd_names_are_looked_up_among_inline_vnfds_too(server, cli):
    server.route('GET', VNFDS, (200, {'vnfds': [a_vnfd()]}))
    shown = cli('vnf', 'descriptor', 'show', 'vnfd-1', '-f', 'json').json()
    assert server.requests[0]['query'] == {'name': ['vnfd-1'],
                                           'template_source': ['all']}
    assert len(server.requests) == 1
    assert shown['attributes'] == {'vnfd': VNFD_TEMPLATE}
    assert shown['service_types'] == ['vnfd']


def test_descriptor_show_takes_an_id_that_is_no_name(server, cli):
    server.route('GET', NSDS, (200, {'nsds': []}))
    server.route('GET', NSDS + '/n1', (200, {'nsd': an_nsd()}))
    shown = cli('ns', 'descriptor', 'show', 'n1', '-f', 'json').json()
    assert shown['vnfds'] == {'tosca.nodes.nfv.VNF1': 'vnfd-1'}
    assert server.requests[0]['query'] == {'name': ['n1']}


@pytest.mark.parametrize('group, path, member, item', [
    ('vnf', VNFDS, 'vnfd', a_vnfd()), ('ns', NSDS, 'nsd', an_nsd())])
def test_template_show_shows_the_template_alone(server, cli, group, path,
                                                member, item):
    server.route('GET', path, (200, {member + 's': [item]}))
    result = cli(group, 'descriptor', 'template', 'show', item['name'],
                 '-f', 'json')
    assert result.json() == {'attributes': {member: VNFD_TEMPLATE}}


def test_unknown_descriptor_is_the_servers_404(server, cli):
    server.route('GET', VNFDS, (200, {'vnfds': []}))
    server.route('GET', VNFDS + '/nope', problem(
        404, 'Not Found', 'VNFD nope does not exist.'))
    result = cli('vnf', 'descriptor', 'show', 'nope')
    assert (result.status, result.stderr) == (
        1, 'Not Found: VNFD nope does not exist.\n')


def test_descriptor_delete_resolves_each_and_reports_each(server, cli):
    server.route('GET', VNFDS, (200, {'vnfds': [a_vnfd()]}),
                 (200, {'vnfds': [a_vnfd('d2', 'used')]}))
    server.route('DELETE', VNFDS + '/d1', (204, None))
    server.route('DELETE', VNFDS + '/d2', problem(
        409, 'Conflict', 'VNFD d2 is in use by VNF f1.'))
    result = cli('vnf', 'descriptor', 'delete', 'vnfd-1', 'used')
    assert result.status == 1
    assert result.stderr.splitlines() == [
        'VNFD vnfd-1 deleted.',
        'Cannot delete VNFD used: Conflict: VNFD d2 is in use by VNF f1.',
        'Failed to delete 1 of 2 VNFD(s).']


def test_a_name_shared_by_several_asks_for_an_id(server, cli):
    server.route('GET', NSS, (200, {'nss': [an_ns('s1', 'twin'),
                                            an_ns('s2', 'twin')]}))
    result = cli('ns', 'delete', 'twin')
    assert (result.status, result.stderr) == (
        1, '2 NSs are named twin; give the ID of one: s1, s2\n')
    assert server.sent('DELETE', NSS + '/s1') == []


# vnf


def test_vnf_create_resolves_names_and_sends_files_as_mappings(
        server, cli, tmp_path):
    server.route('GET', VNFDS, (200, {'vnfds': [a_vnfd()]}))
    server.route('GET', VIMS, (200, {'vims': [{'id': 'v1',
                                               'name': 'vim-1'}]}))
    server.route('POST', VNFS, (201, {'vnf': a_vnf(
        status='PENDING_CREATE', mgmt_ip_address=None)}))
    result = cli('vnf', 'create', '--vnfd-name', 'vnfd-1', '--vim-name',
                 'vim-1', '--vim-region-name', 'RegionOne',
                 '--config-file', write(tmp_path, 'c.yaml', 'vdus: {}\n'),
                 '--param-file', write(tmp_path, 'p.yaml', 'flavor: m1\n'),
                 '--description', 'web', 'vnf-1', '-f', 'json')
    assert result.status == 0, result.stderr
    assert [request['query'] for request in server.requests[:2]] == [
        {'name': ['vnfd-1'], 'template_source': ['all']},
        {'name': ['vim-1']}]
    assert sent(server.sent('POST', VNFS)[0]) == {'vnf': {
        'name': 'vnf-1', 'description': 'web', 'vnfd_id': 'd1',
        'vim_id': 'v1', 'placement_attr': {'region_name': 'RegionOne'},
        'attributes': {'param_values': {'flavor': 'm1'},
                       'config': {'vdus': {}}}}}
    shown = result.json()
    assert shown['status'] == 'PENDING_CREATE'
    assert shown['mgmt_ip_address'] == ''
    assert shown['project_id'] == 'admin'


def test_vnf_create_from_a_template_file_with_ids(server, cli, tmp_path):
    server.route('POST', VNFS, (201, {'vnf': a_vnf()}))
    result = cli('vnf', 'create', '--vnfd-template',
                 write(tmp_path, 'd.yaml', VNFD_YAML), '--vim-id', 'v9',
                 'vnf-1')
    assert result.status == 0, result.stderr
    request, = server.requests
    assert sent(request) == {'vnf': {
        'name': 'vnf-1', 'vnfd_template': VNFD_TEMPLATE, 'vim_id': 'v9',
        'attributes': {}}}


def test_vnf_create_by_vnfd_id_leaves_the_vim_to_the_server(server, cli):
    server.route('POST', VNFS, (201, {'vnf': a_vnf()}))
    assert cli('vnf', 'create', '--vnfd-id', 'd1', 'vnf-1').status == 0
    assert sent(server.requests[0]) == {'vnf': {
        'name': 'vnf-1', 'vnfd_id': 'd1', 'attributes': {}}}


def test_vnf_create_reads_its_files_before_any_request(server, cli,
                                                       tmp_path):
    result = cli('vnf', 'create', '--vnfd-name', 'vnfd-1', '--param-file',
                 str(tmp_path / 'missing.yaml'), 'vnf-1')
    assert result.status == 1
    assert 'Cannot read parameter file' in result.stderr
    assert server.requests == []


def test_vnf_create_refused_is_the_servers_problem(server, cli):
    server.route('POST', VNFS, problem(
        400, 'Bad Request', 'Invalid VNF: there is no VIM named x'))
    result = cli('vnf', 'create', '--vnfd-id', 'd1', 'vnf-1')
    assert (result.status, result.stderr) == (
        1, 'Bad Request: Invalid VNF: there is no VIM named x\n')


def test_vnf_list_shows_python_tackerclients_columns(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    rows = cli('vnf', 'list', '-f', 'json').json()
    assert rows == [{'ID': 'f1', 'Name': 'vnf-1',
                     'Mgmt Ip Address': '{"VDU1": "192.0.2.10"}',
                     'Status': 'ACTIVE', 'VIM ID': 'v1', 'VNFD ID': 'd1'}]
    long_row, = cli('vnf', 'list', '--long', '-f', 'json').json()
    assert list(long_row)[-1] == 'Project ID'
    assert long_row['Project ID'] == 'admin'
    assert server.requests[0]['query'] == {}


def test_vnf_list_filters_by_resolved_names(server, cli):
    server.route('GET', VIMS, (200, {'vims': [{'id': 'v1'}]}))
    server.route('GET', VNFDS, (200, {'vnfds': [a_vnfd()]}))
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    assert cli('vnf', 'list', '--vim-name', 'vim-1', '--vnfd-name',
               'vnfd-1', '--tenant-id', 'admin').status == 0
    assert server.sent('GET', VNFS)[0]['query'] == {
        'vim_id': ['v1'], 'vnfd_id': ['d1'], 'tenant_id': ['admin']}


def test_vnf_list_by_template_source_keeps_the_vnfs_of_such_vnfds(
        server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [
        a_vnf(), a_vnf('f2', 'vnf-2', vnfd_id='inline-1')]}))
    server.route('GET', VNFDS, (200, {'vnfds': [
        a_vnfd('inline-1', template_source='inline')]}))
    rows = cli('vnf', 'list', '--template-source', 'inline', '-f',
               'json').json()
    assert [row['ID'] for row in rows] == ['f2']
    assert server.sent('GET', VNFDS)[0]['query'] == {
        'template_source': ['inline']}


def test_vnf_show_resolves_a_name(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    shown = cli('vnf', 'show', 'vnf-1', '-f', 'json').json()
    assert server.requests[0]['query'] == {'name': ['vnf-1']}
    assert shown['instance_id'] == 'stack-1'
    assert shown['placement_attr'] == {'vim_name': 'vim-1'}


@pytest.mark.parametrize('option, value', [
    ('--config', '{"vdus": {"VDU1": {"config": {"a": 1}}}}'),
    ('--config-file', None)])
def test_vnf_set_puts_the_config(server, cli, tmp_path, option, value):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    server.route('PUT', VNFS + '/f1', (200, {'vnf': a_vnf(
        status='PENDING_UPDATE')}))
    value = value or write(tmp_path, 'c.yaml',
                           'vdus:\n  VDU1:\n    config:\n      a: 1\n')
    result = cli('vnf', 'set', option, value, 'vnf-1', '-f', 'json')
    assert result.status == 0, result.stderr
    assert sent(server.sent('PUT', VNFS + '/f1')[0]) == {'vnf': {
        'attributes': {'config': {'vdus': {'VDU1': {'config': {
            'a': 1}}}}}}}
    assert result.json()['status'] == 'PENDING_UPDATE'


def test_vnf_scale_posts_the_action(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    server.route('POST', VNFS + '/f1/actions', (202, None))
    result = cli('vnf', 'scale', '--scaling-policy-name', 'SP1',
                 '--scaling-type', 'in', 'vnf-1')
    assert (result.status, result.stdout) == (0, '')
    assert result.stderr == 'Scaling VNF vnf-1 in by SP1.\n'
    assert sent(server.sent('POST', VNFS + '/f1/actions')[0]) == {
        'scale': {'type': 'in', 'policy': 'SP1'}}


def test_vnf_scale_at_a_bound_is_the_servers_409(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    server.route('POST', VNFS + '/f1/actions', problem(
        409, 'Conflict', 'VNF f1 is at size 1 of policy SP1.'))
    result = cli('vnf', 'scale', '--scaling-policy-name', 'SP1',
                 '--scaling-type', 'in', 'vnf-1')
    assert (result.status, result.stderr) == (
        1, 'Conflict: VNF f1 is at size 1 of policy SP1.\n')


def test_vnf_resource_list(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    server.route('GET', VNFS + '/f1/resources', (200, {'resources': [
        {'name': 'VDU1', 'type': 'OS::Nova::Server', 'id': 'srv'}]}))
    rows = cli('vnf', 'resource', 'list', 'vnf-1', '-f', 'json').json()
    assert rows == [{'ID': 'srv', 'Name': 'VDU1',
                     'Type': 'OS::Nova::Server'}]


def test_vnf_delete_resolves_and_deletes(server, cli):
    server.route('GET', VNFS, (200, {'vnfs': [a_vnf()]}))
    server.route('DELETE', VNFS + '/f1', (204, None))
    result = cli('vnf', 'delete', 'vnf-1')
    assert (result.status, result.stderr) == (0, 'VNF vnf-1 deleted.\n')
    assert len(server.sent('DELETE', VNFS + '/f1')) == 1


@pytest.mark.parametrize('args', [
    ('vnf', 'create', 'vnf-1'),
    ('vnf', 'create', '--vnfd-id', 'd1', '--vnfd-name', 'x', 'vnf-1'),
    ('vnf', 'create', '--vnfd-id', 'd1', '--vim-id', 'v', '--vim-name',
     'x', 'vnf-1'),
    ('vnf', 'set', 'vnf-1'),
    ('vnf', 'set', '--config', 'a: 1', '--config-file', 'c', 'vnf-1'),
    ('vnf', 'scale', '--scaling-policy-name', 'SP1', '--scaling-type',
     'up', 'vnf-1'),
    ('vnf', 'scale', '--scaling-type', 'out', 'vnf-1'),
    ('vnf', 'list', '--template-source', 'mine'),
    ('vnf', 'descriptor', 'create', 'x'),
    ('ns', 'create', '--nsd-id', 'n1', '--vim-region-name', 'r', 'ns-1'),
    ('ns', 'descriptor', 'list', '--template-source', 'all'),
    ('nfv', 'event', 'show'),
])
def test_legacy_usage_errors_exit_2_without_requests(server, cli, args):
    assert cli(*args).status == 2
    assert server.requests == []


def test_vnf_set_with_empty_config_text_sends_nothing(server, cli):
    result = cli('vnf', 'set', '--config', '', 'vnf-1')
    assert (result.status, result.stderr) == (1, '--config is empty\n')
    assert server.requests == []


# ns


def test_ns_create_resolves_the_nsd_and_sends_parameters(server, cli,
                                                         tmp_path):
    server.route('GET', NSDS, (200, {'nsds': [an_nsd()]}))
    server.route('POST', NSS, (201, {'ns': an_ns(status='PENDING_CREATE',
                                                 vnf_ids=None)}))
    result = cli('ns', 'create', '--nsd-name', 'nsd-1', '--vim-id', 'v1',
                 '--param-file', write(tmp_path, 'p.yaml', 'nsd:\n  a: 1\n'),
                 '--description', 'svc', 'ns-1', '-f', 'json')
    assert result.status == 0, result.stderr
    assert server.requests[0]['query'] == {'name': ['nsd-1']}
    assert sent(server.sent('POST', NSS)[0]) == {'ns': {
        'name': 'ns-1', 'description': 'svc', 'nsd_id': 'n1',
        'vim_id': 'v1', 'attributes': {'param_values': {'nsd': {'a': 1}}}}}
    shown = result.json()
    assert (shown['status'], shown['vnf_ids']) == ('PENDING_CREATE', '')


def test_ns_create_from_a_template_file(server, cli, tmp_path):
    server.route('POST', NSS, (201, {'ns': an_ns()}))
    assert cli('ns', 'create', '--nsd-template',
               write(tmp_path, 'n.yaml', VNFD_YAML), 'ns-1').status == 0
    assert sent(server.requests[0]) == {'ns': {
        'name': 'ns-1', 'nsd_template': VNFD_TEMPLATE, 'attributes': {}}}


def test_ns_list_shows_python_tackerclients_columns(server, cli):
    server.route('GET', NSS, (200, {'nss': [an_ns()]}))
    rows = cli('ns', 'list', '-f', 'json').json()
    assert rows == [{'ID': 's1', 'Name': 'ns-1', 'NSD ID': 'n1',
                     'VNF IDs': '{"VNF1": "f1"}', 'VNFFG IDs': '',
                     'Mgmt Ip Addresses': '{"VNF1": {"VDU1": '
                                          '"192.0.2.10"}}',
                     'Status': 'ACTIVE'}]


def test_ns_show_and_delete(server, cli):
    server.route('GET', NSS, (200, {'nss': [an_ns()]}))
    server.route('DELETE', NSS + '/s1', (204, None))
    shown = cli('ns', 'show', 'ns-1', '-f', 'json').json()
    assert (shown['id'], shown['project_id'], shown['error_reason']) == (
        's1', 'admin', '')
    result = cli('ns', 'delete', 'ns-1')
    assert (result.status, result.stderr) == (0, 'NS ns-1 deleted.\n')


# nfv event


def test_event_list_sends_filters_and_shows_the_columns(server, cli):
    server.route('GET', EVENTS, (200, {'events': [an_event()]}))
    rows = cli('nfv', 'event', 'list', '--resource-type', 'vnf',
               '--resource-id', 'f1', '--resource-state', 'ACTIVE',
               '--event-type', 'CREATE', '-f', 'json').json()
    assert rows == [{'ID': 7, 'Resource Type': 'vnf', 'Resource ID': 'f1',
                     'Resource State': 'ACTIVE', 'Event Type': 'CREATE',
                     'Timestamp': '2024-01-01T00:00:00Z'}]
    assert server.requests[0]['query'] == {
        'resource_type': ['vnf'], 'resource_id': ['f1'],
        'resource_state': ['ACTIVE'], 'event_type': ['CREATE']}
    long_row, = cli('nfv', 'event', 'list', '--long', '-f', 'json').json()
    assert long_row['Event Details'] == 'VNF UUID assigned.'


@pytest.mark.parametrize('args, answer, ids', [
    ((), (200, {'event': an_event()}), [7]),
    (('--resource-type', 'vnf'), (200, {'event': an_event()}), [7]),
    (('--resource-type', 'ns'), (200, {'event': an_event()}), []),
    ((), problem(404, 'Not Found', 'Event 7 does not exist.'), []),
])
def test_event_list_by_id_shows_that_event_if_it_matches(server, cli, args,
                                                         answer, ids):
    server.route('GET', EVENTS + '/7', answer)
    rows = cli('nfv', 'event', 'list', '--id', '7', *args,
               '-f', 'json').json()
    assert [row['ID'] for row in rows] == ids
    assert server.sent('GET', EVENTS) == []


def test_event_show(server, cli):
    server.route('GET', EVENTS + '/7', (200, {'event': an_event()}))
    shown = cli('nfv', 'event', 'show', '7', '-f', 'json').json()
    assert shown == an_event()
