"""Equal reads that arrive together share one trip to the database.

A read that arrives while an equal one is under way cannot take that
one's answer: the database may have answered it before a write the
reader's client already saw committed. It waits for the next read of its
key instead, which starts once the one under way ends, and shares it with
every other reader that arrived meanwhile. A read about to start first
lets the other threads run once, so that those with an equal read at
hand join it before it starts. Each reader's answer is thus read after
it arrived, and a key has at most one read under way per process:
pollers of the same list page cost one round trip per wait, not one
each. The same holds for anything read or done on behalf of whoever
asked before it started, such as a sync of SQLite's log that must cover
the commits made before it (``tacker.db.sqlite``).
"""
import threading
import time


class _Read:
    """One trip to the database, shared by the readers that joined it
    before it started."""

    def __init__(self):
        self.started = False
        self.done = threading.Event()
        self.answer = None
        self.failed = False


def _let_others_run():
    # Green where eventlet patched time (the API server): a switch to
    # the hub, which runs the requests whose sockets are ready.
    time.sleep(0)


class JointReads:
    """Reads shared per key (see the module); ``threading`` primitives,
    which are green where eventlet patched them (the API server).
    ``gather()`` runs before each read starts (by default it lets the
    other threads run once)."""

    def __init__(self, gather=_let_others_run):
        self._gather = gather
        self._lock = threading.Lock()
        # key -> the read under way (or about to start); key -> the read
        # that starts after it.
        self._running = {}
        self._next = {}

    def read(self, key, read):
        """``read()``, or the answer of a read of ``key`` that starts
        after this call, by whichever caller runs it. A read that fails
        raises in its runner; the others then read on their own."""
        with self._lock:
            before = self._running.get(key)
            if before is None:
                mine = self._running[key] = _Read()
                runs = True
            elif not before.started:
                mine, runs, before = before, False, None
            else:
                mine = self._next.get(key)
                runs = mine is None
                if runs:
                    mine = self._next[key] = _Read()
        if runs:
            if before is not None:
                before.done.wait()
            return self._run(key, mine, read)
        mine.done.wait()
        return read() if mine.failed else mine.answer

    def _run(self, key, mine, read):
        try:
            self._gather()
            with self._lock:
                mine.started = True
            mine.answer = read()
        except BaseException:
            mine.failed = True
            raise
        finally:
            with self._lock:
                after = self._next.pop(key, None)
                if after is None:
                    del self._running[key]
                else:
                    self._running[key] = after
            mine.done.set()
        return mine.answer
