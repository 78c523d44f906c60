"""Routes of ``/vnflcm/v1`` (SOL003 v2.6.1 clause 5.2) and
``/vnflcm/v2`` (SOL003 v3.3.1 clause 5.2), the same resources rendered
by each API's view."""
from tacker.api import listing
from tacker.api import subscriptions
from tacker.api.vnflcm import instances
from tacker.api.vnflcm import op_occs
from tacker.api.vnflcm import schemas
from tacker.api.vnflcm import views_v2
from tacker.api import wsgi
from tacker.common import lcm_notifications
from tacker.common import links
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
    """``/vnflcm/v1``."""
    _add_lcm_routes(router, instances.VnfInstancesController(),
                    op_occs.OpOccsController(), TASK_SCHEMAS,
                    schemas.vnf_info_modification_request,
                    op_tasks=True)
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


def add_v2_routes(router):
    """``/vnflcm/v2``, so far: VNF instances created, read and deleted,
    and their occurrences read."""
    _add_lcm_routes(
        router, instances.VnfInstancesController(
            views_v2, links.VNFLCM_V2, api_version='2'),
        op_occs.OpOccsController(views_v2), {}, None, op_tasks=False)


def _add_lcm_routes(router, vnfs, ops, task_schemas, patch_schema,
                    op_tasks):
    """The VNF instances (modified with ``patch_schema``, if any; task
    resources of ``task_schemas``) and their occurrences (with their
    task resources when ``op_tasks``)."""
    router.connect('/vnf_instances', vnfs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_vnf_request},
                   query={'GET': listing.PARAMS})
    actions = {'GET': 'show'}
    if patch_schema is not None:
        actions['PATCH'] = 'update'
    actions['DELETE'] = 'delete'
    router.connect('/vnf_instances/{id}', vnfs, actions,
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
                   schemas={'PATCH': patch_schema})
    for task, schema in task_schemas.items():
        router.connect('/vnf_instances/{id}/%s' % task, vnfs,
                       {'POST': task}, schemas={'POST': schema})
    router.connect('/vnf_lcm_op_occs', ops, {'GET': 'index'},
                   query={'GET': listing.PARAMS})
    router.connect('/vnf_lcm_op_occs/{id}', ops, {'GET': 'show'})
    if not op_tasks:
        return
    for task in ('retry', 'rollback', 'fail'):
        router.connect('/vnf_lcm_op_occs/{id}/%s' % task, ops,
                       {'POST': task}, body_types=())
    router.connect('/vnf_lcm_op_occs/{id}/cancel', ops, {'POST': 'cancel'},
                   schemas={'POST': schemas.cancel_mode})
