"""Routes of ``/vnflcm/v1`` (SOL003 v2.6.1 clause 5.2) and
``/vnflcm/v2`` (SOL003 v3.3.1 clause 5.2), the same resources rendered
by each API's view."""
from tacker.api import listing
from tacker.api import router as api_router
from tacker.api.vnflcm import instances
from tacker.api.vnflcm import op_occs
from tacker.api.vnflcm import requests_v2
from tacker.api.vnflcm import schemas
from tacker.api.vnflcm import schemas_v2
from tacker.api.vnflcm import views_v2
from tacker.api import wsgi
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.conf import CONF


# The task resources of an instance (SOL003 v2.6.1 5.4.4 - 5.4.9): the
# schema of each request, and what makes a v3.3.1 request (v2 API) the
# v2.6.1 one the conductor takes (None: it is the same).
V1_TASKS = {
    'instantiate': (schemas.instantiate_vnf_request, None),
    'terminate': (schemas.terminate_vnf_request, None),
    'scale': (schemas.scale_vnf_request, None),
    'heal': (schemas.heal_vnf_request, None),
    'change_ext_conn': (schemas.change_ext_vnf_connectivity_request, None),
    'change_flavour': (schemas.change_vnf_flavour_request, None),
}
V2_TASKS = dict(
    V1_TASKS,
    instantiate=(schemas_v2.instantiate_vnf_request,
                 requests_v2.with_vim_list),
    change_ext_conn=(schemas_v2.change_ext_vnf_connectivity_request,
                     requests_v2.with_vim_list),
    change_flavour=(schemas_v2.change_vnf_flavour_request, None),
    scale_to_level=(schemas_v2.scale_vnf_to_level_request, None),
    change_vnfpkg=(schemas_v2.change_current_vnf_pkg_request, None))


def add_routes(router):
    """``/vnflcm/v1``."""
    _add_lcm_routes(
        router, instances.VnfInstancesController(),
        op_occs.OpOccsController(), V1_TASKS,
        (schemas.vnf_info_modification_request, None))
    api_router.add_subscription_routes(
        router, lcm_notifications.API, 'LccnSubscription',
        schemas.lccn_subscription_request, CONF.vnf_lcm)


def add_v2_routes(router):
    """``/vnflcm/v2``, so far: VNF instances and their task resources,
    occurrences and theirs, subscriptions."""
    _add_lcm_routes(
        router, instances.VnfInstancesController(
            views_v2, links.VNFLCM_V2, api_version='2'),
        op_occs.OpOccsController(views_v2), V2_TASKS,
        (schemas_v2.vnf_info_modification_request, requests_v2.modification))
    api_router.add_subscription_routes(
        router, lcm_notifications.API_V2, 'LccnSubscription',
        schemas_v2.lccn_subscription_request, CONF.vnf_lcm, 'FULL')


def _add_lcm_routes(router, vnfs, ops, tasks, modification):
    """The VNF instances, modified as ``modification`` (schema, adapter)
    says, with the task resources of ``tasks`` ({task: (schema,
    adapter)}), and their occurrences with theirs."""
    router.connect('/vnf_instances', vnfs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_vnf_request},
                   query={'GET': listing.PARAMS})
    modification_schema, modification_adapter = modification
    router.connect('/vnf_instances/{id}', vnfs,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
                   schemas={'PATCH': modification_schema},
                   adapters={'PATCH': modification_adapter})
    for task, (schema, adapter) in tasks.items():
        router.connect('/vnf_instances/{id}/%s' % task, vnfs,
                       {'POST': task}, schemas={'POST': schema},
                       adapters={'POST': adapter})
    router.connect('/vnf_lcm_op_occs', ops, {'GET': 'index'},
                   query={'GET': listing.PARAMS})
    router.connect('/vnf_lcm_op_occs/{id}', ops, {'GET': 'show'})
    for task in ('retry', 'rollback', 'fail'):
        router.connect('/vnf_lcm_op_occs/{id}/%s' % task, ops,
                       {'POST': task}, body_types=())
    router.connect('/vnf_lcm_op_occs/{id}/cancel', ops, {'POST': 'cancel'},
                   schemas={'POST': schemas.cancel_mode})
