"""Routes of ``/vnffm/v1`` (SOL003 v3.3.1 clause 7.2, API version
1.3.0): alarms and their subscriptions."""
from tacker.api import listing
from tacker.api import router as api_router
from tacker.api.vnffm import alarms
from tacker.api.vnffm import schemas
from tacker.api import wsgi
from tacker.common import fm_alarms
from tacker.conf import CONF


def add_routes(router):
    controller = alarms.AlarmsController()
    # Alarms take filters but no attribute selectors (7.4.2.3.2).
    router.connect('/alarms', controller, {'GET': 'index'},
                   query={'GET': listing.SUBSCRIPTION_PARAMS})
    router.connect('/alarms/{id}', controller,
                   {'GET': 'show', 'PATCH': 'update'},
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
                   schemas={'PATCH': schemas.alarm_modifications})
    api_router.add_subscription_routes(
        router, fm_alarms.API, 'FmSubscription',
        schemas.fm_subscription_request, CONF.vnf_lcm)
