"""Notifications are queued with the write that causes them, for the
subscriptions of the resource's project that select them."""
from oslo_utils import uuidutils

from tacker.common import notify
from tacker.db import api as db_api
from tacker.db import outbox
from tacker.db import subscriptions as db_subscriptions

API = 'test_api'


def _subscribe(context, project_id, subscription_filter=None):
    return db_subscriptions.create(context, API, project_id,
                                   'http://consumer', None,
                                   subscription_filter)['id']


def test_add_queues_one_per_selecting_subscription_of_the_project(
        database, admin_context):
    project = uuidutils.generate_uuid()
    wanted = _subscribe(admin_context, project, {'kind': ['x']})
    unfiltered = _subscribe(admin_context, project)
    filtered_out = _subscribe(admin_context, project, {'kind': ['y']})
    other_project = _subscribe(admin_context, uuidutils.generate_uuid())
    notification = notify.Notification(
        API, '/test/v1', 'http://x', 'TestNotification', project,
        lambda wanted: 'x' in wanted.get('kind', ['x']), {'answer': 42},
        {'thing': {'href': 'http://x/thing'}})
    with db_api.writing(admin_context) as session:
        outbox.add(session, notification)
        outbox.add(session, None)
    for subscription_id, queued in ((wanted, 1), (unfiltered, 1),
                                    (filtered_out, 0), (other_project, 0)):
        rows = outbox.list_for_subscription(admin_context, subscription_id)
        assert len(rows) == queued
    payload = outbox.list_for_subscription(admin_context, wanted)[0][
        'payload']
    assert payload['answer'] == 42
    assert payload['subscriptionId'] == wanted
    assert payload['_links']['subscription']['href'] == \
        'http://x/test/v1/subscriptions/' + wanted


def test_a_failed_write_queues_nothing(database, admin_context):
    project = uuidutils.generate_uuid()
    subscription = _subscribe(admin_context, project)
    notification = notify.Notification(
        API, '/test/v1', 'http://x', 'TestNotification', project,
        lambda wanted: True, {}, {})
    hook = outbox.notifier(lambda row, base: notification, 'http://x')
    try:
        with db_api.writing(admin_context) as session:
            hook(session, {'id': 'row'})
            raise RuntimeError('the write fails after its hook ran')
    except RuntimeError:
        pass
    assert outbox.list_for_subscription(admin_context, subscription) == []
