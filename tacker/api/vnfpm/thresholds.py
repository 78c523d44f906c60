"""``/vnfpm/v2/thresholds`` (SOL003 v3.3.1 clause 6.4.5 - 6.4.6):
thresholds whose crossings are notified."""
from tacker.api import listing
from tacker.api.vnfpm import measured
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import links
from tacker.common import pm
from tacker.common import pm_rules
from tacker.common import sol013
from tacker.conf import CONF
from tacker.db import pm as db_pm

_C = db_pm.THRESHOLD.c
FILTER_COLUMNS = {'id': _C.id, 'objectType': _C.object_type,
                  'objectInstanceId': _C.object_instance_id}
_HREF = {'href': None}
# Threshold (6.5.2.9): what filters may name.
THRESHOLD = sol013.Attributes('Threshold', {
    'id': None, 'objectType': None, 'objectInstanceId': None,
    'subObjectInstanceIds': [None],
    'criteria': {'performanceMetric': None, 'thresholdType': None,
                 'simpleThresholdDetails': {'thresholdValue': None,
                                            'hysteresis': None}},
    'callbackUri': None,
    '_links': {'self': _HREF, 'object': _HREF},
})


class ThresholdsController:

    @wsgi.responds(201, 422)
    def create(self, req, body):
        """CreateThresholdRequest (6.5.2.8): refused with 422 unless its
        object can be measured now; the callback is tested (SOL013)."""
        measured.check_object_type(body['objectType'])
        values = {'object_type': body['objectType'],
                  'object_instance_id': body['objectInstanceId'],
                  'sub_object_instance_ids': body.get(
                      'subObjectInstanceIds') or None,
                  'criteria': body['criteria']}
        instances = measured.instances(req.context,
                                       [values['object_instance_id']])
        group = CONF.prometheus_plugin
        measured.checked(lambda: pm_rules.threshold_rules(
            dict(values, id='new'), instances[values['object_instance_id']],
            pm_rules.templates(group.pm_templates),
            group.collection_period_threshold,
            group.reporting_period_threshold))
        uri, authentication = measured.callback(body)
        threshold = db_pm.create_threshold(
            req.context, owning_project(req.context), values, uri,
            authentication)
        view = pm.threshold_view(threshold, links.base_url(req))
        return wsgi.Result(view, status=201, headers={
            'Location': view['_links']['self']['href']})

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        return listing.ListQuery(
            req, THRESHOLD, FILTER_COLUMNS, CONF.vnf_lcm.page_size,
            db_pm.THRESHOLD_ORDER).respond(
                db_pm.list_thresholds,
                lambda threshold: pm.threshold_view(threshold, base),
                project_scope(req.context))

    @wsgi.responds(200)
    def show(self, req, id):
        return pm.threshold_view(
            db_pm.get_threshold(req.context, id, project_scope(req.context)),
            links.base_url(req))

    @wsgi.responds(200, 422)
    def update(self, req, id, body):
        """ThresholdModifications (6.5.2.11): answered with the callback,
        never the credentials."""
        threshold = db_pm.get_threshold(req.context, id,
                                        project_scope(req.context))
        uri, authentication = measured.modification(
            body, threshold['callback_uri'])
        db_pm.modify_threshold(req.context, id, project_scope(req.context),
                               uri, authentication)
        return {'callbackUri': uri or threshold['callback_uri']}

    @wsgi.responds(204)
    def delete(self, req, id):
        db_pm.delete_threshold(req.context, id, project_scope(req.context))
        return wsgi.Result(status=204)
