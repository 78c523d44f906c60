"""Fixtures of the driver tests."""
import socket

import pytest


@pytest.fixture
def closed_url():
    """An http URL of a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    return 'http://127.0.0.1:%d' % port
