"""Policy drivers: what a legacy VNF whose VDU failed its monitoring
does; a driver without monitoring action refuses to be named there."""
import pytest

from tacker.common import states
from tacker.conf import CONF
from tacker.drivers import policy

VNF = {'id': 'vnf-1'}


@pytest.mark.parametrize('name,task,attributes', [
    ('respawn', states.LEGACY_PENDING_HEAL, {'heal': {'respawn': 'VDU1'}}),
    ('vdu_autoheal', states.LEGACY_PENDING_HEAL, {'heal': {'vdu': 'VDU1'}}),
    ('log_and_kill', states.LEGACY_PENDING_DELETE, None),
    ('log', None, None),
    ('autoscaling', states.LEGACY_PENDING_SCALE_OUT,
     {'scale': {'type': 'out', 'vdu': 'VDU1'}}),
])
def test_monitoring_actions(name, task, attributes):
    driver = policy.load(name, CONF)
    assert driver.MONITOR_ACTION
    assert driver.on_vdu_failure(VNF, 'VDU1') == policy.base.MonitorAction(
        task, attributes)


def test_a_policy_without_monitoring_action_refuses():
    driver = policy.base.PolicyDriver(CONF)
    assert not driver.MONITOR_ACTION
    with pytest.raises(NotImplementedError):
        driver.on_vdu_failure(VNF, 'VDU1')


def test_a_monitoring_only_policy_drops_automatic_requests():
    decision = policy.load('respawn', CONF).decide(
        {'id': 'i'}, [{'id': 'r1', 'params': {}}, {'id': 'r2',
                                                   'params': {}}])
    assert (decision.served, decision.operation) == (['r1', 'r2'], None)
