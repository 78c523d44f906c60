"""A list page shows every item as it is now, in the shape its
selectors ask for, however often the same items were listed before."""
import json

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
