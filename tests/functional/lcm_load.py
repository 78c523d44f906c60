"""A client that keeps many VNF lifecycles going through several API
servers while the test kills and cuts things, as an operator's OSS would:
it moves to another server when one is gone, finds out whether a request
whose answer it lost took effect, retries FAILED_TEMP occurrences and
starts again what was rolled back.
"""
import collections
import threading
import time

import requests

from tacker.common import states

API = '/vnflcm/v1'
NOOP_VIM = [{'id': 'vim-noop', 'vimType': 'noop'}]
# Occurrences one poll asks for: the ids go into the URL's filter.
POLL_CHUNK = 40
POLL_INTERVAL = 0.3
# Seconds a FAILED_TEMP occurrence may stay unchanged after a retry was
# accepted before the client sends the retry again (its cast may have
# gone with a broker restart or a killed API server).
RETRY_AGAIN_AFTER = 15
# An occurrence's end state.
ENDS = (states.COMPLETED, states.FAILED_TEMP, states.ROLLED_BACK,
        states.FAILED)


class LoadFailed(AssertionError):
    """The load could not go on: an answer no client expects."""


class LcmLoad:
    """Lifecycles on the instances of ``urls``' deployment; ``urls`` are
    the API servers' base URLs, which ``drop_server`` shortens."""

    def __init__(self, urls, deadline_s):
        self.urls = list(urls)
        self.deadline_s = deadline_s
        self._turn = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._waiting = set()
        self.ops = {}
        # Per instance: the occurrences the client knows it started.
        self._known = collections.defaultdict(set)
        # The client's own record, for the test's assertions.
        self.started = []
        self.failed_temp = set()
        self.rolled_back = set()
        self.retries_sent_again = 0
        self.requests_redone = 0
        self._stopping = threading.Event()
        self._poller = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self):
        self._poller.start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self._poller.join()

    def drop_server(self, url):
        with self._lock:
            self.urls.remove(url)

    # HTTP through whichever server is up.

    def _url(self):
        with self._lock:
            self._turn += 1
            return self.urls[self._turn % len(self.urls)]

    def _send(self, method, path, **kwargs):
        """One request; None when it got no answer or a 5xx (a server
        killed or cut from its database on the way)."""
        kwargs.setdefault('timeout', 30)
        try:
            response = requests.request(method, self._url() + path,
                                        **kwargs)
        except requests.RequestException:
            response = None
        if response is None or response.status_code >= 500:
            with self._lock:
                self.requests_redone += 1
            return None
        return response

    def get(self, path):
        """GET until a server answers it."""
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            response = self._send('GET', path)
            if response is not None:
                if response.status_code != 200:
                    raise LoadFailed('GET %s: %s %s' % (
                        path, response.status_code, response.text))
                return response.json()
            time.sleep(0.2)
        raise LoadFailed('no server answered GET %s' % path)

    # Tracking occurrences.

    def _poll(self):
        while not self._stopping.wait(POLL_INTERVAL):
            with self._lock:
                waiting = sorted(self._waiting)
            for start in range(0, len(waiting), POLL_CHUNK):
                ids = ','.join(waiting[start:start + POLL_CHUNK])
                response = self._send(
                    'GET', '%s/vnf_lcm_op_occs?filter=(in,id,%s)' % (API, ids))
                if response is None or response.status_code != 200:
                    continue
                with self._changed:
                    for op in response.json():
                        self.ops[op['id']] = op
                    self._changed.notify_all()

    def wait(self, op_id, after=None, timeout=None):
        """The occurrence once in an end state entered after the
        stateEnteredTime ``after``; None after ``timeout`` seconds."""
        def done():
            op = self.ops.get(op_id)
            return op is not None and op['operationState'] in ENDS and (
                after is None or op['stateEnteredTime'] > after)
        with self._changed:
            self._waiting.add(op_id)
            try:
                if self._changed.wait_for(done, timeout or self.deadline_s):
                    return self.ops[op_id]
            finally:
                self._waiting.discard(op_id)
        if timeout:
            return None
        raise LoadFailed('operation %s did not end; last seen %s' % (
            op_id, self.ops.get(op_id)))

    # Lifecycles.

    def create_instance(self, vnfd_id):
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            response = self._send('POST', API + '/vnf_instances',
                                  json={'vnfdId': vnfd_id})
            if response is not None:
                if response.status_code != 201:
                    raise LoadFailed(response.text)
                return response.json()['id']
        raise LoadFailed('no server created an instance')

    def lifecycle(self, instance_id, delay_s):
        """Instantiate, then terminate the instance, each step of the
        noop driver taking ``delay_s``."""
        known = self._known[instance_id]
        params = {'noop_delay_s': delay_s}
        self.run(instance_id, known, 'instantiate', states.INSTANTIATE, {
            'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
            'instantiationLevelId': 'instantiation_level_1',
            'additionalParams': params})
        self.run(instance_id, known, 'terminate', states.TERMINATE, {
            'terminationType': 'FORCEFUL', 'additionalParams': params})

    def run(self, instance_id, known, task, operation, body):
        """One operation to COMPLETED: retried while FAILED_TEMP, started
        again when ROLLED_BACK (a STARTING occurrence whose conductor
        died ends so)."""
        op_id = self._start(instance_id, known, task, operation, body)
        op = self.wait(op_id)
        while op['operationState'] != states.COMPLETED:
            if op['operationState'] == states.FAILED_TEMP:
                with self._lock:
                    self.failed_temp.add(op_id)
                op = self._retry(op)
            elif op['operationState'] == states.ROLLED_BACK:
                with self._lock:
                    self.rolled_back.add(op_id)
                op_id = self._start(instance_id, known, task, operation,
                                    body)
                op = self.wait(op_id)
            else:
                raise LoadFailed('operation ended %s' % op)

    def _start(self, instance_id, known, task, operation, body):
        """POST the task; when its answer is lost, the occurrence it may
        have started is looked up before it is sent again."""
        path = '%s/vnf_instances/%s/%s' % (API, instance_id, task)
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            response = self._send('POST', path, json=body)
            if response is not None and response.status_code == 202:
                op_id = response.headers['Location'].rsplit('/', 1)[1]
                break
            if response is not None and response.status_code != 409:
                raise LoadFailed('%s: %s %s' % (path, response.status_code,
                                                response.text))
            # No answer, or busy: an earlier copy may have started it.
            op_id = self._started_since(instance_id, operation, known)
            if op_id:
                break
            time.sleep(0.5)
        else:
            raise LoadFailed('could not start %s' % path)
        known.add(op_id)
        with self._lock:
            self.started.append(op_id)
        return op_id

    def _started_since(self, instance_id, operation, known):
        ops = self.get('%s/vnf_lcm_op_occs?filter=(eq,vnfInstanceId,%s);'
                       '(eq,operation,%s)' % (API, instance_id, operation))
        new = [op['id'] for op in ops if op['id'] not in known]
        if len(new) > 1:
            raise LoadFailed('one request started %s' % new)
        return new[0] if new else None

    def _retry(self, op):
        """POST retry of a FAILED_TEMP occurrence; the occurrence once it
        ended again."""
        path = '%s/vnf_lcm_op_occs/%s/retry' % (API, op['id'])
        deadline = time.monotonic() + self.deadline_s
        while time.monotonic() < deadline:
            response = self._send('POST', path)
            if response is not None and response.status_code not in (
                    202, 409):
                raise LoadFailed('%s: %s %s' % (path, response.status_code,
                                                response.text))
            ended = self.wait(op['id'], after=op['stateEnteredTime'],
                              timeout=RETRY_AGAIN_AFTER)
            if ended is not None:
                return ended
            with self._lock:
                self.retries_sent_again += 1
        raise LoadFailed('retry of %s did not end' % op['id'])
