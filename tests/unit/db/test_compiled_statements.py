"""Statements compiled once and run with the driver's parameters
(db/compiled.py): the same values as through SQLAlchemy, SQLAlchemy's
own path where it completes a statement at execution, oslo.db's errors."""
import datetime

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import exc_filters
from oslo_utils import timeutils
import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from tacker.db import compiled

METADATA = sa.MetaData()
THINGS = sa.Table(
    'things', METADATA,
    sa.Column('id', sa.String(36), primary_key=True),
    sa.Column('state', sa.String(16)),
    sa.Column('doc', sa.JSON),
    sa.Column('at', sa.DateTime),
    sa.Column('flag', sa.Boolean),
    sa.Column('stamped', sa.DateTime, default=timeutils.utcnow))
INSERT = sa.insert(THINGS)
MOVE = sa.update(THINGS).where(
    THINGS.c.id == sa.bindparam('b_id'),
    THINGS.c.state.in_([sa.bindparam('b_from_0'), sa.bindparam('b_from_1')]))
BY_ID = sa.select(THINGS).where(THINGS.c.id == sa.bindparam('b_id'))
IN_STATES = sa.select(THINGS.c.id).where(
    THINGS.c.state.in_(sa.bindparam('states', expanding=True)))
AT = datetime.datetime(2026, 12, 5, 23, 59, 1, 123456)


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'things.db'))
    exc_filters.register_engine(engine)
    METADATA.create_all(engine)
    return engine


@pytest.fixture
def driver_sql(engine):
    """The statements sent as driver SQL (not compiled by SQLAlchemy at
    execution), and how many were sent in all."""
    sent = {'driver': [], 'all': 0}

    def record(conn, cursor, statement, parameters, context, executemany):
        sent['all'] += 1
        if context.compiled is None:
            sent['driver'].append(statement.split(None, 1)[0])

    sa.event.listen(engine, 'before_cursor_execute', record)
    return sent


def thing(**values):
    return dict({'id': 'a', 'state': 'NEW', 'doc': {'k': [1, 'v']},
                 'at': AT, 'flag': True, 'stamped': AT}, **values)


def test_values_go_and_come_back_as_through_sqlalchemy(engine, driver_sql):
    with engine.begin() as connection:
        assert compiled.rowcount(connection, INSERT, thing()) == 1
        on_driver = compiled.mappings(connection, BY_ID, {'b_id': 'a'})
        through_sqlalchemy = connection.execute(
            BY_ID, {'b_id': 'a'}).mappings().all()
    assert on_driver == [dict(row) for row in through_sqlalchemy] == [
        thing()]
    assert driver_sql['driver'] == ['INSERT', 'SELECT']


def test_a_conditional_update_counts_the_rows_it_matched(engine,
                                                         driver_sql):
    with engine.begin() as connection:
        compiled.rowcount(connection, INSERT, thing())
        moved = [
            compiled.rowcount(connection, MOVE, {
                'b_id': 'a', 'b_from_0': 'NEW', 'b_from_1': 'OLD',
                'state': target, 'doc': None})
            for target in ('DONE', 'AGAIN')]
        row = compiled.mappings(connection, BY_ID, {'b_id': 'a'})[0]
    assert moved == [1, 0]
    assert (row['state'], row['doc']) == ('DONE', None)
    assert driver_sql['driver'] == ['INSERT', 'UPDATE', 'UPDATE', 'SELECT']


def test_what_sqlalchemy_completes_at_execution_it_runs_itself(engine,
                                                               driver_sql):
    """A column default filled in Python, an ``in`` list expanded at
    execution: SQLAlchemy's path, with its result."""
    values = thing()
    del values['stamped']
    keys = frozenset(values)
    assert compiled.for_driver(INSERT, engine.dialect, keys) is None
    assert compiled.for_driver(IN_STATES, engine.dialect) is None
    with engine.begin() as connection:
        assert compiled.rowcount(connection, INSERT, values) == 1
        assert compiled.rows(connection, IN_STATES,
                             {'states': ['NEW', 'X']}) == [('a',)]
        stamped = compiled.mappings(connection, BY_ID,
                                    {'b_id': 'a'})[0]['stamped']
    assert isinstance(stamped, datetime.datetime)
    assert driver_sql['driver'] == ['SELECT']
    assert driver_sql['all'] == 3


def test_errors_are_oslo_dbs(engine):
    with pytest.raises(db_exc.DBDuplicateEntry):
        with engine.begin() as connection:
            compiled.rowcount(connection, INSERT, thing())
            compiled.rowcount(connection, INSERT, thing())


def test_a_session_runs_them_on_its_connection(engine, driver_sql):
    with orm.Session(engine) as session, session.begin():
        compiled.rowcount(session, INSERT, thing())
        assert compiled.rows(session, BY_ID, {'b_id': 'a'})[0][1] == 'NEW'
    assert driver_sql['driver'] == ['INSERT', 'SELECT']
