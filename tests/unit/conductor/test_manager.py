"""The conductor's RPC endpoints declare what they raise to their caller,
one list (``rpcapi.RAISES``) read by both sides."""
import inspect
import re

import pytest

from tacker.common import exceptions
from tacker.conductor import manager
from tacker.conductor import rpcapi

ENDPOINTS = sorted(name for name, member in inspect.getmembers(
    manager.ConductorManager, inspect.isfunction)
    if not name.startswith('_'))


def raises_section(function):
    """The text after ``:raises:`` in the docstring, or None."""
    match = re.search(r':raises:(.*?)(?:\n\s*\n|$)',
                      inspect.getdoc(function) or '', re.S)
    return match and match.group(1)


def test_raises_lists_exactly_the_endpoints():
    assert sorted(rpcapi.RAISES) == ENDPOINTS


@pytest.mark.parametrize('name', ENDPOINTS)
def test_endpoint_declares_and_documents_what_it_raises(name):
    endpoint = getattr(manager.ConductorManager, name)

    assert endpoint.expected_exceptions == rpcapi.RAISES[name]
    section = raises_section(endpoint)
    assert section is not None, name
    for cls in endpoint.expected_exceptions:
        assert issubclass(cls, exceptions.TackerException)
        assert re.search(r'\b%s\b' % cls.__name__, section), (name, cls)


@pytest.mark.parametrize('name', ENDPOINTS)
def test_client_method_documents_what_it_raises(name):
    client_method = getattr(rpcapi.ConductorAPI, name)
    section = raises_section(client_method)

    assert section is not None, name
    for cls in rpcapi.RAISES[name]:
        assert re.search(r'\b%s\b' % cls.__name__, section), (name, cls)
