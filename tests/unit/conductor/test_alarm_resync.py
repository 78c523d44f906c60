"""The alarms kept in line with Alertmanager's fault management alerts:
an alarm whose alert is gone is cleared, a firing alert without an alarm
raises one, each change told as the webhooks tell it and the list's
change told as an AlarmListRebuiltNotification; nothing when they
agree, or when Alertmanager cannot be read."""
import datetime
import json

import pytest

from tacker.common import alertmanager
from tacker.common import fm_alarms
from tacker.common import states
from tacker.conductor import alarm_resync
from tacker.conf import CONF
from tacker.db import alarms as db_alarms
from tacker.db import api as db_api
from tacker.db import outbox
from tacker.db import subscriptions as db_subscriptions
from tests.unit import fake_http
from tests.unit import rows

PROJECT = 'project-resync'
INFO = {'flavourId': 'small', 'vnfState': 'STARTED',
        'vnfcResourceInfo': [{'id': 'c1', 'vduId': 'VDU1', 'computeResource': {
            'resourceId': 's1', 'vimLevelResourceType': 'OS::Nova::Server'}}]}


class Alertmanager(fake_http.FakeHttp):
    """Answers GET /api/v2/alerts with ``alerts`` (and ``status``)."""

    def __init__(self):
        self.alerts = []
        self.status = 200
        super().__init__(lambda method, path: (
            self.status, json.dumps(self.alerts).encode()))

    @property
    def queries(self):
        return [path for _, path in self.requests]


@pytest.fixture
def fake():
    server = Alertmanager()
    yield server
    server.stop()


@pytest.fixture
def resync(database, fake):
    CONF.set_override('alertmanager_url', fake.url, 'prometheus_plugin')
    CONF.set_override('alarm_resync_grace', 0, 'prometheus_plugin')
    yield alarm_resync.AlarmResync(CONF)
    for name in ('alertmanager_url', 'alarm_resync_grace'):
        CONF.clear_override(name, 'prometheus_plugin')


@pytest.fixture
def instance(admin_context, small):
    package = rows.onboarded_package(admin_context, {'small': small},
                                     PROJECT)
    return rows.instance(admin_context, package, PROJECT,
                         instantiation_state=states.INSTANTIATED,
                         instantiated_vnf_info=INFO)


@pytest.fixture
def subscription(admin_context):
    created = db_subscriptions.create(admin_context, 'vnffm_v1', PROJECT,
                                      'http://consumer/fm', None, None)
    yield created['id']
    with db_api.writing(admin_context) as session:
        session.execute(db_alarms.ALARM.delete())
    db_subscriptions.delete(admin_context, 'vnffm_v1', created['id'])


def listed(instance, fingerprint, server='s1'):
    """An alert as Alertmanager's API lists it."""
    return {'labels': {'receiver_type': 'tacker', 'function_type': 'vnffm',
                       'vnf_instance_id': instance['id'], 'server_id': server,
                       'perceived_severity': 'MAJOR',
                       'event_type': 'EQUIPMENT_ALARM'},
            'annotations': {'probable_cause': 'down'},
            'startsAt': '2026-12-06T08:00:00Z',
            'endsAt': '2026-12-06T09:00:00Z', 'fingerprint': fingerprint,
            'status': {'state': 'active', 'silencedBy': [],
                       'inhibitedBy': []},
            'receivers': [{'name': 'tacker'}], 'updatedAt':
            '2026-12-06T08:00:00Z'}


def raise_alarm(context, instance, fingerprint):
    alert = alertmanager.listed_alerts([listed(instance, fingerprint)])[0]
    return db_alarms.raise_alarm(context, instance, fingerprint,
                                 fm_alarms.alarm_values(instance, alert))


def told(context, subscription):
    return [row['notification_type'] for row in
            outbox.list_for_subscription(context, subscription)]


def test_a_lost_resolution_clears_and_a_lost_firing_raises(
        resync, fake, admin_context, instance, subscription):
    stale = raise_alarm(admin_context, instance, 'lost-resolution')
    kept = raise_alarm(admin_context, instance, 'still-firing')
    fake.alerts = [listed(instance, 'still-firing'),
                   listed(instance, 'lost-firing')]

    assert resync.run(admin_context) == {PROJECT}

    assert db_alarms.get(admin_context, stale['id'])[
        'perceived_severity'] == 'CLEARED'
    assert db_alarms.get(admin_context, kept['id'])[
        'alarm_cleared_time'] is None
    assert (instance['id'], 'lost-firing') in db_alarms.uncleared(
        admin_context)
    assert told(admin_context, subscription) == [
        'AlarmClearedNotification', 'AlarmNotification',
        'AlarmListRebuiltNotification']
    rebuilt = outbox.list_for_subscription(admin_context, subscription)[
        -1]['payload']
    assert rebuilt['_links']['alarms']['href'].endswith('/vnffm/v1/alarms')
    assert rebuilt['subscriptionId'] == subscription
    assert fake.queries == [
        '/api/v2/alerts?filter=receiver_type%3D%22tacker%22'
        '&filter=function_type%3D%22vnffm%22']

    # They agree now: nothing changes, nothing is told.
    assert resync.run(admin_context) == set()
    assert len(told(admin_context, subscription)) == 3


def test_an_alarm_raised_after_the_read_stays(resync, fake, admin_context,
                                              instance, subscription,
                                              monkeypatch):
    raise_alarm(admin_context, instance, 'just-raised')
    earlier = datetime.datetime(2000, 1, 1)
    monkeypatch.setattr(alarm_resync.timeutils, 'utcnow', lambda: earlier)
    assert resync.run(admin_context) == set()
    assert (instance['id'], 'just-raised') in db_alarms.uncleared(
        admin_context)


def test_changes_are_left_to_the_webhooks_for_the_grace(
        resync, fake, admin_context, instance, subscription, monkeypatch):
    CONF.set_override('alarm_resync_grace', 600, 'prometheus_plugin')
    raise_alarm(admin_context, instance, 'resolving')
    young = listed(instance, 'young')
    young['startsAt'] = datetime.datetime.utcnow().isoformat() + 'Z'
    fake.alerts = [young]
    assert resync.run(admin_context) == set()
    assert db_alarms.uncleared(admin_context) == {
        (instance['id'], 'resolving')}
    # Still missing ten minutes on: the resolution was lost. The young
    # alert fires since then too: its firing was lost.
    later = datetime.datetime.utcnow() + datetime.timedelta(minutes=11)
    monkeypatch.setattr(alarm_resync.timeutils, 'utcnow', lambda: later)
    assert resync.run(admin_context) == {PROJECT}
    assert db_alarms.uncleared(admin_context) == {(instance['id'], 'young')}


@pytest.mark.parametrize('status,body', [(500, []), (200, {'no': 'list'}),
                                         (200, [{'status': 'x'}])])
def test_an_unreadable_alertmanager_changes_nothing(
        resync, fake, admin_context, instance, subscription, status, body):
    raise_alarm(admin_context, instance, 'kept')
    fake.status, fake.alerts = status, body
    assert resync.run(admin_context) == set()
    assert (instance['id'], 'kept') in db_alarms.uncleared(admin_context)
    assert told(admin_context, subscription) == []


def test_an_alert_on_what_is_not_there_raises_nothing(
        resync, fake, admin_context, instance, subscription):
    fake.alerts = [listed(instance, 'no-vnfc', server='s9')]
    assert resync.run(admin_context) == set()
    assert db_alarms.uncleared(admin_context) == set()
