"""Routes of ``/vnflcm/v1`` (SOL003 v2.6.1 clause 5.2)."""
from tacker.api import listing
from tacker.api import subscriptions
from tacker.api.vnflcm import instances
from tacker.api.vnflcm import op_occs
from tacker.api.vnflcm import schemas
from tacker.api import wsgi
from tacker.common import lcm_notifications
from tacker.conf import CONF


# The task resources of an instance (SOL003 v2.6.1 5.4.4 - 5.4.8).
TASK_SCHEMAS = {
    'instantiate': schemas.instantiate_vnf_request,
    'terminate': schemas.terminate_vnf_request,
    'scale': schemas.scale_vnf_request,
    'heal': schemas.heal_vnf_request,
    'change_ext_conn': schemas.change_ext_vnf_connectivity_request,
}


def add_routes(router):
    vnfs = instances.VnfInstancesController()
    router.connect('/vnf_instances', vnfs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_vnf_request},
                   query={'GET': listing.PARAMS})
    router.connect('/vnf_instances/{id}', vnfs,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
                   schemas={'PATCH': schemas.vnf_info_modification_request})
    for task, schema in TASK_SCHEMAS.items():
        router.connect('/vnf_instances/{id}/%s' % task, vnfs,
                       {'POST': task}, schemas={'POST': schema})
    ops = op_occs.OpOccsController()
    router.connect('/vnf_lcm_op_occs', ops, {'GET': 'index'},
                   query={'GET': listing.PARAMS})
    router.connect('/vnf_lcm_op_occs/{id}', ops, {'GET': 'show'})
    for task in ('retry', 'rollback', 'fail'):
        router.connect('/vnf_lcm_op_occs/{id}/%s' % task, ops,
                       {'POST': task}, body_types=())
    router.connect('/vnf_lcm_op_occs/{id}/cancel', ops, {'POST': 'cancel'},
                   schemas={'POST': schemas.cancel_mode})
    subs = subscriptions.SubscriptionsController(
        lcm_notifications.API, router.prefix, CONF.vnf_lcm,
        subscriptions.attributes('LccnSubscription',
                                 schemas.lccn_subscription_request))
    router.connect('/subscriptions', subs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.lccn_subscription_request},
                   query={'GET': listing.SUBSCRIPTION_PARAMS})
    router.connect('/subscriptions/{id}', subs,
                   {'GET': 'show', 'DELETE': 'delete'})
