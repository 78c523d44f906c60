from tacker.common import merge_patch


def test_objects_merge_and_null_removes():
    assert merge_patch.apply(
        {'a': 1, 'b': {'c': 2, 'd': 3}},
        {'a': None, 'b': {'c': None, 'e': 4}, 'f': 5}) == \
        {'b': {'d': 3, 'e': 4}, 'f': 5}


def test_non_object_patch_replaces_and_target_is_kept():
    target = {'a': [1, 2]}
    assert merge_patch.apply(target, {'a': [3]}) == {'a': [3]}
    assert merge_patch.apply(target, 'x') == 'x'
    assert target == {'a': [1, 2]}
