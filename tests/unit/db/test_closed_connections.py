"""An idle pooled connection the database server closed is told apart
from a live one without a round trip, for each driver's connection."""
import socket
import sqlite3

import pytest

from tacker.db import api as db_api


class PyMySQLLike:
    """What PyMySQL's connection shows: its socket, None once closed."""

    def __init__(self, sock):
        self._sock = sock


class Psycopg2Like:
    """What psycopg2's connection shows: a descriptor and ``closed``."""

    def __init__(self, sock):
        self.sock = sock
        self.closed = 0

    def fileno(self):
        return self.sock.fileno()


class MySQLdbLike:
    """What mysqlclient's connection shows: a descriptor and ``open``."""

    def __init__(self, sock):
        self.sock = sock
        self.open = 1

    def fileno(self):
        if not self.open:
            raise AttributeError('closed connection')
        return self.sock.fileno()


@pytest.fixture
def server_and_client():
    server, client = socket.socketpair()
    yield server, client
    server.close()
    client.close()


@pytest.mark.parametrize('driver', [PyMySQLLike, Psycopg2Like,
                                    MySQLdbLike])
def test_an_idle_connection_is_open_until_the_server_closes_it(
        server_and_client, driver):
    server, client = server_and_client
    connection = driver(client)
    assert not db_api.closed_by_server(connection)
    # Asked twice: the peek consumed nothing and closed nothing.
    assert not db_api.closed_by_server(connection)
    server.close()
    assert db_api.closed_by_server(connection)
    assert client.fileno() >= 0


def test_a_connection_the_server_wrote_to_while_idle_is_not_reused(
        server_and_client):
    """MySQL sends an error packet before it closes a connection it
    kills; the packet stays for the driver to read."""
    server, client = server_and_client
    server.sendall(b'\xff')
    connection = PyMySQLLike(client)
    assert db_api.closed_by_server(connection)
    assert client.recv(1) == b'\xff'


def test_a_connection_closed_on_this_side_is_closed():
    assert db_api.closed_by_server(PyMySQLLike(None))
    closed = Psycopg2Like(None)
    closed.closed = 1
    assert db_api.closed_by_server(closed)
    closed = MySQLdbLike(None)
    closed.open = 0
    assert db_api.closed_by_server(closed)


def test_sqlite_has_no_server():
    assert not db_api.closed_by_server(sqlite3.connect(':memory:'))
