"""Routes of ``/vnflcm/v1`` (SOL003 v2.6.1 clause 5.2)."""
from tacker.api import subscriptions
from tacker.api import wsgi
from tacker.api.vnflcm import instances
from tacker.api.vnflcm import op_occs
from tacker.api.vnflcm import schemas
from tacker.common import lcm_notifications
from tacker.conf import CONF


def add_routes(router):
    vnfs = instances.VnfInstancesController()
    router.connect('/vnf_instances', vnfs,
                   {'GET': 'index', 'POST': 'create'})
    router.connect('/vnf_instances/{id}', vnfs,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON))
    for task in ('instantiate', 'terminate', 'scale', 'heal',
                 'change_ext_conn'):
        router.connect('/vnf_instances/{id}/%s' % task, vnfs,
                       {'POST': task})
    ops = op_occs.OpOccsController()
    router.connect('/vnf_lcm_op_occs', ops, {'GET': 'index'})
    router.connect('/vnf_lcm_op_occs/{id}', ops, {'GET': 'show'})
    for task in ('retry', 'rollback', 'fail'):
        router.connect('/vnf_lcm_op_occs/{id}/%s' % task, ops,
                       {'POST': task}, body_types=())
    router.connect('/vnf_lcm_op_occs/{id}/cancel', ops, {'POST': 'cancel'})
    subs = subscriptions.SubscriptionsController(
        lcm_notifications.API, router.prefix,
        schemas.lccn_subscription_request, CONF.vnf_lcm)
    router.connect('/subscriptions', subs,
                   {'GET': 'index', 'POST': 'create'})
    router.connect('/subscriptions/{id}', subs,
                   {'GET': 'show', 'DELETE': 'delete'})
