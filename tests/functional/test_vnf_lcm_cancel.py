"""Cancelling LCM operations (SOL003 v2.6.1 5.4.17) through the real
server, conductor and RabbitMQ, with the noop driver's delay standing
for a long VIM call."""
import time

import pytest

from tests.functional import dbs
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

# The tests that stop no process share one deployment.
pytestmark = pytest.mark.parametrize('backend', dbs.backends('sqlite'),
                                     scope='module')
deployment = lcm.deployment
own_deployment = lcm.own_deployment
vnfd_id = lcm.vnfd_id


def cancel(deployment, op_id, mode):
    return deployment.request(
        'POST', '%s/vnf_lcm_op_occs/%s/cancel' % (lcm.API, op_id),
        json={'cancelMode': mode})


def test_forceful_cancel_ends_failed_temp_at_once(deployment, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op_id = lcm.task(deployment, vnf, 'instantiate',
                     lcm.instantiate_body(noop_delay_s=120))
    op = lcm.wait_op(deployment, op_id, ('PROCESSING',))
    assert 'cancel' in op['_links']
    assert cancel(deployment, op_id, 'FORCEFUL').status_code == 202
    op = lcm.wait_op(deployment, op_id, ('FAILED_TEMP',), timeout=20)
    assert 'cancelled (FORCEFUL)' in op['error']['detail']
    assert op['isCancelPending'] is False and 'cancelMode' not in op
    assert lcm.instance(deployment, vnf)['instantiationState'] == \
        'NOT_INSTANTIATED'

    # A rollback can be cancelled too; then fail ends the operation.
    url = '%s/vnf_lcm_op_occs/%s' % (lcm.API, op_id)
    assert deployment.request('POST', url + '/rollback').status_code == 202
    lcm.wait_op(deployment, op_id, ('ROLLING_BACK',))
    assert cancel(deployment, op_id, 'FORCEFUL').status_code == 202
    lcm.wait_op(deployment, op_id, ('FAILED_TEMP',), timeout=20,
                after=op['stateEnteredTime'])
    assert deployment.request('POST', url + '/fail').json()[
        'operationState'] == 'FAILED'
    pkgs.assert_problem(cancel(deployment, op_id, 'FORCEFUL'), 409)


def test_graceful_cancel_lets_the_vim_call_end(deployment, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op_id = lcm.task(deployment, vnf, 'instantiate',
                     lcm.instantiate_body(noop_delay_s=3))
    lcm.wait_op(deployment, op_id, ('PROCESSING',))
    assert cancel(deployment, op_id, 'GRACEFUL').status_code == 202
    op = deployment.get('%s/vnf_lcm_op_occs/%s' % (lcm.API, op_id)).json()
    assert (op['operationState'], op['isCancelPending'],
            op['cancelMode']) == ('PROCESSING', True, 'GRACEFUL')
    op = lcm.wait_op(deployment, op_id, ('FAILED_TEMP',), timeout=20)
    assert 'cancelled (GRACEFUL)' in op['error']['detail']


def test_cancel_before_a_conductor_took_it(own_deployment, tmp_path):
    deployment = own_deployment
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    vnf = lcm.new_instance(deployment, vnfd_id)
    deployment.stop_process('tacker-conductor')
    op_id = lcm.task(deployment, vnf, 'instantiate', lcm.instantiate_body())
    assert cancel(deployment, op_id, 'GRACEFUL').status_code == 202
    op = lcm.wait_op(deployment, op_id, ('FAILED_TEMP',), timeout=5)
    assert 'cancelled' in op['error']['detail']
    deployment.start_process('tacker-conductor')
    time.sleep(2)  # the conductor gets the cast, and leaves it alone
    assert lcm.wait_op(deployment, op_id)['operationState'] == 'FAILED_TEMP'
    assert deployment.request('POST', '%s/vnf_lcm_op_occs/%s/retry' % (
        lcm.API, op_id)).status_code == 202
    assert lcm.wait_op(deployment, op_id, ('COMPLETED',), timeout=30)


def test_cancel_errors(deployment, vnfd_id):
    vnf = lcm.new_instance(deployment, vnfd_id)
    op_id = lcm.task(deployment, vnf, 'instantiate', lcm.instantiate_body())
    assert lcm.wait_op(deployment, op_id)['operationState'] == 'COMPLETED'
    pkgs.assert_problem(cancel(deployment, op_id, 'FORCEFUL'), 409,
                        'COMPLETED')
    pkgs.assert_problem(cancel(deployment, op_id, 'SOFTLY'), 400,
                        'cancelMode')
    pkgs.assert_problem(cancel(deployment, 'nope', 'FORCEFUL'), 404)
