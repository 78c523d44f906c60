"""``/sandbox/kubernetes``: the fault knobs of the sandbox Kubernetes,
served by the sandbox's admin API (no token; keep it on localhost),
which also gets the Pods' metrics and their knob (:mod:`..metrics`)."""
import copy

from tacker_sandbox import errors
from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import pods as pods_lib
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

MAX_MARKERS = 100
MAX_MARKER = 256


class KubernetesAdmin:

    def __init__(self, cluster, info):
        self.cluster = cluster
        self.info_body = info

    def connect(self, app):
        """Add the routes to the sandbox's admin API (``app.App``), and
        the Pods to its metrics."""
        app.connect_admin('/sandbox/kubernetes', GET=self.info)
        app.connect_admin('/sandbox/kubernetes/faults', GET=self.faults,
                          PUT=self.set_faults, DELETE=self.clear_faults)
        app.connect_admin('/sandbox/kubernetes/namespaces/{namespace}/pods/'
                          '{name}/replace', POST=self.replace_pod)
        app.metrics.connect_pods(app)

    def info(self, req, body):
        return Reply(self.info_body)

    def faults(self, req, body):
        return Reply(self.cluster.store.get_meta(pods_lib.FAULTS_KEY, {}))

    def set_faults(self, req, body):
        faults = wsgi.json_body(body)
        for key in faults:
            if key != 'imagePullBackOff':
                raise errors.BadRequest('Unknown fault key %s' % key)
        markers = faults.get('imagePullBackOff', [])
        if not isinstance(markers, list) or len(markers) > MAX_MARKERS or \
                not all(isinstance(marker, str) and
                        0 < len(marker) <= MAX_MARKER for marker in markers):
            raise errors.BadRequest('"imagePullBackOff" is a list of at '
                                    'most %d image name markers'
                                    % MAX_MARKERS)
        self.cluster.store.set_meta(pods_lib.FAULTS_KEY, faults)
        self.cluster.wake()
        return Reply(faults)

    def clear_faults(self, req, body):
        self.cluster.store.set_meta(pods_lib.FAULTS_KEY, {})
        self.cluster.wake()
        return Reply(status=204)

    def replace_pod(self, req, body, namespace, name):
        """The cluster deletes the Pod (an eviction, a node lost); its
        controller makes another, and a Pod of no controller comes back
        under its name as a new object."""
        rtype = kinds.BY_PLURAL['pods']
        pod = self.cluster.get(rtype, namespace, name)
        if pod is None or pod['metadata'].get('deletionTimestamp'):
            raise errors.NotFound('Pod %s/%s not found' % (namespace, name),
                                  'NotFound')
        self.cluster.delete(rtype, pod, 'Background')
        replacement = None
        if pods_lib.owner_kind(pod) is None:
            metadata = {key: copy.deepcopy(value) for key, value
                        in pod['metadata'].items()
                        if key in ('name', 'namespace', 'labels',
                                   'annotations')}
            self.cluster.create(rtype, {
                'apiVersion': 'v1', 'kind': 'Pod', 'metadata': metadata,
                'spec': copy.deepcopy(pod['spec'])})
            replacement = name
        return Reply({'deleted': {'name': name,
                                  'uid': pod['metadata']['uid']},
                      'replacement': replacement}, 202)
