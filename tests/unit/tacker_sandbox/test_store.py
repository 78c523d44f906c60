"""The sandbox VIM's store: JSON documents in SQLite, in memory or in a
file that outlives the process."""
import json
import sqlite3

import pytest

from tacker_sandbox import store as store_lib


def stack(stack_id, name='s', gone_at=None, created=1.0):
    return {'id': stack_id, 'name': name, 'project_id': 'p', 'parent': None,
            'created': created, 'gone_at': gone_at, 'resources': {}}


def test_a_state_file_keeps_stacks_and_meta_across_instances(tmp_path):
    path = tmp_path / 'state.db'
    first = store_lib.Store(str(path))
    first.save_stack(stack('a'))
    first.set_meta('faults', [{'resource': 'x'}])
    first.close()
    second = store_lib.Store(str(path))
    assert second.get_stack('a') == stack('a')
    assert second.get_meta('faults') == [{'resource': 'x'}]
    assert second.get_meta('missing', 'default') == 'default'


def test_find_stack_skips_stacks_gone_by_then():
    store = store_lib.Store()
    store.save_stack(stack('old', gone_at=5.0, created=1.0))
    store.save_stack(stack('new', created=6.0))
    assert store.find_stack('p', 's', 4.0)['id'] == 'new'
    store.save_stack(stack('new', gone_at=7.0, created=6.0))
    assert store.find_stack('p', 's', 6.5)['id'] == 'new'
    assert store.find_stack('p', 's', 7.0) is None
    assert store.find_stack('other', 's', 0) is None
    assert [s['id'] for s in store.list_stacks('p')] == ['old', 'new']


def test_a_failed_transaction_leaves_nothing_behind():
    store = store_lib.Store()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_stack(stack('a'))
            with store.transaction():
                store.set_meta('k', 1)
            raise RuntimeError('boom')
    assert store.get_stack('a') is None
    assert store.get_meta('k') is None
    with store.transaction():
        store.save_stack(stack('a'))
    assert store.get_stack('a')['id'] == 'a'


def kube_object(name, *owner_uids, refs=None):
    return {'metadata': {'name': name, 'namespace': 'ns', 'uid': 'u-' + name,
                         'ownerReferences': refs if refs is not None else [
                             {'uid': uid} for uid in owner_uids]}}


def owned(store, uid, resource=None):
    return [(resource, obj['metadata']['name'])
            for resource, obj in store.owned_objects(uid, resource)]


def test_the_dependents_of_an_owner_follow_saves_and_deletes():
    store = store_lib.Store()
    store.save_object('pods', kube_object('b', 'rs-1'))
    store.save_object('pods', kube_object('a', 'rs-1', 'rs-2'))
    store.save_object('replicasets.apps', kube_object('rs', 'deploy'))
    store.save_object('pods', kube_object('stray', refs='not a list'))
    assert owned(store, 'rs-1') == [('pods', 'a'), ('pods', 'b')]
    assert owned(store, 'rs-2', 'pods') == [('pods', 'a')]
    assert owned(store, 'deploy', 'pods') == []
    # An orphaned dependent and a deleted one are no longer listed.
    store.save_object('pods', kube_object('a', 'rs-2'))
    store.delete_object('pods', 'ns', 'b')
    assert owned(store, 'rs-1') == []
    assert owned(store, 'rs-2') == [('pods', 'a')]


def test_an_earlier_state_file_gets_its_owners_indexed(tmp_path):
    path = str(tmp_path / 'state.db')
    store_lib.Store(path).close()
    older = sqlite3.connect(path)
    older.execute('DROP TABLE kube_owner_refs')
    older.execute('INSERT INTO kube_objects (resource, namespace, name,'
                  ' data) VALUES (?, ?, ?, ?)', (
                      'pods', 'ns', 'a',
                      json.dumps(kube_object('a', 'rs-1'))))
    older.commit()
    older.close()
    assert owned(store_lib.Store(path), 'rs-1') == [('pods', 'a')]


def server_stack(stack_id, *servers, root='top'):
    """A stack whose resources are those servers (physical ids), live or
    ``'-deleted'``."""
    resources = {}
    for index, server in enumerate(servers):
        server_id, _, deleted = server.partition('-')
        resources['vm%d' % index] = {
            'type': 'OS::Nova::Server', 'physical_id': server_id,
            'action': 'DELETE' if deleted else 'CREATE',
            'status': 'COMPLETE', 'attributes': {'name': 'n-' + server_id}}
    resources['port'] = {'type': 'OS::Neutron::Port', 'physical_id': 'p1',
                         'action': 'CREATE', 'status': 'COMPLETE'}
    return dict(stack(stack_id), root=root, resources=resources)


def test_servers_follow_their_stacks_and_their_values_go_with_them():
    store = store_lib.Store()
    store.save_stack(server_stack('top', 's1', 's2'))
    store.save_stack(server_stack('nested', 's3'))
    store.set_metric_values('s1', {'health': 0})
    assert [(server['id'], server['name'], server['resource'],
             server['stack_id'], server['root_id'], server['value'])
            for server in store.list_servers()] == [
        ('s1', 'n-s1', 'vm0', 'top', 'top', {'health': 0}),
        ('s2', 'n-s2', 'vm1', 'top', 'top', None),
        ('s3', 'n-s3', 'vm0', 'nested', 'top', None)]
    store.save_stack(server_stack('top', 's1-deleted', 's2'))
    assert [server['id'] for server in store.list_servers()] == ['s2', 's3']
    store.save_stack(server_stack('top', 's1', 's2'))
    assert store.list_servers('s1')[0]['value'] is None
    assert store.list_servers('nope') == []


def test_an_objects_values_go_when_it_is_deleted():
    store = store_lib.Store()
    store.save_object('pods', kube_object('a'))
    store.set_metric_values('u-a', {'health': 0})
    assert store.list_object_values('pods') == [('ns', 'a', 'u-a',
                                                 {'health': 0})]
    store.delete_object('pods', 'ns', 'a')
    assert store.list_object_values('pods') == []
    store.save_object('pods', kube_object('a'))
    assert store.list_object_values('pods', 'ns', 'a') == [
        ('ns', 'a', 'u-a', None)]
    store.set_metric_values('u-a', {'health': 0})
    store.set_metric_values('u-a', None)
    assert store.list_object_values('pods')[0][3] is None


def test_an_earlier_state_file_gets_its_servers_indexed(tmp_path):
    path = str(tmp_path / 'state.db')
    first = store_lib.Store(path)
    first.save_stack(server_stack('top', 's1'))
    first.close()
    older = sqlite3.connect(path)
    older.execute('DROP TABLE servers')
    older.commit()
    older.close()
    assert [server['id'] for server in
            store_lib.Store(path).list_servers()] == ['s1']
