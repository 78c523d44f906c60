"""One Kubernetes VIM's API server for one LCM step, through the
official client's DynamicClient (every kind, custom resources included,
by apiVersion and kind; no hand-written HTTP).

Every call has a deadline (``[kubernetes_vim] timeout``); every wait
polls with a growing interval, at most ``[kubernetes_vim]
ready_timeout`` seconds in all for one step, and a FORCEFUL cancel
stops it.
"""
import contextlib
import os
import tempfile
import time

from kubernetes.client import exceptions as client_exceptions
from kubernetes import dynamic
from kubernetes.dynamic import exceptions as dynamic_exceptions
import urllib3

from tacker.common import exceptions
from tacker.drivers.infra.kubernetes import manifests
from tacker.drivers.infra.kubernetes import readiness
from tacker.drivers import kubernetes_client

FIRST_POLL_S = 0.25
MAX_POLL_S = 5.0
# A Kubernetes Status reason shown to users is cut to this.
_MAX_REASON = 500
_FOREGROUND = {'kind': 'DeleteOptions', 'apiVersion': 'v1',
               'propagationPolicy': 'Foreground'}


@contextlib.contextmanager
def connect(vim_connection, conf, cancellation):
    """A ``Cluster`` of the VimConnectionInfo, its client closed after.

    :raises VimConnectionIncomplete: it names no endpoint.
    :raises VimCaCertInvalid, VimCredentialsUnusable: as
        ``kubernetes_client.api_client``.
    :raises VimOperationFailed: the API server cannot be discovered.
    """
    if not (vim_connection.get('interfaceInfo') or {}).get('endpoint'):
        raise exceptions.VimConnectionIncomplete(
            id=vim_connection.get('id'),
            reason='interfaceInfo.endpoint (the Kubernetes API server)')
    with kubernetes_client.api_client(
            vim_connection, conf.kubernetes_vim.timeout) as api, \
            tempfile.TemporaryDirectory(prefix='tacker-k8s-') as work:
        # The discovery cache stays private to this step.
        client = _call('discover the API server', dynamic.DynamicClient,
                       api, cache_file=os.path.join(work, 'discovery.json'))
        yield Cluster(client, conf.kubernetes_vim, cancellation)


class Cluster:

    def __init__(self, client, options, cancellation):
        self.client = client
        self.timeout = options.timeout
        self.ready_timeout = options.ready_timeout
        self.cancellation = cancellation
        self.deadline = None

    def _resource(self, api_version, kind):
        """The API resource of a kind, or None when the API server serves
        no such kind (a miss discovers again: a definition may have just
        been established)."""
        try:
            return _call('find kind %s of %s' % (kind, api_version),
                         self.client.resources.get, api_version=api_version,
                         kind=kind)
        except dynamic_exceptions.ResourceNotFoundError:
            return None
        except dynamic_exceptions.ResourceNotUniqueError:
            raise exceptions.VimOperationFailed(
                action='find kind %s of %s' % (kind, api_version),
                reason='the API server serves several') from None

    def _served(self, api_version, kind):
        resource = self._resource(api_version, kind)
        if resource is None:
            raise exceptions.VimOperationFailed(
                action='find kind %s of %s' % (kind, api_version),
                reason='the API server serves no such kind')
        return resource

    def _namespace(self, resource, namespace):
        return namespace if resource.namespaced else None

    def get(self, obj, namespace):
        """The object named like ``obj`` as a dict, or None (also when
        the cluster serves no such kind: its definition is gone)."""
        resource = self._resource(obj['apiVersion'], obj['kind'])
        if resource is None:
            return None
        found = _call('read ' + manifests.describe(obj), self.client.get,
                      resource, name=obj['metadata']['name'],
                      namespace=self._namespace(resource, namespace),
                      _request_timeout=self.timeout, missing=None)
        return None if found is None else found.to_dict()

    def list(self, api_version, kind, namespace, labels):
        """The objects of ``kind`` labelled with all of ``labels``, as
        dicts (each with its kind, which lists leave out)."""
        resource = self._served(api_version, kind)
        found = _call('list %s' % kind, self.client.get, resource,
                      namespace=self._namespace(resource, namespace),
                      label_selector=','.join(
                          '%s=%s' % item for item in sorted(labels.items())),
                      _request_timeout=self.timeout)
        return [dict(item, kind=kind, apiVersion=api_version)
                for item in found.to_dict().get('items') or []]

    def defines_objects(self, crd):
        """Whether any custom resource of the CustomResourceDefinition
        ``crd`` (as read from the cluster) exists, in any namespace."""
        spec = crd.get('spec') or {}
        served = [version['name'] for version in spec.get('versions') or []
                  if version.get('served')]
        kind = (spec.get('names') or {}).get('kind')
        resource = served and kind and self._resource(
            '%s/%s' % (spec.get('group'), served[0]), kind)
        if not resource:
            return False
        found = _call('list %s' % kind, self.client.get, resource,
                      namespace=None, limit=1,
                      _request_timeout=self.timeout)
        return bool(found.to_dict().get('items'))

    def _body(self, resource, obj, namespace):
        """(the body of ``obj`` in ``namespace``, the namespace); both
        without a namespace when the kind has none."""
        target = self._namespace(resource, namespace)
        body = dict(obj, metadata=dict(obj['metadata']))
        if target:
            body['metadata']['namespace'] = target
        else:
            body['metadata'].pop('namespace', None)
        return body, target

    def create(self, obj, namespace):
        resource = self._served(obj['apiVersion'], obj['kind'])
        body, target = self._body(resource, obj, namespace)
        return _call('create ' + manifests.describe(obj), self.client.create,
                     resource, body=body, namespace=target,
                     _request_timeout=self.timeout).to_dict()

    def replace(self, obj, namespace):
        """Replace the object named like ``obj`` with ``obj`` (a PUT: an
        unchanged spec changes nothing, so no Pod is replaced)."""
        resource = self._served(obj['apiVersion'], obj['kind'])
        body, target = self._body(resource, obj, namespace)
        return _call('replace ' + manifests.describe(obj),
                     self.client.replace, resource, body=body,
                     name=obj['metadata']['name'], namespace=target,
                     _request_timeout=self.timeout).to_dict()

    def delete(self, obj, namespace):
        """Delete the object, its dependents first (foreground
        propagation); an object already gone is no error."""
        resource = self._served(obj['apiVersion'], obj['kind'])
        _call('delete ' + manifests.describe(obj), self.client.delete,
              resource, name=obj['metadata']['name'],
              namespace=self._namespace(resource, namespace),
              body=_FOREGROUND, _request_timeout=self.timeout, missing=None)

    def scale(self, obj, namespace, replicas):
        """Set the workload's replicas through its scale subresource."""
        resource = self._served(obj['apiVersion'], obj['kind'])
        _call('scale ' + manifests.describe(obj), self.client.patch,
              resource.subresources['scale'],
              body={'spec': {'replicas': replicas}},
              name=obj['metadata']['name'], namespace=namespace,
              content_type='application/merge-patch+json',
              _request_timeout=self.timeout)

    def annotate(self, obj, namespace, annotations):
        resource = self._served(obj['apiVersion'], obj['kind'])
        _call('annotate ' + manifests.describe(obj), self.client.patch,
              resource, body={'metadata': {'annotations': annotations}},
              name=obj['metadata']['name'],
              namespace=self._namespace(resource, namespace),
              content_type='application/merge-patch+json',
              _request_timeout=self.timeout)

    # Waiting, within the step's one ready_timeout.

    def start_clock(self):
        self.deadline = time.monotonic() + self.ready_timeout

    def wait(self, what, probe):
        """Poll ``probe()`` (None: done, else a NotReady) until done.

        :raises VimOperationFailed: ``what`` with the last reason, when
            it is final or the step's ready_timeout passed.
        :raises OperationCancelled: a cancel came.
        """
        if self.deadline is None:
            self.start_clock()
        interval = FIRST_POLL_S
        while True:
            self.cancellation.check()
            problem = probe()
            if problem is None:
                return
            left = self.deadline - time.monotonic()
            if problem.final or left <= 0:
                raise exceptions.VimOperationFailed(
                    action=what, reason=problem.reason + (
                        '' if problem.final else
                        ' (after [kubernetes_vim] ready_timeout, %d s)'
                        % self.ready_timeout))
            self.cancellation.wait(min(interval, left))
            interval = min(interval * 2, MAX_POLL_S)

    def wait_ready(self, obj, namespace, pods=None):
        """Until ``obj`` is ready (``readiness``). ``pods()``, if given,
        lists the Pods of a workload, whose problems then explain why it
        is not."""
        def probe():
            current = self.get(obj, namespace)
            if current is None:
                return readiness.NotReady(
                    '%s does not exist' % manifests.describe(obj))
            problem = readiness.check(current)
            if problem is None or pods is None:
                return problem
            for pod in pods():
                pod_problem = readiness.pod_problem(pod)
                if pod_problem is not None:
                    return readiness.NotReady(
                        '%s; %s' % (problem.reason, pod_problem.reason),
                        final=problem.final)
            return problem
        self.wait('make %s ready' % manifests.describe(obj), probe)

    def wait_terminated(self, obj, pods):
        """Until none of ``pods()``, the Pods of the workload ``obj``, is
        being deleted: the Pods a rollout replaced are gone."""
        def probe():
            leaving = sorted(pod['metadata']['name'] for pod in pods()
                             if pod['metadata'].get('deletionTimestamp'))
            if not leaving:
                return None
            return readiness.NotReady('Pod %s is still terminating'
                                      % leaving[0])
        self.wait('remove the old Pods of %s' % manifests.describe(obj),
                  probe)

    def wait_gone(self, obj, namespace):
        """Until the object is gone. Of an object as read (with its uid),
        one of its name but another uid is a successor (a StatefulSet
        re-creates its Pods under their names): the object is gone."""
        uid = obj['metadata'].get('uid')

        def probe():
            current = self.get(obj, namespace)
            if current is None or uid and current['metadata'].get(
                    'uid') != uid:
                return None
            return readiness.NotReady('%s still exists' %
                                      manifests.describe(obj))
        self.wait('delete %s' % manifests.describe(obj), probe)


def _call(what, method, *args, missing=dynamic_exceptions.NotFoundError,
          **kwargs):
    """``method(*args, **kwargs)``; a 404 answers ``missing`` unless that
    is an exception class, any other failure raises VimOperationFailed
    with the API server's reason."""
    try:
        return method(*args, **kwargs)
    except dynamic_exceptions.NotFoundError as error:
        if isinstance(missing, type):
            raise _failure(what, error) from None
        return missing
    except (client_exceptions.ApiException, urllib3.exceptions.HTTPError,
            OSError, ValueError) as error:
        raise _failure(what, error) from None


def _failure(what, error):
    if isinstance(error, dynamic_exceptions.DynamicApiError):
        reason = '%s %s' % (error.status, error.summary())
    elif isinstance(error, client_exceptions.ApiException):
        reason = '%s %s' % (error.status, error.reason)
    else:
        reason = str(error) or type(error).__name__
    return exceptions.VimOperationFailed(action=what,
                                         reason=reason[:_MAX_REASON])
