"""Alertmanager's webhook notifications (its ``webhook_config`` JSON,
version 4), as Tacker's Prometheus plugin takes them: every alert checked
before any is used, so a malformed payload changes nothing."""
import dataclasses
import hashlib
import json

from oslo_utils import timeutils

from tacker.common import exceptions

FIRING = 'firing'
RESOLVED = 'resolved'
# The receiver_type label of every alert Tacker takes.
RECEIVER = 'tacker'
# The policies (``tacker.policy.drivers``) of the auto-heal and
# auto-scale webhooks.
AUTO_HEAL_POLICY = 'vdu_autoheal'
AUTO_SCALE_POLICY = 'autoscaling'
MAX_ALERTS = 1000
_MAX_TEXT = 1024


@dataclasses.dataclass(frozen=True)
class Alert:
    status: str
    labels: dict
    annotations: dict
    starts_at: object
    ends_at: object
    fingerprint: str

    @property
    def event_time(self):
        """When it fired, or was resolved (naive UTC)."""
        return self.ends_at if self.status == RESOLVED and self.ends_at \
            else self.starts_at


def refuse(reason):
    return exceptions.InvalidAlert(reason=reason)


def is_ours(alert, function_type):
    """Whether ``alert`` is for Tacker's ``function_type`` (vnffm,
    vnfpm, auto_heal...)."""
    return alert.labels.get('receiver_type') == RECEIVER and \
        alert.labels.get('function_type') == function_type


def firing(alerts, function_type):
    """The firing ``alerts`` for Tacker's ``function_type``."""
    return [alert for alert in alerts
            if alert.status == FIRING and is_ours(alert, function_type)]


def label(alert, name, allowed=None):
    """The value of the alert's label ``name``, one of ``allowed`` when
    given.

    :raises InvalidAlert: when it is missing or not allowed.
    """
    value = alert.labels.get(name)
    if not value or (allowed is not None and value not in allowed):
        raise refuse('label %s must be %s, not %r' % (
            name, ' or '.join(allowed) if allowed else 'given', value))
    return value


def _strings(value, where):
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(key, str) and isinstance(item, str) and
            len(item) <= _MAX_TEXT for key, item in value.items()):
        raise refuse(f'{where} must map names to strings of at most '
                     f'{_MAX_TEXT} characters')
    return value


def _time(value, where, required):
    if value in (None, '') and not required:
        return None
    try:
        parsed = timeutils.parse_isotime(value)
    except (ValueError, TypeError):
        raise refuse(f'{where} must be an RFC 3339 time, not {value!r}')
    # Alertmanager's "zero" time of an alert that has not ended.
    if parsed.year < 2:
        return None
    return timeutils.normalize_time(parsed)


def alerts(body):
    """The alerts of a webhook notification ``body`` (parsed JSON).

    :raises InvalidAlert: naming what is wrong.
    """
    if not isinstance(body, dict) or not isinstance(body.get('alerts'),
                                                    list):
        raise refuse('it needs an "alerts" list')
    if len(body['alerts']) > MAX_ALERTS:
        raise refuse(f'it has more than {MAX_ALERTS} alerts')
    parsed = []
    for index, alert in enumerate(body['alerts']):
        where = f'alerts[{index}]'
        if not isinstance(alert, dict):
            raise refuse(f'{where} must be an object')
        status = alert.get('status')
        if status not in (FIRING, RESOLVED):
            raise refuse(f'{where}.status must be firing or resolved')
        labels = _strings(alert.get('labels'), f'{where}.labels')
        fingerprint = alert.get('fingerprint') or hashlib.sha256(
            json.dumps(labels, sort_keys=True).encode()).hexdigest()[:16]
        if not isinstance(fingerprint, str) or len(fingerprint) > 255:
            raise refuse(f'{where}.fingerprint must be a string')
        parsed.append(Alert(
            status, labels,
            _strings(alert.get('annotations'), f'{where}.annotations'),
            _time(alert.get('startsAt'), f'{where}.startsAt', True),
            _time(alert.get('endsAt'), f'{where}.endsAt', False),
            fingerprint))
    return parsed


def listed_alerts(listed):
    """The alerts of Alertmanager's ``GET /api/v2/alerts`` answer (its
    gettableAlerts: those not resolved, whatever their silencing), as
    firing alerts.

    :raises InvalidAlert: naming what is wrong.
    """
    if not isinstance(listed, list):
        raise refuse('Alertmanager\'s alerts must be a list')
    return alerts({'alerts': [dict(alert, status=FIRING)
                              if isinstance(alert, dict) else alert
                              for alert in listed]})
