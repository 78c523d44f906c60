"""Rollback undoes only what SOL003 v2.6.1 5.4.15 and the drivers allow:
the conductor refuses the others itself, whatever the API let through."""
import json

from oslo_utils import uuidutils
import pytest

from tacker.common import exceptions
from tacker.common import states
from tacker.conductor import lcm
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import lcm_ops as db_ops
from tests.unit.api.test_dispatch import assert_problem


@pytest.fixture
def failed_op(admin_context, make_instance):
    """``failed_op(operation, params)``: the id of a FAILED_TEMP occurrence
    of ``operation`` on a new instance in the state it needs."""
    def make(operation, params):
        project = uuidutils.generate_uuid()
        instance_id = make_instance(
            project, states.LCM_OPERATIONS[operation].needs
            or states.INSTANTIATED)
        op = db_ops.start(admin_context, instance_id, project, operation,
                          params)
        assert db_ops.transition(admin_context, op['id'],
                                 states.FAILED_TEMP)
        return op['id']
    return make


@pytest.mark.parametrize('operation, params', [
    (states.TERMINATE, {'terminationType': 'FORCEFUL'}),
    (states.HEAL, {}),
    (states.CHANGE_EXT_CONN, {'extVirtualLinks': []}),
    (states.MODIFY_INFO, {}),
    (states.SCALE, {'type': 'SCALE_IN', 'aspectId': 'a'}),
])
def test_the_conductor_refuses_to_roll_back_what_cannot_be(
        admin_context, failed_op, operation, params):
    op_id = failed_op(operation, params)

    with pytest.raises(exceptions.RollbackNotAllowed) as refused:
        lcm.LcmWorkflows(CONF, 'host').rollback(admin_context, op_id)

    assert refused.value.status == 409
    assert operation in refused.value.detail
    op = db_ops.get(admin_context, op_id)
    assert op['operation_state'] == states.FAILED_TEMP
    assert op['owner_host'] is None


def test_the_conductor_rolls_back_a_scale_out(admin_context, failed_op,
                                              monkeypatch):
    op_id = failed_op(states.SCALE, {'type': 'SCALE_OUT', 'aspectId': 'a'})
    # No VIM here: the rollback gets past the refusal, claims the
    # occurrence and fails at preparing the driver.
    monkeypatch.setattr(lcm.LcmWorkflows, '_prepare', _no_vim)

    lcm.LcmWorkflows(CONF, 'host').rollback(admin_context, op_id)

    op = db_ops.get(admin_context, op_id)
    assert op['owner_host'] == 'host'
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'no VIM in this test' in op['error']['detail']


def _no_vim(self, context, op, instance, cancellation):
    raise exceptions.BadRequest('no VIM in this test')


def test_the_api_refuses_it_first_and_offers_no_rollback_link(
        api, failed_op, monkeypatch):
    op_id = failed_op(states.HEAL, {})
    monkeypatch.setattr(rpcapi, 'conductor_api', _no_conductor)
    path = '/vnflcm/v1/vnf_lcm_op_occs/' + op_id

    problem = assert_problem(api('POST', path + '/rollback'), 409)

    assert 'HEAL' in problem['detail']
    shown = json.loads(api('GET', path).body)
    assert {'retry', 'fail'} <= set(shown['_links'])
    assert 'rollback' not in shown['_links']


def _no_conductor():
    raise AssertionError('the API must not ask the conductor')
