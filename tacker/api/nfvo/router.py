"""Routes of ``/v1.0``: the legacy Tacker NFVO API, of which only the VIM
resource is served."""
from tacker.api.nfvo import schemas
from tacker.api.nfvo import vims


def add_routes(router):
    controller = vims.VimsController()
    router.connect('/vims', controller, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.vim_request},
                   query={'GET': tuple(vims.FILTER_COLUMNS)})
    router.connect('/vims/{id}', controller,
                   {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'},
                   schemas={'PUT': schemas.vim_update_request})
