"""The Prometheus alerting rules that measure a PM job or a threshold.

Each (metric, VNF instance, VNFC) a job or threshold measures becomes
one rule whose expression is the metric's PromQL template (``[prometheus
_plugin] pm_templates``, Tacker's prometheus-plugin.yaml layout) over
the VNF's current compute resources. The rule always fires, its value
in the ``value`` annotation and its labels naming what it measures
(``function_type`` vnfpm or vnfpm_threshold, ``job_id`` or
``threshold_id``, ``metric``, ``object_instance_id``,
``sub_object_instance_id``), as Tacker's Prometheus plugin has them, so
Alertmanager posts the values to ``/pm_event`` and ``/pm_threshold``.
A job's rules are evaluated every collectionPeriod (its rule group's
interval).
"""
import os
import re

import yaml

from tacker.common import alertmanager
from tacker.common import pm
from tacker.common import sol003_v3

JOB = 'PMJob'
THRESHOLD = 'Threshold'
# Template sets: CNFs' Pods (Tacker's key), VNFs' servers.
POD = 'PromQL'
SERVER = 'ServerPromQL'
DEFAULT_TEMPLATES = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), 'data',
    'prometheus-plugin.yaml')
JOB_FUNCTION = 'vnfpm'
THRESHOLD_FUNCTION = 'vnfpm_threshold'
_MAX_TEMPLATES_BYTES = 1024 * 1024
_cache = {}


def templates(path=None):
    """The templates of ``path`` (None: those shipped), read again when
    the file changes.

    :raises ValueError: when the file is not in the expected layout.
    """
    path = path or DEFAULT_TEMPLATES
    stamp = os.stat(path).st_mtime_ns
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    with open(path, 'rb') as stream:
        loaded = yaml.safe_load(stream.read(_MAX_TEMPLATES_BYTES))
    for section in (JOB, THRESHOLD):
        kinds = (loaded or {}).get(section) if isinstance(
            loaded, dict) else None
        if not isinstance(kinds, dict) or not all(
                isinstance(metrics, dict) and all(
                    isinstance(text, str) for text in metrics.values())
                for metrics in kinds.values()):
            raise ValueError('%s: %s must map PromQL and ServerPromQL to '
                             'templates by metric' % (path, section))
    _cache[path] = (stamp, loaded)
    return loaded


def _regex(values):
    """An RE2 alternation matching exactly ``values``, fit to stand in a
    PromQL double-quoted string."""
    pattern = '|'.join(re.escape(value) for value in values)
    return pattern.replace('\\', '\\\\').replace('"', '\\"')


def _label(value):
    """A value fit to stand in a PromQL double-quoted string."""
    return str(value).replace('\\', '\\\\').replace('"', '\\"')


def measured_vnfcs(instance, object_type, sub_object_ids):
    """[(sub-object id or None, [compute resource ids])] an object of
    ``object_type`` measures (``tacker.common.pm.allowed_sub_objects``):
    each of the VNFCs named (VnfcInfo ids, ``sol003_v3.vnfc_info_id``),
    else each VNFC the instance has now (Vnfc), else all together (Vnf).

    :raises ValueError: for a sub-object the instance does not have.
    """
    vnfcs = ((instance['instantiated_vnf_info'] or {}).get(
        'vnfcResourceInfo') or [])
    by_id = {sol003_v3.vnfc_info_id(vnfc): vnfc['computeResource'][
        'resourceId'] for vnfc in vnfcs}
    allowed = pm.allowed_sub_objects(object_type, sub_object_ids)
    if allowed is None:
        return [(vnfc_id, [resource]) for vnfc_id, resource in
                by_id.items()]
    if not allowed:
        return [(None, list(by_id.values()))] if by_id else []
    unknown = [each for each in sub_object_ids if each not in by_id]
    if unknown:
        raise ValueError('VNF instance %s has no VNFC %s' % (
            instance['id'], ', '.join(unknown)))
    return [(each, [by_id[each]]) for each in sub_object_ids]


def _kind(instance):
    """POD for a CNF (its instantiatedVnfInfo names a namespace), else
    SERVER."""
    metadata = (instance['instantiated_vnf_info'] or {}).get(
        'metadata') or {}
    return (POD, metadata['namespace']) if metadata.get('namespace') \
        else (SERVER, None)


def expression(section, name, instance, sub_object_id, resources,
               collection_period, reporting_period):
    """The PromQL of metric ``name`` over ``resources`` of ``instance``.

    :raises ValueError: when no template of ``section`` fits.
    """
    kind, namespace = _kind(instance)
    template = section.get(kind, {}).get(name)
    if template is None:
        raise ValueError('there is no %s template of %s for %s' % (
            kind, name, 'a CNF' if kind == POD else 'a VNF'))
    pattern = _regex(resources)
    try:
        return ' '.join(template.format(
            pod=pattern, server_id=pattern, resource_id=pattern,
            namespace=_label(namespace or ''),
            collection_period=int(collection_period),
            reporting_period=int(reporting_period),
            sub_object_instance_id=_label(sub_object_id or '')).split())
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError('the %s template of %s is malformed: %s' % (
            kind, name, exc))


def _rule(alert, labels, expr):
    return {'alert': alert, 'expr': expr,
            'labels': {'receiver_type': alertmanager.RECEIVER,
                       **{key: value for key, value in labels.items()
                          if value is not None}},
            'annotations': {'value': '{{ $value }}'}}


def job_rules(job, instances, all_templates):
    """The rule group of a PM job (a ``pm_jobs`` row); ``instances``:
    its VNF instances by id (one missing is skipped). None when it
    measures nothing now.

    :raises ValueError: naming what cannot be measured.
    """
    criteria = job['criteria']
    rules = []
    for metric, name, object_id in pm.job_metrics(
            job['object_instance_ids'], criteria):
        instance = instances.get(object_id)
        if instance is None:
            continue
        for sub_id, resources in measured_vnfcs(
                instance, job['object_type'],
                job['sub_object_instance_ids']):
            rules.append(_rule('TackerPmJob', {
                'function_type': JOB_FUNCTION, 'job_id': job['id'],
                'metric': metric, 'object_instance_id': object_id,
                'sub_object_instance_id': sub_id}, expression(
                    all_templates[JOB], name, instance, sub_id, resources,
                    criteria['collectionPeriod'],
                    criteria['reportingPeriod'])))
    return _group('tacker-pmjob-' + job['id'], criteria['collectionPeriod'],
                  rules)


def threshold_metric(threshold):
    """(performanceMetric, metric name) of a threshold.

    :raises ValueError: for an unknown metric or another object's.
    """
    metric = threshold['criteria']['performanceMetric']
    name, object_id = pm.split_metric(metric)
    if name not in pm.METRICS:
        raise ValueError('performanceMetric %s is not one of %s'
                         % (metric, ', '.join(pm.METRICS)))
    if object_id not in (None, threshold['object_instance_id']):
        raise ValueError('performanceMetric %s names another object than '
                         'objectInstanceId' % metric)
    return metric, name


def threshold_rules(threshold, instance, all_templates, collection_period,
                    reporting_period):
    """The rule group of a threshold (a ``pm_thresholds`` row) on
    ``instance`` (None: gone), measured every ``collection_period``
    over ``reporting_period``; None when it measures nothing now.

    :raises ValueError: naming what cannot be measured.
    """
    metric, name = threshold_metric(threshold)
    if instance is None:
        return None
    rules = [_rule('TackerPmThreshold', {
        'function_type': THRESHOLD_FUNCTION,
        'threshold_id': threshold['id'], 'metric': metric,
        'object_instance_id': threshold['object_instance_id'],
        'sub_object_instance_id': sub_id}, expression(
            all_templates[THRESHOLD], name, instance, sub_id, resources,
            collection_period, reporting_period))
        for sub_id, resources in measured_vnfcs(
            instance, threshold['object_type'],
            threshold['sub_object_instance_ids'])]
    return _group('tacker-threshold-' + threshold['id'], collection_period,
                  rules)


def _group(name, interval, rules):
    if not rules:
        return None
    return {'groups': [{'name': name, 'interval': '%ds' % int(interval),
                        'rules': rules}]}


def render(group):
    """The text of a rules file holding ``group``."""
    return yaml.safe_dump(group, default_flow_style=False, sort_keys=True)
