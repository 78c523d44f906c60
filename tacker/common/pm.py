"""Performance management as SOL003 v3.3.1 clause 6 shows it: the
PmJob (6.5.2.7), Threshold (6.5.2.9) and PerformanceReport (6.5.2.10),
their notifications (PerformanceInformationAvailableNotification 6.5.2.5,
ThresholdCrossedNotification 6.5.2.4) and the metrics a job or threshold
names. Pure: the database layer writes the notifications to the outbox
in the transaction of the change."""
import math

from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.common import links

# The api of the subscription rows that carry jobs' and thresholds'
# callbacks; no API lists them.
API = 'vnfpm_v2'
REPORT_AVAILABLE = 'PerformanceInformationAvailableNotification'
THRESHOLD_CROSSED = 'ThresholdCrossedNotification'
# The measured object types Tacker measures (IFA 027 7.2): a VNF (its
# VNFCs together, or those of its subObjectInstanceIds each), or VNFCs
# of one (each of them, or of its subObjectInstanceIds).
VNF = 'Vnf'
VNFC = 'Vnfc'
OBJECT_TYPES = (VNF, VNFC)
THRESHOLD_TYPES = ('SIMPLE',)
UP = 'UP'
DOWN = 'DOWN'
# performanceMetricGroup -> its metrics (IFA 027 7.1).
METRIC_GROUPS = {
    'VirtualisedComputeResource': (
        'VCpuUsageMeanVnf', 'VCpuUsagePeakVnf', 'VMemoryUsageMeanVnf',
        'VMemoryUsagePeakVnf', 'VDiskUsageMeanVnf', 'VDiskUsagePeakVnf'),
}
METRICS = tuple(name for names in METRIC_GROUPS.values() for name in names)


def _time(timestamp):
    return None if timestamp is None else timestamp.isoformat(
        timespec='milliseconds') + 'Z'


def split_metric(metric):
    """(metric name, objectInstanceId or None) of a performanceMetric:
    Tacker names a VNF's metric ``<name>.<vnfInstanceId>``."""
    name, _, object_id = metric.partition('.')
    return name, object_id or None


def job_metrics(object_ids, criteria):
    """[(performanceMetric, metric name, objectInstanceId)] a job
    measures: each of its performanceMetric (``<name>`` measures every
    object, ``<name>.<id>`` one), then each metric of each of its
    performanceMetricGroup per object, once each.

    :raises ValueError: naming what is unknown or not the job's.
    """
    measured = []
    for metric in criteria.get('performanceMetric') or ():
        name, object_id = split_metric(metric)
        if name not in METRICS:
            raise ValueError('performanceMetric %s is not one of %s'
                             % (metric, ', '.join(METRICS)))
        if object_id is None:
            measured.extend((metric, name, each) for each in object_ids)
        elif object_id in object_ids:
            measured.append((metric, name, object_id))
        else:
            raise ValueError('performanceMetric %s names an object that is '
                             'not in objectInstanceIds' % metric)
    for group in criteria.get('performanceMetricGroup') or ():
        if group not in METRIC_GROUPS:
            raise ValueError('performanceMetricGroup %s is not one of %s'
                             % (group, ', '.join(METRIC_GROUPS)))
        measured.extend(('%s.%s' % (name, object_id), name, object_id)
                        for object_id in object_ids
                        for name in METRIC_GROUPS[group])
    unique = list(dict.fromkeys(measured))
    if not unique:
        raise ValueError('criteria name no performanceMetric or '
                         'performanceMetricGroup')
    return unique


def allowed_sub_objects(object_type, sub_object_ids):
    """The sub-objects measurements of a job or threshold may name: those
    it lists; any VNFC for Vnfc without a list (its VNFCs are measured
    each, as they come and go); none for Vnf without one."""
    if sub_object_ids:
        return frozenset(sub_object_ids)
    return None if object_type == VNFC else frozenset()


def measures(allowed, sub_object_id):
    """Whether a measurement of ``sub_object_id`` (None: the object as a
    whole) is one of ``allowed_sub_objects``."""
    if allowed is None:
        return sub_object_id is not None
    return sub_object_id in allowed if allowed else sub_object_id is None


def measured_value(text):
    """The float of an alert's ``value`` annotation, None for what is
    not a finite number (a template that divided by zero)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def crossing(side, value, details):
    """(new side, crossingDirection or None) of a measurement ``value``
    of a SIMPLE threshold (6.5.3.4 simpleThresholdDetails) last seen on
    ``side`` (UP, DOWN; None: not yet measured, taken as DOWN, so a
    threshold arms below its value). UP is reached at thresholdValue +
    hysteresis or above, DOWN at thresholdValue - hysteresis or below;
    in between the side stays."""
    side = side or DOWN
    threshold = details['thresholdValue']
    hysteresis = details['hysteresis']
    if side == DOWN and value >= threshold + hysteresis:
        return UP, UP
    if side == UP and value <= threshold - hysteresis:
        return DOWN, DOWN
    return side, None


def crossing_key(object_id, sub_object_id):
    """The key of a measured (sub-)object in a threshold's crossings."""
    return '%s/%s' % (object_id, sub_object_id or '')


def _callback(row):
    return row['callback_uri']


def job_view(job, reports, base):
    """PmJob (6.5.2.7) of a ``pm_jobs`` row joined with its subscription
    (``callback_uri``) and its unexpired ``reports`` rows."""
    view = {
        'id': job['id'],
        'objectType': job['object_type'],
        'objectInstanceIds': job['object_instance_ids'],
        'criteria': job['criteria'],
        'callbackUri': _callback(job),
        '_links': {
            'self': {'href': links.pm_job(base, job['id'])},
            'objects': [{'href': links.vnf_instance(
                base, object_id, root=links.VNFLCM_V2)}
                for object_id in job['object_instance_ids']]},
    }
    if job['sub_object_instance_ids']:
        view['subObjectInstanceIds'] = job['sub_object_instance_ids']
    if reports:
        view['reports'] = [{
            'href': links.pm_report(base, job['id'], report['id']),
            'readyTime': _time(report['created_at']),
            'expiryTime': _time(report['expires_at'])}
            for report in reports]
    return view


def threshold_view(threshold, base):
    """Threshold (6.5.2.9) of a ``pm_thresholds`` row joined with its
    subscription."""
    view = {
        'id': threshold['id'],
        'objectType': threshold['object_type'],
        'objectInstanceId': threshold['object_instance_id'],
        'criteria': threshold['criteria'],
        'callbackUri': _callback(threshold),
        '_links': {
            'self': {'href': links.pm_threshold(base, threshold['id'])},
            'object': {'href': links.vnf_instance(
                base, threshold['object_instance_id'],
                root=links.VNFLCM_V2)}},
    }
    if threshold['sub_object_instance_ids']:
        view['subObjectInstanceIds'] = threshold['sub_object_instance_ids']
    return view


def report_view(report):
    """PerformanceReport (6.5.2.10) of a ``pm_reports`` row."""
    return {'entries': report['entries']}


def _notification(notification_type, fields, notification_links):
    return {
        'id': uuidutils.generate_uuid(),
        'notificationType': notification_type,
        'timeStamp': timeutils.utcnow().isoformat(timespec='seconds') + 'Z',
        **fields,
        '_links': notification_links}


def report_available(job, report, base):
    """The PerformanceInformationAvailableNotifications (6.5.2.5) of a
    new report: one per VNF instance it measured."""
    sub_objects = {}
    for entry in report['entries']:
        subs = sub_objects.setdefault(entry['objectInstanceId'], [])
        if entry.get('subObjectInstanceId') and \
                entry['subObjectInstanceId'] not in subs:
            subs.append(entry['subObjectInstanceId'])
    notifications = []
    for object_id, subs in sub_objects.items():
        fields = {'pmJobId': job['id'], 'objectType': job['object_type'],
                  'objectInstanceId': object_id}
        if subs:
            fields['subObjectInstanceIds'] = subs
        notifications.append(_notification(REPORT_AVAILABLE, fields, {
            'objectInstance': {'href': links.vnf_instance(
                base, object_id, root=links.VNFLCM_V2)},
            'pmJob': {'href': links.pm_job(base, job['id'])},
            'performanceReport': {'href': links.pm_report(
                base, job['id'], report['id'])}}))
    return notifications


def threshold_crossed(threshold, direction, sub_object_id, metric, value,
                      base):
    """ThresholdCrossedNotification (6.5.2.4)."""
    fields = {'thresholdId': threshold['id'],
              'crossingDirection': direction,
              'objectType': threshold['object_type'],
              'objectInstanceId': threshold['object_instance_id'],
              'performanceMetric': metric,
              'performanceValue': value}
    if sub_object_id:
        fields['subObjectInstanceId'] = sub_object_id
    return _notification(THRESHOLD_CROSSED, fields, {
        'objectInstance': {'href': links.vnf_instance(
            base, threshold['object_instance_id'], root=links.VNFLCM_V2)},
        'threshold': {'href': links.pm_threshold(base, threshold['id'])}})
