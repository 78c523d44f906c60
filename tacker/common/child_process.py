"""Work on untrusted input in a bounded child Python.

Code or data that comes with a package (user-data scripts, VNFDs) is
handled by ``python -m <module>`` in its own process group, with a clean
environment, an address-space and CPU limit and a wall-clock deadline; the
whole group is killed when it is done. The request goes as JSON on the
child's stdin, the answer comes back as a JSON envelope on its stdout,
which the work inside cannot write to (fd 1 points at stderr, whose last
few KiB are kept for error messages). A crash, a memory blow-up or an
endless loop ends the child, never the caller.

The parent calls ``run``; the child's module calls ``serve`` from its
``__main__`` block.

Known limit: a process the child detaches into a new session of its own
escapes the group kill.
"""
import dataclasses
import json
import math
import os
import pathlib
import resource
import selectors
import signal
import subprocess
import sys
import time

import tacker

STDERR_TAIL = 4096
_DETAIL_LINES = 10
_DETAIL_CHARS = 2000
_CHUNK = 1 << 16
# How often a child that has exited, but whose pipes a process it started
# keeps open, is noticed.
_POLL_SECONDS = 0.2
# What Python and the child's own subprocesses may need; nothing else of
# the caller's environment (credentials, config paths) is passed on.
_KEPT_ENVIRONMENT = ('PATH', 'LD_LIBRARY_PATH', 'LANG', 'LC_ALL', 'TZ')
# The directory holding the tacker package: the child imports its module
# from there, started in it so that nothing of a VNF package comes first
# on sys.path.
TACKER_ROOT = str(pathlib.Path(tacker.__file__).resolve().parent.parent)


@dataclasses.dataclass
class Outcome:
    """How a child ended: its stdout, the tail of its stderr, whether it
    ran out of time or answered too much, and its exit status."""

    out: bytes = b''
    err: bytes = b''
    timed_out: bool = False
    too_large: bool = False
    returncode: int = 0

    def envelope(self):
        """The child's JSON answer (a dict), or None when it gave none."""
        try:
            envelope = json.loads(self.out)
        except ValueError:
            return None
        return envelope if isinstance(envelope, dict) else None

    def ending(self):
        """How the child ended: "killed by SIGSEGV", "exited with..."."""
        code = self.returncode
        if code >= 0:
            return f'exited with status {code} without a result'
        try:
            return f'killed by {signal.Signals(-code).name}'
        except ValueError:
            return f'killed by signal {-code}'

    def exit_detail(self):
        """Why the child answered nothing: how it ended, and its stderr's
        last lines."""
        tail = last_lines(self.err.decode('utf-8', 'replace'))
        return f'{self.ending()}: {tail}' if tail else self.ending()


def run(module, request, timeout, memory_bytes, output_limit,
        cpu_seconds=None):
    """Run ``python -m module`` on ``request`` (a JSON-serialisable dict)
    and return its ``Outcome`` once it answered, died, or ``timeout``
    seconds passed (then it is killed). The child's address space is
    capped at ``memory_bytes`` and its CPU time at ``cpu_seconds`` (by
    default ``timeout``); more than ``output_limit`` bytes of answer stop
    it too."""
    data = json.dumps(dict(
        request, memory_bytes=memory_bytes,
        cpu_seconds=math.ceil(cpu_seconds or timeout)),
        default=str).encode()
    proc = subprocess.Popen(
        [sys.executable, '-m', module], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=TACKER_ROOT,
        env=_environment(), start_new_session=True)
    try:
        outcome = _exchange(proc, data, time.monotonic() + timeout,
                            output_limit)
    finally:
        # Before reaping: the unreaped child keeps its group ID from
        # being reused by anyone else.
        _kill_group(proc)
        returncode = proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            pipe.close()
    outcome.returncode = returncode
    return outcome


def last_lines(text):
    """The end of a traceback or of stderr, bounded for a ProblemDetails
    detail."""
    lines = str(text or '').strip().splitlines()[-_DETAIL_LINES:]
    return '\n'.join(lines)[-_DETAIL_CHARS:]


def _environment():
    env = {name: os.environ[name] for name in _KEPT_ENVIRONMENT
           if name in os.environ}
    env.setdefault('PATH', os.defpath)
    env.update(PYTHONPATH=TACKER_ROOT, PYTHONNOUSERSITE='1',
               PYTHONDONTWRITEBYTECODE='1', PYTHONUTF8='1')
    return env


def _exchange(proc, data, deadline, output_limit):
    """Feed ``data`` to the child and gather its stdout (up to
    ``output_limit``) and the tail of its stderr, until both close or the
    deadline passes."""
    out, err = bytearray(), bytearray()
    pending = memoryview(data)
    os.set_blocking(proc.stdin.fileno(), False)
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdin, selectors.EVENT_WRITE)
        selector.register(proc.stdout, selectors.EVENT_READ, out)
        selector.register(proc.stderr, selectors.EVENT_READ, err)
        while len(selector.get_map()) > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Outcome(err=bytes(err), timed_out=True)
            for key, _ in selector.select(min(remaining, _POLL_SECONDS)):
                if key.fileobj is proc.stdin:
                    pending = _feed(selector, proc.stdin, pending)
                    continue
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    selector.unregister(key.fileobj)
                key.data.extend(chunk)
                if len(out) > output_limit:
                    return Outcome(err=bytes(err), too_large=True)
                del err[:-STDERR_TAIL]
            if _exited(proc):
                _kill_group(proc)
    return Outcome(out=bytes(out), err=bytes(err))


def _feed(selector, stdin, pending):
    try:
        written = os.write(stdin.fileno(), pending[:_CHUNK])
    except BrokenPipeError:
        written = len(pending)
    pending = pending[written:]
    if not pending:
        selector.unregister(stdin)
        stdin.close()
    return pending


def _exited(proc):
    """Whether the child has exited, leaving it to be reaped later."""
    return os.waitid(os.P_PID, proc.pid,
                     os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# -- the child's side -----------------------------------------------------

def serve(handle):
    """The ``main`` of a child module: read the request, apply its limits,
    and write the JSON envelope ``handle(request)`` returns, or
    {"error": "not_json", "detail"} when that cannot be serialised."""
    sys.dont_write_bytecode = True
    answer = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    os.dup2(2, 1)
    request = json.load(sys.stdin)
    _limit_resources(request['memory_bytes'], request['cpu_seconds'])
    envelope = handle(request)
    try:
        text = json.dumps(envelope)
    except (TypeError, ValueError, RecursionError) as exc:
        text = json.dumps({'error': 'not_json', 'detail': str(exc)})
    with answer:
        answer.write(text)


def _limit_resources(memory_bytes, cpu_seconds):
    """Cap the address space and CPU time, hard limits too, so the work
    cannot raise them; no core dumps of package input."""
    for kind, limit in ((resource.RLIMIT_AS, memory_bytes),
                        (resource.RLIMIT_CPU, cpu_seconds)):
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(kind, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
