"""``?watch=true`` on a collection: a stream of JSON lines, one
``{"type": ADDED|MODIFIED|DELETED, "object": ...}`` event each, as the
client's ``watch.Watch`` and ``kubectl get -w`` read them (and a first
BOOKMARK for clients that allow bookmarks). When the Accept header asks
for Tables, each event's object is a one-row Table, the first one with
the column definitions (as the API server sends them).

The sandbox polls its store rather than keeping an event log: a watch
sees each object's latest state (not every intermediate one) and, when
it starts from a ``resourceVersion``, the objects changed since then
but not those deleted meanwhile. Each watch ends after
``timeoutSeconds`` (at most ``MAX_SECONDS``), and only ``MAX_WATCHES``
run at once.
"""
import json
import threading
import time

from tacker_sandbox.kubernetes import api as api_lib
from tacker_sandbox.kubernetes import objects
from tacker_sandbox.kubernetes import status

MAX_WATCHES = 64
MAX_SECONDS = 300
POLL = 0.1


class TooManyWatches(status.KubeError):
    code, reason = 429, 'TooManyRequests'


class Watches:

    def __init__(self, api, clock=time.time, sleep=time.sleep):
        self.api = api
        self.clock = clock
        self.sleep = sleep
        self.active = 0
        self._lock = threading.Lock()

    def start(self, req, target, printer=None):
        """The event stream (an iterator of bytes), its objects as
        ``printer``'s Tables when given; the request's parameters are
        checked before anything is sent."""
        seconds = req.GET.get('timeoutSeconds', str(MAX_SECONDS))
        since = req.GET.get('resourceVersion') or '0'
        if not (seconds.isdigit() and since.isdigit()):
            raise status.BadRequest('timeoutSeconds and resourceVersion '
                                    'must be non-negative integers')
        self._snapshot(req, target)
        with self._lock:
            if self.active >= MAX_WATCHES:
                raise TooManyWatches('too many watches; at most %d run at '
                                     'once' % MAX_WATCHES)
            self.active += 1
        deadline = self.clock() + min(int(seconds), MAX_SECONDS)
        return Stream(self, self._events(req, target, int(since), deadline,
                                         _Shown(target, printer)))

    def release(self):
        with self._lock:
            self.active -= 1

    def _snapshot(self, req, target):
        with self.api.cluster.store.transaction():
            return {api_lib.position(item): item
                    for item in self.api.select(req, target)}

    def _events(self, req, target, since, deadline, shown):
        if req.GET.get('allowWatchBookmarks', '').lower() == 'true':
            # Sent at once, so the client has the response headers too.
            with self.api.cluster.store.transaction():
                version = objects.resource_version(self.api.cluster.store)
            yield _encode({'type': 'BOOKMARK', 'object': {
                'kind': target.rtype.kind,
                'apiVersion': target.rtype.api_version,
                'metadata': {'resourceVersion': version}}})
        known = {}
        while True:
            current = self._snapshot(req, target)
            for key in known.keys() - current.keys():
                yield _event('DELETED', shown, known[key])
            for key, obj in current.items():
                version = obj['metadata']['resourceVersion']
                before = known.get(key)
                if before is None and int(version) > since:
                    yield _event('ADDED', shown, obj)
                elif before is not None and \
                        before['metadata']['resourceVersion'] != version:
                    yield _event('MODIFIED', shown, obj)
            known, since = current, 0
            if self.clock() >= deadline:
                return
            self.sleep(POLL)


class Stream:
    """The WSGI body of one watch; the server's ``close()`` frees its
    place even when the client left before the first event."""

    def __init__(self, watches, events):
        self.watches = watches
        self.events = events
        self.closed = False

    def __iter__(self):
        return self.events

    def close(self):
        if not self.closed:
            self.closed = True
            self.events.close()
            self.watches.release()


def _event(kind, shown, obj):
    return _encode({'type': kind, 'object': shown(obj)})


class _Shown:
    """An event's object: as served, or a Table of it (the column
    definitions in the first only)."""

    def __init__(self, target, printer):
        self.rtype = target.rtype
        self.printer = printer
        self.headers = True

    def __call__(self, obj):
        obj = api_lib.view(self.rtype, obj)
        if self.printer is None:
            return obj
        table = self.printer.table(obj, self.headers)
        self.headers = False
        return table


def _encode(event):
    return (json.dumps(event) + '\n').encode()
