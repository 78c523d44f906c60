"""The conductor's bookkeeping of the occurrences it runs (conductor/lcm.py)."""
import threading

from tacker.conductor import lcm
from tacker.conf import CONF


def test_a_message_behind_a_holder_waits_for_it_instead_of_being_dropped():
    workflows = lcm.LcmWorkflows(CONF, 'host')
    holding = threading.Event()
    release = threading.Event()
    got = []

    def stale_start():
        with workflows._running_op('op') as cancellation:
            assert cancellation is not None
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=stale_start)
    holder.start()
    holding.wait(5)

    def retry():
        with workflows._running_op('op') as cancellation:
            got.append(cancellation)

    waiter = threading.Thread(target=retry)
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive() and not got
    release.set()
    waiter.join(5)
    holder.join(5)
    assert got and got[0] is not None


def test_a_message_gives_up_when_the_holder_keeps_it(monkeypatch):
    monkeypatch.setattr(lcm, 'BUSY_WAIT', 0.1)
    workflows = lcm.LcmWorkflows(CONF, 'host')
    with workflows._running_op('op') as first:
        with workflows._running_op('op') as second:
            assert first is not None and second is None
    with workflows._running_op('op') as again:
        assert again is not None
