"""When Kubernetes objects are ready, and why not
(kubernetes/readiness.py), on objects shaped like the API server's."""
import pytest

from tacker.drivers.infra.kubernetes import readiness


def workload(kind, desired=2, generation=3, observed=3, **status):
    return {'kind': kind, 'metadata': {'name': 'w', 'generation': generation},
            'spec': {'replicas': desired},
            'status': dict(status, observedGeneration=observed)}


def pod(ready=False, phase='Running', containers=(), conditions=()):
    conditions = list(conditions) + [
        {'type': 'Ready', 'status': 'True' if ready else 'False'}]
    return {'kind': 'Pod', 'metadata': {'name': 'p-1'},
            'status': {'phase': phase, 'conditions': conditions,
                       'containerStatuses': list(containers)}}


def waiting(reason, message=None):
    return {'name': 'app', 'state': {'waiting': {'reason': reason,
                                                 'message': message}}}


@pytest.mark.parametrize('kind', ['Deployment', 'StatefulSet'])
def test_a_rolled_out_workload_is_ready(kind):
    assert readiness.check(workload(kind, updatedReplicas=2,
                                    readyReplicas=2, replicas=2)) is None


@pytest.mark.parametrize('kind, status, reason', [
    ('Deployment', {'updatedReplicas': 1, 'readyReplicas': 2,
                    'replicas': 2}, 'has 1 of 2 replicas updated'),
    ('Deployment', {'updatedReplicas': 2, 'readyReplicas': 1,
                    'replicas': 2}, 'has 1 of 2 replicas ready'),
    ('Deployment', {'updatedReplicas': 2, 'readyReplicas': 2,
                    'replicas': 3}, 'still has 3 replicas, 2 wanted'),
    ('StatefulSet', {'updatedReplicas': 2, 'readyReplicas': 0},
     'has 0 of 2 replicas ready'),
    ('StatefulSet', {}, 'has 0 of 2 replicas updated'),
    ('ReplicaSet', {'readyReplicas': 1, 'replicas': 2},
     'has 1 of 2 replicas ready'),
])
def test_a_workload_short_of_pods_is_not_ready(kind, status, reason):
    problem = readiness.check(workload(kind, **status))
    assert problem.reason == '%s w %s' % (kind, reason)
    assert not problem.final


@pytest.mark.parametrize('kind', ['Deployment', 'StatefulSet', 'ReplicaSet',
                                  'DaemonSet'])
def test_a_workload_whose_controller_lags_is_not_ready(kind):
    problem = readiness.check(workload(
        kind, generation=4, observed=3, updatedReplicas=2, readyReplicas=2,
        replicas=2, desiredNumberScheduled=1, numberReady=1,
        updatedNumberScheduled=1))
    assert 'has not seen generation 4' in problem.reason


def test_a_replica_set_and_a_stateful_set_of_zero_are_ready():
    assert readiness.check(workload('ReplicaSet', desired=0)) is None
    assert readiness.check(workload('StatefulSet', desired=0)) is None


def test_replicas_default_to_one():
    deployment = workload('Deployment', updatedReplicas=1, readyReplicas=1,
                          replicas=1)
    del deployment['spec']['replicas']
    assert readiness.check(deployment) is None
    deployment['status']['readyReplicas'] = 0
    assert 'has 0 of 1 replicas ready' in readiness.check(deployment).reason


def test_a_deployment_past_its_progress_deadline_fails_at_once():
    deployment = workload('Deployment', conditions=[{
        'type': 'Progressing', 'status': 'False',
        'reason': 'ProgressDeadlineExceeded',
        'message': 'ReplicaSet "w-5d" has timed out progressing.'}])
    problem = readiness.check(deployment)
    assert problem.final
    assert problem.reason == ('Deployment w: ProgressDeadlineExceeded: '
                              'ReplicaSet "w-5d" has timed out progressing.')


def test_a_daemon_set_is_ready_when_every_scheduled_pod_is():
    assert readiness.check(workload(
        'DaemonSet', desiredNumberScheduled=3, numberReady=3,
        updatedNumberScheduled=3)) is None
    problem = readiness.check(workload(
        'DaemonSet', desiredNumberScheduled=3, numberReady=2,
        updatedNumberScheduled=3))
    assert problem.reason == 'DaemonSet w has 2 of 3 Pods ready'


def test_a_job_is_ready_once_it_succeeded():
    job = {'kind': 'Job', 'metadata': {'name': 'j'},
           'spec': {'completions': 2}, 'status': {'succeeded': 1}}
    assert readiness.check(job).reason == 'Job j has 1 of 2 completions'
    job['status']['succeeded'] = 2
    assert readiness.check(job) is None
    job['status'] = {'conditions': [{
        'type': 'Failed', 'status': 'True', 'reason': 'BackoffLimitExceeded',
        'message': 'Job has reached the specified backoff limit'}]}
    problem = readiness.check(job)
    assert problem.final
    assert problem.reason == ('Job j failed: BackoffLimitExceeded: Job has '
                              'reached the specified backoff limit')


def test_a_ready_pod_is_ready():
    assert readiness.check(pod(ready=True)) is None


def test_a_pod_that_cannot_pull_its_image_says_so():
    problem = readiness.pod_problem(pod(containers=[waiting(
        'ImagePullBackOff', 'Back-off pulling image "nginx:0.0"')]))
    assert problem.reason == ('Pod p-1: container app ImagePullBackOff: '
                              'Back-off pulling image "nginx:0.0"')
    assert not problem.final


def test_a_pod_still_creating_its_containers_is_just_not_ready():
    problem = readiness.pod_problem(pod(
        phase='Pending', containers=[waiting('ContainerCreating')]))
    assert problem.reason == 'Pod p-1 is Pending, not Ready'


def test_an_unschedulable_pod_gives_the_schedulers_reason():
    problem = readiness.pod_problem(pod(phase='Pending', conditions=[{
        'type': 'PodScheduled', 'status': 'False',
        'reason': 'Unschedulable',
        'message': '0/3 nodes are available: 3 Insufficient cpu.'}]))
    assert problem.reason == ('Pod p-1: Unschedulable: 0/3 nodes are '
                              'available: 3 Insufficient cpu.')


def test_a_crashing_container_and_a_failed_pod():
    crashed = {'name': 'app', 'state': {'terminated': {
        'reason': 'Error', 'exitCode': 2}}}
    assert readiness.pod_problem(pod(containers=[crashed])).reason == \
        'Pod p-1: container app Error (exit code 2)'
    failed = readiness.pod_problem(pod(phase='Failed',
                                       containers=[crashed]))
    assert failed.final
    assert failed.reason.startswith('Pod p-1 failed: container app Error')


def test_a_pod_without_status_is_not_yet_scheduled():
    assert readiness.pod_problem({'kind': 'Pod', 'metadata': {
        'name': 'p-1'}}).reason == 'Pod p-1 is not yet scheduled, not Ready'


def test_a_definition_is_ready_once_established():
    crd = {'kind': 'CustomResourceDefinition', 'metadata': {'name': 'c'},
           'status': {'conditions': [{'type': 'NamesAccepted',
                                      'status': 'True'}]}}
    assert readiness.check(crd).reason == \
        'CustomResourceDefinition c is not Established'
    crd['status']['conditions'].append({'type': 'Established',
                                        'status': 'True'})
    assert readiness.check(crd) is None


@pytest.mark.parametrize('kind', ['Service', 'ConfigMap', 'Secret',
                                  'PersistentVolumeClaim', 'Route'])
def test_other_kinds_are_ready_once_they_exist(kind):
    assert readiness.check({'kind': kind, 'metadata': {'name': 'x'},
                            'spec': {'clusterIP': 'None'}}) is None
