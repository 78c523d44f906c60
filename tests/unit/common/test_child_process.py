"""Bounded child processes: limits hold, and the caller learns how the
child ended."""
import signal
import time

from tacker.common import child_process

MODULE = 'tests.unit.common.misbehaving_child'
MIB = 1024 * 1024


def run(request, timeout=30, memory=512 * MIB, **kwargs):
    return child_process.run(MODULE, request, timeout, memory, MIB,
                             **kwargs)


def test_the_answer_comes_back_and_prints_do_not_spoil_it():
    outcome = run({'do': 'print', 'echo': {'a': [1]}})
    assert outcome.envelope() == {'result': {'a': [1]}}
    assert b'not the answer' in outcome.err


def test_a_crash_is_reported_not_shared():
    outcome = run({'do': 'crash'})
    assert outcome.envelope() is None
    assert outcome.returncode == -signal.SIGSEGV
    assert outcome.ending() == 'killed by SIGSEGV'


def test_cpu_time_is_limited():
    start = time.monotonic()
    outcome = run({'do': 'spin'}, timeout=30, cpu_seconds=1)
    assert outcome.returncode in (-signal.SIGXCPU, -signal.SIGKILL)
    assert time.monotonic() - start < 15


def test_wall_time_is_limited():
    outcome = run({'do': 'spin'}, timeout=1, cpu_seconds=60)
    assert outcome.timed_out
    assert outcome.returncode == -signal.SIGKILL


def test_memory_is_limited():
    assert run({'do': 'allocate', 'bytes': 64 * MIB}).envelope() == {
        'result': 64 * MIB}
    assert run({'do': 'allocate', 'bytes': 1024 * MIB}).envelope() == {
        'error': 'memory'}


def test_too_long_an_answer_stops_the_child():
    outcome = run({'do': 'echo', 'echo': 'x' * (2 * MIB)})
    assert outcome.too_large
