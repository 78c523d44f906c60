"""Per-type rules of the objects the sandbox's controllers act on:
defaults and validation on create and update (as the API server's
registry strategies apply them), and the Pods a workload's template
makes."""
import copy
import hashlib
import json

from tacker_sandbox.kubernetes import cluster as cluster_lib
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import selectors
from tacker_sandbox.kubernetes import status

MAX_REPLICAS = 1000
MAX_CLAIM_TEMPLATES = 16
HASH_LABEL = 'pod-template-hash'
REVISION_LABEL = 'controller-revision-hash'
WITH_SELECTOR = ('deployments.apps', 'replicasets.apps',
                 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch')
WITH_REPLICAS = ('deployments.apps', 'replicasets.apps', 'statefulsets.apps')
# What the API server answers before a controller writes (the client's
# models require these fields).
INITIAL_STATUS = {
    'replicasets.apps': {'replicas': 0},
    'statefulsets.apps': {'replicas': 0, 'availableReplicas': 0},
    'daemonsets.apps': {'currentNumberScheduled': 0, 'numberMisscheduled': 0,
                        'desiredNumberScheduled': 0, 'numberReady': 0}}


def template_hash(template):
    """A stable short name for a Pod template (the pod-template-hash)."""
    digest = hashlib.sha256(json.dumps(template, sort_keys=True).encode())
    alphabet = 'bcdfghjklmnpqrstvwxz2456789'
    value = int.from_bytes(digest.digest()[:8], 'big')
    return ''.join(alphabet[(value >> (5 * i)) % len(alphabet)]
                   for i in range(10))


def default_and_check(rtype, obj, old):
    """Fill defaults into a created (``old`` None) or replaced object,
    and raise a 422 naming the first invalid field."""
    name = obj['metadata']['name']

    def invalid(field, message):
        return status.invalid(rtype, name, field, message)

    spec = obj.get('spec')
    if rtype.resource in WITH_SELECTOR or rtype.plural == 'pods':
        if not isinstance(spec, dict):
            raise invalid('spec', 'Required value')
    if rtype.resource == 'jobs.batch':
        _default_job(obj, old, invalid)
    if rtype.resource in WITH_SELECTOR:
        _check_workload(rtype, obj, invalid)
    elif rtype.plural == 'pods':
        _check_pod_spec(spec, 'spec', invalid)
        spec.setdefault('restartPolicy', 'Always')
    elif rtype.plural == 'services' and isinstance(spec, dict):
        spec.setdefault('type', 'ClusterIP')
        if old is None:
            spec.setdefault('clusterIP', _address('10.96', name))
        else:
            spec['clusterIP'] = (old.get('spec') or {}).get('clusterIP')
    elif rtype.resource == 'customresourcedefinitions.apiextensions.k8s.io':
        _check_crd(obj, invalid)


def _check_workload(rtype, obj, invalid):
    spec = obj['spec']
    selector = spec.get('selector')
    if not isinstance(selector, dict) or not (
            selector.get('matchLabels') or selector.get('matchExpressions')):
        raise invalid('spec.selector', 'Required value')
    template = spec.get('template')
    if not isinstance(template, dict) or not isinstance(
            template.get('metadata'), dict):
        raise invalid('spec.template.metadata', 'Required value')
    labels = template['metadata'].get('labels')
    try:
        matches = isinstance(labels, dict) and \
            selectors.match_labels(selector, labels)
    except (AttributeError, TypeError):
        raise invalid('spec.selector', 'Invalid value') from None
    if not matches:
        raise invalid('spec.template.metadata.labels',
                      'Invalid value: `selector` does not match template '
                      '`labels`')
    _check_pod_spec(template.get('spec'), 'spec.template.spec', invalid)
    if rtype.resource in WITH_REPLICAS:
        replicas = spec.setdefault('replicas', 1)
        if isinstance(replicas, bool) or not isinstance(replicas, int) or \
                not 0 <= replicas <= MAX_REPLICAS:
            raise invalid('spec.replicas', 'must be an integer from 0 to %d'
                          % MAX_REPLICAS)
    if rtype.resource == 'statefulsets.apps':
        claims = spec.setdefault('volumeClaimTemplates', [])
        if not isinstance(claims, list) or \
                len(claims) > MAX_CLAIM_TEMPLATES or not all(
                    isinstance(claim, dict) and isinstance(
                        claim.get('metadata'), dict) and
                    not objects.name_problem('persistentvolumeclaims',
                                             claim['metadata'].get('name'))
                    for claim in claims):
            raise invalid('spec.volumeClaimTemplates',
                          'each needs a valid metadata.name (at most %d)'
                          % MAX_CLAIM_TEMPLATES)
        spec.setdefault('podManagementPolicy', 'OrderedReady')
    if rtype.resource == 'deployments.apps':
        spec.setdefault('strategy', {'type': 'RollingUpdate'})
        spec.setdefault('revisionHistoryLimit', 10)


def _default_job(obj, old, invalid):
    spec = obj['spec']
    for field, default in (('completions', 1), ('parallelism', 1),
                           ('backoffLimit', 6)):
        value = spec.setdefault(field, default)
        if isinstance(value, bool) or not isinstance(value, int) or \
                not 0 <= value <= MAX_REPLICAS:
            raise invalid('spec.%s' % field, 'must be an integer from 0 to '
                          '%d' % MAX_REPLICAS)
    if old is None and 'selector' not in spec and isinstance(
            spec.get('template'), dict):
        job_labels = {'batch.kubernetes.io/job-name': obj['metadata']['name'],
                      'job-name': obj['metadata']['name']}
        spec['selector'] = {'matchLabels': dict(job_labels)}
        metadata = spec['template'].setdefault('metadata', {})
        if isinstance(metadata, dict):
            labels = metadata.setdefault('labels', {})
            if isinstance(labels, dict):
                labels.update(job_labels)


def _check_pod_spec(spec, field, invalid):
    containers = spec.get('containers') if isinstance(spec, dict) else None
    if not isinstance(containers, list) or not containers:
        raise invalid('%s.containers' % field, 'Required value')
    for index, container in enumerate(containers):
        if not isinstance(container, dict) or not isinstance(
                container.get('image'), str) or not container['image']:
            raise invalid('%s.containers[%d].image' % (field, index),
                          'Required value')
        if objects.name_problem('services', container.get('name')):
            raise invalid('%s.containers[%d].name' % (field, index),
                          'Required value: a DNS-1123 label')


def _check_crd(obj, invalid):
    spec = obj.get('spec')
    if not isinstance(spec, dict):
        raise invalid('spec', 'Required value')
    names = spec.get('names')
    group = spec.get('group')
    if not isinstance(group, str) or '.' not in group or \
            objects.name_problem('crd', group):
        raise invalid('spec.group', 'should be a domain with at least one '
                                    'dot')
    if not isinstance(names, dict) or objects.name_problem(
            'services', names.get('plural')) or not isinstance(
                names.get('kind'), str) or not names['kind']:
        raise invalid('spec.names', 'plural (a DNS-1123 label) and kind '
                                    'are required')
    if obj['metadata']['name'] != '%s.%s' % (names['plural'], group):
        raise invalid('metadata.name', 'must be spec.names.plural+"."+'
                                       'spec.group')
    if spec.get('scope') not in ('Namespaced', 'Cluster'):
        raise invalid('spec.scope', 'Unsupported value: must be Namespaced '
                                    'or Cluster')
    versions = spec.get('versions')
    if not isinstance(versions, list) or not versions or not all(
            isinstance(version, dict) and not objects.name_problem(
                'services', version.get('name')) for version in versions):
        raise invalid('spec.versions', 'must have at least one named '
                                       'version')
    if sum(1 for version in versions if version.get('storage')) != 1:
        raise invalid('spec.versions', 'must have exactly one version '
                                       'marked as storage version')
    names.setdefault('singular', names['kind'].lower())
    names.setdefault('listKind', names['kind'] + 'List')


def _address(prefix, seed):
    digest = hashlib.sha256(seed.encode()).digest()
    return '%s.%d.%d' % (prefix, digest[0], digest[1] % 254 + 1)


def pod_from_template(template, namespace, name, owner_rtype, owner,
                      labels=None, node=None):
    """A Pod as a controller makes it from ``template``."""
    metadata = copy.deepcopy(template.get('metadata') or {})
    metadata.update(name=name, namespace=namespace, ownerReferences=[
        cluster_lib.owner_reference(owner_rtype, owner)])
    metadata['labels'] = dict(metadata.get('labels') or {}, **(labels or {}))
    spec = copy.deepcopy(template.get('spec') or {})
    spec.setdefault('restartPolicy', 'Always')
    if node:
        spec['nodeName'] = node
    return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': metadata,
            'spec': spec}


def pod_address(pod):
    return _address('10.244', pod['metadata']['uid'])


def node_address(node):
    return _address('192.168', node or '')
