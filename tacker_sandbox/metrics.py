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

The same values also appear under the names real exporters give them, so
that PromQL written for a real cloud works on the sandbox unchanged:
Ceilometer's (as sg-core publishes them) for servers; the kubelet's
resource metrics, cAdvisor's and kube-state-metrics' for Pods and nodes.
"""
import collections
import math
import threading
import time

from tacker_sandbox import errors
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
# What every server and Pod reports until the knob says otherwise.
DEFAULTS = {'cpu_utilization': 10.0, 'memory_bytes': 256 * 1024 * 1024,
            'health': 1, 'disk_bytes': 2 ** 30}
# Prometheus keeps samples as doubles: whole numbers are exact up to 2**53.
MAX_MEMORY = 2 ** 53
# Every node's memory (kube_node_status_capacity) and every Pod's disk
# (container_fs_limit_bytes).
NODE_MEMORY_BYTES = 16 * 2 ** 30
# What every sandbox server has, whatever its flavor.
SERVER_MEMORY_MIB = 4096
DISK_LIMIT_BYTES = 10 * 2 ** 30
_BYTES = (lambda value: isinstance(value, int) and 0 <= value <= MAX_MEMORY,
          int, 'a whole number of bytes, from 0 to 2**53')
# The knob's keys: (their check, the type stored, what the check wants).
_RULES = {
    'cpu_utilization': (lambda value: 0 <= value <= 100, float,
                        'a percentage, from 0 to 100'),
    'memory_bytes': _BYTES,
    'disk_bytes': _BYTES,
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
# What a scrape reports of a target: ``values`` with the defaults filled
# in, the CPU ``seconds`` it used, and a Pod's ``spec`` ({} for servers).
Sample = collections.namedtuple('Sample', 'target values seconds spec')


def _relabel(sample, **names):
    """The labels ``names`` (new name=old name) of the sample's target."""
    labels = dict(sample.target.labels)
    return tuple((new, labels[old]) for new, old in names.items())


def _pod_labels(sample):
    return _relabel(sample, namespace='namespace', pod='pod')


def _container_labels(sample):
    """The first container's: its disk stands for the Pod's."""
    container = (sample.spec.get('containers') or [{}])[0]
    return _pod_labels(sample) + (('container', container.get('name', '')),)


def _server_labels(sample):
    return _relabel(sample, resource='server_id', resource_name='server_name',
                    project='project_id')


# The series real exporters publish of each server, and of each Pod:
# (name, type, HELP, labels of a Sample, value of a Sample).
_SERVER_SERIES = (
    ('ceilometer_cpu', 'counter', 'CPU time the server used, in nanoseconds.',
     _server_labels, lambda sample: sample.seconds * 1e9),
    ('ceilometer_memory_usage', 'gauge', 'Memory the server uses, in MiB.',
     _server_labels, lambda sample: sample.values['memory_bytes'] / 2 ** 20),
    ('ceilometer_memory', 'gauge', 'Memory the server has, in MiB.',
     _server_labels, lambda sample: SERVER_MEMORY_MIB),
)
_POD_SERIES = (
    ('pod_cpu_usage_seconds_total', 'counter',
     'Cumulative CPU time the Pod used, in core-seconds.', _pod_labels,
     lambda sample: sample.seconds),
    ('pod_memory_working_set_bytes', 'gauge',
     'Current working set of the Pod, in bytes.', _pod_labels,
     lambda sample: sample.values['memory_bytes']),
    # An unscheduled Pod has no node, as kube-state-metrics shows it.
    ('kube_pod_info', 'gauge', 'Information about the Pod.',
     lambda sample: _pod_labels(sample) + (
         ('node', sample.spec.get('nodeName', '')),),
     lambda sample: 1),
    ('container_fs_usage_bytes', 'gauge',
     'Bytes the container uses on its filesystem.', _container_labels,
     lambda sample: sample.values['disk_bytes']),
    ('container_fs_limit_bytes', 'gauge',
     'Bytes the container may use on its filesystem.', _container_labels,
     lambda sample: DISK_LIMIT_BYTES),
)


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


def family(name, kind, text, samples):
    """The lines of one metric family of type ``kind`` ('gauge' or
    'counter'); ``samples`` are (labels, value) pairs, the labels
    (name, value) pairs."""
    return ['# HELP %s %s' % (name, text), '# TYPE %s %s' % (name, kind)] + [
        '%s%s %s' % (name, _labels_text(labels), _number(value))
        for labels, value in samples]


def exposition(kind, samples):
    """The lines of the three gauges of ``kind`` ('server' or 'pod')
    for ``samples``."""
    lines = []
    for key, text in _HELP:
        lines += family('sandbox_%s_%s' % (kind, key), 'gauge',
                        text % dict(_KINDS)[kind],
                        [(sample.target.labels, sample.values[key])
                         for sample in samples])
    return lines


def series(table, samples):
    """The lines of the families of ``table`` (``_SERVER_SERIES`` or
    ``_POD_SERIES``) for ``samples``."""
    lines = []
    for name, kind, text, labels, value in table:
        lines += family(name, kind, text, [(labels(sample), value(sample))
                                           for sample in samples])
    return lines


def _labels_text(labels):
    # str(): the sandbox Kubernetes takes any JSON in a Pod's spec.
    return '{%s}' % ','.join('%s="%s"' % (name, str(value).replace(
        '\\', r'\\').replace('"', r'\"').replace('\n', r'\n'))
        for name, value in labels)


def _number(value):
    return repr(value) if isinstance(value, float) else str(value)


def _cpu_rate(values):
    """CPU seconds used per second: utilization is in percent of a core."""
    return dict(DEFAULTS, **values)['cpu_utilization'] / 100


class RateCounters:
    """Counters that grow at a rate the knob may change, integrated
    piecewise so that they never go down; each starts at 0 when its key is
    first seen. They live in memory: a restart starts them again, a
    counter reset as Prometheus' ``rate()`` takes from any exporter."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._counters = {}  # key -> (total, since when, rate since then)

    def read(self, key, rate):
        """``key``'s total until now; from now on it grows at ``rate``
        per second."""
        now = self.clock()
        with self._lock:
            total, since, old_rate = self._counters.get(key, (0.0, now, rate))
            total += old_rate * (now - since)
            self._counters[key] = (total, now, rate)
        return total

    def keep(self, keys):
        """Forget the counters of keys not in ``keys`` (gone servers and
        Pods)."""
        with self._lock:
            self._counters = {key: counter for key, counter
                              in self._counters.items() if key in keys}


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
        # The CPU seconds of every server and Pod, by key.
        self.cpu_seconds = RateCounters()

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
        samples = self._samples(map(_server_target,
                                    self.store.list_servers()))
        lines = exposition('server', samples) + series(_SERVER_SERIES,
                                                       samples)
        if self.pods:
            specs = {pod['metadata']['uid']: pod['spec']
                     for _, pod in self.store.list_objects('pods')}
            pods = self._samples(map(_pod_target, self.store
                                     .list_object_values('pods')), specs)
            lines += exposition('pod', pods) + series(_POD_SERIES, pods)
            lines += family(
                'kube_node_status_capacity', 'gauge',
                'The capacity for different resources of a node.',
                [((('node', node['metadata']['name']), ('resource', 'memory'),
                   ('unit', 'byte')), NODE_MEMORY_BYTES)
                 for _, node in self.store.list_objects('nodes')])
            samples += pods
        self.cpu_seconds.keep({sample.target.key for sample in samples})
        return Reply('\n'.join(lines) + '\n', content_type=CONTENT_TYPE)

    def _samples(self, targets, specs=None):
        return [Sample(target, dict(DEFAULTS, **target.values),
                       self.cpu_seconds.read(target.key,
                                             _cpu_rate(target.values)),
                       (specs or {}).get(target.key, {}))
                for target in targets]

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
        # The CPU seconds so far at the old rate; the new one from now on.
        self.cpu_seconds.read(target.key, _cpu_rate(values))
        self.store.set_metric_values(target.key, values)
        return self._show(target, values)

    def _reset(self, target):
        self.cpu_seconds.read(target.key, _cpu_rate({}))
        self.store.set_metric_values(target.key, None)
        return Reply(status=204)
