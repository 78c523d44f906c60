"""The WSGI application: one router per API prefix, authentication around
all but the public routes, a request id on every response.

``build_app()`` is what ``tacker-server`` serves; ``application`` (in
``tacker.api.wsgi_app``) exposes it to uWSGI or mod_wsgi.
"""

from tacker.api import auth
from tacker.api.grant import router as grant_router
from tacker.api import healthcheck
from tacker.api.nfvo import router as nfvo_router
from tacker.api import policy
from tacker.api.prometheus import router as prometheus_router
from tacker.api import versions
from tacker.api.vnffm import router as vnffm_router
from tacker.api.vnflcm import router as vnflcm_router
from tacker.api.vnfpkgm import router as vnfpkgm_router
from tacker.api.vnfpm import router as vnfpm_router
from tacker.api import wsgi
from tacker.conf import CONF

# Each API prefix's routes, beyond the api_versions of the SOL APIs.
ROUTES = {'/vnfpkgm/v1': vnfpkgm_router.add_routes,
          '/vnflcm/v1': vnflcm_router.add_routes,
          '/vnflcm/v2': vnflcm_router.add_v2_routes,
          '/vnffm/v1': vnffm_router.add_routes,
          '/vnfpm/v2': vnfpm_router.add_routes,
          '/grant/v1': grant_router.add_routes,
          '/v1.0': nfvo_router.add_routes}
# What the monitoring posts to (Alertmanager's webhooks): no API.
MONITORING_ROUTES = {
    '/alert': prometheus_router.add_routes,
    '/pm_event': prometheus_router.add_pm_event_routes,
    '/pm_threshold': prometheus_router.add_pm_threshold_routes}
# What is advertised follows from what is routed: the SOL prefixes
# (SOL013 9.3), and the legacy ones listed by GET /.
SOL_PREFIXES = tuple(prefix for prefix in ROUTES
                     if prefix in versions.API_VERSIONS)
LEGACY_PREFIXES = tuple(prefix for prefix in ROUTES
                        if prefix not in versions.API_VERSIONS)
# python-tacker clients end the legacy API's paths with it.
LEGACY_SUFFIX = '.json'
# Prefixes that answer GET {prefix}/api_versions.
VERSIONED_PREFIXES = tuple(versions.versioned_prefixes(SOL_PREFIXES))


def _public_router():
    """``/`` and ``/healthcheck``: answered without authentication (a
    valid token only makes the healthcheck show more)."""
    router = wsgi.Router(authorize=policy.authorize)
    router.connect('/', versions.RootController(LEGACY_PREFIXES),
                   {'GET': 'index'})
    router.connect('/healthcheck', healthcheck.HealthcheckController(),
                   {'GET': 'show'}, query={'GET': healthcheck.PARAMS})
    return router


def _api_router(prefix):
    """The router of one API prefix."""
    router = wsgi.Router(prefix, versions.required_version(prefix),
                         LEGACY_SUFFIX if prefix in LEGACY_PREFIXES else None,
                         policy.authorize)
    if prefix in VERSIONED_PREFIXES:
        router.connect('/api_versions',
                       versions.ApiVersionsController(prefix,
                                                      SOL_PREFIXES),
                       {'GET': 'show'})
    add_routes = ROUTES.get(prefix) or MONITORING_ROUTES.get(prefix)
    if add_routes:
        add_routes(router)
    return router


def routers():
    """Every router the application serves, public first: the one
    enumeration of the routes (the API reference and the tests read
    it)."""
    return [_public_router()] + [_api_router(prefix) for prefix in sorted(
        {*VERSIONED_PREFIXES, *ROUTES, *MONITORING_ROUTES})]


def build_app(conf=CONF):
    public, *apis = routers()
    apps = {router.prefix: auth.protect(
        router, conf, api_name=router.prefix.strip('/').split('/')[0])
        for router in apis}
    return wsgi.RequestGuard(wsgi.PrefixMap(
        auth.protect(public, conf, delay_auth_decision=True), apps))
