"""Routes of ``/v1.0``: the legacy Tacker API, NFVO (VIMs, NSDs, NSs,
events) and VNFM (``tacker.api.vnfm.router``)."""
from tacker.api import legacy_queries
from tacker.api.nfvo import events
from tacker.api.nfvo import nsds
from tacker.api.nfvo import schemas
from tacker.api.nfvo import vims
from tacker.api.vnfm import router as vnfm_router
from tacker.db import legacy_events


def add_routes(router):
    controller = vims.VimsController()
    router.connect('/vims', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.vim_request},
                   query={'GET': legacy_queries.params(vims.FILTER_COLUMNS)})
    router.connect('/vims/{id}', controller,
                   {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'},
                   schemas={'PUT': schemas.vim_update_request})
    controller = events.EventsController()
    router.connect('/events', controller, {'GET': 'index'},
                   query={'GET': legacy_queries.params(legacy_events.FILTERS)})
    router.connect('/events/{id}', controller, {'GET': 'show'})
    controller = nsds.NsdsController()
    router.connect('/nsds', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.nsd_request},
                   query={'GET': legacy_queries.params(nsds.NSD_FILTERS)})
    router.connect('/nsds/{id}', controller,
                   {'GET': 'show', 'DELETE': 'delete'})
    controller = nsds.NssController()
    router.connect('/nss', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.ns_request},
                   query={'GET': legacy_queries.params(nsds.NS_FILTERS)})
    router.connect('/nss/{id}', controller,
                   {'GET': 'show', 'DELETE': 'delete'})
    vnfm_router.add_routes(router)
