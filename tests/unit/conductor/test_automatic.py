"""Automatic operations: started once due, behind any running one, once
each, by the policy driver's decision."""
import pytest

from tacker.common import exceptions
from tacker.common import states
from tacker.conductor import automatic
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import automatic as db_automatic
from tacker.db import instances as db_instances
from tacker.db import lcm_ops
from tests.unit import rows

PROJECT = 'project-a'
INFO = {'flavourId': 'small', 'vnfState': 'STARTED',
        'scaleStatus': [{'aspectId': 'worker_instance', 'scaleLevel': 0}],
        'vnfcResourceInfo': [
            {'id': 'c1', 'vduId': 'VDU1', 'computeResource': {
                'resourceId': 's1', 'vimLevelResourceType': 'x'}}]}


class Sent:
    def __init__(self):
        self.started = []

    def start_lcm_op(self, context, op_id):
        self.started.append(op_id)


@pytest.fixture
def context(database, admin_context):
    return admin_context


@pytest.fixture
def sent(monkeypatch):
    sent = Sent()
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: sent)
    return sent


@pytest.fixture
def instance(context, small):
    package = rows.onboarded_package(context, {'small': small}, PROJECT)
    return rows.instance(context, package, PROJECT,
                         instantiation_state=states.INSTANTIATED,
                         instantiated_vnf_info=INFO)


def ops(context, instance):
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            lcm_ops.OP.select().where(lcm_ops.OP.c.vnf_instance_id ==
                                      instance['id'])).mappings()]


def test_heal_requests_start_one_automatic_heal_once(context, sent,
                                                     instance):
    for _ in range(2):
        db_automatic.add(context, instance, 'vdu_autoheal',
                         {'vnfcInfoId': 'VDU1-c1'}, 0)
    runner = automatic.AutomaticOperations(CONF)
    assert runner.run(context) == 1
    assert runner.run(context) == 0
    [op] = ops(context, instance)
    assert (op['operation'], op['is_automatic_invocation'],
            op['operation_params']['vnfcInstanceId']) == (
        states.HEAL, True, ['VDU1-c1'])
    assert sent.started == [op['id']]


def test_a_busy_instance_keeps_its_requests_for_later(context, sent,
                                                      instance):
    rows.set_instance(context, instance['id'], locked_by_op='other-op')
    db_automatic.add(context, instance, 'autoscaling',
                     {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'}, 0)
    runner = automatic.AutomaticOperations(CONF)
    assert runner.run(context) == 0
    rows.set_instance(context, instance['id'], locked_by_op=None)
    assert runner.run(context) == 1
    assert ops(context, instance)[0]['operation'] == states.SCALE


def test_requests_another_conductor_took_start_nothing(context, sent,
                                                       instance):
    db_automatic.add(context, instance, 'vdu_autoheal',
                     {'vnfcInfoId': 'VDU1-c1'}, 0)
    stale = [request for request in db_automatic.due(context)
             if request['vnf_instance_id'] == instance['id']]
    db_automatic.discard(context, [request['id'] for request in stale])
    runner = automatic.AutomaticOperations(CONF)
    assert runner._serve(context, instance['id'], stale) == 0
    assert ops(context, instance) == [] and sent.started == []
    # The undone start left the instance free.
    assert db_instances.get(context, instance['id'])['locked_by_op'] is None


def test_a_request_not_due_yet_waits_and_the_log_policy_starts_nothing(
        context, sent, instance):
    db_automatic.add(context, instance, 'vdu_autoheal',
                     {'vnfcInfoId': 'VDU1-c1'}, 3600)
    db_automatic.add(context, instance, 'log', {'why': 'test'}, 0)
    runner = automatic.AutomaticOperations(CONF)
    assert runner.run(context) == 0
    assert [request['policy'] for request in db_automatic.due(context)
            if request['vnf_instance_id'] == instance['id']] == []
    assert ops(context, instance) == []


def test_the_taken_requests_must_all_be_there(context, instance):
    db_automatic.add(context, instance, 'log', {}, 0)
    [request] = [request for request in db_automatic.due(context)
                 if request['vnf_instance_id'] == instance['id']]
    with pytest.raises(exceptions.AutomaticRequestTaken):
        with db_api.writing(context) as session:
            db_automatic.take(session, [request['id'], 'gone'])
    assert request in db_automatic.due(context)
