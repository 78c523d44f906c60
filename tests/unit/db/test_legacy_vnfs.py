"""Legacy VNFs' tasks: started only from the statuses that allow them,
claimed by one live conductor, taken over from a dead one, ended once;
each change an event."""
import pytest

from tacker.common import exceptions
from tacker.common import states
from tacker.db import legacy_events
from tacker.db import legacy_vnfds
from tacker.db import legacy_vnfs

PROJECT = 'project-legacy'


@pytest.fixture
def vnf(database, admin_context):
    vnfd = legacy_vnfds.create(admin_context, PROJECT, 'vnfd', None,
                               'tosca_definitions_version: x\n')
    return legacy_vnfs.create(admin_context, {
        'project_id': PROJECT, 'name': 'vnf', 'description': None,
        'vnfd_id': vnfd['id'], 'vim_id': 'vim-1', 'placement_attr': {},
        'attributes': {}, 'monitoring': None})


def events(context, vnf):
    return [(row['event_type'], row['resource_state']) for row in
            legacy_events.list_events(context, None,
                                      {'resource_id': vnf['id']})]


def test_a_task_is_claimed_once_and_ended_once(admin_context, vnf):
    assert legacy_vnfs.claim(admin_context, vnf['id'], 'a', ['a', 'b'])
    # b finds it held by a live conductor.
    assert legacy_vnfs.claim(admin_context, vnf['id'], 'b',
                             ['a', 'b']) is None
    assert vnf['id'] not in legacy_vnfs.orphaned(admin_context, ['a', 'b'])
    assert not legacy_vnfs.finish(admin_context, vnf['id'], 'b',
                                  states.LEGACY_ACTIVE, 'CREATE')
    assert legacy_vnfs.finish(admin_context, vnf['id'], 'a',
                              states.LEGACY_ACTIVE, 'CREATE',
                              instance_id='stack-1')
    shown = legacy_vnfs.get(admin_context, vnf['id'])
    assert (shown['status'], shown['task_owner'], shown['instance_id']) == (
        'ACTIVE', None, 'stack-1')
    assert events(admin_context, vnf) == [('CREATE', 'PENDING_CREATE'),
                                          ('CREATE', 'ACTIVE')]


def test_a_dead_conductors_task_is_taken_over(admin_context, vnf):
    legacy_vnfs.claim(admin_context, vnf['id'], 'a', ['a'])
    assert vnf['id'] in legacy_vnfs.orphaned(admin_context, ['b'])
    assert legacy_vnfs.claim(admin_context, vnf['id'], 'b', ['b'])
    # a comes back: it runs the task no more.
    assert not legacy_vnfs.record(admin_context, vnf['id'], 'a',
                                  instance_id='x')


def test_a_restarted_conductor_gives_its_tasks_back(admin_context, vnf):
    legacy_vnfs.claim(admin_context, vnf['id'], 'a', ['a'])
    legacy_vnfs.release(admin_context, 'a')
    assert vnf['id'] in legacy_vnfs.orphaned(admin_context, ['a'])


def test_a_task_starts_only_from_a_status_that_allows_it(admin_context,
                                                         vnf):
    with pytest.raises(exceptions.LegacyVnfBusy):
        legacy_vnfs.start_task(admin_context, vnf['id'], PROJECT,
                               states.LEGACY_PENDING_SCALE_OUT, 'SCALE')
    legacy_vnfs.claim(admin_context, vnf['id'], 'a', ['a'])
    legacy_vnfs.finish(admin_context, vnf['id'], 'a', states.LEGACY_ERROR,
                       'CREATE', 'boom', error_reason='boom')
    with pytest.raises(exceptions.LegacyVnfBusy):
        legacy_vnfs.start_task(admin_context, vnf['id'], PROJECT,
                               states.LEGACY_PENDING_UPDATE, 'UPDATE')
    started = legacy_vnfs.start_task(admin_context, vnf['id'], PROJECT,
                                     states.LEGACY_PENDING_DELETE, 'DELETE')
    assert started['status'] == 'PENDING_DELETE'
    with pytest.raises(exceptions.LegacyVnfNotFound):
        legacy_vnfs.start_task(admin_context, vnf['id'], 'other-project',
                               states.LEGACY_PENDING_DELETE, 'DELETE')
    legacy_vnfs.claim(admin_context, vnf['id'], 'a', ['a'])
    assert legacy_vnfs.remove(admin_context, vnf['id'], 'a')
    with pytest.raises(exceptions.LegacyVnfNotFound):
        legacy_vnfs.get(admin_context, vnf['id'])
    assert events(admin_context, vnf)[-1] == ('DELETE', 'PENDING_DELETE')


def test_a_vnfd_in_use_cannot_be_deleted(admin_context, vnf):
    with pytest.raises(exceptions.LegacyVnfdInUse):
        legacy_vnfds.delete(admin_context, vnf['vnfd_id'])


def test_monitored_vnfs_are_watched_by_one_live_conductor(admin_context,
                                                          vnf):
    watched = legacy_vnfs.create(admin_context, {
        'project_id': PROJECT, 'name': 'watched', 'description': None,
        'vnfd_id': vnf['vnfd_id'], 'vim_id': 'vim-1', 'placement_attr': {},
        'attributes': {}, 'monitoring': {'VDU1': {'name': 'ping'}}})
    for row in (vnf, watched):
        legacy_vnfs.claim(admin_context, row['id'], 'a', ['a'])
        legacy_vnfs.finish(admin_context, row['id'], 'a',
                           states.LEGACY_ACTIVE, 'CREATE')
    assert [row['id'] for row in legacy_vnfs.adopt_monitoring(
        admin_context, 'a', ['a', 'b'])] == [watched['id']]
    assert legacy_vnfs.adopt_monitoring(admin_context, 'b', ['a', 'b']) \
        == []
    # a died: b takes it over.
    assert [row['id'] for row in legacy_vnfs.adopt_monitoring(
        admin_context, 'b', ['b'])] == [watched['id']]
