"""Routes of the legacy Tacker VNFM API under ``/v1.0``: VNFDs and
VNFs."""
from tacker.api import legacy_queries
from tacker.api.vnfm import schemas
from tacker.api.vnfm import vnfds
from tacker.api.vnfm import vnfs


def add_routes(router):
    controller = vnfds.VnfdsController()
    router.connect('/vnfds', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.vnfd_request},
                   query={'GET': legacy_queries.params(vnfds.FILTER_COLUMNS)})
    router.connect('/vnfds/{id}', controller,
                   {'GET': 'show', 'DELETE': 'delete'})
    controller = vnfs.VnfsController()
    router.connect('/vnfs', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.vnf_request},
                   query={'GET': legacy_queries.params(vnfs.FILTER_COLUMNS)})
    router.connect('/vnfs/{id}', controller,
                   {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'},
                   schemas={'PUT': schemas.vnf_update_request})
    router.connect('/vnfs/{id}/actions', controller, {'POST': 'action'},
                   schemas={'POST': schemas.vnf_action_request})
    router.connect('/vnfs/{id}/resources', controller,
                   {'GET': 'resources'})
