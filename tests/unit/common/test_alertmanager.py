"""Alertmanager's webhook notifications as Tacker takes them."""
import datetime

import pytest

from tacker.common import alertmanager
from tacker.common import exceptions

FIRING = {'status': 'firing', 'labels': {'alertname': 'Down', 'pod': 'p1'},
          'annotations': {'probable_cause': 'x'},
          'startsAt': '2026-12-06T08:00:00.123+01:00',
          'endsAt': '0001-01-01T00:00:00Z', 'fingerprint': 'abc'}


def test_alerts_are_read_with_their_times_in_utc():
    [alert] = alertmanager.alerts({'alerts': [FIRING]})
    assert (alert.status, alert.fingerprint, alert.labels['pod']) == (
        'firing', 'abc', 'p1')
    assert alert.event_time == datetime.datetime(2026, 12, 6, 7, 0, 0,
                                                 123000)
    assert alert.ends_at is None


def test_a_resolved_alert_happened_when_it_ended():
    [alert] = alertmanager.alerts({'alerts': [dict(
        FIRING, status='resolved', endsAt='2026-12-06T09:00:00Z')]})
    assert alert.event_time == datetime.datetime(2026, 12, 6, 9, 0)


def test_an_alert_without_fingerprint_gets_one_from_its_labels():
    first, second = alertmanager.alerts({'alerts': [
        dict(FIRING, fingerprint=None), dict(FIRING, fingerprint=None)]})
    assert first.fingerprint == second.fingerprint


@pytest.mark.parametrize('body, words', [
    ([], '"alerts" list'),
    ({'alerts': {}}, '"alerts" list'),
    ({'alerts': ['x']}, 'must be an object'),
    ({'alerts': [dict(FIRING, status='pending')]}, 'firing or resolved'),
    ({'alerts': [dict(FIRING, labels={'a': 1})]}, 'labels'),
    ({'alerts': [dict(FIRING, annotations={'a': 'x' * 2000})]},
     'annotations'),
    ({'alerts': [dict(FIRING, startsAt='soon')]}, 'startsAt'),
    ({'alerts': [dict(FIRING, fingerprint=7)]}, 'fingerprint'),
    ({'alerts': [FIRING] * 1001}, 'more than 1000'),
])
def test_a_malformed_notification_is_refused_naming_why(body, words):
    with pytest.raises(exceptions.InvalidAlert) as caught:
        alertmanager.alerts(body)
    assert words in str(caught.value)
