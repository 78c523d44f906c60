"""The enhanced policy: rules see the area, vendor and tenant of the
resource a request names, and the caller's from its special roles."""
import pytest

from tacker.api import app
from tacker.api import policy
from tacker.api import policy_targets
from tacker.common import context
from tacker.common import exceptions
from tacker.conf import CONF
from tacker.db import vims as db_vims
from tests.unit import rows

PROJECT = 'project-a'
ROUTES = {(route.method, route.path): (router.prefix, route)
          for router in app.routers() for route in router.routes}


@pytest.mark.parametrize('role,resource,expected', [
    ('VENDOR_acme', {'vendor': 'acme'}, {'vendor': ['acme']}),
    ('VENDOR_all', {'vendor': 'acme'}, {'vendor': ['acme']}),
    ('TENANT_all', {'tenant': 'ns-1'}, {'tenant': ['ns-1']}),
    ('AREA_tokyo@japan', {'area': 'osaka@japan'},
     {'area': ['tokyo@japan']}),
    ('AREA_all@all', {'area': 'osaka@japan'}, {'area': ['osaka@japan']}),
    ('AREA_all@japan', {'area': 'osaka@japan'},
     {'area': ['osaka@japan']}),
    ('AREA_all@france', {'area': 'osaka@japan'}, {'area': []}),
    ('member', {'vendor': 'acme'}, {}),
])
def test_special_roles_become_the_callers_attributes(role, resource,
                                                     expected):
    held = policy_targets.credentials([role, 'member'], resource)
    assert held == dict({'area': [], 'vendor': [], 'tenant': []},
                        **expected)


@pytest.fixture(autouse=True)
def policy_options():
    """oslo.policy registers its options with its first enforcer."""
    policy.enforcer()


@pytest.fixture
def enhanced(tmp_path):
    """Enhanced policy on, with rules on the vendor of packages and
    instances and the area of VIMs."""
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text(
        '"os_nfv_orchestration_api:vnf_packages:show": "vendor:%(vendor)s"\n'
        '"os_nfv_orchestration_api:vnf_instances:instantiate": '
        '"vendor:%(vendor)s and tenant:%(tenant)s"\n'
        '"get_vim": "area:%(area)s"\n')
    CONF.set_override('policy_file', str(policy_file), 'oslo_policy')
    CONF.set_override('enhanced_tacker_policy', True, 'oslo_policy')
    policy._enforcer = None
    yield
    CONF.clear_override('policy_file', 'oslo_policy')
    CONF.clear_override('enhanced_tacker_policy', 'oslo_policy')
    policy._enforcer = None


def caller(*roles):
    return context.RequestContext(user_id='u', project_id=PROJECT,
                                  roles=['member', *roles])


def allowed(ctx, method, path, resource_id):
    prefix, route = ROUTES[method, path]
    try:
        policy.authorize(ctx, prefix, route, {'id': resource_id})
    except exceptions.PolicyNotAuthorized:
        return False
    return True


def test_a_package_rule_compares_its_vendor(enhanced, database,
                                            admin_context):
    package = rows.onboarded_package(admin_context, {}, PROJECT)
    show = ('GET', '/vnfpkgm/v1/vnf_packages/{id}', package['id'])
    assert allowed(caller('VENDOR_p'), *show)
    assert allowed(caller('VENDOR_all'), *show)
    assert not allowed(caller('VENDOR_q'), *show)
    assert not allowed(caller(), *show)


def test_an_unknown_resource_is_not_found_by_whom_the_rule_admits(
        enhanced, database):
    """404 to a caller the rule would let in to some resource, 403 to
    one it refuses whatever the resource."""
    show = ('GET', '/vnfpkgm/v1/vnf_packages/{id}', 'no-such-package')
    for roles in (['VENDOR_all'], ['VENDOR_q']):
        with pytest.raises(exceptions.VnfPackageNotFound):
            allowed(caller(*roles), *show)
    delete = ('DELETE', '/vnfpkgm/v1/vnf_packages/{id}', 'no-such-package')
    reader = context.RequestContext(user_id='u', project_id=PROJECT,
                                    roles=['reader', 'VENDOR_all'])
    assert not allowed(reader, *delete)
    with pytest.raises(exceptions.VnfPackageNotFound):
        allowed(caller(), *delete)


def test_an_instance_has_its_vendor_and_its_vim_projects_tenant(
        enhanced, database, admin_context):
    package = rows.onboarded_package(admin_context, {}, PROJECT)
    instance = rows.instance(admin_context, package, PROJECT)
    rows.set_instance(admin_context, instance['id'], vim_connection_info=[{
        'id': 'v', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
        'accessInfo': {'project': 'nfv'}, 'extra': {'area': 'tokyo@japan'}}])
    assert policy_targets.instance(caller(), instance['id']) == {
        'vendor': 'p', 'tenant': 'nfv', 'area': 'tokyo@japan'}
    instantiate = ('POST', '/vnflcm/v1/vnf_instances/{id}/instantiate',
                   instance['id'])
    assert allowed(caller('VENDOR_p', 'TENANT_nfv'), *instantiate)
    assert allowed(caller('VENDOR_all', 'TENANT_all'), *instantiate)
    assert not allowed(caller('VENDOR_p', 'TENANT_other'), *instantiate)
    # Rules that name no attribute are as before.
    assert allowed(caller(), 'GET', '/vnflcm/v1/vnf_instances/{id}',
                   instance['id'])


def test_a_vim_rule_compares_its_area(enhanced, database, admin_context):
    vim = db_vims.create(admin_context, {
        'project_id': PROJECT, 'name': 'tokyo', 'type': 'openstack',
        'auth_url': 'http://keystone', 'auth_cred': {},
        'extra': {'area': 'tokyo@japan'}})
    show = ('GET', '/v1.0/vims/{id}', vim['id'])
    assert allowed(caller('AREA_tokyo@japan'), *show)
    assert allowed(caller('AREA_all@japan'), *show)
    assert not allowed(caller('AREA_all@france'), *show)


def test_without_the_option_attributes_are_not_read(tmp_path, database,
                                                    admin_context):
    package = rows.onboarded_package(admin_context, {}, PROJECT)
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_nfv_orchestration_api:vnf_packages:show": '
                           '"vendor:%(vendor)s"\n')
    CONF.set_override('policy_file', str(policy_file), 'oslo_policy')
    policy._enforcer = None
    try:
        assert not allowed(caller('VENDOR_p'), 'GET',
                           '/vnfpkgm/v1/vnf_packages/{id}', package['id'])
    finally:
        CONF.clear_override('policy_file', 'oslo_policy')
        policy._enforcer = None


def test_a_list_is_allowed_and_each_row_admitted_by_its_vendor(
        enhanced, tmp_path, database, admin_context):
    policy_file = tmp_path / 'lists.yaml'
    policy_file.write_text('"os_nfv_orchestration_api:vnf_packages:index": '
                           '"role:member and vendor:%(vendor)s"\n')
    CONF.set_override('policy_file', str(policy_file), 'oslo_policy')
    policy._enforcer = None
    prefix, route = ROUTES['GET', '/vnfpkgm/v1/vnf_packages']
    for roles, admitted in ((['VENDOR_p'], True), (['VENDOR_q'], False),
                            (['VENDOR_all'], True)):
        ctx = caller(*roles)
        policy.authorize(ctx, prefix, route, {})
        assert ctx.admits({'vnf_provider': 'p'}) is admitted
    reader = context.RequestContext(user_id='u', project_id=PROJECT,
                                    roles=['reader', 'VENDOR_all'])
    with pytest.raises(exceptions.PolicyNotAuthorized):
        policy.authorize(reader, prefix, route, {})
