"""Project scope with auth_strategy = keystone: tacker-server validates
tokens with keystonemiddleware against the sandbox Keystone, which serves
two projects with a member each, a reader, an admin and unscoped tokens.

An unscoped token gets 403 on every route but ``/`` and the API versions;
each project sees only its own packages, instances and subscriptions (and
its own notifications); an admin sees both; a reader reads but does not
write; the healthcheck shows conductor hosts only to a valid token. The
policy table (policy_table.yaml) gives every route's status for each
persona.
"""
import datetime
import json
import os
import pathlib
import re
import subprocess
import sys
import time
import uuid

import pytest
import requests
import yaml

from tacker.api import app as tacker_app
from tacker.api import versions
from tests.functional import deployment as deployment_lib
from tests.functional import http_servers
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_lcm_openstack as openstack
from tests.functional import test_vnf_packages as pkgs

PKGM = '/vnfpkgm/v1'
LCM = '/vnflcm/v1'
IDENTITIES = {
    'projects': ['alpha', 'beta', 'service'],
    'users': [
        {'name': 'alice', 'password': 'alice-pw',
         'roles': {'alpha': ['member']}},
        {'name': 'bob', 'password': 'bob-pw', 'roles': {'beta': ['member']}},
        {'name': 'rita', 'password': 'rita-pw',
         'roles': {'alpha': ['reader']}},
        {'name': 'ada', 'password': 'ada-pw', 'roles': {'alpha': ['admin']}},
        {'name': 'tacker', 'password': 'tacker-pw',
         'roles': {'service': ['service']}},
    ]}


class Caller:
    """The deployment as one token's holder sees it (the interface the
    package helpers of test_vnf_packages use): a Keystone ``token``, or
    an OAuth 2.0 access token with ``bearer``."""

    def __init__(self, deployment, token, bearer=False):
        self.deployment = deployment
        self.credential = {} if not token else (
            {'Authorization': 'Bearer ' + token} if bearer
            else {'X-Auth-Token': token})

    def request(self, method, path, **kwargs):
        headers = dict(kwargs.pop('headers', None) or {}, **self.credential)
        return self.deployment.request(method, path, headers=headers,
                                       **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)


@pytest.fixture(scope='module')
def keystone(tmp_path_factory):
    with sandbox_lib.SandboxVim(tmp_path_factory.mktemp('keystone'),
                                identities=IDENTITIES) as vim:
        yield vim


def authtoken_options(keystone):
    """[keystone_authtoken] validating tokens at the sandbox Keystone as
    the service user tacker."""
    return {'www_authenticate_uri': keystone.auth_url,
            'auth_url': keystone.auth_url, 'auth_type': 'password',
            'username': 'tacker', 'password': 'tacker-pw',
            'project_name': 'service', 'user_domain_name': 'Default',
            'project_domain_name': 'Default', 'interface': 'public',
            'service_token_roles_required': 'true',
            'http_connect_timeout': 5, 'http_request_max_retries': 1}


@pytest.fixture(scope='module')
def deployment(keystone, tmp_path_factory):
    """One deployment on SQLite for the module: scope is not about the
    database, and no test here stops a process."""
    authtoken = authtoken_options(keystone)
    workdir = tmp_path_factory.mktemp('deployment')
    policy_file = workdir / 'policy.yaml'
    policy_file.write_text('{}\n')
    with deployment_lib.sqlite_deployment(
            workdir, auth_strategy='keystone', sections={
                'keystone_authtoken': authtoken,
                'oslo_policy': {'policy_file': policy_file},
                'oauth2': {'token_filter': 'keystone'},
                'notification': {'delivery_interval': 0.2}}) as deploy:
        deploy.policy_file = policy_file
        yield deploy


@pytest.fixture(scope='module')
def callers(keystone, deployment):
    def caller(user, password, project):
        return Caller(deployment, keystone.token(user, password, project))
    return {'alice': caller('alice', 'alice-pw', 'alpha'),
            'bob': caller('bob', 'bob-pw', 'beta'),
            'rita': caller('rita', 'rita-pw', 'alpha'),
            'ada': caller('ada', 'ada-pw', 'alpha'),
            'admin': caller(keystone.user, keystone.password,
                            keystone.project),
            'unscoped': caller('alice', 'alice-pw', None),
            'anonymous': Caller(deployment, None)}


def routes():
    """(method, path) of every route of every API router, the path's
    variables filled with a random id."""
    for router in tacker_app.routers()[1:]:
        for route in router.mapper.matchlist:
            if not route.defaults.get('handler'):
                continue
            path = re.sub(r'\{\w+\}', uuid.uuid4().hex, route.routepath)
            for method in route.conditions['method']:
                yield method, path


def test_unscoped_token_is_403_on_every_route_but_root_and_versions(
        callers):
    unscoped = callers['unscoped']
    checked = 0
    for method, path in routes():
        response = unscoped.request(method, path)
        if path.endswith('/api_versions'):
            assert response.status_code == 200, (method, path)
            continue
        assert response.status_code == 403, (method, path, response.text)
        if method != 'HEAD':
            assert response.headers['Content-Type'] == \
                'application/problem+json'
            assert response.json()['status'] == 403
        checked += 1
    assert checked > 30
    assert unscoped.get('/').status_code == 200
    assert callers['anonymous'].get(LCM + '/vnf_instances').status_code \
        == 401


def onboard(caller, tmp_path, vnfd_id=None):
    return pkgs.onboard(caller, tmp_path, 'two_flavours',
                        vnfd_id=vnfd_id or str(uuid.uuid4()))


def subscribe(caller, consumer, name):
    response = caller.request('POST', LCM + '/subscriptions', json={
        'callbackUri': '%s/%s' % (consumer.url, name)})
    assert response.status_code == 201, response.text
    return response.json()['id']


def new_instance(caller, vnfd_id):
    response = caller.request('POST', LCM + '/vnf_instances',
                              json={'vnfdId': vnfd_id})
    assert response.status_code == 201, response.text
    return response.json()['id']


def ids(caller, path):
    response = caller.get(path)
    assert response.status_code == 200, response.text
    return {item['id'] for item in response.json()}


def test_each_project_sees_only_its_own(callers, consumer, keystone,
                                        tmp_path):
    """Both projects onboard the same package (one vnfdId) and each
    instantiates it on the sandbox; neither sees the other's."""
    alice, bob = callers['alice'], callers['bob']
    vnfd_id = str(uuid.uuid4())
    mine = {}
    for name, caller in (('alice', alice), ('bob', bob)):
        subscription = subscribe(caller, consumer, name)
        package = onboard(caller, tmp_path, vnfd_id)
        instance = new_instance(caller, vnfd_id)
        mine[name] = {'package': package, 'subscription': subscription,
                      'instance': instance}
    for name, caller in (('alice', alice), ('bob', bob)):
        op_id = lcm.task(caller, mine[name]['instance'], 'instantiate', {
            'flavourId': 'small',
            'vimConnectionInfo': openstack.vim_connection(keystone)})
        mine[name]['op'] = op_id
    for name, caller in (('alice', alice), ('bob', bob)):
        op = lcm.wait_op(caller, mine[name]['op'], timeout=90)
        assert op['operationState'] == 'COMPLETED', op
    a, b = mine['alice'], mine['bob']
    # Each instance uses its own project's package.
    for name, caller in (('alice', alice), ('bob', bob)):
        package = caller.get(PKGM + '/vnf_packages/' +
                             mine[name]['package']['id']).json()
        assert package['usageState'] == 'IN_USE', package

    # Lists hold only the caller's; the other project's are not found.
    for caller, own, other in ((alice, a, b), (bob, b, a)):
        assert other['package']['id'] not in ids(caller,
                                                 PKGM + '/vnf_packages')
        assert own['package']['id'] in ids(caller, PKGM + '/vnf_packages')
        assert ids(caller, LCM + '/vnf_instances') >= {own['instance']}
        assert other['instance'] not in ids(caller, LCM + '/vnf_instances')
        assert other['subscription'] not in ids(caller,
                                                LCM + '/subscriptions')
        assert own['op'] in ids(caller, LCM + '/vnf_lcm_op_occs')
        assert other['op'] not in ids(caller, LCM + '/vnf_lcm_op_occs')
        package_url = PKGM + '/vnf_packages/' + other['package']['id']
        instance_url = LCM + '/vnf_instances/' + other['instance']
        for method, path, kwargs in (
                ('GET', package_url, {}),
                ('GET', package_url + '/vnfd', {}),
                ('PATCH', package_url, {
                    'json': {'operationalState': 'DISABLED'},
                    'headers': {'Content-Type':
                                'application/merge-patch+json'}}),
                ('DELETE', package_url, {}),
                ('GET', instance_url, {}),
                ('POST', instance_url + '/heal', {'json': {}}),
                ('DELETE', instance_url, {}),
                ('GET', LCM + '/subscriptions/' + other['subscription'], {}),
                ('DELETE', LCM + '/subscriptions/' + other['subscription'],
                 {})):
            response = caller.request(method, path, **kwargs)
            assert response.status_code == 404, (method, path,
                                                 response.text)
    # A package only the other project has cannot back an instance.
    response = alice.request('POST', LCM + '/vnf_instances', json={
        'vnfdId': onboard(bob, tmp_path)['vnfdId']})
    assert response.status_code == 422, response.text

    # Each subscriber heard of its own project's instance only.
    for name in ('alice', 'bob'):
        consumer.wait_for(lambda received, name=name: [
            item for item in received if item['path'] == '/' + name])
    for item in consumer.received:
        owner = item['path'].strip('/')
        assert item['body']['vnfInstanceId'] == mine[owner]['instance']

    # The admin sees both projects' resources.
    admin = callers['admin']
    assert ids(admin, PKGM + '/vnf_packages') >= {
        a['package']['id'], b['package']['id']}
    assert ids(admin, LCM + '/vnf_instances') >= {a['instance'],
                                                  b['instance']}
    assert admin.get(LCM + '/vnf_instances/' + b['instance']) \
        .status_code == 200

    # A reader of alpha reads alpha's resources but changes nothing.
    rita = callers['rita']
    assert a['package']['id'] in ids(rita, PKGM + '/vnf_packages')
    assert rita.get(LCM + '/vnf_instances/' + a['instance']).status_code \
        == 200
    assert rita.get(LCM + '/vnf_instances/' + b['instance']).status_code \
        == 404
    for method, path in (('POST', PKGM + '/vnf_packages'),
                         ('DELETE', LCM + '/vnf_instances/' + a['instance']),
                         ('DELETE',
                          LCM + '/subscriptions/' + a['subscription'])):
        response = rita.request(method, path, json={})
        assert response.status_code == 403, (method, path, response.text)
    assert alice.get(LCM + '/vnf_instances/' + a['instance']).status_code \
        == 200


def test_healthcheck_shows_hosts_only_to_a_valid_token(callers,
                                                       deployment):
    host = deployment.options['host']
    for name in ('alice', 'unscoped'):
        body = callers[name].get('/healthcheck?rpc=true').json()
        assert [c['host'] for c in body['conductors']] == [host]
        assert body['rpc']['host'] == host
    for caller in (callers['anonymous'], Caller(deployment, 'not-a-token')):
        response = caller.get('/healthcheck?rpc=true')
        assert response.status_code == 200
        body = response.json()
        assert body['status'] == 'OK' and len(body['conductors']) == 1
        assert host not in response.text


POLICY_TABLE = pathlib.Path(__file__).with_name('policy_table.yaml')
# The personas of the table's columns, in order.
PERSONAS = (('admin', 'ada'), ('member', 'alice'), ('reader', 'rita'),
            ('other', 'bob'))
SAFE = ('GET', 'HEAD')


@pytest.fixture(scope='module')
def alpha_resources(callers, tmp_path_factory):
    """Resources of project alpha, made by its member, by the name of the
    path variable that stands for them."""
    alice = callers['alice']
    consumer = http_servers.NotificationConsumer().start()
    package = onboard(alice, tmp_path_factory.mktemp('alpha'))
    instance = new_instance(alice, package['vnfdId'])
    v2 = alice.request('POST', '/vnflcm/v2/vnf_instances',
                       json={'vnfdId': package['vnfdId']},
                       headers={'Version': '2.0.0'})
    assert v2.status_code == 201, v2.text
    subscriptions = {}
    for prefix in ('/vnfpkgm/v1', LCM, '/vnflcm/v2', '/vnffm/v1'):
        response = alice.request(
            'POST', prefix + '/subscriptions',
            json={'callbackUri': consumer.url + '/alpha'},
            headers=version_header(prefix))
        assert response.status_code == 201, (prefix, response.text)
        subscriptions[prefix] = response.json()['id']
    yield {'/vnfpkgm/v1/vnf_packages/{id}': package['id'],
           LCM + '/vnf_instances/{id}': instance,
           '/vnflcm/v2/vnf_instances/{id}': v2.json()['id'],
           **{prefix + '/subscriptions/{id}': subscription_id
              for prefix, subscription_id in subscriptions.items()}}
    consumer.stop()


def version_header(prefix):
    version = versions.required_version(prefix)
    return {'Version': version} if version else {}


def route_table():
    """(prefix, method, path template) of every route, HEAD included."""
    for router in tacker_app.routers():
        for route in router.mapper.matchlist:
            if route.defaults.get('handler'):
                for method in route.conditions['method']:
                    yield router.prefix, method, route.routepath


def concrete_path(method, template, resources):
    """``template`` with alpha's resource in its ``{id}`` for a read,
    else (and for the resources alpha has none of) a random id: a write
    must not change what later rows read."""
    if method in SAFE:
        for resource_path, resource_id in resources.items():
            if template.startswith(resource_path):
                template = resource_id.join(template.split('{id}', 1))
    return re.sub(r'\{[\w:.+]+\}', uuid.uuid4().hex, template)


def observe(caller, resources):
    """``{"METHOD path": status}`` of every route called by ``caller``
    on ``resources``; a write carries an empty body, so none succeeds."""
    observed = {}
    for prefix, method, template in route_table():
        path = concrete_path(method, template, resources)
        kwargs = {} if method in SAFE + ('DELETE',) else {'json': {}}
        response = caller.request(method, path,
                                  headers=version_header(prefix), **kwargs)
        assert response.status_code < 500, (method, path)
        observed['%s %s' % (method, template)] = response.status_code
    return observed


def test_policy_table(callers, alpha_resources, tmp_path):
    """Every route, called by an admin, a member and a reader of project
    alpha and a member of project beta, on alpha's resources, answers as
    the table says."""
    table = yaml.safe_load(POLICY_TABLE.read_text())
    columns = [observe(callers[user], alpha_resources)
               for _, user in PERSONAS]
    observed = {route: [column[route] for column in columns]
                for route in columns[0]}
    (tmp_path / 'observed.yaml').write_text(yaml.safe_dump(observed))
    assert set(observed) == set(table), (
        'routes without a row, rows without a route (observed: %s)'
        % (tmp_path / 'observed.yaml'))
    assert observed == table, tmp_path / 'observed.yaml'
    for route, (admin, member, reader, other) in table.items():
        method = route.split()[0]
        # Only a reader is refused, and only a write.
        assert 403 not in (admin, member, other), route
        assert (reader == 403) is (method not in SAFE and
                                   'api_versions' not in route), route
        # Another project's member does not find alpha's resources.
        if method in SAFE and '{id}' in route and member == 200:
            assert other == 404, route


def test_an_operators_policy_file_applies_without_a_restart(callers,
                                                            deployment):
    alice = callers['alice']
    assert alice.get(LCM + '/vnf_instances').status_code == 200
    deployment.policy_file.write_text(
        '"os_nfv_orchestration_api:vnf_instances:index": "role:admin"\n')
    try:
        deployment.wait_for(
            lambda: alice.get(LCM + '/vnf_instances').status_code == 403,
            10, 'the policy file read again')
        assert callers['ada'].get(LCM + '/vnf_instances').status_code == 200
    finally:
        deployment.policy_file.write_text('{}\n')
    deployment.wait_for(
        lambda: alice.get(LCM + '/vnf_instances').status_code == 200,
        10, 'the policy file read again')


@pytest.fixture(scope='module')
def enhanced_deployment(keystone, tmp_path_factory):
    """A deployment with Tacker's enhanced policy, whose rule on showing
    or listing a VNF instance compares its vendor."""
    workdir = tmp_path_factory.mktemp('enhanced')
    policy_file = workdir / 'policy.yaml'
    policy_file.write_text(''.join(
        '"os_nfv_orchestration_api:vnf_instances:%s": '
        '"(role:member or role:admin) and vendor:%%(vendor)s"\n' % action
        for action in ('show', 'index')))
    with deployment_lib.sqlite_deployment(
            workdir, auth_strategy='keystone', sections={
                'keystone_authtoken': authtoken_options(keystone),
                'oslo_policy': {'policy_file': policy_file,
                                'enhanced_tacker_policy': True}}) as deploy:
        yield deploy


def test_the_enhanced_policy_compares_the_vendor(
        keystone, enhanced_deployment, tmp_path):
    """Tacker's enhanced policy: a rule on the instance's vendor (its
    package's vnfProvider, Company) lets in only the callers whose
    VENDOR_ roles name it, or VENDOR_all."""
    alice = Caller(enhanced_deployment,
                   keystone.token('alice', 'alice-pw', 'alpha'))
    instance = LCM + '/vnf_instances/' + new_instance(
        alice, onboard(alice, tmp_path)['vnfdId'])
    callers = {}
    for name, vendor_role in (('vera', 'VENDOR_Company'),
                              ('victor', 'VENDOR_Other'),
                              ('valerie', 'VENDOR_all'), ('mona', None)):
        roles = ['member']
        if vendor_role:
            keystone.identity('POST', '/roles',
                              json={'role': {'name': vendor_role}})
            roles.append(vendor_role)
        keystone.create_user(name, name + '-pw', {'alpha': roles})
        callers[name] = Caller(enhanced_deployment, keystone.token(
            name, name + '-pw', 'alpha'))
    assert {name: caller.get(instance).status_code
            for name, caller in callers.items()} == {
        'vera': 200, 'victor': 403, 'valerie': 200, 'mona': 403}
    # An instance that does not exist is not found by those the rule
    # admits to some instance (all of them: any vendor might match).
    assert callers['victor'].get(
        LCM + '/vnf_instances/' + str(uuid.uuid4())).status_code == 404
    # A list shows each caller the instances of its vendors.
    listed = {name: ids(caller, LCM + '/vnf_instances')
              for name, caller in callers.items()}
    instance_id = instance.rsplit('/', 1)[1]
    assert {name for name, found in listed.items()
            if instance_id in found} == {'vera', 'valerie'}


# ---- OAuth 2.0 client credentials (SOL013 v3.3.1 8.3.4) ----------------


def test_a_client_credentials_token_gets_its_users_access(
        keystone, deployment, alpha_resources):
    """An access token Keystone issued to alice's application credential
    (keystonemiddleware's oauth2_token) answers every route as alice."""
    client = keystone.application_credential('alice', 'alice-pw', 'alpha',
                                             'alice-client')
    bearer = Caller(deployment, keystone.oauth2_token(*client), bearer=True)
    table = yaml.safe_load(POLICY_TABLE.read_text())
    member = [name for name, _ in PERSONAS].index('member')
    assert observe(bearer, alpha_resources) == {
        route: statuses[member] for route, statuses in table.items()}


def test_an_expired_or_unknown_access_token_is_401(keystone, deployment):
    expiry = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=3)
    client = keystone.application_credential(
        'alice', 'alice-pw', 'alpha', 'short-lived', expires_at=expiry)
    bearer = Caller(deployment, keystone.oauth2_token(*client), bearer=True)
    assert bearer.get(LCM + '/vnf_instances').status_code == 200
    time.sleep(max(0, (expiry - datetime.datetime.now(
        datetime.timezone.utc)).total_seconds()) + 0.5)
    for caller in (bearer, Caller(deployment, 'not-a-token', bearer=True)):
        response = caller.get(LCM + '/vnf_instances')
        assert response.status_code == 401
        assert response.headers['Content-Type'] == \
            'application/problem+json'
        assert response.json()['status'] == 401


@pytest.fixture(scope='module')
def resource_server(keystone):
    """The (id, secret) Tacker introspects tokens with at the external
    authorization server (the sandbox's introspection endpoint)."""
    return keystone.application_credential('tacker', 'tacker-pw',
                                           'service', 'tacker-introspects')


@pytest.fixture(scope='module')
def external_deployment(keystone, resource_server, tmp_path_factory):
    """A deployment taking tokens of an external authorization server
    (keystonemiddleware's external_oauth2_token, RFC 7662), the VNF LCM
    API only with the scope vnflcm_all."""
    introspection = {
        'introspect_endpoint': keystone.introspect_url,
        'audience': keystone.oauth2_token_url,
        'auth_method': 'client_secret_basic',
        'client_id': resource_server[0], 'client_secret': resource_server[1],
        'mapping_roles': 'roles', 'mapping_expires_at': 'exp',
        'mapping_user_id': 'user_id', 'http_connect_timeout': 5,
        **{'mapping_' + claim: claim for claim in (
            'project_id', 'project_name', 'project_domain_id',
            'project_domain_name', 'user_domain_id', 'user_domain_name')}}
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('external'), auth_strategy='keystone',
            sections={'keystone_authtoken': {
                          'www_authenticate_uri': keystone.auth_url},
                      'ext_oauth2_auth': introspection,
                      'oauth2': {'token_filter': 'external',
                                 'api_scopes': 'vnflcm:vnflcm_all'}}) \
            as deploy:
        yield deploy


def test_an_external_servers_token_needs_the_apis_scope(
        keystone, external_deployment):
    client = keystone.application_credential('alice', 'alice-pw', 'alpha',
                                             'alice-external')

    def caller(scope):
        return Caller(external_deployment,
                      keystone.oauth2_token(*client, scope=scope),
                      bearer=True)
    scoped, unscoped = caller('vnflcm_all'), caller('vnfpkgm_all')
    assert scoped.get(LCM + '/vnf_instances').status_code == 200
    response = unscoped.get(LCM + '/vnf_instances')
    assert response.status_code == 403
    assert response.json()['detail'] == \
        'The access token lacks the scope vnflcm_all this API needs.'
    # An API no scope is configured for takes any valid token.
    assert unscoped.get(PKGM + '/vnf_packages').status_code == 200
    assert Caller(external_deployment, 'forged', bearer=True).get(
        LCM + '/vnf_instances').status_code == 401


class OAuth2Consumer(http_servers.NotificationConsumer):
    """A notification consumer that requires an OAuth 2.0 access token,
    which it introspects at the authorization server: 401 without an
    active one."""

    def __init__(self, introspect_url, credentials):
        super().__init__()
        inner = self.handler

        class Handler(inner):
            def _active(self):
                scheme, _, token = (self.headers.get('Authorization')
                                    or '').partition(' ')
                return scheme == 'Bearer' and requests.post(
                    introspect_url, data={'token': token}, auth=credentials,
                    timeout=5).json().get('active')

            def do_GET(self):
                if not self._active():
                    return self._refuse()
                super().do_GET()

            def do_POST(self):
                if not self._active():
                    return self._refuse()
                super().do_POST()

            def _refuse(self):
                self.send_response(401)
                self.send_header('WWW-Authenticate', 'Bearer')
                self.end_headers()

        self.handler = Handler


def test_a_consumer_requiring_oauth2_receives_notifications(
        keystone, callers, resource_server, tmp_path):
    """The subscription names the consumer's token endpoint (the
    sandbox's OS-OAUTH2) and a client of it; Tacker gets a token by the
    client credentials grant and sends each notification with it."""
    consumer = OAuth2Consumer(keystone.introspect_url, resource_server)
    consumer.start()
    try:
        alice = callers['alice']
        client = keystone.application_credential(
            'bob', 'bob-pw', 'beta', 'consumer-client')
        response = alice.request('POST', LCM + '/subscriptions', json={
            'callbackUri': consumer.url + '/oauth2',
            'authentication': {
                'authType': ['OAUTH2_CLIENT_CREDENTIALS'],
                'paramsOauth2ClientCredentials': {
                    'clientId': client[0], 'clientPassword': client[1],
                    'tokenEndpoint': keystone.oauth2_token_url}}})
        assert response.status_code == 201, response.text
        # Without the authentication the consumer refuses the check.
        refused = alice.request('POST', LCM + '/subscriptions', json={
            'callbackUri': consumer.url + '/without-authentication'})
        assert refused.status_code == 400, refused.text
        package = onboard(alice, tmp_path)
        instance = new_instance(alice, package['vnfdId'])
        received = consumer.wait_for(lambda items: [
            item for item in items
            if item['body']['vnfInstanceId'] == instance])
        assert received[0]['authorization'].startswith('Bearer ')
    finally:
        consumer.stop()


# ---- the tacker CLI's authentication ------------------------------------


def cli(deployment, keystone, *args, status=0, **auth):
    """Run ``tacker`` against ``deployment`` with the ``--os-*`` options
    ``auth`` (the Keystone URL and the domains given); the finished
    process, its exit status checked."""
    options = dict({'auth_url': keystone.auth_url,
                    'endpoint': deployment.url}, **auth)
    if 'username' in auth:
        options.update(user_domain_name='Default',
                       project_domain_name='Default')
    env = {name: value for name, value in os.environ.items()
           if not name.startswith('OS_')}
    command = [sys.executable, '-m', 'tackerclient', *args]
    for name, value in options.items():
        command += ['--os-' + name.replace('_', '-'), value]
    done = subprocess.run(command, capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == status, (done.stdout, done.stderr)
    return done


def test_the_cli_authenticates_as_keystone_and_oauth2_clients_do(
        keystone, deployment, alpha_resources):
    """A password, an application credential and an OAuth 2.0 client
    credential of alice each list alpha's packages; a wrong password
    fails clearly."""
    package = alpha_resources['/vnfpkgm/v1/vnf_packages/{id}']
    client_id, secret = keystone.application_credential(
        'alice', 'alice-pw', 'alpha', 'alice-cli')
    for auth in (
            {'username': 'alice', 'password': 'alice-pw',
             'project_name': 'alpha'},
            {'application_credential_id': client_id,
             'application_credential_secret': secret},
            {'auth_type': 'v3oauth2clientcredential',
             'oauth2_endpoint': keystone.oauth2_token_url,
             'oauth2_client_id': client_id,
             'oauth2_client_secret': secret}):
        listed = json.loads(cli(deployment, keystone, 'vnf', 'package',
                                'list', '-f', 'json', **auth).stdout)
        assert package in [item['Id'] for item in listed], auth
    refused = cli(deployment, keystone, 'vnf', 'package', 'list',
                  status=1, username='alice', password='wrong',
                  project_name='alpha')
    assert 'Traceback' not in refused.stderr
    assert '401' in refused.stderr or 'uthentication' in refused.stderr
