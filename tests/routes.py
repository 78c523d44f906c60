"""Every route the application serves, and the ``Version`` header each
takes (the v3-era APIs refuse a request without it before anything
else)."""
from tacker.api import app

ROUTES = [route for router in app.routers() for route in router.routes]
_VERSIONS = {route.path: router.version for router in app.routers()
             for route in router.routes if router.version}


def version_header(route):
    """The headers that let a request reach ``route``'s own checks."""
    version = _VERSIONS.get(route.path)
    return {'Version': version} if version else {}
