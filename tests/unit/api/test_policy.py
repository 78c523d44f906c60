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
    # Only the API versions of several prefixes share a rule.
    shared = {name for name, uses in names.items() if len(uses) > 1}
    assert all(name.endswith(':api_versions:show') for name in shared), \
        shared


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
