"""``/vnfpm/v2/pm_jobs`` (SOL003 v3.3.1 clause 6.4.2 - 6.4.4): PM jobs and
their performance reports."""
from oslo_utils import timeutils

from tacker.api import listing
from tacker.api.vnfpm import measured
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import links
from tacker.common import pm
from tacker.common import pm_rules
from tacker.common import sol013
from tacker.conf import CONF
from tacker.db import pm as db_pm

_C = db_pm.JOB.c
FILTER_COLUMNS = {'id': _C.id, 'objectType': _C.object_type}
_HREF = {'href': None}
# PmJob (6.5.2.7): what filters and selectors may name; reports are left
# out of lists unless asked for (6.4.2.3.2).
PM_JOB = sol013.Attributes('PmJob', {
    'id': None, 'objectType': None, 'objectInstanceIds': [None],
    'subObjectInstanceIds': [None],
    'criteria': {'performanceMetric': [None],
                 'performanceMetricGroup': [None],
                 'collectionPeriod': None, 'reportingPeriod': None,
                 'reportingBoundary': None},
    'callbackUri': None,
    'reports': [{'href': None, 'readyTime': None, 'expiryTime': None,
                 'fileSize': None}],
    '_links': {'self': _HREF, 'objects': [_HREF]},
}, default_excluded=('reports',))


def _boundary(criteria):
    """The criteria with reportingBoundary checked."""
    boundary = criteria.get('reportingBoundary')
    if boundary is not None:
        try:
            timeutils.parse_isotime(boundary)
        except ValueError:
            raise exceptions.InvalidRequestBody(
                where=' at criteria.reportingBoundary',
                reason='%r is not a date-time' % boundary)
    return criteria


class PmJobsController:

    @wsgi.responds(201, 422)
    def create(self, req, body):
        """CreatePmJobRequest (6.5.2.6): refused with 422 unless every
        object can be measured now; the callback is tested (SOL013)."""
        measured.check_object_type(body['objectType'])
        criteria = _boundary(body['criteria'])
        values = {'object_type': body['objectType'],
                  'object_instance_ids': body['objectInstanceIds'],
                  'sub_object_instance_ids': body.get(
                      'subObjectInstanceIds') or None,
                  'criteria': criteria}
        if values['sub_object_instance_ids'] and \
                len(values['object_instance_ids']) != 1:
            raise measured.refuse('subObjectInstanceIds need exactly one '
                                  'objectInstanceIds')
        instances = measured.instances(req.context,
                                       values['object_instance_ids'])
        measured.checked(lambda: pm_rules.job_rules(
            dict(values, id='new'), instances,
            pm_rules.templates(CONF.prometheus_plugin.pm_templates)))
        uri, authentication = measured.callback(body)
        job = db_pm.create_job(req.context, owning_project(req.context),
                               values, uri, authentication)
        view = pm.job_view(job, (), links.base_url(req))
        return wsgi.Result(view, status=201, headers={
            'Location': view['_links']['self']['href']})

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        query = listing.ListQuery(req, PM_JOB, FILTER_COLUMNS,
                                  CONF.vnf_lcm.page_size, db_pm.JOB_ORDER)
        with_reports = query.wants('reports')
        return query.respond(
            db_pm.list_jobs,
            lambda job: pm.job_view(job, db_pm.reports(
                req.context, job['id']) if with_reports else (), base),
            project_scope(req.context))

    @wsgi.responds(200)
    def show(self, req, id):
        job = db_pm.get_job(req.context, id, project_scope(req.context))
        return pm.job_view(job, db_pm.reports(req.context, id),
                           links.base_url(req))

    @wsgi.responds(200, 422)
    def update(self, req, id, body):
        """PmJobModifications (6.5.2.12): answered with what changed,
        never the credentials."""
        job = db_pm.get_job(req.context, id, project_scope(req.context))
        uri, authentication = measured.modification(body,
                                                    job['callback_uri'])
        db_pm.modify_job(req.context, id, project_scope(req.context), uri,
                         authentication)
        return {'callbackUri': uri or job['callback_uri']}

    @wsgi.responds(204)
    def delete(self, req, id):
        """The job, its reports and its rules (the conductors remove its
        rules file)."""
        db_pm.delete_job(req.context, id, project_scope(req.context))
        return wsgi.Result(status=204)

    @wsgi.responds(200)
    def report(self, req, id, report_id):
        return pm.report_view(db_pm.get_report(
            req.context, id, report_id, project_scope(req.context)))
