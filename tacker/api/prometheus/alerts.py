"""``POST /alert``: Alertmanager's webhook, as Tacker's Prometheus plugin
serves it. Each fault management alert (labels ``receiver_type: tacker``,
``function_type: vnffm``) raises, updates or clears an alarm (SOL003
v3.3.1 7.5.2.4) on the VNFC its ``pod`` or ``server_id`` label names
(the VNFC's computeResource.resourceId) of the VNF instance its
``vnf_instance_id`` label names; other alerts are not for it. Every
alert is checked before any is used: an unknown instance or VNFC, or a
malformed alert, is a 400 and nothing is stored.
"""
from tacker.api import wsgi
from tacker.common import alertmanager
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import fm_alarms
from tacker.common import links
from tacker.db import alarms as db_alarms
from tacker.db import instances as db_instances
from tacker.db import outbox

# What Alertmanager posts: checked field by field by ``alertmanager``.
WEBHOOK = {'type': 'object',
           'properties': {'alerts': {'type': 'array', 'maxItems':
                                     alertmanager.MAX_ALERTS}},
           'required': ['alerts']}
RECEIVER = 'tacker'
FAULT_MANAGEMENT = 'vnffm'


def _refuse(reason):
    return exceptions.InvalidAlert(reason=reason)


def _label(alert, name, allowed=None):
    value = alert.labels.get(name)
    if not value or (allowed is not None and value not in allowed):
        raise _refuse('label %s must be %s, not %r' % (
            name, ' or '.join(allowed) if allowed else 'given', value))
    return value


def _alarm_values(context, alert):
    """(instance, alarm column values) of a fault management alert."""
    instance_id = _label(alert, 'vnf_instance_id')
    try:
        instance = db_instances.get(context, instance_id,
                                    project_scope(context))
    except exceptions.VnfInstanceNotFound:
        raise _refuse('VNF instance %s does not exist' % instance_id)
    resource_id = alert.labels.get('pod') or alert.labels.get('server_id')
    vnfcs = (instance['instantiated_vnf_info'] or {}).get(
        'vnfcResourceInfo') or []
    vnfc = next((vnfc for vnfc in vnfcs if resource_id and
                 vnfc['computeResource']['resourceId'] == resource_id),
                None)
    if vnfc is None:
        raise _refuse('VNF instance %s has no VNFC whose compute resource '
                      'is %r (label pod or server_id)' % (instance_id,
                                                          resource_id))
    details = alert.annotations.get('fault_details')
    return instance, {
        'event_time': alert.event_time,
        'perceived_severity': _label(alert, 'perceived_severity',
                                     fm_alarms.SEVERITIES[:-1]),
        'event_type': _label(alert, 'event_type', fm_alarms.EVENT_TYPES),
        'probable_cause': alert.annotations.get('probable_cause') or
        alert.labels.get('alertname') or 'unknown',
        'fault_type': alert.annotations.get('fault_type'),
        'fault_details': [details] if details else None,
        'faulty_resource': {'faultyResource': vnfc['computeResource'],
                            'faultyResourceType': 'COMPUTE'}}


class AlertsController:

    @wsgi.responds(204)
    def create(self, req, body):
        base = links.base_url(req)
        planned = [(alert, *_alarm_values(req.context, alert))
                   for alert in alertmanager.alerts(body)
                   if alert.labels.get('receiver_type') == RECEIVER and
                   alert.labels.get('function_type') == FAULT_MANAGEMENT]
        for alert, instance, values in planned:
            def notify(session, alarm, instance=instance):
                outbox.add(session, fm_alarms.alarm_changed(alarm, instance,
                                                            base))
            if alert.status == alertmanager.FIRING:
                db_alarms.raise_alarm(req.context, instance,
                                      alert.fingerprint, values, notify)
            else:
                db_alarms.clear_alarm(req.context, instance['id'],
                                      alert.fingerprint, alert.event_time,
                                      notify)
        return wsgi.Result(status=204)
