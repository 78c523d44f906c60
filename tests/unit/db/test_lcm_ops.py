"""LCM operation occurrences in the database (db/lcm_ops.py): the
instance lock, the state machine's conditional UPDATEs, ownership."""
import datetime
import itertools
import logging

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.common import sol013
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import grants as db_grants
from tacker.db import instances as db_instances
from tacker.db import lcm_ops
from tacker.db import subscriptions as db_subscriptions
from tests.unit import rows
from tests.unit import sql

PROJECT = 'project-a'
ALL_STATES = sorted(states.LCM_OP)


@pytest.fixture
def context(database, admin_context):
    return admin_context


@pytest.fixture(scope='module')
def package(database):
    return rows.onboarded_package(tacker_context.get_admin_context(), {})


def new_instance(context, package, **values):
    return rows.instance(context, package, PROJECT, **values)


def op_in(context, package, state, **values):
    """An occurrence of a fresh INSTANTIATE forced into ``state``."""
    instance = new_instance(context, package)
    op = lcm_ops.start(context, instance['id'], PROJECT, 'INSTANTIATE',
                       {'flavourId': 'small'})
    rows.set_op(context, op['id'], operation_state=state, **values)
    return op['id']


def locked_by(context, op_id):
    op = lcm_ops.get(context, op_id)
    return db_instances.get(context, op['vnf_instance_id'])['locked_by_op']


def test_start_locks_the_instance_and_records_a_starting_occurrence(
        context, package):
    instance = new_instance(context, package)
    seen = []
    op = lcm_ops.start(
        context, instance['id'], PROJECT, 'INSTANTIATE',
        {'flavourId': 'small'},
        on_change=lambda session, op, inst: seen.append((op, inst)))
    assert (op['operation'], op['operation_state'], op['vnf_instance_id'],
            op['project_id'], op['operation_params'], op['owner_host'],
            op['is_cancel_pending']) == (
        'INSTANTIATE', states.STARTING, instance['id'], PROJECT,
        {'flavourId': 'small'}, None, False)
    assert db_instances.get(context, instance['id'])['locked_by_op'] == \
        op['id']
    assert [(o['id'], i['locked_by_op']) for o, i in seen] == [
        (op['id'], op['id'])]


def test_start_on_a_locked_instance_is_busy_and_records_nothing(
        context, package):
    instance = new_instance(context, package)
    first = lcm_ops.start(context, instance['id'], PROJECT, 'INSTANTIATE',
                          {})
    with pytest.raises(exceptions.InstanceBusy) as raised:
        lcm_ops.start(context, instance['id'], PROJECT, 'MODIFY_INFO', {})
    assert first['id'] in str(raised.value)
    assert db_instances.get(context, instance['id'])['locked_by_op'] == \
        first['id']
    listed, _ = lcm_ops.list_page(
        context, None, [lcm_ops.OP.c.vnf_instance_id == instance['id']],
        lambda op: True, None, 0)
    assert [op['id'] for op in listed] == [first['id']]


@pytest.mark.parametrize('operation', ['TERMINATE', 'SCALE', 'HEAL',
                                       'CHANGE_EXT_CONN'])
def test_an_operation_on_a_not_instantiated_instance_is_a_conflict(
        context, package, operation):
    instance = new_instance(context, package)
    with pytest.raises(exceptions.InstanceStateConflict):
        lcm_ops.start(context, instance['id'], PROJECT, operation, {})
    assert db_instances.get(context, instance['id'])['locked_by_op'] is None


def test_instantiate_twice_is_a_conflict_and_modify_info_runs_in_any_state(
        context, package):
    instance = new_instance(context, package,
                            instantiation_state=states.INSTANTIATED)
    with pytest.raises(exceptions.InstanceStateConflict):
        lcm_ops.start(context, instance['id'], PROJECT, 'INSTANTIATE', {})
    op = lcm_ops.start(context, instance['id'], PROJECT, 'MODIFY_INFO', {})
    assert op['operation_state'] == states.STARTING


def test_an_instance_of_another_project_is_not_found(context, package):
    instance = new_instance(context, package)
    with pytest.raises(exceptions.VnfInstanceNotFound):
        lcm_ops.start(context, instance['id'], 'project-b', 'INSTANTIATE',
                      {})
    assert db_instances.get(context, instance['id'])['locked_by_op'] is None


def test_an_occurrence_of_another_project_is_not_found(context, package):
    op_id = op_in(context, package, states.STARTING)
    assert lcm_ops.get(context, op_id, PROJECT)['id'] == op_id
    with pytest.raises(exceptions.LcmOpOccNotFound):
        lcm_ops.get(context, op_id, 'project-b')
    with pytest.raises(exceptions.LcmOpOccNotFound):
        lcm_ops.request_cancel(context, op_id, 'project-b', 'GRACEFUL')


@pytest.mark.parametrize('source,target',
                         list(itertools.product(ALL_STATES, ALL_STATES)))
def test_a_transition_happens_exactly_when_the_state_table_allows_it(
        context, package, source, target):
    op_id = op_in(context, package, source)
    moved = lcm_ops.transition(context, op_id, target)
    assert (moved is not None) == (target in states.LCM_OP[source])
    assert lcm_ops.get(context, op_id)['operation_state'] == (
        target if moved else source)


def test_sol003_transitions_that_must_be_refused(context, package):
    """SOL003 v2.6.1 5.6.2.2 (operationState): an ended occurrence never
    changes, and only FAILED_TEMP leads to ROLLING_BACK or FAILED."""
    for source, target in [(states.COMPLETED, states.PROCESSING),
                           (states.FAILED, states.FAILED_TEMP),
                           (states.ROLLED_BACK, states.PROCESSING),
                           (states.STARTING, states.COMPLETED),
                           (states.PROCESSING, states.ROLLING_BACK),
                           (states.PROCESSING, states.FAILED)]:
        op_id = op_in(context, package, source)
        assert lcm_ops.transition(context, op_id, target) is None, (
            source, target)


def test_a_final_state_releases_the_lock_and_applies_instance_values(
        context, package):
    op_id = op_in(context, package, states.STARTING)
    entered = lcm_ops.get(context, op_id)['state_entered_time']
    op, instance = lcm_ops.transition(
        context, op_id, states.PROCESSING,
        instance_values={'instantiation_state': states.INSTANTIATED})
    assert instance['locked_by_op'] == op_id
    assert instance['instantiation_state'] == states.INSTANTIATED
    assert op['state_entered_time'] >= entered
    op, instance = lcm_ops.transition(
        context, op_id, states.COMPLETED,
        op_values={'resource_changes': {'affectedVnfcs': []}},
        instance_values={'instantiated_vnf_info': {'flavourId': 'small'}})
    assert op['operation_state'] == states.COMPLETED
    assert op['resource_changes'] == {'affectedVnfcs': []}
    assert instance['locked_by_op'] is None
    assert instance['instantiated_vnf_info'] == {'flavourId': 'small'}


def test_failed_temp_keeps_the_instance_locked(context, package):
    op_id = op_in(context, package, states.PROCESSING)
    op, instance = lcm_ops.transition(
        context, op_id, states.FAILED_TEMP,
        op_values={'error': {'status': 500, 'detail': 'boom'}})
    assert op['error'] == {'status': 500, 'detail': 'boom'}
    assert instance['locked_by_op'] == op_id
    lcm_ops.transition(context, op_id, states.FAILED)
    assert locked_by(context, op_id) is None


def test_instance_values_do_not_touch_an_instance_another_op_holds(
        context, package):
    op_id = op_in(context, package, states.PROCESSING)
    instance_id = lcm_ops.get(context, op_id)['vnf_instance_id']
    rows.set_instance(context, instance_id,
                      locked_by_op=uuidutils.generate_uuid())
    _, instance = lcm_ops.transition(
        context, op_id, states.COMPLETED,
        instance_values={'instantiation_state': states.INSTANTIATED})
    assert instance['instantiation_state'] == states.NOT_INSTANTIATED
    assert instance['locked_by_op'] is not None


def test_sources_narrow_what_the_table_allows(context, package):
    op_id = op_in(context, package, states.FAILED_TEMP)
    assert lcm_ops.transition(context, op_id, states.PROCESSING,
                              sources=[states.STARTING]) is None
    assert lcm_ops.transition(context, op_id, states.PROCESSING,
                              sources=[states.FAILED_TEMP]) is not None


def test_only_the_owner_moves_an_owned_occurrence(context, package):
    op_id = op_in(context, package, states.PROCESSING, owner_host='host-b')
    assert lcm_ops.transition(context, op_id, states.COMPLETED,
                              owner='host-a') is None
    assert lcm_ops.transition(context, op_id, states.COMPLETED,
                              unclaimed=True) is None
    assert lcm_ops.transition(context, op_id, states.COMPLETED,
                              owner='host-b') is not None


def test_unclaimed_moves_only_an_occurrence_nobody_owns(context, package):
    op_id = op_in(context, package, states.STARTING)
    assert lcm_ops.transition(context, op_id, states.ROLLED_BACK,
                              unclaimed=True) is not None


def test_claim_records_the_host_only_from_the_given_states(context,
                                                           package):
    op_id = op_in(context, package, states.PROCESSING)
    assert not lcm_ops.claim(context, op_id, 'host-a', [states.STARTING])
    assert lcm_ops.get(context, op_id)['owner_host'] is None
    assert lcm_ops.claim(context, op_id, 'host-a', [states.PROCESSING])
    assert lcm_ops.get(context, op_id)['owner_host'] == 'host-a'


def test_a_claiming_move_takes_an_occurrence_nobody_owns_once(context,
                                                              package):
    op_id = op_in(context, package, states.STARTING)
    assert lcm_ops.transition(context, op_id, states.PROCESSING,
                              unclaimed=True, claim='host-a') is not None
    assert lcm_ops.transition(context, op_id, states.COMPLETED,
                              unclaimed=True, claim='host-b') is None
    assert lcm_ops.get(context, op_id)['owner_host'] == 'host-a'


@pytest.mark.parametrize('target', [states.PROCESSING, states.COMPLETED])
def test_a_move_from_given_rows_returns_what_a_read_finds(context, package,
                                                          target):
    op_id = op_in(context, package, states.STARTING)
    if target == states.COMPLETED:
        lcm_ops.transition(context, op_id, states.PROCESSING)
    seen = []
    moved = lcm_ops.transition(
        context, op_id, target, rows=lcm_ops.get_with_instance(context, op_id),
        op_values={'resource_changes': {'affectedVnfcs': []}},
        instance_values={'vnf_instance_name': 'renamed'},
        on_change=lambda session, *changed: seen.append(changed))
    assert moved == lcm_ops.get_with_instance(context, op_id)
    assert seen == [moved]


def test_an_operations_moves_send_statements_compiled_once(
        context, package):
    """The statements of an LCM operation's moves (with the grant they
    record and the subscriptions they read) are compiled once per
    process, not by SQLAlchemy at each run: that cost more CPU than
    SQLite running them (tacker.db.compiled)."""
    op_id = op_in(context, package, states.STARTING)
    grant = {'id': uuidutils.generate_uuid()}

    def record_grant(session, op, instance):
        db_grants.add(session, op['id'], 'local',
                      {'vnfInstanceId': instance['id']}, grant)
        db_subscriptions.all_for_api(session, 'vnflcm', PROJECT)

    with sql.compiled_at_execution() as statements:
        processing = lcm_ops.transition(
            context, op_id, states.PROCESSING, sources=[states.STARTING],
            rows=lcm_ops.get_with_instance(context, op_id),
            op_values={'grant_id': grant['id']}, on_change=record_grant)
        lcm_ops.transition(
            context, op_id, states.COMPLETED, rows=processing,
            op_values={'resource_changes': {'affectedVnfcs': []}},
            instance_values={'instantiation_state': states.INSTANTIATED})
    assert statements == []
    assert lcm_ops.get(context, op_id)['grant_id'] == grant['id']
    assert locked_by(context, op_id) is None


def test_a_pending_cancel_blocks_an_advance_and_ends_on_leaving_running(
        context, package):
    op_id = op_in(context, package, states.PROCESSING)
    op = lcm_ops.request_cancel(context, op_id, PROJECT, 'GRACEFUL')
    assert (op['is_cancel_pending'], op['cancel_mode']) == (True,
                                                            'GRACEFUL')
    assert lcm_ops.request_cancel(context, op_id, PROJECT,
                                  'FORCEFUL')['cancel_mode'] == 'FORCEFUL'
    assert lcm_ops.transition(context, op_id, states.COMPLETED,
                              unless_cancel_pending=True) is None
    op, _ = lcm_ops.transition(context, op_id, states.FAILED_TEMP)
    assert (op['is_cancel_pending'], op['cancel_mode']) == (False, None)


@pytest.mark.parametrize('state', sorted(set(states.LCM_OP) -
                                         states.LCM_OP_RUNNING))
def test_cancelling_an_occurrence_that_does_not_run_is_a_conflict(
        context, package, state):
    op_id = op_in(context, package, state)
    with pytest.raises(exceptions.OpStateConflict):
        lcm_ops.request_cancel(context, op_id, PROJECT, 'GRACEFUL')
    assert not lcm_ops.get(context, op_id)['is_cancel_pending']


def test_cancel_pending_lists_the_hosts_running_occurrences_to_cancel(
        context, package):
    host = uuidutils.generate_uuid()
    wanted = op_in(context, package, states.PROCESSING, owner_host=host)
    lcm_ops.request_cancel(context, wanted, PROJECT, 'FORCEFUL')
    op_in(context, package, states.PROCESSING, owner_host=host)
    other = op_in(context, package, states.PROCESSING, owner_host='other')
    lcm_ops.request_cancel(context, other, PROJECT, 'GRACEFUL')
    assert lcm_ops.cancel_pending(context, host) == {wanted: 'FORCEFUL'}


def test_orphans_are_running_ops_of_dead_hosts_or_stale_unclaimed_ones(
        context, package):
    dead, live = uuidutils.generate_uuid(), uuidutils.generate_uuid()
    old = timeutils.utcnow() - datetime.timedelta(hours=1)
    expected = {
        op_in(context, package, states.PROCESSING, owner_host=dead),
        op_in(context, package, states.ROLLING_BACK, owner_host=dead),
        op_in(context, package, states.STARTING, updated_at=old),
    }
    not_orphans = {
        op_in(context, package, states.PROCESSING, owner_host=live),
        op_in(context, package, states.STARTING),
        op_in(context, package, states.FAILED_TEMP, owner_host=dead),
        op_in(context, package, states.COMPLETED, updated_at=old),
    }
    stale_before = timeutils.utcnow() - datetime.timedelta(minutes=5)
    found = {orphan['id']: orphan for orphan in lcm_ops.find_orphans(
        context, [live], stale_before)}
    assert expected <= set(found)
    assert not not_orphans & set(found)
    assert {found[op_id]['owner_host'] for op_id in expected} == {dead,
                                                                  None}


def test_renew_unclaimed_dates_only_an_unclaimed_starting_op(
        context, package):
    old = timeutils.utcnow() - datetime.timedelta(hours=1)
    unclaimed = op_in(context, package, states.STARTING, updated_at=old)
    claimed = op_in(context, package, states.STARTING, owner_host='h',
                    updated_at=old)
    processing = op_in(context, package, states.PROCESSING,
                       updated_at=old)
    stale_before = timeutils.utcnow() - datetime.timedelta(minutes=5)
    assert lcm_ops.renew_unclaimed(context, unclaimed)
    assert not lcm_ops.renew_unclaimed(context, claimed)
    assert not lcm_ops.renew_unclaimed(context, processing)
    found = {orphan['id'] for orphan in lcm_ops.find_orphans(
        context, [], stale_before)}
    assert unclaimed not in found
    assert claimed in found


def pages(context, project_id, where, accept, page_size):
    """Every page, the next marker passed on as the API does (through
    nextpage_opaque_marker)."""
    seen, marker = [], None
    while True:
        page, last = lcm_ops.list_page(
            context, project_id, where, accept, marker, page_size)
        seen.append([op['id'] for op in page])
        if last is None:
            return seen
        marker = sol013.decode_marker(sol013.encode_marker(last))


def test_a_list_shows_only_the_projects_occurrences_page_by_page(
        context, package):
    mine = [op_in(context, package, states.STARTING) for _ in range(3)]
    instance = rows.instance(
        context, rows.onboarded_package(context, {}, 'project-b'),
        'project-b')
    theirs = lcm_ops.start(context, instance['id'], 'project-b',
                           'INSTANTIATE', {})['id']
    ours = lcm_ops.OP.c.vnf_instance_id.in_(
        [lcm_ops.get(context, op_id)['vnf_instance_id']
         for op_id in mine + [theirs]])
    seen = pages(context, PROJECT, [ours], lambda op: True, 2)
    assert [len(page) for page in seen] == [2, 1]
    assert sorted(sum(seen, [])) == sorted(mine)
    assert pages(context, None, [ours], lambda op: True, 0) == [
        sorted(mine + [theirs], key=lambda op_id: (
            lcm_ops.get(context, op_id)['created_at'], op_id))]


def test_a_page_skips_rows_the_python_filter_rejects(context, package):
    """A filter the SQL cannot express (on a JSON attribute) rejects rows
    after they are read: the page is filled from the rows that follow."""
    ops = [op_in(context, package, states.STARTING) for _ in range(4)]
    ours = lcm_ops.OP.c.vnf_instance_id.in_(
        [lcm_ops.get(context, op_id)['vnf_instance_id'] for op_id in ops])
    ordered = pages(context, PROJECT, [ours], lambda op: True, 0)[0]
    wanted = set(ordered[2:])
    assert pages(context, PROJECT, [ours], lambda op: op['id'] in wanted,
                 1) == [[ordered[2]], [ordered[3]]]


def test_an_occurrence_with_its_instance_is_read_on_the_driver_alike(
        context, package):
    """Read alone, the occurrence and its instance come from the driver's
    cursor (no SQLAlchemy statement) with every value converted as
    SQLAlchemy converts it: the same dicts as read in a transaction."""
    op_id = op_in(context, package, states.STARTING)
    lcm_ops.transition(context, op_id, states.PROCESSING,
                       op_values={'error': {'status': 500}},
                       instance_values={'metadata': {'k': ['v', 1]}})
    with sql.recorded_statements() as statements:
        alone = lcm_ops.get_with_instance(context, op_id)
        assert statements == []
        with db_api.reader.using(context):
            in_transaction = lcm_ops.get_with_instance(context, op_id)
        assert len(statements) == 1
    assert alone == in_transaction
    op, instance = alone
    assert isinstance(op['start_time'], datetime.datetime)
    assert op['is_automatic_invocation'] is False
    assert op['error'] == {'status': 500}
    assert instance['metadata'] == {'k': ['v', 1]}


def test_a_read_on_the_driver_is_logged_with_the_statements(
        context, package, caplog):
    """``[database] connection_debug`` shows every statement, those read
    on the driver's cursor too."""
    op_id = op_in(context, package, states.STARTING)
    caplog.set_level(logging.INFO, logger='sqlalchemy.engine.Engine')
    lcm_ops.get_with_instance(context, op_id)
    assert [record.getMessage().split(None, 1)[0] for record in caplog.records
            if '[on the driver]' in record.getMessage()] == ['SELECT']
