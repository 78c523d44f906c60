"""The simulated kubelet: the statuses a Pod goes through (Pending,
Running and Ready, Succeeded for a Job's Pods, or Pending with
ImagePullBackOff for an image the faults say cannot be pulled), in the
shape the real kubelet writes them."""
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import workloads

FAULTS_KEY = 'kubernetes_faults'


def image_fails(faults, image):
    """Whether an image cannot be pulled: its name contains one of the
    ``imagePullBackOff`` markers of the faults."""
    return any(marker in image for marker in
               faults.get('imagePullBackOff') or ())


def is_ready(pod):
    return any(condition.get('type') == 'Ready' and
               condition.get('status') == 'True'
               for condition in (pod.get('status') or {}).get('conditions')
               or ())


def is_active(pod):
    return not pod['metadata'].get('deletionTimestamp') and \
        (pod.get('status') or {}).get('phase') in (None, 'Pending',
                                                   'Running')


def owner_kind(obj):
    for ref in obj['metadata'].get('ownerReferences') or ():
        if ref.get('controller'):
            return ref.get('kind')
    return None


def conditions(old, wanted, now):
    """``wanted`` [(type, status, reason, message)] as conditions that
    keep their lastTransitionTime while their status holds, so an
    unchanged state writes nothing."""
    previous = {condition.get('type'): condition for condition in old or ()}
    result = []
    for kind, state, reason, message in wanted:
        since = previous.get(kind, {})
        stamp = since.get('lastTransitionTime') \
            if since.get('status') == state else None
        condition = {'type': kind, 'status': state,
                     'lastTransitionTime': stamp or objects.timestamp(now),
                     'lastProbeTime': None}
        if reason:
            condition['reason'] = reason
        if message:
            condition['message'] = message
        result.append(condition)
    return result


def _container_statuses(pod, state, ready, now, image_faults=()):
    statuses = []
    for container in pod['spec'].get('containers') or ():
        image = container.get('image', '')
        if image in image_faults:
            container_state = {'waiting': {
                'reason': 'ImagePullBackOff',
                'message': 'Back-off pulling image "%s": ErrImagePull: '
                           'failed to pull and unpack image "%s": not '
                           'found' % (image, image)}}
        elif state == 'running':
            container_state = {'running': {
                'startedAt': objects.timestamp(now)}}
        elif state == 'terminated':
            container_state = {'terminated': {
                'exitCode': 0, 'reason': 'Completed',
                'startedAt': objects.timestamp(now),
                'finishedAt': objects.timestamp(now)}}
        else:
            container_state = {'waiting': {'reason': 'ContainerCreating'}}
        statuses.append({
            'name': container.get('name'), 'image': image,
            'imageID': '' if 'waiting' in container_state else
            'sandbox://%s' % image, 'ready': ready,
            'started': 'running' in container_state,
            'restartCount': 0, 'state': container_state})
    return statuses


def scheduled(pod, now):
    """A new Pod, bound to a node, Pending until ``--delay`` passes."""
    node = pod['spec'].get('nodeName')
    return {'phase': 'Pending', 'qosClass': 'BestEffort',
            'conditions': conditions(None, [
                ('PodScheduled', 'True', None, None)], now),
            'hostIP': workloads.node_address(node)}


def started(pod, faults, now):
    """Running and Ready, or Pending in ImagePullBackOff."""
    old = pod.get('status') or {}
    failing = [container.get('image', '') for container
               in pod['spec'].get('containers') or ()
               if image_fails(faults, container.get('image', ''))]
    state = dict(old)
    if failing:
        state.update(phase='Pending', containerStatuses=_container_statuses(
            pod, 'waiting', False, now, failing), conditions=conditions(
                old.get('conditions'), [
                    ('PodScheduled', 'True', None, None),
                    ('Initialized', 'True', None, None),
                    ('ContainersReady', 'False', 'ContainersNotReady',
                     'containers with unready status'),
                    ('Ready', 'False', 'ContainersNotReady',
                     'containers with unready status')], now))
        return state
    state.update(
        phase='Running', podIP=workloads.pod_address(pod),
        podIPs=[{'ip': workloads.pod_address(pod)}],
        startTime=old.get('startTime') or objects.timestamp(now),
        containerStatuses=_container_statuses(pod, 'running', True, now),
        conditions=conditions(old.get('conditions'), [
            ('PodScheduled', 'True', None, None),
            ('Initialized', 'True', None, None),
            ('ContainersReady', 'True', None, None),
            ('Ready', 'True', None, None)], now))
    return state


def completed(pod, now):
    """A Job's Pod whose containers exited 0."""
    old = pod.get('status') or {}
    return dict(old, phase='Succeeded',
                containerStatuses=_container_statuses(
                    pod, 'terminated', False, now),
                conditions=conditions(old.get('conditions'), [
                    ('PodScheduled', 'True', None, None),
                    ('Initialized', 'True', 'PodCompleted', None),
                    ('ContainersReady', 'False', 'PodCompleted', None),
                    ('Ready', 'False', 'PodCompleted', None)], now))
