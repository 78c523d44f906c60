"""The sandbox VIM's WSGI app in-process: Keystone token flows, Heat
redirects, and every error in the shape of its API."""
import json

from heatclient import client as heat_client
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import pytest
import requests
import webob

from tacker_sandbox import app as app_lib
from tacker_sandbox import wsgi

PASSWORD_AUTH = {'auth': {
    'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'admin', 'domain': {'name': 'Default'},
        'password': 'secret'}}},
    'scope': {'project': {'name': 'admin', 'domain': {'id': 'default'}}}}}

TEMPLATE = {'heat_template_version': '2013-05-23',
            'resources': {'net': {'type': 'OS::Neutron::Net'}}}


@pytest.fixture
def app():
    application, store = app_lib.build_app(password='secret', delay=0)
    yield application
    store.close()


def call(app, method, path, body=None, headers=None, raw=None):
    req = webob.Request.blank(path, method=method, headers=headers or {})
    if body is not None or raw is not None:
        req.body = raw if raw is not None else json.dumps(body).encode()
        req.content_type = 'application/json'
    return req.get_response(app)


def issue(app, auth=PASSWORD_AUTH):
    response = call(app, 'POST', '/identity/v3/auth/tokens', auth)
    assert response.status_int == 201, response.text
    return response.headers['X-Subject-Token'], response.json['token']


@pytest.fixture
def token(app):
    return issue(app)[0]


@pytest.fixture
def heat(app, token):
    project_id = app.keystone.project['id']

    def heat_call(method, path, body=None, **kwargs):
        return call(app, method, '/heat-api/v1/%s%s' % (project_id, path),
                    body, headers={'X-Auth-Token': token}, **kwargs)
    return heat_call


def test_password_token_is_scoped_with_a_catalog(app):
    token_id, token = issue(app)
    assert token['project']['name'] == 'admin'
    assert {role['name'] for role in token['roles']} >= {'admin'}
    heat, = [s for s in token['catalog'] if s['type'] == 'orchestration']
    assert {e['interface'] for e in heat['endpoints']} == {
        'public', 'internal', 'admin'}
    assert heat['endpoints'][0]['url'] == (
        'http://localhost/heat-api/v1/%s' % app.keystone.project['id'])
    assert heat['endpoints'][0]['region_id'] == 'RegionOne'
    rescoped_id, rescoped = issue(app, {'auth': {
        'identity': {'methods': ['token'], 'token': {'id': token_id}},
        'scope': {'project': {'id': app.keystone.project['id']}}}})
    assert rescoped['expires_at'] == token['expires_at']
    assert rescoped['audit_ids'][1] == token['audit_ids'][0]


@pytest.mark.parametrize('change', [
    lambda auth: auth['identity']['password']['user'].update(password='x'),
    lambda auth: auth['identity']['password']['user'].update(name='bob'),
    lambda auth: auth['identity']['password']['user'].update(
        domain={'name': 'Other'}),
    lambda auth: auth['scope']['project'].update(name='other'),
    lambda auth: auth['identity'].update(methods=['totp']),
])
def test_bad_credentials_are_401_in_keystone_shape(app, change):
    auth = json.loads(json.dumps(PASSWORD_AUTH))
    change(auth['auth'])
    response = call(app, 'POST', '/identity/v3/auth/tokens', auth)
    assert response.status_int == 401
    assert response.json['error']['code'] == 401
    assert response.json['error']['title'] == 'Unauthorized'


def test_tokens_validate_until_revoked(app, token):
    headers = {'X-Auth-Token': token, 'X-Subject-Token': token}
    response = call(app, 'GET', '/identity/v3/auth/tokens', headers=headers)
    assert response.status_int == 200
    assert response.headers['X-Subject-Token'] == token
    assert call(app, 'HEAD', '/identity/v3/auth/tokens',
                headers=headers).status_int == 200
    assert call(app, 'GET', '/identity/v3/auth/tokens', headers=dict(
        headers, **{'X-Subject-Token': 'nope'})).status_int == 404
    assert call(app, 'DELETE', '/identity/v3/auth/tokens',
                headers=headers).status_int == 204
    assert call(app, 'GET', '/identity/v3/regions',
                headers=headers).status_int == 401


def test_identity_lists_need_a_token(app, token):
    assert call(app, 'GET', '/identity/v3/projects').status_int == 401
    response = call(app, 'GET', '/identity/v3/regions',
                    headers={'X-Auth-Token': token})
    assert [r['id'] for r in response.json['regions']] == ['RegionOne']
    versions = call(app, 'GET', '/identity')
    assert versions.status_int == 300
    assert versions.json['versions']['values'][0]['id'].startswith('v3')


def test_heat_wants_a_token_of_its_project(app, heat, token):
    response = call(app, 'GET', '/heat-api/v1/%s/stacks'
                    % app.keystone.project['id'])
    assert response.status_int == 401
    assert response.headers['WWW-Authenticate'] == (
        'Keystone uri="http://localhost/identity"')
    response = call(app, 'GET', '/heat-api/v1/other/stacks',
                    headers={'X-Auth-Token': token})
    assert response.status_int == 403
    assert response.json['error']['type'] == 'HTTPForbidden'
    assert heat('GET', '/stacks').json == {'stacks': []}


def test_lookups_redirect_to_the_canonical_url_keeping_the_query(app, heat):
    created = heat('POST', '/stacks', {'stack_name': 's1',
                                       'template': TEMPLATE})
    assert created.status_int == 201
    stack_id = created.json['stack']['id']
    canonical = 'http://localhost/heat-api/v1/%s/stacks/s1/%s' % (
        app.keystone.project['id'], stack_id)
    assert created.json['stack']['links'][0]['href'] == canonical
    for path in ('/stacks/s1', '/stacks/%s' % stack_id):
        response = heat('PATCH', path, {})
        assert response.status_int == 302
        assert response.headers['Location'] == canonical
    response = heat('GET', '/stacks/%s/resources?nested_depth=2' % stack_id)
    assert response.headers['Location'] == (
        canonical + '/resources?nested_depth=2')
    shown = heat('GET', '/stacks/s1/%s' % stack_id).json['stack']
    assert shown['stack_status'] == 'CREATE_COMPLETE'
    assert heat('GET', '/stacks/s2/%s' % stack_id).status_int == 404


@pytest.mark.parametrize('method, path, body, raw, status, error_type', [
    ('POST', '/stacks', None, b'{"stack_name": ', 400, 'HTTPBadRequest'),
    ('POST', '/stacks', None, b'\xff\xfe', 400, 'HTTPBadRequest'),
    ('POST', '/stacks', None, b'[' * 100000, 400, 'HTTPBadRequest'),
    ('POST', '/stacks', [1], None, 400, 'HTTPBadRequest'),
    ('POST', '/stacks', {'stack_name': 's'}, None, 400, 'HTTPBadRequest'),
    ('POST', '/stacks', {'stack_name': 's', 'template': TEMPLATE,
                         'files': {'a': 1}}, None, 400, 'HTTPBadRequest'),
    ('POST', '/stacks', {'stack_name': 's', 'template_url': 'http://x'},
     None, 400, 'HTTPBadRequest'),
    ('POST', '/stacks', {'stack_name': 's', 'template': TEMPLATE,
                         'environment': {'bogus': {}}}, None, 400,
     'HTTPBadRequest'),
    ('DELETE', '/stacks', None, None, 405, 'HTTPMethodNotAllowed'),
    ('GET', '/nowhere', None, None, 404, 'HTTPNotFound'),
    ('GET', '/stacks/missing', None, None, 404, 'EntityNotFound'),
])
def test_bad_heat_requests_get_heat_errors(heat, method, path, body, raw,
                                           status, error_type):
    response = heat(method, path, body, raw=raw)
    assert response.status_int == status
    assert response.json['code'] == status
    assert response.json['error']['type'] == error_type
    assert response.json['explanation']


def test_oversized_bodies_are_413(heat):
    req_body = b' ' * (wsgi.MAX_BODY + 1)
    response = heat('POST', '/stacks', raw=req_body)
    assert response.status_int == 413


def test_validate_describes_parameters(heat):
    template = dict(TEMPLATE, parameters={'n': {'type': 'number',
                                                'default': 1}})
    response = heat('POST', '/validate', {'template': template})
    assert response.json['Parameters']['n']['Type'] == 'Number'
    response = heat('POST', '/validate', {'template': dict(
        TEMPLATE, resources={'x': {'type': 'Nope'}})})
    assert response.status_int == 400


def test_faults_are_set_read_and_cleared_without_a_token(app):
    fault = {'resource': 'VDU1', 'action': 'CREATE', 'reason': 'no',
             'count': 2}
    assert call(app, 'PUT', '/sandbox/faults',
                {'faults': [fault]}).status_int == 200
    assert call(app, 'GET', '/sandbox/faults').json == {'faults': [fault]}
    assert call(app, 'DELETE', '/sandbox/faults').status_int == 204
    assert call(app, 'GET', '/sandbox/faults').json == {'faults': []}
    assert call(app, 'GET', '/sandbox').json['delay'] == 0


@pytest.mark.parametrize('faults', [
    None, [{'action': 'CREATE'}], [{'resource': 'x', 'action': 'CHECK'}],
    [{'resource': 'x', 'action': 'CREATE', 'count': 0}],
    [{'resource': 'x', 'action': 'CREATE', 'extra': 1}],
])
def test_bad_faults_are_400(app, faults):
    response = call(app, 'PUT', '/sandbox/faults', {'faults': faults})
    assert response.status_int == 400
    assert response.json['error']['code'] == 400


class WsgiAdapter(requests.adapters.BaseAdapter):
    """requests' transport straight into the app, so that the real
    keystoneauth1 and python-heatclient drive it without a server."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def send(self, request, **kwargs):
        req = webob.Request.blank(request.url, method=request.method,
                                  headers=dict(request.headers))
        if request.body:
            req.body = (request.body if isinstance(request.body, bytes)
                        else request.body.encode())
        answer = req.get_response(self.app)
        response = requests.Response()
        response.status_code = answer.status_int
        response.reason = answer.status.partition(' ')[2]
        response.headers = requests.structures.CaseInsensitiveDict(
            answer.headers)
        response._content = answer.body
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


@pytest.fixture
def heatclient(app):
    transport = requests.Session()
    transport.mount('http://localhost/', WsgiAdapter(app))
    auth = v3.Password(auth_url='http://localhost/identity/v3',
                       username='admin', password='secret',
                       project_name='admin', user_domain_name='Default',
                       project_domain_name='Default')
    return heat_client.Client('1', session=ks_session.Session(
        auth=auth, session=transport))


VNF_TOP = """
heat_template_version: 2013-05-23
parameters:
  nfv: {type: json}
resources:
  VDU1_scale_group:
    type: OS::Heat::AutoScalingGroup
    properties:
      min_size: 1
      max_size: 3
      desired_capacity: 2
      resource:
        type: VDU1.yaml
        properties:
          flavor: {get_param: [nfv, VDU, VDU1, computeFlavourId]}
          image: {get_param: [nfv, VDU, VDU1, vcImageId]}
"""

VDU1 = """
heat_template_version: 2013-05-23
parameters:
  flavor: {type: string}
  image: {type: string}
resources:
  VDU1:
    type: OS::Nova::Server
    properties:
      flavor: {get_param: flavor}
      image: {get_param: image}
      networks: [{port: {get_resource: VDU1_CP1}}]
  VDU1_CP1:
    type: OS::Neutron::Port
    properties: {network: net0}
"""


def vnf_nfv(image):
    return {'VDU': {'VDU1': {'computeFlavourId': 'm1.tiny',
                             'vcImageId': image}}}


def vnfc_servers(heat, stack_id):
    """Member name -> (its stack id, its server's physical id and image)."""
    found = {}
    for resource in heat.resources.list(stack_id, nested_depth=2):
        if resource.resource_type == 'VDU1.yaml':
            member_id = resource.physical_resource_id
            server = heat.resources.get(member_id, 'VDU1')
            found[resource.resource_name] = (
                member_id, server.physical_resource_id,
                server.attributes['show']['image']['id'])
    return found


def test_change_vnfpkg_one_member_at_a_time_through_heatclient(heatclient):
    """Tacker's rolling ChangeCurrentVnfPkg: PUT of the group's nested
    stack for one member, then PUT of the top stack for all."""
    heat = heatclient
    top_id = heat.stacks.create(
        stack_name='vnf', template=VNF_TOP, files={'VDU1.yaml': VDU1},
        parameters={'nfv': vnf_nfv('image-1')})['stack']['id']
    group, = heat.resources.list(top_id)
    group_id = group.physical_resource_id
    before = vnfc_servers(heat, top_id)
    first, second = sorted(before)
    events = len(heat.events.list(top_id))

    template = heat.stacks.template(group_id)
    assert template['heat_template_version'] == '2015-04-30'
    assert template['resources'][first] == {
        'type': 'VDU1.yaml',
        'properties': {'flavor': 'm1.tiny', 'image': 'image-1'}}
    template['resources'][first]['properties']['image'] = 'image-2'
    heat.stacks.update(group_id, template=template,
                       files={'VDU1.yaml': VDU1})
    assert heat.stacks.get(group_id).stack_status == 'UPDATE_COMPLETE'
    top = heat.stacks.get(top_id)
    assert (top.stack_status, top.updated_time) == ('CREATE_COMPLETE', None)
    assert heat.resources.get(top_id, group.resource_name).resource_status \
        == 'CREATE_COMPLETE'
    assert len(heat.events.list(top_id)) == events
    after = vnfc_servers(heat, top_id)
    assert after[first] == before[first][:2] + ('image-2',)
    assert after[second] == before[second]
    address = heat.resources.get(after[first][0], 'VDU1_CP1').attributes[
        'fixed_ips'][0]['ip_address']
    assert heat.resources.get(after[first][0], 'VDU1').attributes[
        'first_address'] == address

    heat.stacks.update(group_id, existing=True)
    assert vnfc_servers(heat, top_id) == after

    heat.stacks.update(top_id, template=VNF_TOP, files={'VDU1.yaml': VDU1},
                       parameters={'nfv': vnf_nfv('image-2')})
    assert heat.stacks.get(top_id).stack_status == 'UPDATE_COMPLETE'
    final = vnfc_servers(heat, top_id)
    assert final[first] == after[first]
    assert final[second] == before[second][:2] + ('image-2',)
    first_server = heat.resources.get(final[first][0], 'VDU1')
    assert first_server.resource_status == 'UPDATE_COMPLETE'
    assert heat.stacks.template(group_id)['resources'][second][
        'properties']['image'] == 'image-2'
