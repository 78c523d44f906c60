"""Routes of ``/vnflcm/v1`` (SOL003 v2.6.1 clause 5.2)."""
from tacker.api import subscriptions
from tacker.api.vnflcm import instances
from tacker.api.vnflcm import schemas
from tacker.common import lcm_notifications
from tacker.conf import CONF


def add_routes(router):
    vnfs = instances.VnfInstancesController()
    router.connect('/vnf_instances', vnfs,
                   {'GET': 'index', 'POST': 'create'})
    router.connect('/vnf_instances/{id}', vnfs,
                   {'GET': 'show', 'DELETE': 'delete'})
    subs = subscriptions.SubscriptionsController(
        lcm_notifications.API, router.prefix,
        schemas.lccn_subscription_request, CONF.vnf_lcm)
    router.connect('/subscriptions', subs,
                   {'GET': 'index', 'POST': 'create'})
    router.connect('/subscriptions/{id}', subs,
                   {'GET': 'show', 'DELETE': 'delete'})
