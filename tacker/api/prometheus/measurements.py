"""``POST /pm_event`` and ``POST /pm_threshold``: Alertmanager's webhooks
carrying the values the rules of PM jobs and thresholds measured
(``tacker.common.pm_rules``), as Tacker's Prometheus plugin serves them.

``/pm_event``: the firing alerts of ``function_type: vnfpm`` become one
performance report per PM job (``job_id``) of the measurements (metric,
object, sub-object) no report of the job held within its reportingPeriod
(less ``[prometheus_plugin] reporting_period_margin``), unless its
reportingBoundary has passed; each report is notified
(PerformanceInformationAvailableNotification).

``/pm_threshold``: each firing alert of ``function_type:
vnfpm_threshold`` is a measurement of the threshold ``threshold_id``;
one that crosses it (with its hysteresis) is notified
(ThresholdCrossedNotification).

A malformed payload is a 400 and nothing of it is used. An alert of a
job or threshold that is gone, of an object it does not measure, or
without a finite value, is skipped: its rules may outlive it until the
conductors' next pass, and Alertmanager would only repeat it.
"""
from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.api import wsgi
from tacker.common import alertmanager
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import links
from tacker.common import pm
from tacker.common import pm_rules
from tacker.conf import CONF
from tacker.db import pm as db_pm

LOG = logging.getLogger(__name__)


def _measurement(alert, what):
    """(metric, objectInstanceId, subObjectInstanceId, value) of an
    alert, or None when it cannot be used."""
    labels = alert.labels
    value = pm.measured_value(alert.annotations.get('value'))
    if value is None or not labels.get('metric') or \
            not labels.get('object_instance_id'):
        LOG.info('Measurement of %s skipped: labels %s, value %r', what,
                 labels, alert.annotations.get('value'))
        return None
    return (labels['metric'], labels['object_instance_id'],
            labels.get('sub_object_instance_id') or None, value)


def _job_entries(job, alerts):
    """The PerformanceReport entries (6.5.2.10) of ``alerts`` that fit
    the job."""
    measured = {metric for metric, _, _ in pm.job_metrics(
        job['object_instance_ids'], job['criteria'])}
    allowed = pm.allowed_sub_objects(job['object_type'],
                                     job['sub_object_instance_ids'])
    now = timeutils.utcnow().isoformat(timespec='seconds') + 'Z'
    entries = []
    for alert in alerts:
        found = _measurement(alert, 'PM job %s' % job['id'])
        if found is None:
            continue
        metric, object_id, sub_id, value = found
        if metric not in measured or \
                object_id not in job['object_instance_ids'] or \
                not pm.measures(allowed, sub_id):
            LOG.info('Measurement of %s for PM job %s skipped: it does not '
                     'measure it', metric, job['id'])
            continue
        entry = {'objectType': job['object_type'],
                 'objectInstanceId': object_id,
                 'performanceMetric': metric,
                 'performanceValues': [{'timeStamp': now, 'value': value}]}
        if sub_id is not None:
            entry['subObjectInstanceId'] = sub_id
        entries.append(entry)
    return entries


def _past_boundary(job):
    boundary = job['criteria'].get('reportingBoundary')
    return boundary is not None and timeutils.utcnow() > \
        timeutils.normalize_time(timeutils.parse_isotime(boundary))


class MeasurementsController:

    @wsgi.responds(204)
    def job_event(self, req, body):
        base = links.base_url(req)
        by_job = {}
        for alert in alertmanager.firing(alertmanager.alerts(body),
                                         pm_rules.JOB_FUNCTION):
            by_job.setdefault(alert.labels.get('job_id'), []).append(alert)
        group = CONF.prometheus_plugin
        for job_id, alerts in by_job.items():
            try:
                job = db_pm.get_job(req.context, job_id or '',
                                    project_scope(req.context))
            except exceptions.PmJobNotFound:
                LOG.info('Measurements of PM job %s skipped: it does not '
                         'exist', job_id)
                continue
            min_interval = (job['criteria']['reportingPeriod'] -
                            group.reporting_period_margin)
            # Most posts repeat what was reported: those write nothing.
            entries = db_pm.due_entries(job, _job_entries(job, alerts),
                                        min_interval)
            if not entries or _past_boundary(job):
                continue
            report = db_pm.add_report(
                req.context, job_id, entries, min_interval,
                group.report_retention,
                lambda job, report: pm.report_available(job, report, base))
            if report is not None:
                LOG.info('Performance report %s of PM job %s made of %d '
                         'measurements', report['id'], job_id, len(entries))
        return wsgi.Result(status=204)

    @wsgi.responds(204)
    def threshold_event(self, req, body):
        base = links.base_url(req)
        for alert in alertmanager.firing(alertmanager.alerts(body),
                                         pm_rules.THRESHOLD_FUNCTION):
            threshold_id = alert.labels.get('threshold_id') or ''
            try:
                threshold = db_pm.get_threshold(req.context, threshold_id,
                                                project_scope(req.context))
            except exceptions.PmThresholdNotFound:
                LOG.info('Measurement of threshold %s skipped: it does not '
                         'exist', threshold_id)
                continue
            found = _measurement(alert, 'threshold %s' % threshold_id)
            if found is None:
                continue
            metric, object_id, sub_id, value = found
            if metric != threshold['criteria']['performanceMetric'] or \
                    object_id != threshold['object_instance_id'] or \
                    not pm.measures(pm.allowed_sub_objects(
                        threshold['object_type'],
                        threshold['sub_object_instance_ids']), sub_id):
                LOG.info('Measurement of %s skipped: threshold %s does not '
                         'measure it', metric, threshold_id)
                continue
            key = pm.crossing_key(object_id, sub_id)
            # Most measurements cross nothing: those write nothing.
            if pm.crossing((threshold['crossings'] or {}).get(key), value,
                           threshold['criteria'][
                               'simpleThresholdDetails'])[1] is None:
                continue
            direction = db_pm.record_measurement(
                req.context, threshold_id, key, value,
                lambda threshold, direction: pm.threshold_crossed(
                    threshold, direction, sub_id, metric, value, base))
            if direction:
                LOG.info('Threshold %s crossed %s by %s = %s', threshold_id,
                         direction, metric, value)
        return wsgi.Result(status=204)
