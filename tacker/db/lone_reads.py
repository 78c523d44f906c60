"""Reads that are one SELECT each, on connections in autocommit: no
BEGIN before it and no ROLLBACK after it, so one round trip (a list
page's fingerprint, an item by id; see ``tacker.db.paging``)."""
import contextlib
import logging
import os

from oslo_db.sqlalchemy import exc_filters
import sqlalchemy as sa

from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import compiled


@contextlib.contextmanager
def reading_alone(context):
    """A Core connection for one read that needs no transaction around it
    (a single SELECT is consistent on its own), on
    ``single_statement_engine``: one round trip, no BEGIN and ROLLBACK.
    Within a transaction of ``context``, that transaction's connection.
    Errors are oslo.db's, as everywhere."""
    if db_api.in_transaction(context):
        with db_api.reader.connection.using(context) as connection:
            yield connection
        return
    with single_statement_engine().connect() as connection:
        yield connection


def select_rows(context, statement, parameters):
    """The rows (tuples) of a lone SELECT, its values converted as
    SQLAlchemy converts them. ``statement`` is built once (a module
    constant, or cached): it is compiled once per process
    (``tacker.db.compiled``) and run on the driver's cursor
    (``_read_on_driver``), as SQLAlchemy's execution and result objects
    cost more than a query by primary key. Within a
    transaction of ``context``, or when the driver fails (errors are then
    reported as every other read reports them), it is read on the
    connection of ``reading_alone`` (``compiled.rows``)."""
    if not db_api.in_transaction(context):
        engine = single_statement_engine()
        statement_for_driver = compiled.for_driver(statement, engine.dialect)
        if statement_for_driver is not None:
            rows = _read_on_driver(
                engine, statement_for_driver.sql,
                statement_for_driver.parameters(parameters))
            if rows is not None:
                return statement_for_driver.converted(rows)
    with reading_alone(context) as connection:
        return compiled.rows(connection, statement, parameters)


def _read_on_driver(engine, sql, parameters):
    """The rows of one SELECT, ``sql`` compiled for the driver of
    ``engine`` (``single_statement_engine``), run on a driver connection
    this process keeps for such reads; None when the driver fails, for
    the caller to read again through SQLAlchemy, which reports errors the
    way every other read does (e.g. an unreachable database as 503)."""
    global _driver_connections
    if _driver_connections is None or \
            _driver_connections.engine is not engine or \
            _driver_connections.pid != os.getpid():
        _driver_connections = _DriverConnections(engine)
    return _driver_connections.read(sql, parameters)


class _DriverConnections:
    """Connections of an engine taken out of its pool (detached) and kept
    in a stack of this process's own: the pool's checkout and checkin
    (events, reset, bookkeeping) cost as much of a list page as its
    query does on PostgreSQL. As many are kept as the pool would
    keep."""

    def __init__(self, engine):
        self.engine = engine
        # Those of a parent process are dropped, not closed: closing
        # would end the parent's sessions.
        self.pid = os.getpid()
        self.keep = CONF.database.max_pool_size or 5
        self.idle = []
        self.errors = (sa.exc.SQLAlchemyError,
                       engine.dialect.loaded_dbapi.Error)

    def read(self, sql, parameters):
        if _SQL_LOG.isEnabledFor(logging.INFO):
            _SQL_LOG.info('%s [on the driver] %r', sql, parameters)
        connection = self._take()
        try:
            if connection is None:
                connection = self.engine.raw_connection()
                connection.detach()
            cursor = connection.dbapi_connection.cursor()
            try:
                cursor.execute(sql, parameters)
                rows = cursor.fetchall()
            finally:
                cursor.close()
        except self.errors:
            if connection is not None:
                self._close(connection)
            return None
        if len(self.idle) < self.keep:
            self.idle.append(connection)
        else:
            self._close(connection)
        return rows

    def _take(self):
        """An idle connection the server has not closed, or None."""
        while self.idle:
            connection = self.idle.pop()
            if not db_api.closed_by_server(connection.dbapi_connection):
                return connection
            self._close(connection)
        return None

    def _close(self, connection):
        try:
            connection.close()
        except self.errors:
            pass


_driver_connections = None
# Where SQLAlchemy logs each statement when ``[database] connection_debug``
# asks for it: reads on the driver are logged there as well.
_SQL_LOG = logging.getLogger('sqlalchemy.engine.Engine')


def single_statement_engine():
    """An engine for lone reads on the driver's cursor (see
    ``tacker.db.paging.page_fingerprint``): its pooled connections are in
    autocommit and are not reset when returned, so a SELECT is one round
    trip, where the reader's connections first sent BEGIN and, when
    returned, ROLLBACK (three waits of an API worker per list page).
    SQLite's driver begins no transaction for a SELECT: the reader's
    engine serves. Made once per process, at first use (never before
    the API server forks its workers)."""
    global _single_statement
    engine = db_api.reader.get_engine()
    if engine.dialect.name == 'sqlite':
        return engine
    if _single_statement is None or _single_statement[0] != os.getpid():
        options = CONF.database
        single = sa.create_engine(
            engine.url, isolation_level='AUTOCOMMIT',
            # No ROLLBACK when a Core connection closes: PyMySQL sends
            # one even in autocommit.
            skip_autocommit_rollback=True,
            pool_reset_on_return=None, pool_size=options.max_pool_size or 5,
            max_overflow=options.max_overflow or 10,
            pool_timeout=options.pool_timeout or 30,
            pool_recycle=options.connection_recycle_time)
        # Its errors are oslo.db's, as the facade's engines' are.
        exc_filters.register_engine(single)
        _single_statement = (os.getpid(), single)
    return _single_statement[1]


_single_statement = None
