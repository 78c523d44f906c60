"""A Prometheus and an Alertmanager of a test's own, for the tests of
fault and performance management.

Each runs as the test's user from the Debian binaries (tools/lib.sh's
ensure_prometheus installs them; the packaged services stay stopped), on
a free loopback port, with its configuration, data and log in
``workdir``; it is killed (its process group) on exit. Alertmanager runs
without clustering, so it opens no gossip port.
"""
import pathlib
import subprocess
import time
import urllib.parse

import requests
import yaml

from tests.functional import deployment as deployment_lib

# A server not ready within this is taken as failed to start.
START_TIMEOUT = 30
# Tries with a new port when the server exits before it is ready: a port
# picked free may be taken by the time the server binds it.
START_TRIES = 3


class ServerFailed(Exception):
    """A private Prometheus or Alertmanager did not start or refused a
    request; the message ends with the tail of its log."""


class _Server:
    """One server process on 127.0.0.1:``port``, in ``workdir``."""

    binary = None

    def __init__(self, workdir, port=None):
        """``port``: the one to listen on (others must know it before
        the server starts), else a free one."""
        self.workdir = pathlib.Path(workdir)
        self.port = None
        self._fixed_port = port
        self._process = None

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.port

    @property
    def log_path(self):
        return self.workdir / ('%s.log' % self.binary)

    def log_tail(self, size=5000):
        if not self.log_path.exists():
            return ''
        return self.log_path.read_text(errors='replace')[-size:]

    def _failed(self, message):
        return ServerFailed('%s (%s): %s; log:\n%s' % (
            self.binary, self.url, message, self.log_tail()))

    def write_config(self):
        raise NotImplementedError

    def command(self):
        raise NotImplementedError

    def start(self):
        """Write the configuration, start the server and wait until its
        ``/-/ready`` answers 200.

        :raises ServerFailed: it was not ready in START_TRIES tries.
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        for _ in range(START_TRIES):
            self.port = self._fixed_port or deployment_lib.free_port()
            self.write_config()
            log = open(self.log_path, 'ab')
            self._process = subprocess.Popen(
                self.command(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
            log.close()
            if self._wait_ready():
                return self
            self.stop()
        raise self._failed('exited before it was ready, %d times'
                           % START_TRIES)

    def _wait_ready(self):
        """Whether the server became ready; False when it exited first.

        :raises ServerFailed: it neither exited nor became ready in
            START_TIMEOUT seconds.
        """
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                if requests.get(self.url + '/-/ready',
                                timeout=2).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        error = self._failed('not ready within %d s' % START_TIMEOUT)
        self.stop()
        raise error

    def stop(self):
        """Kill the server (its process group, which this object
        started)."""
        process, self._process = self._process, None
        if process is not None:
            deployment_lib.kill_group(process)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def request(self, method, path, **kwargs):
        """The JSON answer to ``method path``.

        :raises ServerFailed: the status is not 2xx.
        """
        kwargs.setdefault('timeout', 10)
        response = requests.request(method, self.url + path, **kwargs)
        if not response.ok:
            raise self._failed('%s %s answered %d: %s' % (
                method, path, response.status_code, response.text))
        return response.json() if response.content else None

    def wait_for(self, predicate, timeout=20, what='the condition'):
        """What ``predicate()`` answers, once that is truthy.

        :raises AssertionError: it was not within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError('timed out waiting for %s; %s log:\n%s'
                                     % (what, self.binary, self.log_tail()))
            time.sleep(0.2)


class PrivatePrometheus(_Server):
    """Prometheus scraping ``scrape_targets`` ('host:port', as job
    ``job``) and evaluating the rule files ``rules_dir/*.yaml`` (by
    default ``workdir/rules``) every ``interval``, alerting to
    ``alertmanager_url`` when given. After a change of the rule files,
    reload() loads them. Prometheus hands targets to its scrapers every
    5 s: the first scrape comes about 5 s after start or set_targets()."""

    binary = 'prometheus'

    def __init__(self, workdir, scrape_targets=(), rules_dir=None,
                 alertmanager_url=None, interval='1s', job='sandbox',
                 port=None):
        super().__init__(workdir, port)
        self.scrape_targets = list(scrape_targets)
        self.rules_dir = pathlib.Path(rules_dir or self.workdir / 'rules')
        self.alertmanager_url = alertmanager_url
        self.interval = interval
        self.job = job
        self.config_file = self.workdir / 'prometheus.yml'

    def write_config(self):
        self.rules_dir.mkdir(parents=True, exist_ok=True)
        config = {
            'global': {'scrape_interval': self.interval,
                       'scrape_timeout': self.interval,
                       'evaluation_interval': self.interval},
            'rule_files': [str(self.rules_dir / '*.yaml')],
            'scrape_configs': [{
                'job_name': self.job,
                'static_configs': [{'targets': self.scrape_targets}]}]}
        if self.alertmanager_url:
            url = urllib.parse.urlsplit(self.alertmanager_url)
            config['alerting'] = {'alertmanagers': [{
                'scheme': url.scheme, 'path_prefix': url.path or '/',
                'static_configs': [{'targets': [url.netloc]}]}]}
        self.config_file.write_text(yaml.safe_dump(config))

    def command(self):
        # --web.enable-lifecycle: POST /-/reload. A reload re-discovers
        # the Alertmanager (in up to 5 s), and an alert sent meanwhile is
        # only sent again after the resend delay (1 min by default):
        # every interval here, which Alertmanager deduplicates.
        return [self.binary, '--config.file=%s' % self.config_file,
                '--storage.tsdb.path=%s' % (self.workdir / 'prometheus-data'),
                '--web.listen-address=127.0.0.1:%d' % self.port,
                '--web.enable-lifecycle',
                '--rules.alert.resend-delay=%s' % self.interval]

    def reload(self):
        """Load the configuration and the rule files again.

        :raises ServerFailed: Prometheus refused them (the message says
            why) and goes on with the ones it had.
        """
        self.request('POST', '/-/reload')

    def set_targets(self, scrape_targets):
        """Scrape ``scrape_targets`` instead, from now on."""
        self.scrape_targets = list(scrape_targets)
        self.write_config()
        self.reload()

    def _api(self, path, **params):
        return self.request('GET', '/api/v1/' + path, params=params)['data']

    def query(self, promql):
        """The result list of the instant query ``promql``."""
        return self._api('query', query=promql)['result']

    def rules(self):
        """The rule groups loaded, with each rule's state."""
        return self._api('rules')['groups']

    def alerts(self):
        """The pending and firing alerts."""
        return self._api('alerts')['alerts']


class PrivateAlertmanager(_Server):
    """Alertmanager sending every group of alerts, and its resolution,
    to ``webhook_url``, or to ``routes[value]`` for alerts whose
    ``function_type`` label has that value (as Tacker's webhooks are
    split), repeated every ``repeat_intervals[value]`` when given (the
    measurements of PM jobs and thresholds fire all the time and are
    wanted again and again). The default ``group_by`` ('...') makes each
    alert a group of its own, notified alone."""

    binary = 'prometheus-alertmanager'

    def __init__(self, workdir, webhook_url, group_wait='1s',
                 group_interval='1s', repeat_interval='1h',
                 group_by=('...',), routes=None, repeat_intervals=None,
                 port=None):
        super().__init__(workdir, port)
        self.webhook_url = webhook_url
        self.routes = dict(routes or {})
        self.repeat_intervals = dict(repeat_intervals or {})
        self.route = {'receiver': 'webhook', 'group_by': list(group_by),
                      'group_wait': group_wait,
                      'group_interval': group_interval,
                      'repeat_interval': repeat_interval}
        self.config_file = self.workdir / 'alertmanager.yml'

    def write_config(self):
        def receiver(name, url):
            return {'name': name, 'webhook_configs': [{
                'url': url, 'send_resolved': True}]}
        names = {value: 'webhook-%d' % index
                 for index, value in enumerate(sorted(self.routes))}
        route = dict(self.route, routes=[
            {'receiver': names[value],
             'matchers': ['function_type="%s"' % value],
             **({'repeat_interval': self.repeat_intervals[value]}
                if value in self.repeat_intervals else {})}
            for value in sorted(self.routes)])
        config = {'route': route, 'receivers': [
            receiver('webhook', self.webhook_url)] + [
            receiver(names[value], url)
            for value, url in sorted(self.routes.items())]}
        self.config_file.write_text(yaml.safe_dump(config))

    def command(self):
        # An empty --cluster.listen-address turns clustering off.
        return [self.binary, '--config.file=%s' % self.config_file,
                '--storage.path=%s' % (self.workdir / 'alertmanager-data'),
                '--web.listen-address=127.0.0.1:%d' % self.port,
                '--cluster.listen-address=']

    def alerts(self):
        """The alerts Alertmanager holds (API v2 gettableAlerts)."""
        return self.request('GET', '/api/v2/alerts')

    def post_alerts(self, alerts):
        """Send ``alerts`` (API v2 postableAlerts: dicts with labels,
        annotations, startsAt, endsAt...) as Prometheus would."""
        self.request('POST', '/api/v2/alerts', json=list(alerts))
