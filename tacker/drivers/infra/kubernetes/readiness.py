"""When a Kubernetes object is ready, and why not, read from the object
as the API server returns it (pure functions over dicts).

A workload is ready once its controller saw the latest spec
(status.observedGeneration) and the desired Pods run it and are Ready;
a Job once it succeeded; a Pod once its Ready condition is True; a
CustomResourceDefinition once Established; anything else (Services,
configuration, storage claims) as soon as it exists. ``NotReady.final``
marks what waiting cannot mend (a failed Job or Pod, a Deployment past
its progress deadline).
"""
import dataclasses


@dataclasses.dataclass(frozen=True)
class NotReady:
    reason: str
    final: bool = False


def check(obj):
    """None when ``obj`` is ready, else a NotReady."""
    rule = _RULES.get(obj.get('kind'))
    return rule(obj) if rule else None


def pod_problem(pod):
    """None when the Pod is Ready, else a NotReady naming the Pod and
    the reason its containers or the scheduler give (such as a waiting
    container's ``ImagePullBackOff`` and its message)."""
    status = pod.get('status') or {}
    name = 'Pod %s' % (pod.get('metadata') or {}).get('name')
    if _condition(status, 'Ready') == 'True':
        return None
    if status.get('phase') == 'Failed':
        return NotReady('%s failed: %s' % (name, _said(
            status, _container_reason(status) or 'phase Failed')),
            final=True)
    reason = _container_reason(status)
    if reason:
        return NotReady('%s: %s' % (name, reason))
    for condition in status.get('conditions') or []:
        if condition.get('status') == 'False' and (
                condition.get('reason') or condition.get('message')):
            return NotReady('%s: %s' % (name, _said(
                condition, '%s is False' % condition.get('type'))))
    return NotReady('%s is %s, not Ready' % (
        name, status.get('phase') or 'not yet scheduled'))


def _deployment(obj):
    spec, status = obj.get('spec') or {}, obj.get('status') or {}
    for condition in status.get('conditions') or []:
        if condition.get('type') == 'Progressing' and \
                condition.get('reason') == 'ProgressDeadlineExceeded':
            return NotReady('%s: %s' % (_name(obj), _said(
                condition, 'ProgressDeadlineExceeded')), final=True)
    return _replicas(obj, _desired(spec), ('updatedReplicas',
                                           'readyReplicas'),
                     total=status.get('replicas', 0))


def _replica_set(obj):
    status = obj.get('status') or {}
    return _replicas(obj, _desired(obj.get('spec') or {}),
                     ('readyReplicas',), total=status.get('replicas', 0))


def _stateful_set(obj):
    return _replicas(obj, _desired(obj.get('spec') or {}),
                     ('updatedReplicas', 'readyReplicas'))


def _daemon_set(obj):
    status = obj.get('status') or {}
    stale = _stale(obj)
    if stale:
        return stale
    desired = status.get('desiredNumberScheduled', 0)
    for field in ('updatedNumberScheduled', 'numberReady'):
        if status.get(field, 0) < desired:
            return NotReady('%s has %d of %d Pods %s' % (
                _name(obj), status.get(field, 0), desired,
                'updated' if field.startswith('updated') else 'ready'))
    return None


def _job(obj):
    status = obj.get('status') or {}
    if _condition(status, 'Failed') == 'True':
        failed = next(c for c in status['conditions']
                      if c.get('type') == 'Failed')
        return NotReady('%s failed: %s' % (_name(obj), _said(
            failed, 'condition Failed')), final=True)
    completions = (obj.get('spec') or {}).get('completions') or 1
    if status.get('succeeded', 0) >= completions:
        return None
    return NotReady('%s has %d of %d completions' % (
        _name(obj), status.get('succeeded', 0), completions))


def _definition(obj):
    if _condition(obj.get('status') or {}, 'Established') == 'True':
        return None
    return NotReady('%s is not Established' % _name(obj))


def _replicas(obj, desired, fields, total=None):
    """Ready once observedGeneration caught up and each status ``field``
    counts ``desired`` Pods (and ``total``, if given, no more: the Pods
    of an older template or of a scale in are gone)."""
    stale = _stale(obj)
    if stale:
        return stale
    status = obj.get('status') or {}
    for field in fields:
        if status.get(field, 0) < desired:
            return NotReady('%s has %d of %d replicas %s' % (
                _name(obj), status.get(field, 0), desired,
                field[:-len('Replicas')]))
    if total is not None and total > desired:
        return NotReady('%s still has %d replicas, %d wanted' % (
            _name(obj), total, desired))
    return None


def _stale(obj):
    generation = (obj.get('metadata') or {}).get('generation')
    observed = (obj.get('status') or {}).get('observedGeneration')
    if generation is not None and (observed is None or
                                   observed < generation):
        return NotReady('%s: its controller has not seen generation %s '
                        'yet' % (_name(obj), generation))
    return None


def _desired(spec):
    replicas = spec.get('replicas')
    return 1 if replicas is None else replicas


def _condition(status, condition_type):
    for condition in status.get('conditions') or []:
        if condition.get('type') == condition_type:
            return condition.get('status')
    return None


def _container_reason(status):
    """The first container (init containers first) that waits or ended
    in error: its reason and message."""
    for field in ('initContainerStatuses', 'containerStatuses'):
        for container in status.get(field) or []:
            state = container.get('state') or {}
            waiting = state.get('waiting')
            if waiting and waiting.get('reason') not in (
                    None, 'ContainerCreating', 'PodInitializing'):
                return 'container %s %s' % (container.get('name'), _said(
                    waiting, 'waiting'))
            ended = state.get('terminated')
            if ended and ended.get('exitCode', 0) != 0:
                return 'container %s %s (exit code %s)' % (
                    container.get('name'), _said(ended, 'terminated'),
                    ended.get('exitCode'))
    return None


def _said(part, fallback):
    """"reason: message" of a condition or container state."""
    reason, message = part.get('reason'), part.get('message')
    if reason and message:
        return '%s: %s' % (reason, message)
    return reason or message or fallback


def _name(obj):
    return '%s %s' % (obj.get('kind'), (obj.get('metadata') or {}).get(
        'name'))


_RULES = {'Deployment': _deployment, 'ReplicaSet': _replica_set,
          'StatefulSet': _stateful_set, 'DaemonSet': _daemon_set,
          'Job': _job, 'Pod': pod_problem,
          'CustomResourceDefinition': _definition}
