"""What SQL a piece of code sends through SQLAlchemy, for tests that
count statements or check their plans."""
import contextlib

import sqlalchemy as sa

from tacker.db import api as db_api


@contextlib.contextmanager
def recorded_statements():
    """A list of the ``(statement, parameters)`` SQLAlchemy sends on the
    database engine within the block (reads on the driver's cursor do
    not go through it)."""
    statements = []
    engine = db_api.get_engine()

    def record(conn, cursor, statement, parameters, *args):
        statements.append((statement, parameters))

    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)


@contextlib.contextmanager
def compiled_at_execution():
    """A list of the statements SQLAlchemy compiles (or finds in its
    compiled cache) when they run within the block, unlike those sent as
    driver SQL (``tacker.db.compiled``)."""
    statements = []
    engine = db_api.get_engine()

    def record(conn, cursor, statement, parameters, context, executemany):
        if context.compiled is not None:
            statements.append(statement)

    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)
