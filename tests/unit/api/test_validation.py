"""Request validation helpers."""
import pytest

from tacker.api import validation
from tacker.common import exceptions


def test_merge_patch_merges_and_removes():
    assert validation.merge_patch(
        {'a': 1, 'b': {'c': 2, 'd': 3}},
        {'a': None, 'b': {'c': None, 'e': 4}, 'f': 5}) == \
        {'b': {'d': 3, 'e': 4}, 'f': 5}


def test_validate_names_the_field():
    schema = {'type': 'object', 'properties': {
        'a': {'type': 'object', 'properties': {'b': {'type': 'integer'}}}}}
    with pytest.raises(exceptions.BadRequest) as error:
        validation.validate({'a': {'b': 'x'}}, schema)
    assert 'a/b' in str(error.value)
