"""A list page shows every item as it is now, in the shape its
selectors ask for, however often the same items were listed before; one
item is read by its primary key alone."""
import datetime
import json

import sqlalchemy as sa

from tacker.common import states
from tacker.db import api as db_api
from tacker.db import lcm_ops as db_lcm_ops

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
    statements = []
    engine = db_api.get_engine()

    def record(conn, cursor, statement, *args):
        if statement.startswith('SELECT'):
            statements.append(statement)

    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        for path in ('/vnflcm/v1/vnf_lcm_op_occs/' + op['id'],
                     '/vnflcm/v1/vnf_instances/' + instance_id):
            statements.clear()
            assert api('GET', path).status_int == 200
            assert len(statements) == 1, statements
            assert 'WHERE' in statements[0] and '.id = ?' in statements[0]
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)


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
