"""Who may call which route: oslo.policy rules in code, one per route of
every API, enforced once by the dispatcher before the controller runs
(a 403 ProblemDetails otherwise).

Rule names are upstream Tacker's (``os_nfv_orchestration_api:
vnf_instances:instantiate``, ``os_nfv_orchestration_api_v2:
vnf_performance_management:create_threshold``, the legacy API's
``get_vim``...), so an operator's policy file carries over.
The defaults are the OpenStack
secure-RBAC personas: a project's reader may read (GET), its member may
also create, operate and subscribe, an admin may do everything in every
project (the project scope of the rows is the database layer's); routes
that act on no project (API versions, healthcheck) are open to all. An
operator's ``policy.yaml`` ([oslo_policy] policy_file) overrides rules,
read again when it changes; ``oslopolicy-sample-generator --namespace
tacker`` writes etc/tacker/policy.yaml.sample. With ``[oslo_policy]
enhanced_tacker_policy`` rules also see the area, vendor and tenant of
the resource a route names (``tacker.api.policy_targets``).
"""
from oslo_policy import policy

from tacker.api import policy_targets
from tacker.common import exceptions
from tacker.common import links
from tacker.conf import CONF

READER = 'role:reader or role:member or role:admin'
MEMBER = 'role:member or role:admin'
ANYONE = '@'
SAFE_METHODS = frozenset({'GET', 'HEAD'})

_PACKAGES = 'os_nfv_orchestration_api:vnf_packages:'
_LCM = 'os_nfv_orchestration_api:vnf_instances:'
_LCM_V2 = 'os_nfv_orchestration_api_v2:vnf_instances:'
_FM = 'os_nfv_orchestration_api_v2:vnf_fault_monitor:'
_PM = 'os_nfv_orchestration_api_v2:vnf_performance_management:'
_MONITORING = 'tacker_PROM_PLUGIN_api:PROM_PLUGIN:'
_GRANTS = 'os_nfv_orchestration_api:grants:'
_OWN = 'tacker:'
_ID = '/{id}'


def _subscriptions(namespace):
    return {('GET', '/subscriptions'): namespace + 'subscription_list',
            ('POST', '/subscriptions'): namespace + 'subscription_create',
            ('GET', '/subscriptions' + _ID): namespace + 'subscription_show',
            ('DELETE', '/subscriptions' + _ID):
                namespace + 'subscription_delete'}


def _instances(namespace, update, op_occ):
    """The VNF LCM routes of v1 and v2; ``update``: the PATCH's action,
    ``op_occ``: the operation occurrences' actions by method name."""
    instance = '/vnf_instances' + _ID
    op = '/vnf_lcm_op_occs' + _ID
    names = {('GET', '/api_versions'): 'api_versions',
             ('GET', '/vnf_instances'): 'index',
             ('POST', '/vnf_instances'): 'create',
             ('GET', instance): 'show', ('PATCH', instance): update,
             ('DELETE', instance): 'delete',
             ('GET', '/vnf_lcm_op_occs'): op_occ('index'),
             ('GET', op): op_occ('show')}
    for task in ('instantiate', 'terminate', 'scale', 'heal',
                 'change_ext_conn', 'change_flavour', 'scale_to_level',
                 'change_vnfpkg'):
        names['POST', '%s/%s' % (instance, task)] = task
    for task in ('retry', 'rollback', 'fail', 'cancel'):
        names['POST', '%s/%s' % (op, task)] = op_occ(task)
    return {**{key: namespace + action for key, action in names.items()},
            **_subscriptions(namespace)}


def _v1_op_occ(action):
    return {'index': 'list_lcm_op_occs',
            'show': 'show_lcm_op_occs'}.get(action, action)


def _legacy(*resources):
    """The legacy API's neutron-style names (``get_vim``, ...) of
    ``resources`` (singular, plural, methods of the collection, methods
    of a member)."""
    names = {}
    for singular, plural, collection, member in resources:
        for method in collection:
            names[method, '/' + plural] = _LEGACY_ACTIONS[method] + singular
        for method in member:
            names[method, '/%s%s' % (plural, _ID)] = \
                _LEGACY_ACTIONS[method] + singular
    return names


_LEGACY_ACTIONS = {'GET': 'get_', 'POST': 'create_', 'PUT': 'update_',
                   'DELETE': 'delete_'}

# Each route's rule, by API prefix then (method, path under the prefix):
# upstream Tacker's names, so that an operator's policy file carries
# over; routes Tacker lacks are named in its manner.
_NAMES = {
    '': {('GET', '/'): _OWN + 'versions',
         ('GET', '/healthcheck'): _OWN + 'healthcheck'},
    links.VNFPKGM: {**{
        ('GET', '/api_versions'): _PACKAGES + 'api_versions',
        ('GET', '/vnf_packages'): _PACKAGES + 'index',
        ('POST', '/vnf_packages'): _PACKAGES + 'create',
        ('GET', '/vnf_packages' + _ID): _PACKAGES + 'show',
        ('PATCH', '/vnf_packages' + _ID): _PACKAGES + 'patch',
        ('DELETE', '/vnf_packages' + _ID): _PACKAGES + 'delete',
        ('GET', '/vnf_packages/{id}/package_content'):
            _PACKAGES + 'fetch_package_content',
        ('PUT', '/vnf_packages/{id}/package_content'):
            _PACKAGES + 'upload_package_content',
        ('POST', '/vnf_packages/{id}/package_content/upload_from_uri'):
            _PACKAGES + 'upload_from_uri',
        ('GET', '/vnf_packages/{id}/vnfd'):
            _PACKAGES + 'get_vnf_package_vnfd',
        ('GET', '/vnf_packages/{id}/artifacts/{artifact_path:.+}'):
            _PACKAGES + 'fetch_artifact'}, **_subscriptions(_PACKAGES)},
    links.VNFLCM: _instances(_LCM, 'update_vnf', _v1_op_occ),
    links.VNFLCM_V2: _instances(_LCM_V2, 'update',
                                lambda action: 'lcm_op_occ_' + action),
    links.VNFFM: {**{
        ('GET', '/api_versions'): _FM + 'api_versions',
        ('GET', '/alarms'): _FM + 'index',
        ('GET', '/alarms' + _ID): _FM + 'show',
        ('PATCH', '/alarms' + _ID): _FM + 'update'}, **_subscriptions(_FM)},
    links.VNFPM: {
        ('GET', '/api_versions'): _PM + 'api_versions',
        ('GET', '/pm_jobs'): _PM + 'index',
        ('POST', '/pm_jobs'): _PM + 'create',
        ('GET', '/pm_jobs' + _ID): _PM + 'show',
        ('PATCH', '/pm_jobs' + _ID): _PM + 'update',
        ('DELETE', '/pm_jobs' + _ID): _PM + 'delete',
        ('GET', '/pm_jobs/{id}/reports/{report_id}'): _PM + 'report_get',
        ('GET', '/thresholds'): _PM + 'index_threshold',
        ('POST', '/thresholds'): _PM + 'create_threshold',
        ('GET', '/thresholds' + _ID): _PM + 'show_threshold',
        ('PATCH', '/thresholds' + _ID): _PM + 'update_threshold',
        ('DELETE', '/thresholds' + _ID): _PM + 'delete_threshold'},
    links.GRANT: {('GET', '/api_versions'): _GRANTS + 'api_versions',
                  ('GET', '/grants' + _ID): _GRANTS + 'show'},
    '/alert': {('POST', ''): _MONITORING + 'alert',
               ('POST', '/auto_healing'): _MONITORING + 'auto_healing',
               ('POST', '/auto_scaling'): _MONITORING + 'auto_scaling'},
    '/pm_event': {('POST', ''): _MONITORING + 'pm_event'},
    '/pm_threshold': {('POST', ''): _MONITORING + 'pm_threshold'},
    '/v1.0': {**_legacy(
        ('vim', 'vims', ('GET', 'POST'), ('GET', 'PUT', 'DELETE')),
        ('vnfd', 'vnfds', ('GET', 'POST'), ('GET', 'DELETE')),
        ('vnf', 'vnfs', ('GET', 'POST'), ('GET', 'PUT', 'DELETE')),
        ('nsd', 'nsds', ('GET', 'POST'), ('GET', 'DELETE')),
        ('ns', 'nss', ('GET', 'POST'), ('GET', 'DELETE')),
        ('event', 'events', ('GET',), ('GET',))),
        ('POST', '/vnfs/{id}/actions'): 'create_vnf_action',
        ('GET', '/vnfs/{id}/resources'): 'get_vnf_resource'},
}
# The resources the enhanced policy reads, by API prefix and collection:
# the routes of one (``/vnf_instances/{id}...``) and of its list.
_RESOURCES = {
    (links.VNFPKGM, '/vnf_packages'): policy_targets.PACKAGE,
    (links.VNFLCM, '/vnf_instances'): policy_targets.INSTANCE,
    (links.VNFLCM_V2, '/vnf_instances'): policy_targets.INSTANCE,
    (links.VNFLCM, '/vnf_lcm_op_occs'): policy_targets.LCM_OP_OCC,
    (links.VNFLCM_V2, '/vnf_lcm_op_occs'): policy_targets.LCM_OP_OCC,
    ('/v1.0', '/vims'): policy_targets.VIM,
}
# The unversioned API versions of an API (``/vnflcm/api_versions``) go
# by its version's rule.
for _prefix in list(_NAMES):
    _unversioned = _prefix.rsplit('/', 1)[0]
    if _prefix.startswith('/') and _unversioned and \
            ('GET', '/api_versions') in _NAMES[_prefix]:
        _NAMES.setdefault(_unversioned, {
            ('GET', '/api_versions'): _NAMES[_prefix]['GET',
                                                      '/api_versions']})
_enforcer = None


def rule_name(prefix, route):
    """The rule of ``route`` (a ``wsgi.Route``) of the API at ``prefix``.

    :raises KeyError: a route without a rule (a test lists them all).
    """
    return _NAMES[prefix][route.method, route.path[len(prefix):]]


def default(route):
    """The persona a route needs by default."""
    if not getattr(route.handler, 'project_scoped', True):
        return ANYONE
    return READER if route.method in SAFE_METHODS else MEMBER


def rules(routers):
    """DocumentedRuleDefault of every rule of ``routers``' routes, with
    each route it guards (HEAD shares GET's)."""
    routes = {}
    for router in routers:
        for route in router.routes:
            routes.setdefault(rule_name(router.prefix, route),
                              []).append(route)
    return [policy.DocumentedRuleDefault(
        name, default(guarded[0]),
        'Call %s.' % ' or '.join('%s %s' % (route.method, route.path)
                                 for route in guarded),
        [{'method': route.method, 'path': route.path} for route in guarded])
        for name, guarded in routes.items()]


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


def _resource(prefix, route):
    """(the policy_targets.Kind of the resource ``route`` acts on, whether
    it is the list of them), or (None, False)."""
    path = route.path[len(prefix):]
    for (api, collection), kind in _RESOURCES.items():
        if api == prefix and path == collection:
            return kind, True
        if api == prefix and path.startswith(collection + '/{id}'):
            return kind, False
    return None, False


def authorize(context, prefix, route, params=None):
    """Check the route's rule; with the enhanced policy, against the
    area, vendor and tenant of the resource ``params['id']`` names too
    (``tacker.api.policy_targets``), and, for a list of such resources,
    against each item's: ``context.admits(row)`` says which the list
    shows (``tacker.api.listing``); a new one, which has none yet, is
    created by a caller the rule admits to some resource.

    :raises PolicyNotAuthorized: the caller's roles do not satisfy the
        route's rule (for any resource, with the enhanced policy).
    :raises: the resource's NotFound, when the enhanced policy looks for
        it and the rule would let the caller in to some resource (the
        answer the controller would give).
    """
    name = rule_name(prefix, route)
    target = {'project_id': context.project_id}
    if not CONF.oslo_policy.enhanced_tacker_policy:
        _check(name, context, target)
        return
    kind, listed = _resource(prefix, route)
    if kind is not None and listed:
        # A resource to be created has no attributes yet.
        _check_any(name, context, target)
        if route.method in SAFE_METHODS:
            attributes_of = kind.rows(context)
            context.admits = lambda row: _allows(
                name, context, dict(target, **attributes_of(row)))
        return
    if kind is None or not (params and 'id' in params):
        _check(name, context, target)
        return
    try:
        target.update(kind.load(context, params['id']))
    except exceptions.NotFound:
        _check_any(name, context, target)
        raise
    _check(name, context, target)


# What a resource that does not exist is compared as: an attribute
# value every caller holds.
_ANY_VALUE = '\x00any'


def _check_any(name, context, target):
    """Whether the rule lets the caller in to some resource: the
    resource's attributes compared as values the caller holds. A caller
    it refuses whatever the resource learns no more than that.

    :raises PolicyNotAuthorized
    """
    anything = dict.fromkeys(policy_targets.ATTRIBUTES.values(),
                             _ANY_VALUE)
    if not _allows(name, context, dict(target, **anything),
                   {attribute: [_ANY_VALUE] for attribute in anything}):
        raise exceptions.PolicyNotAuthorized(action=name)


def _check(name, context, target):
    """:raises PolicyNotAuthorized: the rule ``name`` refuses the caller
    on ``target``."""
    if not _allows(name, context, target):
        raise exceptions.PolicyNotAuthorized(action=name)


def _allows(name, context, target, attributes=None):
    """Whether the rule ``name`` lets the caller in to ``target``, with
    the enhanced policy's ``attributes`` of the caller (by default, what
    its roles give for ``target``)."""
    credentials = context.to_policy_values()
    if CONF.oslo_policy.enhanced_tacker_policy:
        credentials = dict(credentials, **(
            attributes or policy_targets.credentials(context.roles,
                                                     target)))
    return enforcer().authorize(name, target, credentials)
