"""The conductor's bookkeeping of the occurrences it runs
(conductor/lcm.py)."""
import threading

from tacker.common import exceptions
from tacker.common import states
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


class _Refusing:
    """An infra driver whose validate refuses the package."""

    def validate(self, request):
        raise exceptions.PackageNotDeployable(driver='fake',
                                              reason='no templates')


def _starting(monkeypatch, workflows, driver):
    """Make ``workflows.start`` see one STARTING INSTANTIATE occurrence on
    a named VIM served by ``driver``; returns the moves and grants."""
    op = {'id': 'op', 'operation': 'INSTANTIATE', 'grant_id': None,
          'operation_state': states.STARTING, 'owner_host': None,
          'operation_params': {'flavourId': 'small', 'vimConnectionInfo': [
              {'id': 'v', 'vimType': 'fake'}]}}
    instance = {'id': 'i', 'project_id': 'p', 'vim_connection_info': None,
                'instantiated_vnf_info': None}
    seen = {'moves': [], 'grants': []}
    monkeypatch.setattr(lcm.db_ops, 'get_with_instance',
                        lambda context, op_id: (op, instance))
    monkeypatch.setattr(workflows, '_seal_params', lambda context, op: op)
    monkeypatch.setattr(workflows, '_vim_connections',
                        lambda *args: [{'id': 'v', 'vimType': 'fake'}])
    monkeypatch.setattr(workflows, '_prepare',
                        lambda *args, **kwargs: lcm._Step(driver, object(),
                                                          []))
    monkeypatch.setattr(workflows, '_grant',
                        lambda *args: seen['grants'].append(args))
    monkeypatch.setattr(workflows, '_move', lambda context, op_id, target,
                        **kwargs: seen['moves'].append(
                            (target, kwargs.get('op_values'))))
    return seen


def test_a_driver_refusal_comes_before_the_grant_and_rolls_back(
        monkeypatch):
    workflows = lcm.LcmWorkflows(CONF, 'host')
    seen = _starting(monkeypatch, workflows, _Refusing())

    workflows.start(None, 'op')

    assert seen['grants'] == []
    [(target, values)] = seen['moves']
    assert target == states.ROLLED_BACK
    assert values['error']['status'] == 422
    assert 'no templates' in values['error']['detail']
