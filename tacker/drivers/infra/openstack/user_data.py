"""Run a VNF package's LCM operation user-data script.

Packages written for Tacker compute their top HOT's parameters with a
Python class named in the request's additionalParams
(``lcm-operation-user-data``, ``lcm-operation-user-data-class``). That
code comes with the package, so it never runs in the conductor: a child
Python (``user_data_runner``) runs it in its own process group, with a
clean environment, an address-space limit and a deadline, and everything
in the group is killed when it is done. Inputs go as JSON on the child's
stdin; the answer comes back as JSON on its stdout, which the script
cannot write to (its prints go to stderr, whose last few KiB are kept for
error messages).

Known limit: a process the script detaches into a new session of its own
escapes the group kill.
"""
import dataclasses
import json
import os
import pathlib
import selectors
import signal
import subprocess
import sys
import time

import tacker
from tacker.common import exceptions

RUNNER = 'tacker.drivers.infra.openstack.user_data_runner'
MEMORY_LIMIT = 1 << 30
OUTPUT_LIMIT = 10 << 20
STDERR_TAIL = 4096
_DETAIL_LINES = 10
_DETAIL_CHARS = 2000
_CHUNK = 1 << 16
# How often a child that has exited, but whose pipes a process it started
# keeps open, is noticed.
_POLL_SECONDS = 0.2
# What Python and the script's own subprocesses may need; nothing else of
# the conductor's environment (credentials, config paths) is passed on.
_KEPT_ENVIRONMENT = ('PATH', 'LD_LIBRARY_PATH', 'LANG', 'LC_ALL', 'TZ')
# The directory holding the tacker package: the child imports the runner
# from there, started in it so that nothing of the VNF package comes first
# on sys.path.
_TACKER_ROOT = str(pathlib.Path(tacker.__file__).resolve().parent.parent)


class UserDataFailed(exceptions.BadRequest):
    message = 'lcm-operation-user-data %(script)s: %(reason)s'


class UserDataHookMissing(UserDataFailed, NotImplementedError):
    """The class has no method for the operation: the caller goes on as
    if the request named no user data for it."""


@dataclasses.dataclass
class _Outcome:
    out: bytes = b''
    err: bytes = b''
    timed_out: bool = False
    too_large: bool = False
    returncode: int = 0


def run(package_dir, script, class_name, operation, base_hot_dict,
        vnfd_dict, inst_req_info, grant_info, timeout):
    """The HOT parameters (a dict) that ``class_name``'s static method
    named after ``operation`` (lower case: INSTANTIATE -> instantiate,
    also scale, heal, change_ext_conn, terminate) returns.

    The method is called as ``method(base_hot_dict, vnfd_dict,
    inst_req_info, grant_info)``, inst_req_info being that operation's
    request. ``base_hot_dict`` is given to the script as Tacker does:
    {'heat_template': top, <nested file name>: nested HOT, ...}; nested
    templates passed under 'nested_hot_templates' are moved up into it.
    Request structures reach the script as dicts that also answer
    snake_case attributes (``inst_req_info.ext_virtual_links``).
    YAML dates in the inputs (heat_template_version) become strings.

    :param package_dir: the extracted package; the script runs in it.
    :param script: the script's path relative to ``package_dir``.
    :param timeout: seconds before the script is killed.
    :raises UserDataHookMissing: the class has no such method (a
        NotImplementedError).
    :raises UserDataFailed: the script is outside the package or no file,
        the class is missing, the script raised, timed out, exceeded the
        memory limit, answered more than OUTPUT_LIMIT bytes, or returned
        something other than a JSON-serialisable dict.
    """
    path = _script_path(package_dir, script)
    if not (isinstance(class_name, str) and class_name.isidentifier()):
        raise _failed(script, f'class {class_name} not found')
    method = operation.lower()
    request = {'package_dir': str(pathlib.Path(package_dir).resolve()),
               'path': str(path), 'script': script,
               'class_name': class_name, 'method': method,
               'memory_bytes': MEMORY_LIMIT,
               'args': [_script_hot_dict(base_hot_dict), vnfd_dict,
                        inst_req_info, grant_info]}
    data = json.dumps(request, default=str).encode()
    outcome = _run_child(data, timeout)
    return _answer(outcome, script, class_name, method, timeout)


def _script_path(package_dir, script):
    """The script's resolved path, refused unless it is a file inside
    the package (no absolute path, no '..', no symbolic link out)."""
    if not isinstance(script, str):
        raise _failed(script, 'must be a relative path inside the package')
    relative = pathlib.PurePosixPath(script)
    if relative.is_absolute() or '..' in relative.parts:
        raise _failed(script, 'must be a relative path inside the package')
    root = pathlib.Path(package_dir).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise _failed(script, 'leads outside the package')
    if not path.is_file():
        raise _failed(script, 'is not a file of the package')
    return path


def _script_hot_dict(base_hot_dict):
    flat = dict(base_hot_dict or {})
    flat.update(flat.pop('nested_hot_templates', None) or {})
    return flat


def _environment():
    env = {name: os.environ[name] for name in _KEPT_ENVIRONMENT
           if name in os.environ}
    env.setdefault('PATH', os.defpath)
    env.update(PYTHONPATH=_TACKER_ROOT, PYTHONNOUSERSITE='1',
               PYTHONDONTWRITEBYTECODE='1', PYTHONUTF8='1')
    return env


def _run_child(data, timeout):
    proc = subprocess.Popen(
        [sys.executable, '-m', RUNNER], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=_TACKER_ROOT,
        env=_environment(), start_new_session=True)
    try:
        outcome = _exchange(proc, data, time.monotonic() + timeout)
    finally:
        # Before reaping: the unreaped child keeps its group ID from
        # being reused by anyone else.
        _kill_group(proc)
        returncode = proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            pipe.close()
    outcome.returncode = returncode
    return outcome


def _exchange(proc, data, deadline):
    """Feed ``data`` to the child and gather its stdout (up to
    OUTPUT_LIMIT) and the tail of its stderr, until both close or the
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
                return _Outcome(err=bytes(err), timed_out=True)
            for key, _ in selector.select(min(remaining, _POLL_SECONDS)):
                if key.fileobj is proc.stdin:
                    pending = _feed(selector, proc.stdin, pending)
                    continue
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    selector.unregister(key.fileobj)
                key.data.extend(chunk)
                if len(out) > OUTPUT_LIMIT:
                    return _Outcome(err=bytes(err), too_large=True)
                del err[:-STDERR_TAIL]
            if _exited(proc):
                _kill_group(proc)
    return _Outcome(out=bytes(out), err=bytes(err))


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


def _answer(outcome, script, class_name, method, timeout):
    if outcome.timed_out:
        raise _failed(script, f'timed out after {timeout} s')
    if outcome.too_large:
        raise _failed(script, f'answered more than {OUTPUT_LIMIT} bytes')
    try:
        envelope = json.loads(outcome.out)
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict):
        raise _failed(script, f'failed: {_exit_detail(outcome)}')
    if 'result' in envelope:
        return envelope['result']
    error, detail = envelope.get('error'), envelope.get('detail')
    if error == 'no_hook':
        raise UserDataHookMissing(
            script=script, reason=f'class {class_name} has no method '
                                  f'{method}')
    reasons = {
        'class_missing': f'class {class_name} not found',
        'failed': f'failed: {_last_lines(detail)}',
        'not_dict': f'did not return a dict (returned {detail})',
        'not_json': f'returned a dict that is not JSON: '
                    f'{_last_lines(detail)}',
    }
    raise _failed(script, reasons.get(error, f'failed: {error}'))


def _exit_detail(outcome):
    """Why the child answered nothing: how it ended, and its stderr's last
    lines."""
    code = outcome.returncode
    if code < 0:
        try:
            ended = f'killed by {signal.Signals(-code).name}'
        except ValueError:
            ended = f'killed by signal {-code}'
    else:
        ended = f'exited with status {code} without a result'
    tail = _last_lines(outcome.err.decode('utf-8', 'replace'))
    return f'{ended}: {tail}' if tail else ended


def _last_lines(text):
    """The end of a traceback or of stderr, bounded for a ProblemDetails
    detail."""
    lines = str(text or '').strip().splitlines()[-_DETAIL_LINES:]
    return '\n'.join(lines)[-_DETAIL_CHARS:]


def _failed(script, reason):
    return UserDataFailed(script=script, reason=reason)
