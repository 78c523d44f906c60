"""The state facts every layer reads from ``tacker.common.states``."""
import inspect

import pytest

from tacker.common import states
from tacker.drivers.infra import base


def test_each_operation_state_is_running_waiting_or_final():
    waiting = set(states.LCM_OP) - states.LCM_OP_RUNNING - \
        states.LCM_OP_FINAL
    assert waiting == {states.FAILED_TEMP}
    assert not states.LCM_OP_RUNNING & states.LCM_OP_FINAL
    assert states.LCM_OP_FINAL == {states.COMPLETED, states.FAILED,
                                   states.ROLLED_BACK}


def test_every_driver_step_is_a_step_of_the_driver_contract():
    abstract = base.InfraDriver.__abstractmethods__
    steps = {operation.driver_step
             for operation in states.LCM_OPERATIONS.values()
             if operation.driver_step}
    assert steps == abstract - {'rollback'}
    for step in steps:
        assert list(inspect.signature(
            getattr(base.InfraDriver, step)).parameters) == ['self',
                                                             'request']


@pytest.mark.parametrize('operation, params, allowed', [
    (states.INSTANTIATE, {'flavourId': 'small'}, True),
    (states.SCALE, {'type': 'SCALE_OUT'}, True),
    (states.SCALE, {'type': 'SCALE_IN'}, False),
    (states.TERMINATE, None, False),
    (states.HEAL, {}, False),
    (states.CHANGE_EXT_CONN, {}, False),
    (states.CHANGE_VNFPKG, {'vnfdId': 'x'}, True),
    (states.MODIFY_INFO, {}, False),
])
def test_which_operations_may_be_rolled_back(operation, params, allowed):
    assert states.rollback_allowed(operation, params) is allowed


def test_only_operations_that_touch_resources_are_granted():
    assert states.GRANTED_OPERATIONS == {
        states.INSTANTIATE, states.TERMINATE, states.SCALE,
        states.SCALE_TO_LEVEL, states.HEAL, states.CHANGE_VNFPKG,
        states.CHANGE_FLAVOUR}


def test_a_forceful_cancel_is_not_downgraded_by_a_graceful_one():
    cancellation = base.Cancellation()
    cancellation.request(states.FORCEFUL)
    cancellation.request(states.GRACEFUL)
    assert cancellation.mode == states.FORCEFUL
