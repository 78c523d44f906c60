"""Statements built once (module constants, or made by cached builders)
and compiled once per process for a dialect, then run with values
converted as SQLAlchemy converts them but without its execution of a
statement: looking the statement up in the compiled cache, processing
parameters and making result objects cost about 70 us per statement,
several times what SQLite takes to update a row by primary key. An LCM
operation runs six such statements in its transactions.

A statement whose SQL SQLAlchemy only completes at execution (``in``
lists of expanding parameters, Python-side column defaults) is run
through SQLAlchemy instead, with the same result.
"""
import functools


class DriverStatement:
    """A statement compiled for a dialect's driver: its SQL, the order
    of its parameters (None: the driver takes them by name), the values
    set at compile time (a LIMIT, a filter's values) as the driver takes
    them, the converters of the parameters and of the result columns
    the driver does not give as they are (e.g. SQLite's datetimes,
    stored as text; JSON documents)."""

    def __init__(self, compiled, dialect):
        self.sql = str(compiled)
        self.order = compiled.positiontup if compiled.positional else None
        self.binds = {}
        for name in compiled.params:
            processor = compiled.binds[name].type.dialect_impl(
                dialect).bind_processor(dialect)
            if processor is not None:
                self.binds[name] = processor
        self.defaults = self._bound({
            name: value for name, value in compiled.params.items()
            if not compiled.binds[name].required})
        statement = compiled.statement
        self.results = None
        if statement.is_select:
            self.results = [
                column.type.dialect_impl(dialect).result_processor(
                    dialect, None)
                for column in statement.selected_columns]
            if not any(self.results):
                self.results = None

    def _bound(self, parameters):
        return {name: self.binds[name](value) if name in self.binds
                else value for name, value in parameters.items()}

    def parameters(self, values):
        """``values`` (by parameter name) as the driver takes them."""
        bound = dict(self.defaults)
        bound.update(self._bound(values))
        if self.order is None:
            return bound
        return tuple(bound[name] for name in self.order)

    def converted(self, rows):
        """The driver's ``rows`` as tuples of SQLAlchemy's values."""
        if self.results is None:
            return [tuple(row) for row in rows]
        return [tuple(value if convert is None else convert(value)
                      for convert, value in zip(self.results, row))
                for row in rows]


@functools.lru_cache(maxsize=1024)
def for_driver(statement, dialect, keys=None):
    """``statement`` compiled once for ``dialect`` (statements compare by
    identity), an INSERT or UPDATE for the columns named in ``keys`` (a
    frozenset of the names of the values it is run with); None when
    SQLAlchemy completes it only at execution."""
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    if (compiled.post_compile_params or compiled.literal_execute_params
            or compiled.insert_prefetch or compiled.update_prefetch
            or getattr(compiled, 'returning', None)):
        return None
    return DriverStatement(compiled, dialect)


def _run(connection, statement, values):
    """The driver's cursor result of ``statement`` run with ``values`` in
    the transaction of ``connection`` (a Core Connection, or a Session),
    through SQLAlchemy's driver SQL path, so that its events, oslo.db's
    error translation and the statement log still see it; with the
    DriverStatement, or None when SQLAlchemy has to run it itself."""
    if not hasattr(connection, 'exec_driver_sql'):
        connection = connection.connection()
    compiled = for_driver(statement, connection.dialect,
                          None if statement.is_select else frozenset(values))
    if compiled is None:
        return connection.execute(statement, values), None
    return connection.exec_driver_sql(compiled.sql,
                                      compiled.parameters(values)), compiled


def rows(connection, statement, values):
    """The rows (tuples) a SELECT gives, values converted as SQLAlchemy
    converts them."""
    result, compiled = _run(connection, statement, values)
    if compiled is None:
        return [tuple(row) for row in result]
    return compiled.converted(result.fetchall())


def mappings(connection, statement, values):
    """``rows`` as dicts keyed by the SELECT's column keys."""
    keys = statement.selected_columns.keys()
    return [dict(zip(keys, row))
            for row in rows(connection, statement, values)]


def rowcount(connection, statement, values):
    """How many rows an INSERT, UPDATE or DELETE matched."""
    return _run(connection, statement, values)[0].rowcount
