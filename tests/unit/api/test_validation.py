"""Request validation helpers."""
import pytest

from tacker.api import validation
from tacker.common import exceptions


def test_validate_names_the_field():
    schema = {'type': 'object', 'properties': {
        'a': {'type': 'object', 'properties': {'b': {'type': 'integer'}}}}}
    with pytest.raises(exceptions.BadRequest) as error:
        validation.validate({'a': {'b': 'x'}}, schema)
    assert 'a/b' in str(error.value)
