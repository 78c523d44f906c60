"""LCM workflows in the conductor (conductor/lcm.py), through the methods
the RPC manager calls, on the unit-test database and a recording infra
driver (the noop driver's results; failures on demand): where each
occurrence ends, what the instance holds then, what the driver was asked.
"""
import datetime
import threading
import time

from oslo_utils import timeutils
import pytest
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import kubernetes_manifests
from tacker.common import states
from tacker.conductor import granting
from tacker.conductor import lcm
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import grants as db_grants
from tacker.db import instances as db_instances
from tacker.db import lcm_ops
from tacker.db import packages as db_packages
from tacker.drivers import infra
from tacker.drivers.infra import base
from tacker.drivers.infra import noop
from tests.unit import rows

PROJECT = 'project-a'
HOST = 'lcm-host'
VIM = {'id': 'vim-1', 'vimType': 'recording'}


class RecordingDriver(base.InfraDriver):
    """The noop driver's steps, recorded; a step named in ``failures``
    raises that error once instead."""

    def __init__(self, conf):
        super().__init__(conf)
        self.noop = noop.NoopDriver(conf)
        self.calls = []
        self.failures = {}
        # Set: each step waits on the VIM until cancelled, signalling this.
        self.waiting = None

    def _step(self, name, request):
        self.calls.append((name, request.operation, request.flavour_id,
                           request.vim_connection.get('id')))
        if self.waiting is not None:
            self.waiting.set()
            request.cancellation.wait(10)
        error = self.failures.pop(name, None)
        if error is not None:
            raise error
        return getattr(self.noop, name)(request)

    def instantiate(self, request):
        return self._step('instantiate', request)

    def terminate(self, request):
        return self._step('terminate', request)

    def scale(self, request):
        return self._step('scale', request)

    def heal(self, request):
        return self._step('heal', request)

    def change_ext_conn(self, request):
        return self._step('change_ext_conn', request)

    def change_vnfpkg(self, request):
        return self._step('change_vnfpkg', request)

    def change_flavour(self, request):
        return self._step('change_flavour', request)

    def rollback(self, request):
        return self._step('rollback', request)


@pytest.fixture
def context(database, admin_context):
    return admin_context


@pytest.fixture
def driver(monkeypatch):
    driver = RecordingDriver(CONF)
    loaded = []

    def load(vim_type, conf):
        loaded.append(vim_type)
        return driver
    monkeypatch.setattr(infra, 'load', load)
    driver.loaded = loaded
    return driver


@pytest.fixture
def workflows(driver):
    return lcm.LcmWorkflows(CONF, HOST)


@pytest.fixture
def instance_id(context, small):
    package = rows.onboarded_package(context, {'small': small}, PROJECT)
    return rows.instance(context, package, PROJECT)['id']


def begin(context, workflows, instance_id, operation, params):
    """What the API does (lock, STARTING), then the start cast."""
    op = lcm_ops.start(context, instance_id, PROJECT, operation, params)
    workflows.start(context, op['id'])
    return op['id']


def instantiate(context, workflows, instance_id):
    return begin(context, workflows, instance_id, 'INSTANTIATE',
                 {'flavourId': 'small', 'vimConnectionInfo': [VIM]})


def grants_of(context, op_id):
    with db_api.reader.using(context) as session:
        return session.execute(sa.select(db_grants.GRANT.c.id).where(
            db_grants.GRANT.c.vnf_lcm_op_occ_id == op_id)).scalars().all()


def state(context, op_id):
    return lcm_ops.get(context, op_id)['operation_state']


def instance_of(context, op_id):
    return db_instances.get(context,
                            lcm_ops.get(context, op_id)['vnf_instance_id'])


def vnfcs(instance, vdu_id=None):
    return [vnfc for vnfc in
            instance['instantiated_vnf_info']['vnfcResourceInfo']
            if vdu_id in (None, vnfc['vduId'])]


def test_instantiate_completes_and_records_the_vnf(context, workflows,
                                                   driver, instance_id):
    op_id = instantiate(context, workflows, instance_id)
    op = lcm_ops.get(context, op_id)
    assert (op['operation_state'], op['owner_host'], op['error']) == (
        states.COMPLETED, HOST, None)
    assert op['grant_id'] is not None
    instance = db_instances.get(context, instance_id)
    assert instance['instantiation_state'] == states.INSTANTIATED
    assert instance['locked_by_op'] is None
    assert instance['instantiated_vnf_info']['flavourId'] == 'small'
    assert [v['id'] for v in instance['vim_connection_info']] == ['vim-1']
    added = op['resource_changes']['affectedVnfcs']
    assert {a['id'] for a in added} == {v['id'] for v in vnfcs(instance)}
    assert {a['changeType'] for a in added} == {'ADDED'}
    assert driver.calls == [('instantiate', 'INSTANTIATE', 'small',
                             'vim-1')]
    assert set(driver.loaded) == {'recording'}


def test_terminate_completes_and_empties_the_instance(
        context, workflows, driver, instance_id):
    instantiate(context, workflows, instance_id)
    op_id = begin(context, workflows, instance_id, 'TERMINATE',
                  {'terminationType': 'FORCEFUL'})
    assert state(context, op_id) == states.COMPLETED
    instance = db_instances.get(context, instance_id)
    assert (instance['instantiation_state'], instance['locked_by_op'],
            instance['instantiated_vnf_info']) == (
        states.NOT_INSTANTIATED, None, None)
    removed = lcm_ops.get(context, op_id)['resource_changes']
    assert {a['changeType'] for a in removed['affectedVnfcs']} == {
        'REMOVED'}
    # The VIM stored by INSTANTIATE is the one TERMINATE reaches.
    assert driver.calls[-1] == ('terminate', 'TERMINATE', 'small', 'vim-1')


def test_scale_out_then_in_adds_and_removes_one_worker(
        context, workflows, instance_id):
    instantiate(context, workflows, instance_id)
    before = vnfcs(db_instances.get(context, instance_id), 'VDU1')
    out = begin(context, workflows, instance_id, 'SCALE',
                {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})
    assert state(context, out) == states.COMPLETED
    scaled = vnfcs(db_instances.get(context, instance_id), 'VDU1')
    assert len(scaled) == len(before) + 1
    back = begin(context, workflows, instance_id, 'SCALE',
                 {'type': 'SCALE_IN', 'aspectId': 'worker_instance'})
    assert state(context, back) == states.COMPLETED
    assert [v['id'] for v in vnfcs(db_instances.get(context, instance_id),
                                   'VDU1')] == [v['id'] for v in before]


def test_heal_of_a_vnfc_completes_and_reports_it_modified(
        context, workflows, driver, instance_id):
    instantiate(context, workflows, instance_id)
    target = vnfcs(db_instances.get(context, instance_id))[0]
    op_id = begin(context, workflows, instance_id, 'HEAL',
                  {'vnfcInstanceId': [target['id']]})
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.COMPLETED
    assert [(a['id'], a['changeType'])
            for a in op['resource_changes']['affectedVnfcs']] == [
        (target['id'], 'MODIFIED')]
    assert db_instances.get(context, instance_id)['locked_by_op'] is None
    assert driver.calls[-1][0] == 'heal'


def test_a_driver_failure_ends_failed_temp_with_the_error_recorded(
        context, workflows, driver, instance_id):
    driver.failures['instantiate'] = exceptions.VimOperationFailed(
        action='create stack vnf-x', reason='Quota exceeded')
    op_id = instantiate(context, workflows, instance_id)
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'Quota exceeded' in op['error']['detail']
    assert op['error']['status'] == 502
    instance = db_instances.get(context, instance_id)
    assert instance['locked_by_op'] == op_id
    assert instance['instantiation_state'] == states.NOT_INSTANTIATED
    with pytest.raises(exceptions.InstanceBusy):
        lcm_ops.start(context, instance_id, PROJECT, 'MODIFY_INFO', {})


def test_an_unexpected_driver_error_is_recorded_without_its_internals(
        context, workflows, driver, instance_id):
    driver.failures['instantiate'] = RuntimeError('secret internals')
    op_id = instantiate(context, workflows, instance_id)
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'RuntimeError' in op['error']['detail']
    assert 'secret internals' not in str(op['error'])


def test_retry_after_a_failure_completes_and_clears_the_error(
        context, workflows, driver, instance_id):
    driver.failures['instantiate'] = exceptions.VimOperationFailed(
        action='create stack', reason='timeout')
    op_id = instantiate(context, workflows, instance_id)
    grant_id = lcm_ops.get(context, op_id)['grant_id']
    workflows.retry(context, op_id)
    op = lcm_ops.get(context, op_id)
    assert (op['operation_state'], op['error']) == (states.COMPLETED, None)
    assert op['grant_id'] == grant_id
    instance = db_instances.get(context, instance_id)
    assert (instance['instantiation_state'], instance['locked_by_op']) == (
        states.INSTANTIATED, None)
    assert [call[0] for call in driver.calls] == ['instantiate'] * 2


def test_rollback_of_a_failed_instantiate_ends_rolled_back(
        context, workflows, driver, instance_id):
    driver.failures['instantiate'] = exceptions.VimOperationFailed(
        action='create stack', reason='no capacity')
    op_id = instantiate(context, workflows, instance_id)
    workflows.rollback(context, op_id)
    op = lcm_ops.get(context, op_id)
    assert (op['operation_state'], op['error']) == (states.ROLLED_BACK,
                                                    None)
    instance = db_instances.get(context, instance_id)
    assert (instance['instantiation_state'], instance['locked_by_op'],
            instance['instantiated_vnf_info']) == (
        states.NOT_INSTANTIATED, None, None)
    assert driver.calls[-1][:2] == ('rollback', 'INSTANTIATE')


def test_rollback_of_a_failed_scale_out_returns_to_the_vnf_before(
        context, workflows, driver, instance_id):
    instantiate(context, workflows, instance_id)
    before = db_instances.get(context, instance_id)['instantiated_vnf_info']
    driver.failures['scale'] = exceptions.VimOperationFailed(
        action='update stack', reason='no capacity')
    op_id = begin(context, workflows, instance_id, 'SCALE',
                  {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})
    workflows.rollback(context, op_id)
    assert state(context, op_id) == states.ROLLED_BACK
    instance = db_instances.get(context, instance_id)
    assert instance['instantiation_state'] == states.INSTANTIATED
    assert [v['id'] for v in vnfcs(instance)] == [
        v['id'] for v in before['vnfcResourceInfo']]


def test_a_failed_rollback_ends_failed_temp_again(context, workflows,
                                                  driver, instance_id):
    driver.failures['instantiate'] = exceptions.VimOperationFailed(
        action='create stack', reason='first')
    op_id = instantiate(context, workflows, instance_id)
    driver.failures['rollback'] = exceptions.VimOperationFailed(
        action='delete stack', reason='second')
    workflows.rollback(context, op_id)
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'second' in op['error']['detail']
    assert instance_of(context, op_id)['locked_by_op'] == op_id


def test_after_fail_the_instance_is_free_and_retry_does_nothing(
        context, workflows, driver, instance_id):
    driver.failures['instantiate'] = exceptions.VimOperationFailed(
        action='create stack', reason='x')
    op_id = instantiate(context, workflows, instance_id)
    assert lcm_ops.transition(context, op_id, states.FAILED)
    workflows.retry(context, op_id)
    workflows.rollback(context, op_id)
    assert state(context, op_id) == states.FAILED
    assert len(driver.calls) == 1
    assert db_instances.get(context, instance_id)['locked_by_op'] is None


def test_a_repeated_start_message_runs_the_operation_once(
        context, workflows, driver, instance_id):
    op_id = instantiate(context, workflows, instance_id)
    workflows.start(context, op_id)
    lcm.LcmWorkflows(CONF, 'other-host').start(context, op_id)
    assert state(context, op_id) == states.COMPLETED
    assert len(driver.calls) == 1


def test_copies_of_a_start_read_before_either_claims_run_it_once(
        context, workflows, driver, instance_id, monkeypatch):
    """Two conductors read the STARTING occurrence, then each grants it
    locally: only the first move to PROCESSING claims it."""
    op = lcm_ops.start(context, instance_id, PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small', 'vimConnectionInfo': [VIM]})
    read_early = lcm_ops.get_with_instance(context, op['id'])
    workflows.start(context, op['id'])
    monkeypatch.setattr(lcm.db_ops, 'get_with_instance',
                        lambda context, op_id: read_early)
    lcm.LcmWorkflows(CONF, 'other-host').start(context, op['id'])
    op = lcm_ops.get(context, op['id'])
    assert (op['operation_state'], op['owner_host']) == (
        states.COMPLETED, HOST)
    assert len(driver.calls) == 1
    assert grants_of(context, op['id']) == [op['grant_id']]


def test_an_external_nfvo_is_asked_once_the_operation_is_claimed(
        context, workflows, driver, instance_id, monkeypatch):
    owners = []

    class Remote(granting.LocalNfvo):
        name = 'remote'
        remote = True

        def grant(self, request, vims, cancellation):
            owners.append(lcm_ops.get(
                context, request['vnfLcmOpOccId'])['owner_host'])
            return super().grant(request, vims, cancellation)
    monkeypatch.setattr(granting, 'nfvo', lambda conf, base: Remote(base))
    op_id = instantiate(context, workflows, instance_id)
    assert owners == [HOST]
    assert state(context, op_id) == states.COMPLETED
    assert grants_of(context, op_id) == [lcm_ops.get(context,
                                                     op_id)['grant_id']]


def test_a_package_vnfd_is_read_once_by_a_conductor(
        context, workflows, driver, instance_id, monkeypatch):
    reads = []
    get_vnfd = lcm.db_packages.get_vnfd
    monkeypatch.setattr(lcm.db_packages, 'get_vnfd', lambda *args: (
        reads.append(args[1]) or get_vnfd(*args)))
    # Nor the package with its images and artifacts, for its files.
    get_package = lcm.db_packages.get
    monkeypatch.setattr(lcm.db_packages, 'get', lambda *args: (
        reads.append(('whole', args[1])) or get_package(*args)))
    instantiate(context, workflows, instance_id)
    begin(context, workflows, instance_id, 'SCALE',
          {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})
    assert state(context, begin(context, workflows, instance_id, 'TERMINATE',
                                {})) == states.COMPLETED
    assert len(reads) == 1


def test_a_message_for_an_occurrence_that_is_gone_does_nothing(
        context, workflows, driver):
    workflows.start(context, 'no-such-op')
    workflows.retry(context, 'no-such-op')
    assert driver.calls == []


def test_a_start_another_conductor_claimed_is_left_to_it(
        context, workflows, driver, instance_id):
    """A copy of the start cast (sent again by recovery) reaching this
    conductor while another one grants the operation."""
    op = lcm_ops.start(context, instance_id, PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small', 'vimConnectionInfo': [VIM]})
    assert lcm_ops.claim(context, op['id'], 'other-host',
                         [states.STARTING], unowned=True)
    workflows.start(context, op['id'])
    op = lcm_ops.get(context, op['id'])
    assert (op['operation_state'], op['owner_host']) == (
        states.STARTING, 'other-host')
    assert driver.calls == []


def test_an_operation_another_conductor_moved_on_is_left_to_it(
        context, workflows, driver, instance_id):
    op = lcm_ops.start(context, instance_id, PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small', 'vimConnectionInfo': [VIM]})
    rows.set_op(context, op['id'], operation_state=states.PROCESSING,
                owner_host='other-host')
    workflows.start(context, op['id'])
    op = lcm_ops.get(context, op['id'])
    assert (op['operation_state'], op['owner_host']) == (
        states.PROCESSING, 'other-host')
    assert driver.calls == []


def test_a_grant_the_nfvo_rejects_rolls_the_operation_back(
        context, workflows, driver, instance_id, monkeypatch):
    class Rejecting:
        name = 'rejecting'
        remote = True

        def grant(self, request, vims, cancellation):
            raise exceptions.GrantRejected(reason='no quota')
    monkeypatch.setattr(granting, 'nfvo', lambda conf, base: Rejecting())
    op_id = instantiate(context, workflows, instance_id)
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.ROLLED_BACK
    assert 'no quota' in op['error']['detail']
    assert db_instances.get(context, instance_id)['locked_by_op'] is None
    assert driver.calls == []


def test_a_cancel_before_processing_ends_failed_temp_untouched(
        context, workflows, driver, instance_id):
    op = lcm_ops.start(context, instance_id, PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small', 'vimConnectionInfo': [VIM]})
    lcm_ops.request_cancel(context, op['id'], PROJECT, 'GRACEFUL')
    workflows.start(context, op['id'])
    op = lcm_ops.get(context, op['id'])
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'cancelled' in op['error']['detail']
    assert driver.calls == []


def test_a_forceful_cancel_stops_the_running_step(context, workflows,
                                                  driver, instance_id):
    driver.waiting = threading.Event()
    op = lcm_ops.start(context, instance_id, PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small', 'vimConnectionInfo': [VIM]})
    started = time.monotonic()
    running = threading.Thread(target=workflows.start,
                               args=(context, op['id']))
    running.start()
    assert driver.waiting.wait(10)
    assert state(context, op['id']) == states.PROCESSING
    lcm_ops.request_cancel(context, op['id'], PROJECT, 'FORCEFUL')
    workflows.cancel(context, op['id'])
    running.join(10)
    assert time.monotonic() - started < 10
    op = lcm_ops.get(context, op['id'])
    assert op['operation_state'] == states.FAILED_TEMP
    assert 'FORCEFUL' in op['error']['detail']
    assert db_instances.get(context, instance_id)['instantiation_state'] \
        == states.NOT_INSTANTIATED


@pytest.mark.parametrize('additional_params, vim_type', [
    (None, 'openstack'),
    ({kubernetes_manifests.DEF_FILES: ['Files/a.yaml']}, 'kubernetes')])
def test_without_any_vim_the_operation_fails_naming_the_default_it_lacks(
        context, workflows, driver, instance_id, additional_params,
        vim_type):
    op_id = begin(context, workflows, instance_id, 'INSTANTIATE',
                  {'flavourId': 'small',
                   'additionalParams': additional_params})
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.FAILED_TEMP
    assert 400 <= op['error']['status'] < 500
    assert 'no default VIM of type %s' % vim_type in op['error']['detail']
    assert driver.calls == []


class RecordingConductorApi:
    def __init__(self):
        self.started = []

    def start_lcm_op(self, context, op_id):
        self.started.append(op_id)


def test_recovery_settles_what_a_dead_conductor_left(
        context, workflows, small, monkeypatch):
    sent = RecordingConductorApi()
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: sent)
    package = rows.onboarded_package(context, {'small': small}, PROJECT)
    stale = timeutils.utcnow() - datetime.timedelta(
        seconds=CONF.service_down_time + 60)

    def op_left(**values):
        op_id = lcm_ops.start(
            context, rows.instance(context, package, PROJECT)['id'],
            PROJECT, 'INSTANTIATE', {})['id']
        rows.set_op(context, op_id, **values)
        return op_id

    processing = op_left(operation_state=states.PROCESSING,
                         owner_host='lcm-dead-host')
    claimed = op_left(owner_host='lcm-dead-host', updated_at=stale)
    workflows.recover(context)
    assert state(context, processing) == states.FAILED_TEMP
    assert 'conductor' in lcm_ops.get(context, processing)['error'][
        'detail']
    assert instance_of(context, processing)['locked_by_op'] == processing
    assert state(context, claimed) == states.ROLLED_BACK
    assert instance_of(context, claimed)['locked_by_op'] is None
    assert not {processing, claimed} & set(sent.started)


def test_recovery_sends_again_a_start_nobody_claimed(
        context, workflows, small, monkeypatch):
    """A lost (or long-queued) start cast: sent again once per
    service_down_time, never rolled back; the copy that comes second
    finds the occurrence claimed and does nothing."""
    sent = RecordingConductorApi()
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: sent)
    package = rows.onboarded_package(context, {'small': small}, PROJECT)
    op_id = lcm_ops.start(
        context, rows.instance(context, package, PROJECT)['id'], PROJECT,
        'INSTANTIATE', {'flavourId': 'small', 'vimConnectionInfo': [VIM]}
    )['id']
    rows.set_op(context, op_id, updated_at=timeutils.utcnow() -
                datetime.timedelta(seconds=CONF.service_down_time + 60))
    # (The unit-test database may hold other tests' stale ops too.)
    workflows.recover(context)
    assert sent.started.count(op_id) == 1
    assert state(context, op_id) == states.STARTING
    workflows.recover(context)
    assert sent.started.count(op_id) == 1  # dated anew: not yet again
    workflows.start(context, op_id)
    workflows.start(context, op_id)
    assert state(context, op_id) == states.COMPLETED


def test_modify_info_completes_with_the_changed_info(context, workflows,
                                                     instance_id):
    op_id = begin(context, workflows, instance_id, 'MODIFY_INFO',
                  {'vnfInstanceName': 'renamed'})
    op = lcm_ops.get(context, op_id)
    assert op['operation_state'] == states.COMPLETED
    assert op['changed_info']['vnfInstanceName'] == 'renamed'
    instance = db_instances.get(context, instance_id)
    assert (instance['vnf_instance_name'], instance['locked_by_op']) == (
        'renamed', None)


def usage(context, package_id):
    return db_packages.get(context, package_id)['usage_state']


def test_change_vnfpkg_moves_the_instance_and_both_usage_states(
        context, workflows, instance_id, small):
    instantiate(context, workflows, instance_id)
    old_package = db_instances.get(context, instance_id)['vnf_pkg_id']
    new_package = rows.onboarded_package(
        context, {'small': dict(small, software_images={
            'VDU1': 'vdu1-image-v2', 'VirtualStorage': 'root-v2'})}, PROJECT)
    op = lcm_ops.start(context, instance_id, PROJECT, 'CHANGE_VNFPKG',
                       {'vnfdId': new_package['vnfd_id']},
                       target_vnfd_id=new_package['vnfd_id'])
    # IN_USE from the moment the operation names it.
    assert usage(context, new_package['id']) == states.IN_USE
    workflows.start(context, op['id'])
    op = lcm_ops.get(context, op['id'])
    assert op['operation_state'] == states.COMPLETED
    assert op['changed_info']['vnfdId'] == new_package['vnfd_id']
    instance = db_instances.get(context, instance_id)
    assert (instance['vnfd_id'], instance['vnf_pkg_id']) == (
        new_package['vnfd_id'], new_package['id'])
    changed = op['resource_changes']['affectedVnfcs']
    assert {change['vduId'] for change in changed} == {'VDU1', 'VDU2'}
    assert {change['changeType'] for change in changed} == {'MODIFIED'}
    assert (usage(context, old_package),
            usage(context, new_package['id'])) == (states.NOT_IN_USE,
                                                   states.IN_USE)


def test_a_rolled_back_change_vnfpkg_keeps_the_old_package(
        context, workflows, driver, instance_id, small):
    instantiate(context, workflows, instance_id)
    old_package = db_instances.get(context, instance_id)['vnf_pkg_id']
    new_package = rows.onboarded_package(context, {'small': small}, PROJECT)
    driver.failures['change_vnfpkg'] = exceptions.VimOperationFailed(
        action='update stack', reason='no')
    op = lcm_ops.start(context, instance_id, PROJECT, 'CHANGE_VNFPKG',
                       {'vnfdId': new_package['vnfd_id']},
                       target_vnfd_id=new_package['vnfd_id'])
    workflows.start(context, op['id'])
    assert state(context, op['id']) == states.FAILED_TEMP
    assert usage(context, new_package['id']) == states.IN_USE
    workflows.rollback(context, op['id'])
    assert state(context, op['id']) == states.ROLLED_BACK
    assert driver.calls[-1][:2] == ('rollback', 'CHANGE_VNFPKG')
    instance = db_instances.get(context, instance_id)
    assert instance['vnf_pkg_id'] == old_package
    assert (usage(context, old_package),
            usage(context, new_package['id'])) == (states.IN_USE,
                                                   states.NOT_IN_USE)
