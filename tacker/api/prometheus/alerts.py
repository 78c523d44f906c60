"""``POST /alert``, ``/alert/auto_healing`` and ``/alert/auto_scaling``:
Alertmanager's webhooks, as Tacker's Prometheus plugin serves them.

``/alert``: Each fault management alert (labels ``receiver_type: tacker``,
``function_type: vnffm``) raises, updates or clears an alarm (SOL003
v3.3.1 7.5.2.4) on the VNFC its ``pod`` or ``server_id`` label names
(the VNFC's computeResource.resourceId) of the VNF instance its
``vnf_instance_id`` label names; other alerts are not for it. Every
alert is checked before any is used: an unknown instance or VNFC, or a
malformed alert, is a 400 and nothing is stored.

``/alert/auto_healing`` (``function_type: auto_heal``, ``vnfc_info_id``)
and ``/alert/auto_scaling`` (``function_type: auto_scale``,
``auto_scale_type``, ``aspect_id``): each firing alert queues an
automatic request (``tacker.db.automatic``) for the conductor, on an
instance whose vnfConfigurableProperties enable it (isAutohealEnabled,
isAutoscaleEnabled); the alerts of one instance within ``[prometheus_plugin]
auto_heal_window`` heal as one.
"""
from oslo_log import log as logging

from tacker.api import wsgi
from tacker.common import alertmanager
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import fm_alarms
from tacker.common import links
from tacker.common import sizing
from tacker.common import sol003_v3
from tacker.common import states
from tacker.conf import CONF
from tacker.db import alarms as db_alarms
from tacker.db import automatic as db_automatic
from tacker.db import instances as db_instances

# What Alertmanager posts: checked field by field by ``alertmanager``.
WEBHOOK = {'type': 'object',
           'properties': {'alerts': {'type': 'array', 'maxItems':
                                     alertmanager.MAX_ALERTS}},
           'required': ['alerts']}
LOG = logging.getLogger(__name__)


def _instance(context, alert):
    instance_id = alertmanager.label(alert, 'vnf_instance_id')
    try:
        return db_instances.get(context, instance_id,
                                project_scope(context))
    except exceptions.VnfInstanceNotFound:
        raise alertmanager.refuse('VNF instance %s does not exist'
                                  % instance_id)


def _alarm_values(context, alert):
    """(instance, alarm column values) of a fault management alert."""
    instance = _instance(context, alert)
    return instance, fm_alarms.alarm_values(instance, alert)


class AlertsController:

    @wsgi.responds(204)
    def create(self, req, body):
        """A firing alert is checked whole; a resolved one only needs
        the alarm its fingerprint raised, whatever became of its VNFC
        (a healed one has another compute resource) or its instance
        (whose alarms went with it)."""
        base = links.base_url(req)
        alerts = [alert for alert in alertmanager.alerts(body)
                  if alertmanager.is_ours(alert,
                                          fm_alarms.FAULT_MANAGEMENT)]
        raised = [(alert, *_alarm_values(req.context, alert))
                  for alert in alerts if alert.status == alertmanager.FIRING]
        for alert, instance, values in raised:
            db_alarms.raise_alarm(req.context, instance, alert.fingerprint,
                                  values, db_alarms.notifier(instance, base))
        for alert in alerts:
            if alert.status != alertmanager.RESOLVED:
                continue
            try:
                instance = _instance(req.context, alert)
            except exceptions.InvalidAlert:
                continue
            db_alarms.clear_alarm(req.context, instance['id'],
                                  alert.fingerprint, alert.event_time,
                                  db_alarms.notifier(instance, base))
        return wsgi.Result(status=204)


def _heal_request(context, alert):
    """(instance, params) of an auto-heal alert."""
    instance = _instance(context, alert)
    vnfc_id = alertmanager.label(alert, 'vnfc_info_id')
    known = {sol003_v3.vnfc_info_id(vnfc) for vnfc in (
        instance['instantiated_vnf_info'] or {}).get(
            'vnfcResourceInfo') or []}
    if vnfc_id not in known:
        raise alertmanager.refuse('VNF instance %s has no VNFC %s'
                                  % (instance['id'], vnfc_id))
    return instance, {'vnfcInfoId': vnfc_id}


def _scale_request(context, alert):
    """(instance, params) of an auto-scale alert."""
    instance = _instance(context, alert)
    scale_type = alertmanager.label(alert, 'auto_scale_type',
                                    (sizing.SCALE_OUT, sizing.SCALE_IN))
    aspect_id = alertmanager.label(alert, 'aspect_id')
    aspects = {status['aspectId'] for status in (
        instance['instantiated_vnf_info'] or {}).get('scaleStatus') or []}
    if aspect_id not in aspects:
        raise alertmanager.refuse('VNF instance %s has no scaling aspect '
                                  '%s' % (instance['id'], aspect_id))
    return instance, {'type': scale_type, 'aspectId': aspect_id}


# Per webhook: the alerts' function_type, how one becomes a request,
# the policy, the vnfConfigurableProperties that enables it, its window.
_AUTOMATIC = {
    'heal': ('auto_heal', _heal_request, alertmanager.AUTO_HEAL_POLICY,
             'isAutohealEnabled', lambda: CONF.prometheus_plugin
             .auto_heal_window),
    'scale': ('auto_scale', _scale_request, alertmanager.AUTO_SCALE_POLICY,
              'isAutoscaleEnabled', lambda: 0),
}


class AutomaticController:
    """Auto-heal and auto-scale alerts: each checked (a 400, nothing
    queued, when one names what is not there), then queued where
    enabled."""

    def _queue(self, req, body, kind):
        function_type, request_of, policy, enabled, window = _AUTOMATIC[kind]
        planned = [request_of(req.context, alert) for alert in
                   alertmanager.firing(alertmanager.alerts(body),
                                       function_type)]
        for instance, params in planned:
            properties = instance['vnf_configurable_properties'] or {}
            if instance['instantiation_state'] != states.INSTANTIATED or \
                    properties.get(enabled) is not True:
                LOG.info('%s alert for VNF instance %s ignored: %s is not '
                         'enabled', policy, instance['id'], enabled)
                continue
            db_automatic.add(req.context, instance, policy, params,
                             window())
            LOG.info('%s request queued for VNF instance %s: %s', policy,
                     instance['id'], params)
        return wsgi.Result(status=204)

    @wsgi.responds(204)
    def heal(self, req, body):
        return self._queue(req, body, 'heal')

    @wsgi.responds(204)
    def scale(self, req, body):
        return self._queue(req, body, 'scale')
