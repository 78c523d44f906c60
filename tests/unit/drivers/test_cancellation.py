"""Cancellation: how a client's cancel reaches a driver's step."""
import threading
import time

import pytest

from tacker.common import exceptions
from tacker.drivers.infra import base
from tacker.drivers.infra import noop


def test_forceful_cancel_cuts_a_wait_short():
    cancellation = base.Cancellation()
    threading.Timer(0.1, cancellation.request, ['FORCEFUL']).start()
    started = time.monotonic()
    with pytest.raises(exceptions.OperationCancelled, match='FORCEFUL'):
        cancellation.wait(30)
    assert time.monotonic() - started < 5


def test_graceful_cancel_lets_the_wait_end_then_stops_the_step():
    cancellation = base.Cancellation()
    cancellation.request('GRACEFUL')
    cancellation.wait(0.05)
    with pytest.raises(exceptions.OperationCancelled, match='GRACEFUL'):
        cancellation.check()


def test_forceful_is_not_downgraded_by_a_later_graceful():
    cancellation = base.Cancellation()
    cancellation.request('FORCEFUL')
    cancellation.request('GRACEFUL')
    assert cancellation.mode == 'FORCEFUL'


def test_noop_step_cancelled_during_its_delay_fails(small):
    request = base.LcmRequest(
        operation=base.INSTANTIATE, instance_id='i', flavour=small,
        flavour_id='small', params={'flavourId': 'small', 'additionalParams':
                                    {'noop_delay_s': 30}})
    threading.Timer(0.1, request.cancellation.request, ['FORCEFUL']).start()
    with pytest.raises(exceptions.OperationCancelled):
        noop.NoopDriver(conf=None).instantiate(request)
