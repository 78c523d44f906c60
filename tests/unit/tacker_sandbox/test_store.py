"""The sandbox VIM's store: JSON documents in SQLite, in memory or in a
file that outlives the process."""
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
