"""Routes of ``/vnfpm/v2`` (SOL003 v3.3.1 clause 6.2, API version 2.1.0):
PM jobs, their reports, and thresholds."""
from tacker.api import listing
from tacker.api.vnfpm import pm_jobs
from tacker.api.vnfpm import schemas
from tacker.api.vnfpm import thresholds
from tacker.api import wsgi

_PATCH = dict(body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
              schemas={'PATCH': schemas.modifications})


def add_routes(router):
    jobs = pm_jobs.PmJobsController()
    router.connect('/pm_jobs', jobs, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_pm_job_request},
                   query={'GET': listing.PARAMS})
    router.connect('/pm_jobs/{id}', jobs,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   **_PATCH)
    router.connect('/pm_jobs/{id}/reports/{report_id}', jobs,
                   {'GET': 'report'})
    limits = thresholds.ThresholdsController()
    router.connect('/thresholds', limits, {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_threshold_request},
                   query={'GET': listing.SUBSCRIPTION_PARAMS})
    router.connect('/thresholds/{id}', limits,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   **_PATCH)
