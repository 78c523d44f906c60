"""Routes of ``/grant/v1``: read-only, the grants the NFVO gave to LCM
operations (SOL003 v2.6.1 9.4.3, Individual grant), which each
VnfLcmOpOcc links to."""
from tacker.api.grant import grants


def add_routes(router):
    router.connect('/grants/{id}', grants.GrantsController(),
                   {'GET': 'show'})
