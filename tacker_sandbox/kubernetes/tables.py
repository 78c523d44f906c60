"""Server-side printing: a list, get or watch whose Accept header asks
for ``application/json;as=Table;v=v1;g=meta.k8s.io`` (``kubectl get``
does) is answered with ``meta.k8s.io`` Tables, whose columns and cells
are those of the API server's printers at the served version (v1.30):
columnDefinitions ``{name, type, format, description, priority}``
(priority 1: ``-o wide`` only), rows ``{cells, object}`` with AGE
written by the server ("5m10s"), and ``includeObject`` (None, Metadata
the default, Object) choosing what each row carries.

A custom resource gets its CRD's additionalPrinterColumns (plain
``.a.b[0]`` paths; filters and wildcards print nothing), Age when it
declares none; a built-in type without a printer here gets Name and
Age."""
import collections
import datetime
import json
import re

from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import pods as pods_lib
from tacker_sandbox.kubernetes import status

GROUP = 'meta.k8s.io'
VERSIONS = ('v1', 'v1beta1')
INCLUDE = ('Metadata', 'None', 'Object')
ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/'
ROLE_LABEL = 'kubernetes.io/role'
ACCESS_MODES = (('ReadWriteOnce', 'RWO'), ('ReadOnlyMany', 'ROX'),
                ('ReadWriteMany', 'RWX'), ('ReadWriteOncePod', 'RWOP'))
_PATH_STEP = re.compile(r'\.([^.\[\]]+)|\[(\d+)\]')

Layout = collections.namedtuple('Layout', 'columns cells')
PRINTERS = {}


def _column(name, description, type='string', priority=0, format=''):
    return {'name': name, 'type': type, 'format': format,
            'description': description, 'priority': priority}


NAME = _column('Name', 'The name of the object, unique in its namespace.',
               format='name')
AGE = _column('Age', 'How long ago the object was created.')
CREATED_AT = _column('Created At', 'When the object was created.',
                     type='date')
CONTAINERS = _column('Containers', 'The containers of the Pod template.',
                     priority=1)
IMAGES = _column('Images', 'The images of the Pod template.', priority=1)
SELECTOR = _column('Selector', 'The label selector of the Pods.',
                   priority=1)


def printer(req, cluster, rtype):
    """What prints ``rtype`` as the Table the Accept header asks for, or
    None when it asks for plain JSON; a 400 on an unknown
    includeObject."""
    api_version = _table_version(req.headers.get('Accept', ''))
    if api_version is None:
        return None
    include = req.GET.get('includeObject') or 'Metadata'
    if include not in INCLUDE:
        raise status.BadRequest(
            'Unable to convert to Table as requested: includeObject: '
            'Unsupported value: "%s": supported values: %s'
            % (include, ', '.join('"%s"' % value for value in INCLUDE)))
    layout = PRINTERS.get(rtype.resource)
    if layout is None and rtype not in kinds.BUILTIN:
        layout = _custom(cluster, rtype)
    return Printer(rtype, api_version, include, layout or DEFAULT,
                   cluster.clock)


def _table_version(accept):
    """meta.k8s.io/v1 or v1beta1 when the first media type the sandbox
    can serve asks for a Table, else None (plain JSON)."""
    for media in accept.split(','):
        kind, *params = [part.strip() for part in media.split(';')]
        params = dict(param.partition('=')[::2] for param in params)
        if 'as' not in params:
            return None
        if (kind, params['as'], params.get('g')) == (
                'application/json', 'Table', GROUP) and \
                params.get('v') in VERSIONS:
            return '%s/%s' % (GROUP, params['v'])
    return None


class Printer:
    """Tables of one type, as one request asked for them."""

    def __init__(self, rtype, api_version, include, layout, clock):
        self.list_kind = rtype.kind + 'List'
        self.api_version = api_version
        self.include = include
        self.layout = layout
        self.clock = clock

    def table(self, body, headers=True):
        """``body`` (a list or one object, as served) as a Table; a
        watch sends the column definitions in its first event only."""
        if body.get('kind') == self.list_kind:
            items = body['items']
            metadata = {key: value for key, value in body['metadata'].items()
                        if key in ('resourceVersion', 'continue')}
        else:
            items = [body]
            metadata = {'resourceVersion':
                        body['metadata'].get('resourceVersion')}
        now = self.clock()
        return {'kind': 'Table', 'apiVersion': self.api_version,
                'metadata': metadata,
                'columnDefinitions': list(self.layout.columns) if headers
                else None,
                'rows': [{'cells': self.layout.cells(item, now),
                          'object': self._row_object(item)}
                         for item in items]}

    def _row_object(self, obj):
        if self.include == 'Object':
            return obj
        if self.include == 'Metadata':
            return {'kind': 'PartialObjectMetadata',
                    'apiVersion': self.api_version,
                    'metadata': obj['metadata']}
        return None


def _printer(resources, *columns):
    """Registers the decorated ``cells(obj, now)`` for ``resources``."""
    def register(cells):
        for resource in resources.split():
            PRINTERS[resource] = Layout(columns, cells)
        return cells
    return register


# ---- cell helpers ---------------------------------------------------------

def _get(obj, *path):
    """``obj[path[0]][path[1]]...``, or None where a step is missing or
    not an object (a client may store odd shapes the sandbox does not
    validate)."""
    for key in path:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _list(value):
    return value if isinstance(value, list) else []


def _dict(value):
    return value if isinstance(value, dict) else {}


def _name(obj):
    return obj['metadata']['name']


def human_duration(seconds):
    """A duration as the API server's printers write it: two or three
    significant figures ("45s", "5m10s", "3h", "2d4h", "1y30d")."""
    seconds = int(seconds)
    if seconds < -1:
        return '<invalid>'
    if seconds < 0:
        return '0s'
    if seconds < 120:
        return '%ds' % seconds
    minutes = seconds // 60
    hours, days = minutes // 60, minutes // 1440
    # Limits in minutes: 10m, 3h, 8h, 2d, 8d, 2y and 8y.
    for limit, value in ((10, _two(minutes, 'm', seconds % 60, 's')),
                         (180, '%dm' % minutes),
                         (480, _two(hours, 'h', minutes % 60, 'm')),
                         (2880, '%dh' % hours),
                         (11520, _two(days, 'd', hours % 24, 'h')),
                         (1051200, '%dd' % days),
                         (4204800, _two(days // 365, 'y', days % 365, 'd'))):
        if minutes < limit:
            return value
    return '%dy' % (days // 365)


def _two(big, big_unit, small, small_unit):
    return '%d%s%d%s' % (big, big_unit, small, small_unit) if small \
        else '%d%s' % (big, big_unit)


def _epoch(stamp):
    """An RFC 3339 time in seconds since the epoch, or None."""
    try:
        then = datetime.datetime.fromisoformat(stamp.replace('Z', '+00:00'))
    except (AttributeError, ValueError):
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=datetime.timezone.utc)
    return then.timestamp()


def _since(stamp, now):
    """The human duration from an RFC 3339 time to ``now``."""
    if not stamp:
        return '<unknown>'
    then = _epoch(stamp)
    return '<invalid>' if then is None else human_duration(now - then)


def _age(obj, now):
    return _since(obj['metadata'].get('creationTimestamp'), now)


def _labels(labels):
    """A label map as ``a=1,b=2`` (sorted), ``<none>`` when empty."""
    if not isinstance(labels, dict) or not labels:
        return '<none>'
    return ','.join('%s=%s' % item for item in sorted(labels.items()))


def _selector(selector):
    """A LabelSelector as the API server formats it: requirements sorted
    by key, ``<none>`` when it selects everything."""
    selector = _dict(selector)
    requirements = [(key, '%s=%s' % (key, value)) for key, value in
                    _dict(selector.get('matchLabels')).items()]
    for expression in map(_dict, _list(selector.get('matchExpressions'))):
        key, operator = expression.get('key'), expression.get('operator')
        values = ','.join(sorted(map(str, _list(expression.get('values')))))
        requirements.append((key, {
            'In': '%s in (%s)' % (key, values),
            'NotIn': '%s notin (%s)' % (key, values),
            'Exists': key, 'DoesNotExist': '!%s' % key}.get(
                operator, '<error>')))
    requirements.sort(key=lambda requirement: str(requirement[0]))
    return ','.join(text for _, text in requirements) or '<none>'


def _template(obj):
    """The Containers and Images cells of a workload's Pod template."""
    containers = _list(_get(obj, 'spec', 'template', 'spec', 'containers'))
    return [','.join(str(container.get(field, '')) for container in
                     containers) for field in ('name', 'image')]


def _count(obj, *path):
    value = _get(obj, *path)
    return value if isinstance(value, int) else 0


# ---- printers -------------------------------------------------------------

DEFAULT = Layout((NAME, AGE), lambda obj, now: [_name(obj), _age(obj, now)])


@_printer('roles.rbac.authorization.k8s.io '
          'clusterroles.rbac.authorization.k8s.io '
          'customresourcedefinitions.apiextensions.k8s.io', NAME, CREATED_AT)
def _created_at(obj, now):
    return [_name(obj), obj['metadata'].get('creationTimestamp')]


@_printer('pods', NAME,
          _column('Ready', 'Ready containers of all containers.'),
          _column('Status', 'The phase, or why a container is not ready.'),
          _column('Restarts', 'How often the containers restarted.'), AGE,
          _column('IP', 'The Pod\'s IP address.', priority=1),
          _column('Node', 'The node the Pod runs on.', priority=1),
          _column('Nominated Node', 'The node the scheduler nominated.',
                  priority=1),
          _column('Readiness Gates', 'Readiness gates that are True.',
                  priority=1))
def _pod(pod, now):
    spec, state = _dict(pod.get('spec')), _dict(pod.get('status'))
    reason = state.get('reason') or state.get('phase') or ''
    ready = restarts = 0
    running = False
    for container in reversed(_list(state.get('containerStatuses'))):
        restarts += container.get('restartCount') or 0
        current = container.get('state') or {}
        terminated = current.get('terminated')
        if _get(current, 'waiting', 'reason'):
            reason = current['waiting']['reason']
        elif terminated is not None:
            reason = terminated.get('reason') or (
                'Signal:%d' % terminated['signal'] if terminated.get('signal')
                else 'ExitCode:%d' % (terminated.get('exitCode') or 0))
        elif container.get('ready') and current.get('running') is not None:
            running = True
            ready += 1
    if reason == 'Completed' and running:
        reason = 'Running' if pods_lib.is_ready(pod) else 'NotReady'
    if pod['metadata'].get('deletionTimestamp') and \
            state.get('phase') not in ('Succeeded', 'Failed'):
        reason = 'Terminating'
    addresses = _list(state.get('podIPs'))
    gates = [gate.get('conditionType') for gate
             in _list(spec.get('readinessGates')) if isinstance(gate, dict)]
    true = {condition.get('type') for condition
            in _list(state.get('conditions'))
            if condition.get('status') == 'True'}
    return [_name(pod), '%d/%d' % (ready, len(_list(spec.get('containers')))),
            reason, str(restarts), _age(pod, now),
            _get(addresses[0] if addresses else {}, 'ip') or '<none>',
            spec.get('nodeName') or '<none>',
            state.get('nominatedNodeName') or '<none>',
            '%d/%d' % (len(true.intersection(gates)), len(gates))
            if gates else '<none>']


@_printer('deployments.apps', NAME,
          _column('Ready', 'Ready Pods of the desired ones.'),
          _column('Up-to-date', 'Pods of the current template.'),
          _column('Available', 'Pods available to serve.'), AGE,
          CONTAINERS, IMAGES, SELECTOR)
def _deployment(obj, now):
    return [_name(obj), '%d/%d' % (_count(obj, 'status', 'readyReplicas'),
                                   _count(obj, 'spec', 'replicas')),
            _count(obj, 'status', 'updatedReplicas'),
            _count(obj, 'status', 'availableReplicas'), _age(obj, now)] + \
        _template(obj) + [_selector(_get(obj, 'spec', 'selector'))]


@_printer('replicasets.apps', NAME,
          _column('Desired', 'The Pods wanted.', type='integer'),
          _column('Current', 'The Pods there are.', type='integer'),
          _column('Ready', 'The Pods that are ready.', type='integer'), AGE,
          CONTAINERS, IMAGES, SELECTOR)
def _replicaset(obj, now):
    return [_name(obj), _count(obj, 'spec', 'replicas'),
            _count(obj, 'status', 'replicas'),
            _count(obj, 'status', 'readyReplicas'), _age(obj, now)] + \
        _template(obj) + [_selector(_get(obj, 'spec', 'selector'))]


@_printer('statefulsets.apps', NAME,
          _column('Ready', 'Ready Pods of the desired ones.'), AGE,
          CONTAINERS, IMAGES)
def _statefulset(obj, now):
    return [_name(obj), '%d/%d' % (_count(obj, 'status', 'readyReplicas'),
                                   _count(obj, 'spec', 'replicas')),
            _age(obj, now)] + _template(obj)


@_printer('daemonsets.apps', NAME,
          _column('Desired', 'Nodes that should run the Pod.',
                  type='integer'),
          _column('Current', 'Nodes that run the Pod.', type='integer'),
          _column('Ready', 'Nodes whose Pod is ready.', type='integer'),
          _column('Up-to-date', 'Nodes that run the current template.',
                  type='integer'),
          _column('Available', 'Nodes whose Pod is available.',
                  type='integer'),
          _column('Node Selector', 'The nodes the Pods may run on.'), AGE,
          CONTAINERS, IMAGES, SELECTOR)
def _daemonset(obj, now):
    return [_name(obj)] + [_count(obj, 'status', field) for field in (
        'desiredNumberScheduled', 'currentNumberScheduled', 'numberReady',
        'updatedNumberScheduled', 'numberAvailable')] + [
        _labels(_get(obj, 'spec', 'template', 'spec', 'nodeSelector')),
        _age(obj, now)] + _template(obj) + [
        _selector(_get(obj, 'spec', 'selector'))]


@_printer('jobs.batch', NAME, _column('Status', 'The state of the Job.'),
          _column('Completions', 'Succeeded Pods of the wanted ones.'),
          _column('Duration', 'How long the Job ran.'), AGE,
          CONTAINERS, IMAGES, SELECTOR)
def _job(obj, now):
    spec, state = _dict(obj.get('spec')), _dict(obj.get('status'))
    succeeded = _count(state, 'succeeded')
    if isinstance(spec.get('completions'), int):
        completions = '%d/%d' % (succeeded, spec['completions'])
    elif _count(spec, 'parallelism') > 1:
        completions = '%d/1 of %d' % (succeeded, spec['parallelism'])
    else:
        completions = '%d/1' % succeeded
    duration = _since(state['startTime'], _epoch(
        state.get('completionTime')) or now) if state.get('startTime') else ''
    true = [condition.get('type') for condition
            in _list(state.get('conditions'))
            if condition.get('status') == 'True']
    job_state = next((name for name, holds in (
        ('Complete', 'Complete' in true), ('Failed', 'Failed' in true),
        ('Terminating', obj['metadata'].get('deletionTimestamp')),
        ('Suspended', 'Suspended' in true),
        ('FailureTarget', 'FailureTarget' in true)) if holds), 'Running')
    return [_name(obj), job_state, completions, duration,
            _age(obj, now)] + _template(obj) + [
        _selector(spec.get('selector'))]


@_printer('services', NAME, _column('Type', 'How the Service is exposed.'),
          _column('Cluster-IP', 'The Service\'s address in the cluster.'),
          _column('External-IP', 'Addresses outside the cluster.'),
          _column('Port(s)', 'The ports the Service serves.'), AGE,
          _column('Selector', 'The label selector of the Pods.', priority=1))
def _service(obj, now):
    spec = _dict(obj.get('spec'))
    addresses = _list(spec.get('clusterIPs')) or [spec.get('clusterIP')]
    ports = ['%s/%s' % (port.get('port'), port.get('protocol') or 'TCP')
             if not port.get('nodePort') else '%s:%s/%s' % (
                 port.get('port'), port['nodePort'],
                 port.get('protocol') or 'TCP')
             for port in _list(spec.get('ports')) if isinstance(port, dict)]
    return [_name(obj), spec.get('type') or 'ClusterIP',
            addresses[0] or '<none>', _external_ip(obj),
            ','.join(ports) or '<none>', _age(obj, now),
            _labels(spec.get('selector'))]


def _external_ip(service):
    spec = _dict(service.get('spec'))
    external = [str(address) for address in _list(spec.get('externalIPs'))]
    kind = spec.get('type') or 'ClusterIP'
    if kind in ('ClusterIP', 'NodePort'):
        return ','.join(external) or '<none>'
    if kind == 'LoadBalancer':
        balancer = []
        for ingress in _list(_get(service, 'status', 'loadBalancer',
                                  'ingress')):
            address = _get(ingress, 'ip') or _get(ingress, 'hostname')
            if address and address not in balancer:
                balancer.append(address)
        return ','.join(balancer + external) or '<pending>'
    if kind == 'ExternalName':
        return spec.get('externalName') or ''
    return '<unknown>'


@_printer('configmaps', NAME, _column('Data', 'How many keys it holds.'),
          AGE)
def _configmap(obj, now):
    return [_name(obj), sum(len(value) for value in (
        obj.get('data'), obj.get('binaryData')) if isinstance(value, dict)),
        _age(obj, now)]


@_printer('secrets', NAME, _column('Type', 'The kind of secret.'),
          _column('Data', 'How many keys it holds.'), AGE)
def _secret(obj, now):
    data = obj.get('data')
    return [_name(obj), obj.get('type') or 'Opaque',
            len(data) if isinstance(data, dict) else 0, _age(obj, now)]


@_printer('serviceaccounts', NAME,
          _column('Secrets', 'How many secrets it names.'), AGE)
def _serviceaccount(obj, now):
    return [_name(obj), len(_list(obj.get('secrets'))), _age(obj, now)]


@_printer('namespaces', NAME, _column('Status', 'Active or Terminating.'),
          AGE)
def _namespace(obj, now):
    return [_name(obj), _get(obj, 'status', 'phase') or '', _age(obj, now)]


@_printer('persistentvolumeclaims', NAME,
          _column('Status', 'Pending, Bound or Lost.'),
          _column('Volume', 'The volume bound to the claim.'),
          _column('Capacity', 'The size of the bound volume.'),
          _column('Access Modes', 'How the bound volume may be mounted.'),
          _column('StorageClass', 'The storage class of the claim.'),
          _column('VolumeAttributesClass', 'The volume attributes class.'),
          AGE, _column('VolumeMode', 'Filesystem or Block.', priority=1))
def _claim(obj, now):
    spec, state = _dict(obj.get('spec')), _dict(obj.get('status'))
    volume = spec.get('volumeName') or ''
    phase = 'Terminating' if obj['metadata'].get('deletionTimestamp') \
        else state.get('phase') or ''
    modes = _list(state.get('accessModes'))
    storage_class = (obj['metadata'].get('annotations') or {}).get(
        'volume.beta.kubernetes.io/storage-class',
        spec.get('storageClassName') or '')
    return [_name(obj), phase, volume,
            _get(state, 'capacity', 'storage') or '' if volume else '',
            ','.join(short for mode, short in ACCESS_MODES if mode in modes)
            if volume else '', storage_class,
            spec.get('volumeAttributesClassName') or '<unset>',
            _age(obj, now), spec.get('volumeMode') or '<unset>']


@_printer('nodes', NAME, _column('Status', 'Ready, NotReady or Unknown.'),
          _column('Roles', 'The roles its labels give the node.'), AGE,
          _column('Version', 'The kubelet\'s version.'),
          _column('Internal-IP', 'The node\'s internal address.',
                  priority=1),
          _column('External-IP', 'The node\'s external address.',
                  priority=1),
          _column('OS-Image', 'The node\'s operating system.', priority=1),
          _column('Kernel-Version', 'The node\'s kernel.', priority=1),
          _column('Container-Runtime', 'The node\'s container runtime.',
                  priority=1))
def _node(obj, now):
    state, info = _dict(obj.get('status')), _get(obj, 'status', 'nodeInfo')
    ready = [condition.get('status') for condition
             in _list(state.get('conditions'))
             if condition.get('type') == 'Ready']
    states = ['Ready' if ready[0] == 'True' else 'NotReady'] if ready \
        else ['Unknown']
    if _get(obj, 'spec', 'unschedulable'):
        states.append('SchedulingDisabled')
    labels = obj['metadata'].get('labels') or {}
    roles = sorted({key[len(ROLE_LABEL_PREFIX):] for key in labels
                    if key.startswith(ROLE_LABEL_PREFIX) and
                    key != ROLE_LABEL_PREFIX} | (
                        {labels[ROLE_LABEL]} if labels.get(ROLE_LABEL)
                        else set()))

    def address(kind):
        return next((entry.get('address') for entry
                     in _list(state.get('addresses'))
                     if entry.get('type') == kind), '<none>')
    return [_name(obj), ','.join(states), ','.join(roles) or '<none>',
            _age(obj, now), _get(info, 'kubeletVersion') or '',
            address('InternalIP'), address('ExternalIP')] + [
        _get(info, field) or '<unknown>' for field in (
            'osImage', 'kernelVersion', 'containerRuntimeVersion')]


# ---- custom resources -----------------------------------------------------

def _custom(cluster, rtype):
    """Name and the additionalPrinterColumns of the CRD's version
    (Age when it declares none)."""
    crd = cluster.get(kinds.BY_PLURAL['customresourcedefinitions'], None,
                      '%s.%s' % (rtype.plural, rtype.group)) or {}
    declared = next((version.get('additionalPrinterColumns') for version
                     in _list(_get(crd, 'spec', 'versions'))
                     if version.get('name') == rtype.version), None)
    declared = [column for column in _list(declared) if isinstance(
        column, dict) and isinstance(column.get('name'), str) and
        isinstance(column.get('jsonPath'), str)] or [
        {'name': 'Age', 'type': 'date',
         'jsonPath': '.metadata.creationTimestamp',
         'description': AGE['description']}]
    columns = (NAME,) + tuple(_column(
        column['name'], column.get('description') or
        'Custom resource definition column (in JSONPath format): %s'
        % column['jsonPath'], column.get('type') or 'string',
        column.get('priority') or 0, column.get('format') or '')
        for column in declared)

    def cells(obj, now):
        return [_name(obj)] + [
            _json_cell(column.get('type'), _json_path(obj, column['jsonPath']),
                       now) for column in declared]
    return Layout(columns, cells)


def _json_path(obj, path):
    """The value at a plain JSONPath (``.spec.size``, ``.a[0].b``), or
    None."""
    value, position = obj, 0
    while position < len(path):
        step = _PATH_STEP.match(path, position)
        if step is None or value is None:
            return None
        key, index = step.groups()
        if key is not None:
            value = _get(value, key)
        else:
            value = value[int(index)] if isinstance(value, list) and \
                int(index) < len(value) else None
        position = step.end()
    return value if path else None


def _json_cell(kind, value, now):
    """A column value as its declared type, None when it is not one."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == 'integer' and number:
        return int(value)
    if kind == 'number' and number:
        return float(value)
    if kind == 'boolean' and isinstance(value, bool):
        return value
    if kind == 'date' and isinstance(value, str):
        return _since(value, now)
    if kind in (None, 'string') and value is not None:
        if isinstance(value, str):
            return value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return json.dumps(value, separators=(',', ':'))
    return None
