"""Who may call which route: oslo.policy rules in code, one per route of
every API, enforced once by the dispatcher before the controller runs
(a 403 ProblemDetails otherwise).

Rule names follow Tacker's (``os_nfv_orchestration_api:vnf_instances:
instantiate``, ``os_nfv_orchestration_api_v2:...``, ``tacker:vims:
create``): the API's namespace, the resource (the route's first path
segment), the controller's action. The defaults are the OpenStack
secure-RBAC personas: a project's reader may read (GET), its member may
also create, operate and subscribe, an admin may do everything in every
project (the project scope of the rows is the database layer's); routes
that act on no project (API versions, healthcheck) are open to all. An
operator's ``policy.yaml`` ([oslo_policy] policy_file) overrides rules,
read again when it changes; ``oslopolicy-sample-generator --namespace
tacker`` writes etc/tacker/policy.yaml.sample.
"""
from oslo_policy import policy

from tacker.common import exceptions
from tacker.common import links
from tacker.conf import CONF

READER = 'role:reader or role:member or role:admin'
MEMBER = 'role:member or role:admin'
ANYONE = '@'
SAFE_METHODS = frozenset({'GET', 'HEAD'})
# API prefix -> namespace of its rules.
_NAMESPACES = {
    links.VNFPKGM: 'os_nfv_orchestration_api',
    links.VNFLCM: 'os_nfv_orchestration_api',
    links.GRANT: 'os_nfv_orchestration_api',
    links.VNFLCM_V2: 'os_nfv_orchestration_api_v2',
    links.VNFFM: 'os_nfv_orchestration_api_v2:vnffm',
    links.VNFPM: 'os_nfv_orchestration_api_v2:vnfpm',
}
# Resources two APIs of a namespace both have, by API prefix.
_RESOURCES = {
    (links.VNFPKGM, 'subscriptions'): 'vnf_package_subscriptions',
    (links.VNFLCM, 'subscriptions'): 'lccn_subscriptions',
    (links.VNFLCM_V2, 'subscriptions'): 'lccn_subscriptions',
}
# The namespace of the other prefixes' rules: the legacy API's (/v1.0)
# and the webhooks', Tacker's own.
_OWN = 'tacker'
_LEGACY_PREFIX_NAME = 'v1.0'
_enforcer = None


def rule_name(prefix, route):
    """The rule of ``route`` (a ``wsgi.Route``) of the API at
    ``prefix``."""
    path = route.path[len(prefix):].strip('/')
    resource = path.split('/', 1)[0] or 'root'
    resource = _RESOURCES.get((prefix, resource), resource)
    name = prefix.strip('/').replace('/', '_') or 'root'
    namespace = _NAMESPACES.get(prefix) or (
        _OWN if name == _LEGACY_PREFIX_NAME else '%s:%s' % (_OWN, name))
    return '%s:%s:%s' % (namespace, resource, route.handler.__name__)


def default(route):
    """The persona a route needs by default."""
    if not getattr(route.handler, 'project_scoped', True):
        return ANYONE
    return READER if route.method in SAFE_METHODS else MEMBER


def rules(routers):
    """DocumentedRuleDefault of every route of ``routers``, once per name
    (HEAD shares GET's)."""
    found = {}
    for router in routers:
        for route in router.routes:
            name = rule_name(router.prefix, route)
            if name in found:
                continue
            found[name] = policy.DocumentedRuleDefault(
                name, default(route),
                'Call %s %s.' % (route.method, route.path),
                [{'method': route.method, 'path': route.path}])
    return list(found.values())


def list_rules():
    """Every rule, for oslopolicy-sample-generator (entry point
    ``oslo.policy.policies``)."""
    from tacker.api import app
    return rules(app.routers())


def enforcer():
    global _enforcer
    if _enforcer is None:
        _enforcer = policy.Enforcer(CONF)
        _enforcer.register_defaults(list_rules())
    return _enforcer


def authorize(context, prefix, route):
    """:raises PolicyNotAuthorized: the caller's roles do not satisfy the
    route's rule."""
    name = rule_name(prefix, route)
    if not enforcer().authorize(name, {'project_id': context.project_id},
                                context.to_policy_values()):
        raise exceptions.PolicyNotAuthorized(action=name)
