"""The order in which an LCM operation finds its VIM."""
from tacker.common import vim_order

REQUEST = [{'id': 'r', 'vimType': 'noop'}]
INSTANCE = [{'id': 'i', 'vimType': 'noop'}]
GRANT = [{'id': 'g', 'vimType': 'noop'}]
DEFAULT = {'id': 'd', 'vimType': 'noop'}


def choose(request, instance, grant, default=None):
    asked = []

    def default_vim():
        asked.append(True)
        return default

    choice = vim_order.choose(request, instance, grant, default_vim)
    return choice.source, [c['id'] for c in choice.connections], bool(asked)


def test_request_then_instance_then_grant_then_default():
    assert choose(REQUEST, INSTANCE, GRANT, DEFAULT) == (
        vim_order.REQUEST, ['r'], False)
    assert choose(None, INSTANCE, GRANT, DEFAULT) == (
        vim_order.INSTANCE, ['i'], False)
    assert choose([], [], GRANT, DEFAULT) == (vim_order.GRANT, ['g'], False)
    assert choose(None, None, None, DEFAULT) == (
        vim_order.DEFAULT, ['d'], True)
    assert choose(None, None, None) == (None, [], True)


def test_a_map_keyed_by_id_counts_as_its_entries():
    assert choose({'r': REQUEST[0]}, INSTANCE, None) == (
        vim_order.REQUEST, ['r'], False)
    assert vim_order.entries({'a': 1, 'b': 2}) == [1, 2]
    assert vim_order.entries(None) == []
