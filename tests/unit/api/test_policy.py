"""The policy: one rule per route of every API, the secure-RBAC personas
as defaults, enforced before the controller, overridable by the
operator's policy file; its sample is generated, never hand-written."""
import pathlib
import subprocess
import sys

import pytest

from tacker.api import app
from tacker.api import policy
from tacker.common import context
from tacker.common import exceptions
from tacker.conf import CONF

TOP = pathlib.Path(__file__).resolve().parents[3]
ROUTERS = app.routers()
ROUTES = [(router.prefix, route) for router in ROUTERS
          for route in router.routes]


def caller(roles, project='p1'):
    return context.RequestContext(user_id='u1', project_id=project,
                                  roles=roles,
                                  is_admin='admin' in roles)


def allowed(ctx, prefix, route):
    try:
        policy.authorize(ctx, prefix, route)
    except exceptions.PolicyNotAuthorized as error:
        assert error.status == 403
        return False
    return True


def test_every_route_has_a_registered_rule():
    registered = {rule.name for rule in policy.list_rules()}
    names = {}
    for prefix, route in ROUTES:
        name = policy.rule_name(prefix, route)
        assert name in registered
        names.setdefault(name, set()).add((route.method, route.path))
    # Only an API's versions (with and without its major version) and a
    # legacy resource's list and show share a rule, as in Tacker.
    shared = {name for name, uses in names.items() if len(uses) > 1}
    assert all(name.endswith(':api_versions') or name.startswith('get_')
               for name in shared), shared


def test_rule_names_are_upstream_tackers():
    """Operators' policy files name the rules as upstream Tacker does."""
    names = {(route.method, route.path): policy.rule_name(prefix, route)
             for prefix, route in ROUTES}
    assert names['PUT', '/vnfpkgm/v1/vnf_packages/{id}/package_content'] \
        == 'os_nfv_orchestration_api:vnf_packages:upload_package_content'
    assert names['GET', '/vnflcm/v1/vnf_lcm_op_occs'] == \
        'os_nfv_orchestration_api:vnf_instances:list_lcm_op_occs'
    assert names['POST', '/vnflcm/v2/vnf_lcm_op_occs/{id}/retry'] == \
        'os_nfv_orchestration_api_v2:vnf_instances:lcm_op_occ_retry'
    assert names['POST', '/vnflcm/v2/subscriptions'] == \
        'os_nfv_orchestration_api_v2:vnf_instances:subscription_create'
    assert names['PATCH', '/vnffm/v1/alarms/{id}'] == \
        'os_nfv_orchestration_api_v2:vnf_fault_monitor:update'
    assert names['DELETE', '/vnfpm/v2/thresholds/{id}'] == \
        'os_nfv_orchestration_api_v2:vnf_performance_management:' \
        'delete_threshold'
    assert names['POST', '/pm_event'] == \
        'tacker_PROM_PLUGIN_api:PROM_PLUGIN:pm_event'
    assert names['GET', '/v1.0/vims/{id}'] == 'get_vim'


@pytest.mark.parametrize('prefix,route', ROUTES,
                         ids=['%s %s' % (r.method, r.path) for _, r in ROUTES])
def test_the_personas(prefix, route):
    scoped = getattr(route.handler, 'project_scoped', True)
    reads = route.method in ('GET', 'HEAD')
    assert allowed(caller(['admin']), prefix, route)
    assert allowed(caller(['member', 'reader']), prefix, route)
    assert allowed(caller(['reader']), prefix, route) is (reads or
                                                          not scoped)
    assert allowed(caller([]), prefix, route) is not scoped


def test_an_operators_policy_file_overrides_a_rule(tmp_path):
    [(prefix, route)] = [(prefix, route) for prefix, route in ROUTES
                         if route.path == '/vnflcm/v1/vnf_instances' and
                         route.method == 'POST']
    name = policy.rule_name(prefix, route)
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:admin"\n' % name)
    CONF.set_override('policy_file', str(policy_file), 'oslo_policy')
    policy._enforcer = None
    try:
        assert not allowed(caller(['member']), prefix, route)
        assert allowed(caller(['admin']), prefix, route)
    finally:
        CONF.clear_override('policy_file', 'oslo_policy')
        policy._enforcer = None


def test_policy_sample_is_up_to_date(tmp_path):
    generated = tmp_path / 'policy.yaml.sample'
    subprocess.run(
        [str(pathlib.Path(sys.executable).parent /
             'oslopolicy-sample-generator'),
         '--config-file', str(TOP / 'etc/tacker/policy-generator.conf'),
         '--output-file', str(generated)],
        check=True, capture_output=True, cwd=TOP)
    committed = (TOP / 'etc/tacker/policy.yaml.sample').read_text()
    assert generated.read_text() == committed, (
        'etc/tacker/policy.yaml.sample is stale; regenerate it with: '
        'oslopolicy-sample-generator --config-file '
        'etc/tacker/policy-generator.conf')
