"""Prometheus metrics of the sandbox's servers and Pods, and the knob
that sets them.

``GET /metrics`` (no token, as a node exporter's) lists, in the text
exposition format, the CPU, memory and health gauges of every live
``OS::Nova::Server`` of every stack and, when the sandbox Kubernetes
runs, of every Pod. Each reports :data:`DEFAULTS` (healthy) until
``PUT /sandbox/metrics/servers/<server id>`` or
``PUT /sandbox/metrics/pods/<namespace>/<name>`` sets other values; those
stay in the store with the server's physical id or the Pod's uid, so a
replaced server or Pod (heal, eviction) starts healthy again.
"""
import collections
import math

from tacker_sandbox import errors
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
# What every server and Pod reports until the knob says otherwise.
DEFAULTS = {'cpu_utilization': 10.0, 'memory_bytes': 256 * 1024 * 1024,
            'health': 1}
# Prometheus keeps samples as doubles: whole numbers are exact up to 2**53.
MAX_MEMORY = 2 ** 53
# The knob's keys: (their check, the type stored, what the check wants).
_RULES = {
    'cpu_utilization': (lambda value: 0 <= value <= 100, float,
                        'a percentage, from 0 to 100'),
    'memory_bytes': (lambda value: isinstance(value, int) and
                     0 <= value <= MAX_MEMORY, int,
                     'a whole number of bytes, from 0 to 2**53'),
    'health': (lambda value: value in (0, 1), int,
               '0 (down) or 1 (healthy)'),
}
# The metric of each value, after "sandbox_<kind>_" (HELP names the kind).
_HELP = (
    ('cpu_utilization', 'CPU utilization of the %s, in percent.'),
    ('memory_bytes', 'Memory the %s uses, in bytes.'),
    ('health', 'Whether the %s is healthy (1) or down (0).'),
)
_KINDS = (('server', 'sandbox Heat server (OS::Nova::Server)'),
          ('pod', 'sandbox Kubernetes Pod'))

# ``key``: what the store keeps its values under (the server's physical id,
# the Pod's uid); ``labels``: (name, value) pairs; ``values``: what the
# knob set, or {}.
Target = collections.namedtuple('Target', 'key labels values')


def check_values(body):
    """The knob's body, checked, as the values to store; a 400 names the
    first wrong one."""
    values = {}
    for key, value in wsgi.json_body(body).items():
        if key not in _RULES:
            raise errors.BadRequest('Unknown metric %s; the knob sets %s'
                                    % (key, ', '.join(sorted(_RULES))))
        check, kind, wanted = _RULES[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or not check(value):
            raise errors.BadRequest('"%s" is %s' % (key, wanted))
        values[key] = kind(value)
    return values


def exposition(kind, targets):
    """The lines of the three gauges of ``kind`` ('server' or 'pod')
    for ``targets``, each a (labels text, values) pair."""
    lines = []
    for key, text in _HELP:
        name = 'sandbox_%s_%s' % (kind, key)
        lines += ['# HELP %s %s' % (name, text % dict(_KINDS)[kind]),
                  '# TYPE %s gauge' % name]
        lines.extend('%s%s %s' % (name, labels, _number(values[key]))
                     for labels, values in targets)
    return lines


def _labels_text(labels):
    return '{%s}' % ','.join('%s="%s"' % (name, value.replace(
        '\\', r'\\').replace('"', r'\"').replace('\n', r'\n'))
        for name, value in labels)


def _number(value):
    return repr(value) if isinstance(value, float) else str(value)


def _server_target(row):
    return Target(row['id'], (
        ('server_id', row['id']), ('server_name', row['name']),
        ('resource_name', row['resource']), ('stack_id', row['stack_id']),
        ('root_stack_id', row['root_id']),
        ('project_id', row['project_id'])), row['value'] or {})


def _pod_target(row):
    namespace, name, uid, value = row
    return Target(uid, (('namespace', namespace), ('pod', name),
                        ('uid', uid)), value or {})


class Metrics:
    """``/metrics`` and the knob under ``/sandbox/metrics``."""

    def __init__(self, store):
        self.store = store
        self.pods = False

    def connect(self, app):
        """Serve the servers' metrics and knob on ``app`` (``app.App``)."""
        app.connect_admin('/metrics', GET=self.scrape)
        self._connect_knob(app, '/sandbox/metrics/servers/{server_id}',
                           self._server)

    def connect_pods(self, app):
        """Serve the Pods' too, as the sandbox Kubernetes runs."""
        self.pods = True
        self._connect_knob(app, '/sandbox/metrics/pods/{namespace}/{name}',
                           self._pod)

    def _connect_knob(self, app, path, find):
        app.connect_admin(
            path, GET=lambda req, body, **key: self._show(find(**key)),
            PUT=lambda req, body, **key: self._set(find(**key), body),
            DELETE=lambda req, body, **key: self._reset(find(**key)))

    def scrape(self, req, body):
        sources = [('server', map(_server_target, self.store.list_servers()))]
        if self.pods:
            sources.append(('pod', map(_pod_target,
                                       self.store.list_object_values('pods'))))
        lines = []
        for kind, targets in sources:
            lines += exposition(kind, [
                (_labels_text(target.labels), dict(DEFAULTS, **target.values))
                for target in targets])
        return Reply('\n'.join(lines) + '\n', content_type=CONTENT_TYPE)

    def _server(self, server_id):
        for row in self.store.list_servers(server_id):
            return _server_target(row)
        raise errors.NotFound('Server %s not found (or deleted)' % server_id,
                              'NotFound')

    def _pod(self, namespace, name):
        for row in self.store.list_object_values('pods', namespace, name):
            return _pod_target(row)
        raise errors.NotFound('Pod %s/%s not found' % (namespace, name),
                              'NotFound')

    @staticmethod
    def _show(target, values=None):
        return Reply(dict(target.labels, **dict(
            DEFAULTS, **(target.values if values is None else values))))

    def _set(self, target, body):
        values = dict(target.values, **check_values(body))
        self.store.set_metric_values(target.key, values)
        return self._show(target, values)

    def _reset(self, target):
        self.store.set_metric_values(target.key, None)
        return Reply(status=204)
