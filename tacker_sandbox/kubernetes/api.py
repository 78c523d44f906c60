"""The REST verbs of the sandbox Kubernetes on one resource type: list
(with selectors and paging; :mod:`.watch` streams watches), create,
get, replace, patch, delete and deletecollection, and the ``status``
and ``scale`` subresources (``autoscaling/v1`` Scale), with the API
server's checks and errors."""
import base64
import copy

from tacker_sandbox.kubernetes import cluster as cluster_lib
from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import selectors
from tacker_sandbox.kubernetes import status
from tacker_sandbox.kubernetes import workloads

MAX_LIST = 1000
MERGE_PATCHES = ('application/merge-patch+json',
                 'application/strategic-merge-patch+json')
JSON_PATCH = 'application/json-patch+json'


class Target:
    """What a request's path names: a type, maybe a namespace, name and
    subresource."""

    def __init__(self, rtype, namespace=None, name=None, sub=None):
        self.rtype = rtype
        self.namespace = namespace
        self.name = name
        self.sub = sub


def view(rtype, obj):
    """An object as served at ``rtype``'s group version."""
    return dict(obj, apiVersion=rtype.api_version, kind=rtype.kind)


class KubeApi:

    def __init__(self, cluster):
        self.cluster = cluster

    # ---- collections --------------------------------------------------

    def list(self, req, body, target):
        items = self.select(req, target)
        limit = _int_param(req, 'limit', 0, 0, None) or MAX_LIST
        token = req.GET.get('continue')
        if token:
            try:
                after = base64.urlsafe_b64decode(token.encode()).decode()
            except ValueError:
                raise status.BadRequest('invalid continue token') from None
            items = [item for item in items if position(item) > after]
        metadata = {'resourceVersion': objects.resource_version(
            self.cluster.store)}
        if len(items) > limit:
            items = items[:limit]
            metadata['continue'] = base64.urlsafe_b64encode(
                position(items[-1]).encode()).decode()
        rtype = target.rtype
        return 200, {'kind': rtype.kind + 'List',
                     'apiVersion': rtype.api_version, 'metadata': metadata,
                     'items': [view(rtype, item) for item in items]}

    def select(self, req, target):
        labels = selectors.label_matcher(req.GET.get('labelSelector'))
        fields = selectors.field_matcher(req.GET.get('fieldSelector'))
        return [obj for obj in self.cluster.list(target.rtype,
                                                 target.namespace)
                if labels(obj['metadata'].get('labels')) and fields(obj)]

    def create(self, req, body, target):
        rtype = target.rtype
        obj = self._check_body(body, target)
        metadata = obj['metadata']
        if not metadata.get('name') and isinstance(
                metadata.get('generateName'), str):
            metadata['name'] = metadata['generateName'] + \
                objects.random_suffix()
        objects.check_metadata(rtype, obj)
        if self.cluster.get(rtype, target.namespace, metadata['name']):
            raise status.already_exists(rtype, metadata['name'])
        self._check_namespace(target)
        obj.pop('status', None)
        if 'status' in rtype.subresources:
            obj['status'] = copy.deepcopy(workloads.INITIAL_STATUS.get(
                rtype.resource, {}))
        workloads.default_and_check(rtype, obj, None)
        return 201, view(rtype, self.cluster.create(rtype, obj))

    def delete_collection(self, req, body, target):
        policy = _policy(req, body)
        rtype = target.rtype
        deleted = [self.cluster.delete(rtype, obj, policy)
                   for obj in self.select(req, target)]
        return 200, {'kind': rtype.kind + 'List',
                     'apiVersion': rtype.api_version, 'metadata': {},
                     'items': [view(rtype, obj) for obj in deleted]}

    # ---- one object ---------------------------------------------------

    def _existing(self, target):
        obj = self.cluster.get(target.rtype, target.namespace, target.name)
        if obj is None:
            raise status.not_found(target.rtype, target.name)
        return obj

    def get(self, req, body, target):
        return 200, view(target.rtype, self._existing(target))

    def replace(self, req, body, target):
        old = self._existing(target)
        return self._replace(target, old, self._check_body(body, target))

    def patch(self, req, body, target):
        old = self._existing(target)
        new = self._patched(req, body, view(target.rtype, old))
        return self._replace(target, old, self._check_body(new, target))

    def _replace(self, target, old, new):
        rtype = target.rtype
        sent = new['metadata'].get('resourceVersion')
        if sent and sent != old['metadata']['resourceVersion']:
            raise status.conflict(rtype, target.name)
        if 'status' in rtype.subresources:
            new.pop('status', None)
            if 'status' in old:
                new['status'] = old['status']
        objects.check_metadata(rtype, new)
        workloads.default_and_check(rtype, new, old)
        return 200, view(rtype, self.cluster.update(rtype, old, new))

    def delete(self, req, body, target):
        obj = self._existing(target)
        if target.rtype.plural == 'namespaces' and \
                target.name in cluster_lib.SYSTEM_NAMESPACES:
            raise status.Forbidden('namespaces "%s" is forbidden: this '
                                   'namespace may not be deleted'
                                   % target.name)
        left = self.cluster.delete(target.rtype, obj, _policy(req, body))
        return (202 if left['metadata'].get('deletionTimestamp') else 200), \
            view(target.rtype, left)

    # ---- subresources -------------------------------------------------

    def get_sub(self, req, body, target):
        obj = self._existing(target)
        if target.sub == 'scale':
            return 200, _scale(obj)
        return 200, view(target.rtype, obj)

    def update_scale(self, req, body, target):
        old = self._existing(target)
        scale = self._patched(req, body, _scale(old)) \
            if req.method == 'PATCH' else body
        if not isinstance(scale, dict):
            raise status.BadRequest('the body must be a Scale object')
        sent = (scale.get('metadata') or {}).get('resourceVersion')
        if sent and sent != old['metadata']['resourceVersion']:
            raise status.conflict(target.rtype, target.name)
        replicas = (scale.get('spec') or {}).get('replicas')
        if isinstance(replicas, bool) or not isinstance(replicas, int) or \
                not 0 <= replicas <= workloads.MAX_REPLICAS:
            raise status.invalid(target.rtype, target.name, 'spec.replicas',
                                 'must be an integer from 0 to %d'
                                 % workloads.MAX_REPLICAS)
        new = copy.deepcopy(old)
        new['spec']['replicas'] = replicas
        return 200, _scale(self.cluster.update(target.rtype, old, new))

    # ---- checks -------------------------------------------------------

    def _check_body(self, body, target):
        """The sent object, its kind, apiVersion, name and namespace
        checked against the URL."""
        rtype = target.rtype
        if not isinstance(body, dict):
            raise status.BadRequest('the request body must be a JSON '
                                    'object of kind %s' % rtype.kind)
        obj = copy.deepcopy(body)
        for field, expected in (('kind', rtype.kind),
                                ('apiVersion', rtype.api_version)):
            sent = obj.setdefault(field, expected)
            if sent != expected:
                raise status.invalid(
                    rtype, (obj.get('metadata') or {}).get('name') or '',
                    field, 'must be %s at this URL, not %r'
                    % (expected, sent))
        metadata = obj.get('metadata')
        if not isinstance(metadata, dict):
            raise status.invalid(rtype, '', 'metadata', 'is required')
        if target.name is not None and metadata.get('name') != target.name:
            raise status.BadRequest('the name of the object (%s) does not '
                                    'match the name on the URL (%s)'
                                    % (metadata.get('name'), target.name))
        if rtype.namespaced:
            if metadata.setdefault('namespace', target.namespace) != \
                    target.namespace:
                raise status.BadRequest(
                    'the namespace of the provided object does not match '
                    'the namespace sent on the request')
        else:
            metadata.pop('namespace', None)
        return obj

    def _check_namespace(self, target):
        if not target.rtype.namespaced:
            return
        namespaces = kinds.BY_PLURAL['namespaces']
        namespace = self.cluster.get(namespaces, None, target.namespace)
        if namespace is None:
            raise status.not_found(namespaces, target.namespace)
        if namespace['metadata'].get('deletionTimestamp'):
            raise status.Forbidden(
                'unable to create new content in namespace %s because it '
                'is being terminated' % target.namespace)

    @staticmethod
    def _patched(req, body, current):
        content_type = req.content_type
        if content_type in MERGE_PATCHES:
            if not isinstance(body, dict):
                raise status.BadRequest('a merge patch must be a JSON '
                                        'object')
            return objects.merge_patch(current, body)
        if content_type == JSON_PATCH:
            return objects.json_patch(current, body)
        raise status.UnsupportedMediaType(
            'the sandbox accepts PATCH bodies of types %s'
            % ', '.join(MERGE_PATCHES + (JSON_PATCH,)))


def _scale(obj):
    metadata = obj['metadata']
    spec, state = obj.get('spec') or {}, obj.get('status') or {}
    selector = (spec.get('selector') or {}).get('matchLabels') or {}
    return {'kind': 'Scale', 'apiVersion': 'autoscaling/v1',
            'metadata': {key: metadata[key] for key in (
                'name', 'namespace', 'uid', 'resourceVersion',
                'creationTimestamp') if key in metadata},
            'spec': {'replicas': spec.get('replicas', 1)},
            'status': {'replicas': state.get('replicas', 0),
                       'selector': ','.join('%s=%s' % item for item
                                            in sorted(selector.items()))}}


def position(obj):
    return '%s/%s' % (obj['metadata'].get('namespace') or '',
                      obj['metadata']['name'])


def _int_param(req, name, default, low, high):
    raw = req.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise status.BadRequest('%s must be an integer' % name) from None
    if value < low or (high is not None and value > high):
        raise status.BadRequest('%s is out of range' % name)
    return value


def _policy(req, body):
    """propagationPolicy from the DeleteOptions body or the query."""
    policy = req.GET.get('propagationPolicy')
    if isinstance(body, dict) and body.get('propagationPolicy') is not None:
        policy = body['propagationPolicy']
    elif isinstance(body, dict) and body.get('orphanDependents') is not None:
        policy = 'Orphan' if body['orphanDependents'] else 'Background'
    if policy is not None and policy not in cluster_lib.POLICIES:
        raise status.BadRequest('propagationPolicy must be one of %s'
                                % ', '.join(cluster_lib.POLICIES))
    return policy
