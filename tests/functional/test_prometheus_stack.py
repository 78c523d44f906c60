"""The private Prometheus and Alertmanager of tests/functional/prometheus.py
work end to end here: an alerting rule on a scraped gauge fires, and
resolves, through Alertmanager's webhook."""
import datetime
import os

import pytest

from tests.functional import http_servers
from tests.functional import prometheus

RULES = '''groups:
- name: test
  rules:
  - alert: TestGaugeLow
    expr: test_gauge < 1
    for: 0s
    labels:
      severity: warning
'''


class Gauge:
    """A scrape target: a file server whose ``/metrics`` file holds
    ``test_gauge`` in the Prometheus text format."""

    def __init__(self, directory):
        self.path = directory / 'metrics'
        self.set(1)
        self.server = http_servers.file_server(str(directory)).start()
        self.target = '127.0.0.1:%d' % self.server.port

    def set(self, value):
        # A whole file at once: a scrape never reads half of it.
        partial = self.path.with_suffix('.new')
        partial.write_text('# TYPE test_gauge gauge\ntest_gauge %s\n' % value)
        os.replace(partial, self.path)


@pytest.fixture
def receiver():
    server = http_servers.NotificationConsumer().start()
    yield server
    server.stop()


@pytest.fixture
def alertmanager(tmp_path, receiver):
    with prometheus.PrivateAlertmanager(
            tmp_path / 'alertmanager', receiver.url + '/alerts') as manager:
        yield manager


def webhook(status, alertname):
    """A predicate on received notifications: the webhook payload with
    ``status`` for ``alertname``."""
    def find(received):
        for notification in received:
            body = notification['body']
            if body['status'] == status and any(
                    alert['labels']['alertname'] == alertname
                    for alert in body['alerts']):
                return body
    return find


def test_rule_fires_and_resolves_through_the_webhook(tmp_path, receiver,
                                                     alertmanager):
    metrics_dir = tmp_path / 'target'
    metrics_dir.mkdir()
    gauge = Gauge(metrics_dir)
    try:
        with prometheus.PrivatePrometheus(
                tmp_path / 'prometheus', scrape_targets=[gauge.target],
                alertmanager_url=alertmanager.url) as server:
            (server.rules_dir / 'test.yaml').write_text(RULES)
            server.reload()
            # The first scrape comes about 5 s after start.
            server.wait_for(lambda: server.query('test_gauge == 1'),
                            what='the first scrape')
            assert [rule['name'] for group in server.rules()
                    for rule in group['rules']] == ['TestGaugeLow']

            gauge.set(0)
            body = receiver.wait_for(webhook('firing', 'TestGaugeLow'), 20)
            [alert] = body['alerts']
            assert alert['status'] == 'firing'
            assert alert['labels'] == {
                'alertname': 'TestGaugeLow', 'severity': 'warning',
                'job': 'sandbox', 'instance': gauge.target}
            assert receiver.received[0]['path'] == '/alerts'

            gauge.set(1)
            body = receiver.wait_for(webhook('resolved', 'TestGaugeLow'), 20)
            assert body['alerts'][0]['labels'] == alert['labels']
    finally:
        gauge.server.stop()


def test_posted_alert_reaches_the_webhook(alertmanager, receiver):
    now = datetime.datetime.now(datetime.timezone.utc)
    alertmanager.post_alerts([{
        'labels': {'alertname': 'Injected', 'vnf_instance_id': 'abc'},
        'annotations': {'summary': 'posted by the test'},
        'startsAt': now.isoformat()}])
    assert [alert['labels']['alertname']
            for alert in alertmanager.alerts()] == ['Injected']
    body = receiver.wait_for(webhook('firing', 'Injected'), 20)
    assert body['alerts'][0]['annotations'] == {
        'summary': 'posted by the test'}


def test_reload_of_a_broken_rule_file_says_why(tmp_path):
    with prometheus.PrivatePrometheus(tmp_path) as server:
        (server.rules_dir / 'broken.yaml').write_text(
            'groups:\n- name: x\n  rules:\n  - alert: A\n    expr: "(("\n')
        with pytest.raises(prometheus.ServerFailed, match='broken.yaml'):
            server.reload()
