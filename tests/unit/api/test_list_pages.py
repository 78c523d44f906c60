"""A list page shows every item as it is now, in the shape its
selectors ask for, however often the same items were listed before; one
item is read by its primary key alone."""
import datetime
import json

from tacker.common import states
from tacker.db import api as db_api
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import lone_reads
from tests.unit import sql

PACKAGES = '/vnfpkgm/v1/vnf_packages'


def listed(api, query):
    response = api('GET', PACKAGES + '?' + query)
    assert response.status_int == 200
    return json.loads(response.body)


def test_a_list_shows_a_change_made_since_the_last_list(api):
    created = json.loads(api('POST', PACKAGES, json.dumps(
        {'userDefinedData': {'v': 'old'}}),
        {'Content-Type': 'application/json'}).body)
    query = 'all_fields&filter=(eq,id,%s)' % created['id']
    assert listed(api, query)[0]['userDefinedData'] == {'v': 'old'}

    response = api('PATCH', PACKAGES + '/' + created['id'], json.dumps(
        {'userDefinedData': {'v': 'new'}}),
        {'Content-Type': 'application/merge-patch+json'})
    assert response.status_int == 200

    assert listed(api, query)[0]['userDefinedData'] == {'v': 'new'}


def test_one_item_listed_with_other_selectors_takes_their_shape(api):
    created = json.loads(api('POST', PACKAGES, json.dumps(
        {'userDefinedData': {'v': 1}}),
        {'Content-Type': 'application/json'}).body)
    query = 'filter=(eq,id,%s)' % created['id']

    assert 'userDefinedData' not in listed(api, query)[0]
    assert listed(api, query + '&all_fields')[0]['userDefinedData'] == \
        {'v': 1}
    assert 'userDefinedData' not in listed(api, query)[0]


def test_one_op_occurrence_or_instance_is_read_in_one_select(
        api, make_instance, admin_context):
    instance_id = make_instance('p1')
    op = db_lcm_ops.start(admin_context, instance_id, None,
                          states.MODIFY_INFO, {})
    for path in ('/vnflcm/v1/vnf_lcm_op_occs/' + op['id'],
                 '/vnflcm/v1/vnf_instances/' + instance_id):
        with sql.recorded_statements() as recorded:
            assert api('GET', path).status_int == 200
        statements = [statement for statement, _ in recorded
                      if statement.startswith('SELECT')]
        assert len(statements) == 1, statements
        assert 'WHERE' in statements[0] and '.id = ?' in statements[0]


def test_start_time_filter_finds_an_occurrence_by_its_start_time(
        api, make_instance, admin_context):
    op = db_lcm_ops.start(admin_context, make_instance('p1'), None,
                          states.MODIFY_INFO, {})
    shown = json.loads(api('GET', '/vnflcm/v1/vnf_lcm_op_occs/' + op['id'])
                       .body)['startTime']
    start = datetime.datetime.fromisoformat(shown.rstrip('Z'))
    after = (start + datetime.timedelta(milliseconds=1)).isoformat()

    def found(text):
        return [item['id'] for item in json.loads(api(
            'GET', '/vnflcm/v1/vnf_lcm_op_occs?filter=(eq,id,%s);%s'
            % (op['id'], text)).body)]

    assert found('(gte,startTime,%s);(lt,startTime,%s)'
                 % (start.isoformat(), after)) == [op['id']]
    assert found('(gte,startTime,%s)' % after) == []


def test_an_unchanged_page_is_read_again_as_versions_on_the_driver(api):
    """A list page that was answered before is read again as the versions
    of its items only, on the driver's cursor (no SQLAlchemy statement),
    and answered with the same body."""
    for value in range(3):
        api('POST', PACKAGES, json.dumps({'userDefinedData': {'v': value}}),
            {'Content-Type': 'application/json'})
    first = api('GET', PACKAGES + '?all_fields')
    with sql.recorded_statements() as statements:
        again = api('GET', PACKAGES + '?all_fields')
    assert again.status_int == 200
    assert again.body == first.body
    assert statements == []


def test_a_filtered_unchanged_page_is_read_again_on_the_driver(api):
    """A filter is parsed once per text, so its page's fingerprint
    statement, compiled once, is read on the driver's cursor too; a
    change of an item the filter selects shows at once."""
    created = [json.loads(api(
        'POST', PACKAGES, json.dumps({'userDefinedData': {'v': value}}),
        {'Content-Type': 'application/json'}).body)['id']
        for value in range(3)]
    query = 'all_fields&filter=(neq,onboardingState,ONBOARDED)'
    first = listed(api, query)
    with sql.recorded_statements() as statements:
        assert listed(api, query) == first
    assert statements == []

    response = api('PATCH', PACKAGES + '/' + created[1], json.dumps(
        {'userDefinedData': {'v': 'new'}}),
        {'Content-Type': 'application/merge-patch+json'})
    assert response.status_int == 200
    shown = {item['id']: item['userDefinedData']
             for item in listed(api, query)}
    assert [shown[package_id] for package_id in created] == [
        {'v': 0}, {'v': 'new'}, {'v': 2}]


def test_a_page_is_answered_when_the_driver_read_fails(api, monkeypatch):
    """A failure of the driver read is left to SQLAlchemy's read, which
    reports errors as every other read does; the failed connection is
    closed, not kept."""
    created = json.loads(api('POST', PACKAGES, json.dumps({}),
                             {'Content-Type': 'application/json'}).body)
    engine = db_api.get_engine()
    real_raw_connection = engine.raw_connection
    closed = []

    class BrokenDriver:
        def cursor(self):
            raise engine.dialect.loaded_dbapi.OperationalError('gone')

    class Broken:
        """A pooled connection whose driver fails at once."""
        dbapi_connection = BrokenDriver()

        def detach(self):
            pass

        def close(self):
            closed.append(self)

    taken = []

    def first_broken():
        # SQLAlchemy's own read checks its connection out the same way.
        if taken:
            return real_raw_connection()
        taken.append(Broken())
        return taken[0]

    monkeypatch.setattr(lone_reads, '_driver_connections', None)
    monkeypatch.setattr(engine, 'raw_connection', first_broken)
    assert created['id'] in [item['id'] for item in listed(api, '')]
    assert closed == taken
