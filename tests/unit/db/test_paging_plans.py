"""Every list page is an index range scan in creation order: SQLite's
query plan of the page queries (as ``paging.list_page`` runs them) names
an index, sorts nothing, and starts a later page at its marker."""
import datetime

import pytest
import sqlalchemy as sa

from tacker.api.vnflcm import instances as instances_api
from tacker.api.vnflcm import op_occs as op_occs_api
from tacker.api.vnfpkgm import packages as packages_api
from tacker.common import sol013
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import packages as db_packages
from tacker.db import paging
from tests.unit import sql

MARKER = (datetime.datetime(2026, 1, 1).isoformat(),
          '00000000-0000-0000-0000-000000000000')
LISTS = {
    'instances': (db_instances.INSTANCE, instances_api.FILTER_COLUMNS),
    'op_occs': (db_lcm_ops.OP, op_occs_api.FILTER_COLUMNS),
    'packages': (db_packages.PKG.__table__, packages_api.FILTER_COLUMNS),
}
PAGES = [
    ('instances', None), ('instances', '(eq,instantiationState,INSTANTIATED)'),
    ('instances', '(eq,vnfdId,d)'), ('instances', '(eq,vnfInstanceName,n)'),
    ('op_occs', None), ('op_occs', '(eq,operationState,FAILED_TEMP)'),
    ('op_occs', '(gt,startTime,2026-01-01T00:00:00)'),
    ('packages', None), ('packages', '(eq,onboardingState,ONBOARDED)'),
]


def plan(database, query):
    engine = db_api.get_engine()
    sql = str(query.compile(engine, compile_kwargs={'literal_binds': True}))
    with engine.connect() as connection:
        return [row[-1] for row in connection.execute(
            sa.text('EXPLAIN QUERY PLAN ' + sql))]


@pytest.mark.parametrize('project', [None, 'p1'])
@pytest.mark.parametrize('marker', [None, MARKER], ids=['first', 'deep'])
@pytest.mark.parametrize('name,text', PAGES)
def test_page_reads_an_index_in_order(database, name, text, marker,
                                      project):
    table, columns = LISTS[name]
    where = sol013.parse_filter(text).split_sql(columns)[0] if text else []
    query, params = paging.page_query(table, frozenset(),
                                      db_api.project_scope(project), where,
                                      marker, 100)

    steps = plan(database, query.params(params))

    assert any('USING INDEX' in step or 'USING COVERING INDEX' in step
               for step in steps), steps
    assert not any('TEMP B-TREE' in step for step in steps), steps
    if marker:
        # A range scan from the marker, not a scan of the rows before it.
        assert any('created_at>?' in step for step in steps), steps


@pytest.mark.parametrize('project', [None, 'p1'])
@pytest.mark.parametrize('table', [db_instances.INSTANCE, db_lcm_ops.OP],
                         ids=['instance', 'op_occ'])
def test_one_item_is_a_primary_key_lookup(database, table, project):
    query = sa.select(table).where(table.c.id == 'x',
                                   *db_api.in_project(table.c, project))

    steps = plan(database, query)

    assert len(steps) == 1 and steps[0].startswith('SEARCH'), steps
    assert '(id=?)' in steps[0], steps


def test_cancel_sweep_reads_running_occurrences_by_owner_and_state(
        database, admin_context):
    """Ended occurrences keep their owner: the sweep of a conductor must
    not read every one it ever ran."""
    with sql.recorded_statements() as seen:
        db_lcm_ops.cancel_pending(admin_context, 'host-a')
    engine = db_api.get_engine()
    [(statement, parameters)] = [item for item in seen
                                 if item[0].startswith('SELECT')]
    with engine.connect() as connection:
        steps = [row[-1] for row in connection.exec_driver_sql(
            'EXPLAIN QUERY PLAN ' + statement, parameters)]
    assert len(steps) == 1, steps
    assert 'owner_host=? AND operation_state=?' in steps[0], steps
