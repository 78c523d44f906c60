"""Equal reads that arrive together share one read, never an earlier one."""
import threading

import pytest

from tacker.common import joint_reads

WAIT = 10


class _Database:
    """Reads that block until the test lets them answer, numbered in the
    order they started."""

    def __init__(self):
        self.started = []
        self.release = {}
        self.lock = threading.Lock()

    def read(self, fail=False):
        with self.lock:
            number = len(self.started) + 1
            self.started.append(number)
            release = self.release[number] = threading.Event()
        assert release.wait(WAIT)
        if fail:
            raise RuntimeError('read %d failed' % number)
        return number

    def wait_started(self, count):
        for _ in range(WAIT * 100):
            if len(self.started) >= count:
                return
            threading.Event().wait(0.01)
        raise AssertionError('%d reads started, not %d' % (
            len(self.started), count))


def _reader(reads, key, read, answers):
    thread = threading.Thread(
        target=lambda: answers.append(reads.read(key, read)), daemon=True)
    thread.start()
    return thread


def _joined(threads):
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive()


def test_readers_arriving_during_a_read_share_the_next_one():
    reads, database, answers = joint_reads.JointReads(), _Database(), []
    first = _reader(reads, 'page', database.read, answers)
    database.wait_started(1)
    late = [_reader(reads, 'page', database.read, answers)
            for _ in range(3)]
    threading.Event().wait(0.1)
    # None of them starts a read of its own, nor takes the first answer.
    assert database.started == [1]
    database.release[1].set()
    _joined([first])
    database.wait_started(2)
    database.release[2].set()
    _joined(late)
    assert sorted(answers) == [1, 2, 2, 2]
    assert database.started == [1, 2]


def test_readers_arriving_before_a_read_starts_share_it():
    """Those that arrive while the first runner gathers join its read,
    which starts after they arrived."""
    gathering, go = threading.Event(), threading.Event()

    def gather():
        gathering.set()
        assert go.wait(WAIT)

    reads, database, answers = (
        joint_reads.JointReads(gather), _Database(), [])
    first = _reader(reads, 'page', database.read, answers)
    assert gathering.wait(WAIT)
    others = [_reader(reads, 'page', database.read, answers)
              for _ in range(3)]
    threading.Event().wait(0.1)
    go.set()
    database.wait_started(1)
    database.release[1].set()
    _joined([first, *others])
    assert answers == [1, 1, 1, 1]
    assert database.started == [1]


def test_other_keys_read_on_their_own():
    reads, database, answers = joint_reads.JointReads(), _Database(), []
    threads = [_reader(reads, key, database.read, answers)
               for key in ('page 1', 'page 2')]
    database.wait_started(2)
    for event in database.release.values():
        event.set()
    _joined(threads)
    assert sorted(answers) == [1, 2]


def test_a_reader_after_the_reads_ended_reads_again():
    reads = joint_reads.JointReads()
    assert reads.read('page', lambda: 'one') == 'one'
    assert reads.read('page', lambda: 'two') == 'two'


def test_a_failed_read_fails_its_runner_and_the_others_read_alone():
    reads, database, answers, errors = (
        joint_reads.JointReads(), _Database(), [], [])

    def failing():
        try:
            reads.read('page', lambda: database.read(fail=True))
        except RuntimeError as error:
            errors.append(str(error))
    first = _reader(reads, 'page', database.read, answers)
    database.wait_started(1)
    # The first to join the next read runs it.
    runner = threading.Thread(target=failing, daemon=True)
    runner.start()
    threading.Event().wait(0.1)
    follower = _reader(reads, 'page', database.read, answers)
    threading.Event().wait(0.1)
    database.release[1].set()
    database.wait_started(2)
    database.release[2].set()
    database.wait_started(3)
    database.release[3].set()
    _joined([first, runner, follower])
    assert errors == ['read 2 failed']
    assert sorted(answers) == [1, 3]


def test_a_failed_read_leaves_the_key_free():
    reads = joint_reads.JointReads()

    def fail():
        raise RuntimeError('database gone')
    with pytest.raises(RuntimeError):
        reads.read('page', fail)
    assert reads.read('page', lambda: 'back') == 'back'
