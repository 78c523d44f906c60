"""/vnflcm/v2 (SOL003 v3.3.1) over the same store as /vnflcm/v1: the
Version header, and VNF instances and occurrences rendered in the 3.3.1
shapes, validated against ETSI's OpenAPI document."""
import datetime
import json

import pytest

from tacker.api.vnflcm import requests_v2
from tacker.api.vnflcm import views_v2
from tacker.common import infra_requirements
from tacker.common import states
from tacker.conductor import rpcapi
from tests import etsi
from tests.unit.api.test_attributes import emitted_paths
from tests.unit.api.test_dispatch import assert_problem
from tests.unit import rows

V2 = '/vnflcm/v2'
NOW = datetime.datetime(2026, 12, 6)
VERSION = {'Version': '2.0.0'}
JSON_V2 = dict(VERSION, **{'Content-Type': 'application/json'})


@pytest.fixture
def package(admin_context, small):
    return rows.onboarded_package(admin_context, {'small': small}, 'admin')


def created(api, package, version_path=V2, headers=JSON_V2):
    response = api('POST', version_path + '/vnf_instances', json.dumps(
        {'vnfdId': package['vnfd_id'], 'vnfInstanceName': 'web'}),
        headers=headers)
    assert response.status_int == 201, response.body
    return json.loads(response.body)


def test_a_request_without_version_is_a_400_naming_it(api):
    response = api('GET', V2 + '/vnf_instances')
    assert assert_problem(response, 400)['detail'] == (
        'The Version header is required: /vnflcm/v2 serves API version '
        '2.0.0.')
    assert response.headers['Version'] == '2.0.0'


def test_another_major_version_is_not_acceptable(api):
    response = api('GET', V2 + '/vnf_instances',
                   headers={'Version': '1.3.0'})
    assert assert_problem(response, 406)['detail'] == (
        'API version 1.3.0 is not served at /vnflcm/v2, which serves '
        '2.0.0 (GET /vnflcm/v2/api_versions).')


@pytest.mark.parametrize('version', ['2.0.0', '2.1.0', '2'])
def test_any_version_of_the_major_is_served_and_answered_as_2_0_0(
        api, version):
    response = api('GET', V2 + '/vnf_instances/nope',
                   headers={'Version': version})
    assert response.status_int == 404
    assert response.headers['Version'] == '2.0.0'


def test_v1_takes_no_version_header_and_answers_none(api):
    response = api('GET', '/vnflcm/v1/vnf_instances')
    assert response.status_int == 200
    assert 'Version' not in response.headers


def test_an_instance_created_in_v2_is_the_same_in_v1(api, package):
    info = created(api, package)
    etsi.validate_response(info, 'lifecycle', '/vnf_instances', 'post',
                           201)
    assert info['_links'] == {
        'self': {'href': 'http://localhost/vnflcm/v2/vnf_instances/'
                         + info['id']},
        'instantiate': {'href': 'http://localhost/vnflcm/v2/vnf_instances/'
                                + info['id'] + '/instantiate'}}

    listed = json.loads(api('GET', V2 + '/vnf_instances?filter=(eq,id,%s)'
                            % info['id'], headers=VERSION).body)
    etsi.validate_response(listed, 'lifecycle', '/vnf_instances', 'get',
                           200)
    assert [item['id'] for item in listed] == [info['id']]
    v1 = json.loads(api('GET', '/vnflcm/v1/vnf_instances/' + info['id'])
                    .body)
    assert v1['vnfInstanceName'] == 'web'
    assert v1['_links']['self']['href'].startswith(
        'http://localhost/vnflcm/v1/')


def test_an_instance_created_in_v1_is_shown_and_deleted_in_v2(api,
                                                              package):
    info = created(api, package, '/vnflcm/v1',
                   {'Content-Type': 'application/json'})
    shown = api('GET', V2 + '/vnf_instances/' + info['id'], headers=VERSION)
    body = json.loads(shown.body)
    etsi.validate_response(body, 'lifecycle',
                           '/vnf_instances/{vnfInstanceId}', 'get', 200)
    assert body['vnfdId'] == package['vnfd_id']
    deleted = api('DELETE', V2 + '/vnf_instances/' + info['id'],
                  headers=VERSION)
    assert deleted.status_int == 204
    assert api('GET', '/vnflcm/v1/vnf_instances/' + info['id']
               ).status_int == 404


INSTANTIATED = {
    'id': 'v', 'vnf_instance_name': 'n', 'vnf_instance_description': None,
    'vnfd_id': 'd', 'vnf_provider': 'p', 'vnf_product_name': 'n',
    'vnf_software_version': '1', 'vnfd_version': '1',
    'instantiation_state': states.INSTANTIATED, 'metadata': {},
    'extensions': None, 'vnf_configurable_properties': None,
    'vim_connection_info': [{'id': 'vim-a', 'vimId': 'v-1',
                             'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
                             'accessInfo': {'password': 'secret'}}],
    'instantiated_vnf_info': {
        'flavourId': 'small', 'vnfState': 'STARTED',
        'scaleStatus': [{'aspectId': 'worker', 'scaleLevel': 1}],
        'extCpInfo': [], 'extVirtualLinkInfo': [],
        'vnfcResourceInfo': [{
            'id': 'c1', 'vduId': 'VDU1', 'storageResourceIds': [],
            'computeResource': {'vimConnectionId': 'vim-a',
                                'resourceId': 'server-1',
                                'vimLevelResourceType': 'OS::Nova::Server'},
            'vnfcCpInfo': []}],
        'virtualLinkResourceInfo': [{
            'id': 'l1', 'vnfVirtualLinkDescId': 'internal',
            'networkResource': {'resourceId': 'net-1'},
            'vnfLinkPorts': []}],
        'virtualStorageResourceInfo': [],
        'metadata': {'namespace': 'inside'}},
}


def test_an_instantiated_instance_in_the_3_3_1_shapes():
    info = views_v2.vnf_instance(INSTANTIATED, 'http://t')
    etsi.validate_response(info, 'lifecycle',
                           '/vnf_instances/{vnfInstanceId}', 'get', 200)
    assert info['vimConnectionInfo'] == {'vim-a': {
        'vimId': 'v-1', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
        'accessInfo': {}}}
    vnf_info = info['instantiatedVnfInfo']
    assert 'virtualLinkResourceInfo' not in vnf_info
    assert vnf_info['vnfVirtualLinkResourceInfo'][0]['id'] == 'l1'
    assert vnf_info['vnfcInfo'] == [{
        'id': 'VDU1-c1', 'vduId': 'VDU1', 'vnfcResourceInfoId': 'c1',
        'vnfcState': 'STARTED'}]
    assert 'metadata' not in vnf_info
    assert set(info['_links']) == {'self', 'terminate', 'scale',
                                   'scaleToLevel', 'heal', 'changeExtConn',
                                   'changeFlavour'}
    assert info['_links']['heal']['href'] == \
        'http://t/vnflcm/v2/vnf_instances/v/heal'


OP = {
    'id': 'o', 'operation_state': states.COMPLETED,
    'state_entered_time': NOW, 'start_time': NOW,
    'vnf_instance_id': 'v', 'operation': 'MODIFY_INFO',
    'is_automatic_invocation': False, 'is_cancel_pending': False,
    'cancel_mode': None, 'grant_id': None, 'error': None,
    'operation_params': {'vimConnectionInfo': [
        {'id': 'vim-a', 'vimType': 'kubernetes',
         'accessInfo': {'bearer_token': 'secret'}}]},
    'resource_changes': {'affectedVirtualLinks': [{
        'id': 'l1', 'virtualLinkDescId': 'internal', 'changeType': 'ADDED',
        'networkResource': {'resourceId': 'net-1'}}]},
    'changed_info': {'vnfPkgId': 'p2', 'vnfdId': 'd2', 'vimConnectionInfo': [
        {'id': 'vim-a', 'vimType': 'kubernetes'}]},
    'changed_ext_connectivity': None,
}


def test_an_occurrence_in_the_3_3_1_shapes():
    info = views_v2.vnf_lcm_op_occ(OP, 'http://t')
    etsi.validate_response(info, 'lifecycle',
                           '/vnf_lcm_op_occs/{vnfLcmOpOccId}', 'get', 200)
    assert info['operationParams'] == {'vimConnectionInfo': {'vim-a': {
        'vimType': 'kubernetes', 'accessInfo': {}}}}
    assert info['resourceChanges']['affectedVirtualLinks'] == [{
        'id': 'l1', 'vnfVirtualLinkDescId': 'internal',
        'changeType': 'ADDED', 'networkResource': {'resourceId': 'net-1'}}]
    assert info['changedInfo'] == {'vnfdId': 'd2', 'vimConnectionInfo': {
        'vim-a': {'vimType': 'kubernetes'}}}
    assert info['_links']['self']['href'] == \
        'http://t/vnflcm/v2/vnf_lcm_op_occs/o'


@pytest.mark.parametrize('attributes, view', [
    (views_v2.VNF_INSTANCE, views_v2.vnf_instance(INSTANTIATED, 'http://t')),
    (views_v2.VNF_LCM_OP_OCC, views_v2.vnf_lcm_op_occ(OP, 'http://t')),
], ids=lambda value: getattr(value, 'name', ''))
def test_everything_the_v2_view_shows_can_be_named(attributes, view):
    for names in emitted_paths(view):
        if names[0] == 'vimConnectionInfo' or names[:2] == (
                'operationParams', 'vimConnectionInfo'):
            continue
        assert attributes.knows(names), names


class _Conductor:
    """Takes every operation and runs none."""

    def start_lcm_op(self, context, op_id):
        pass


@pytest.fixture
def conductor(monkeypatch):
    monkeypatch.setattr(infra_requirements, 'check',
                        lambda *args, **kwargs: None)
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: _Conductor())


def test_an_instantiate_in_v2_is_one_occurrence_in_both_shapes(
        api, package, conductor):
    info = created(api, package)
    response = api('POST', '%s/vnf_instances/%s/instantiate'
                   % (V2, info['id']), json.dumps({
                       'flavourId': 'small', 'vimConnectionInfo': {
                           'vim-a': {'vimType': 'kubernetes',
                                     'interfaceInfo': {'endpoint': 'h'},
                                     'accessInfo': {
                                         'bearer_token': 'secret'}}}}),
                   headers=JSON_V2)

    assert response.status_int == 202, response.body
    location = response.headers['Location']
    assert location.startswith('http://localhost/vnflcm/v2/vnf_lcm_op_occs/')
    v2 = json.loads(api('GET', location[len('http://localhost'):],
                        headers=VERSION).body)
    etsi.validate_response(v2, 'lifecycle',
                           '/vnf_lcm_op_occs/{vnfLcmOpOccId}', 'get', 200)
    assert v2['operationParams']['vimConnectionInfo'] == {'vim-a': {
        'vimType': 'kubernetes', 'interfaceInfo': {'endpoint': 'h'},
        'accessInfo': {}}}
    assert set(v2['_links']) == {'self', 'vnfInstance', 'cancel'}
    assert v2['_links']['cancel']['href'] == location + '/cancel'
    v1 = json.loads(api('GET', '/vnflcm/v1/vnf_lcm_op_occs/' + v2['id'])
                    .body)
    assert v1['operationParams']['vimConnectionInfo'] == [{
        'id': 'vim-a', 'vimType': 'kubernetes',
        'interfaceInfo': {'endpoint': 'h'}, 'accessInfo': {}}]


def test_a_v2_request_with_a_vim_list_is_a_400(api, package, conductor):
    info = created(api, package)
    response = api('POST', '%s/vnf_instances/%s/instantiate'
                   % (V2, info['id']), json.dumps({
                       'flavourId': 'small', 'vimConnectionInfo': [
                           {'id': 'vim-a', 'vimType': 'kubernetes'}]}),
                   headers=JSON_V2)
    assert 'vimConnectionInfo' in assert_problem(response, 400)['detail']


def test_a_modification_deletes_a_connection_with_null():
    assert requests_v2.modification({'vimConnectionInfo': {
        'a': None, 'b': {'vimType': 'kubernetes'}}}) == {
        'vimConnectionInfo': [{'id': 'b', 'vimType': 'kubernetes'}],
        'vimConnectionInfoDeleteIds': ['a']}
    assert requests_v2.modification({'vimConnectionInfo': {'a': None}}) \
        == {'vimConnectionInfoDeleteIds': ['a']}
    assert requests_v2.modification({'vnfInstanceName': 'x'}) == {
        'vnfInstanceName': 'x'}
