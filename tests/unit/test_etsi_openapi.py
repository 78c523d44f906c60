"""Bodies are validated against ETSI's SOL003 v3.3.1 OpenAPI document of
the VNF LCM interface (tests/etsi.py), and what that document gets wrong
is mended there only as long as ETSI's file still has it."""
import jsonschema
import pytest

from tests import etsi

LCM = ('SOL003', '3.3.1', 'lifecycle')
INSTANCE_PATH = '/vnf_instances/{vnfInstanceId}'
OP_OCC_PATH = '/vnf_lcm_op_occs/{vnfLcmOpOccId}'
BASE = 'http://tacker.example/vnflcm/v2'
RESOURCE = {'vimConnectionId': 'vim-1', 'resourceId': 'server-1',
            'vimLevelResourceType': 'OS::Nova::Server'}


def link(path):
    return {'href': BASE + path}


VNF_INSTANCE = {
    'id': 'i-1', 'vnfdId': 'd-1', 'vnfProvider': 'Company',
    'vnfProductName': 'Sample', 'vnfSoftwareVersion': '1.0',
    'vnfdVersion': '1.0', 'instantiationState': 'NOT_INSTANTIATED',
    '_links': {'self': link('/vnf_instances/i-1')},
}
OP_OCC = {
    'id': 'o-1', 'operationState': 'STARTING',
    'stateEnteredTime': '2026-12-01T10:00:00.125Z',
    'startTime': '2026-12-01T10:00:00Z', 'vnfInstanceId': 'i-1',
    'operation': 'INSTANTIATE', 'isAutomaticInvocation': False,
    'isCancelPending': False,
    '_links': {'self': link('/vnf_lcm_op_occs/o-1'),
               'vnfInstance': link('/vnf_instances/i-1')},
}
SUBSCRIPTION = {
    'id': 's-1', 'callbackUri': 'http://client.example/notify',
    'verbosity': 'FULL', '_links': {'self': link('/subscriptions/s-1')},
    'filter': {'vnfInstanceSubscriptionFilter': {'vnfdIds': ['d-1']},
               'notificationTypes': ['VnfLcmOperationOccurrenceNotification'],
               'operationStates': ['COMPLETED']},
}


def ip_over_ethernet(**ip_addresses):
    return {'layerProtocol': 'IP_OVER_ETHERNET', 'ipOverEthernet': {
        'macAddress': 'fa:16:3e:00:00:01',
        'ipAddresses': [{'type': 'IPV4', 'subnetId': 'subnet-1',
                         **ip_addresses}]}}


def instantiated(**ip_addresses):
    """An INSTANTIATED VnfInstance whose external CP has these
    ipAddresses members."""
    return dict(VNF_INSTANCE, instantiationState='INSTANTIATED',
                vimConnectionInfo={'vim-1': {
                    'vimId': 'v-1',
                    'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3'}},
                instantiatedVnfInfo={
                    'flavourId': 'simple', 'vnfState': 'STARTED',
                    'extCpInfo': [{
                        'id': 'e-1', 'cpdId': 'CP1', 'cpConfigId': 'c-1',
                        'cpProtocolInfo': [ip_over_ethernet(**ip_addresses)],
                        'associatedVnfcCpId': 'vc-1'}],
                    'vnfcResourceInfo': [{
                        'id': 'r-1', 'vduId': 'VDU1',
                        'computeResource': RESOURCE}]})


def test_minimal_vnf_instance_is_valid():
    etsi.validate_response(VNF_INSTANCE, 'lifecycle', INSTANCE_PATH, 'get',
                           200)


@pytest.mark.parametrize('body, keyword', [
    ({name: value for name, value in VNF_INSTANCE.items()
      if name != 'vnfdId'}, 'required'),
    (dict(VNF_INSTANCE, instantiationState='BOGUS'), 'enum'),
], ids=['without vnfdId', 'bogus instantiationState'])
def test_vnf_instance_breaking_the_schema_is_refused(body, keyword):
    with pytest.raises(jsonschema.ValidationError) as refused:
        etsi.validate_response(body, 'lifecycle', INSTANCE_PATH, 'get', 200)
    assert refused.value.validator == keyword
    assert INSTANCE_PATH + ' 200 response' in str(refused.value)


def test_vnf_instance_list_is_an_array_of_them():
    etsi.validate_response([VNF_INSTANCE, instantiated(
        addresses=['10.0.0.1'], isDynamic=True)], 'lifecycle',
        '/vnf_instances', 'GET', 200)
    with pytest.raises(jsonschema.ValidationError):
        etsi.validate_response(VNF_INSTANCE, 'lifecycle', '/vnf_instances',
                               'get', 200)


def test_ip_addresses_have_exactly_one_of_addresses_or_range():
    valid = instantiated(addressRange={'minAddress': '10.0.0.1',
                                       'maxAddress': '10.0.0.9'})
    etsi.validate_response(valid, 'lifecycle', INSTANCE_PATH, 'get', 200)
    with pytest.raises(jsonschema.ValidationError, match=r'ipAddresses\[0]'):
        etsi.validate_response(instantiated(), 'lifecycle', INSTANCE_PATH,
                               'get', 200)


def test_minimal_op_occ_is_valid_alone_and_listed():
    etsi.validate_response(OP_OCC, 'lifecycle', OP_OCC_PATH, 'get', 200)
    etsi.validate_response([OP_OCC], 'lifecycle', '/vnf_lcm_op_occs', 'get',
                           200)


def test_op_occ_changes_once_at_most():
    modified = dict(OP_OCC, operation='MODIFY_INFO',
                    operationState='COMPLETED',
                    changedInfo={'vnfInstanceName': 'renamed'})
    etsi.validate_response(modified, 'lifecycle', OP_OCC_PATH, 'get', 200)
    with pytest.raises(jsonschema.ValidationError):
        etsi.validate_response(
            dict(modified, modificationsTriggeredByVnfPkgChange={
                'vnfdId': 'd-2'}), 'lifecycle', OP_OCC_PATH, 'get', 200)


def test_date_times_are_checked():
    with pytest.raises(jsonschema.ValidationError, match='date-time'):
        etsi.validate_response(
            dict(OP_OCC, startTime='2026-12-01T10:00:00'), 'lifecycle',
            OP_OCC_PATH, 'get', 200)


def test_subscription_filtering_by_vnfd_ids_is_valid():
    etsi.validate_response(SUBSCRIPTION, 'lifecycle',
                           '/subscriptions/{subscriptionId}', 'get', 200)
    etsi.validate_response([SUBSCRIPTION], 'lifecycle', '/subscriptions',
                           'get', 200)
    etsi.validate_request({'callbackUri': SUBSCRIPTION['callbackUri'],
                           'filter': SUBSCRIPTION['filter']},
                          'lifecycle', '/subscriptions', 'post')


def test_problem_details_of_a_conflict_are_valid():
    instantiate = INSTANCE_PATH + '/instantiate'
    etsi.validate_response(
        {'status': 409, 'detail': 'VNF instance i-1 is INSTANTIATED',
         'title': 'Conflict'}, 'lifecycle', instantiate, 'post', 409)
    with pytest.raises(jsonschema.ValidationError, match='detail'):
        etsi.validate_response({'status': 409}, 'lifecycle', instantiate,
                               'post', 409)


def test_request_bodies_are_checked():
    instantiate = INSTANCE_PATH + '/instantiate'
    etsi.validate_request({'flavourId': 'simple', 'extVirtualLinks': [{
        'id': 'ext-1', 'resourceId': 'net-1', 'extCps': [{
            'cpdId': 'CP1', 'cpConfig': {'c-1': {'cpProtocolData': [
                ip_over_ethernet(numDynamicAddresses=1)]}}}]}]},
        'lifecycle', instantiate, 'post')
    with pytest.raises(jsonschema.ValidationError, match='flavourId'):
        etsi.validate_request({}, 'lifecycle', instantiate, 'post')


@pytest.mark.parametrize('path, method, status, named', [
    ('/vnf_instances/{id}', 'get', 200, 'no such path'),
    ('/vnf_instances', 'put', 200, 'no such operation; there are: POST, GET'),
    ('/vnf_instances', 'get', 201, 'no 201 response; it has: 200'),
    (INSTANCE_PATH + '/instantiate', 'post', 202,
     'no application/json body; it has: none'),
])
def test_a_body_the_document_lacks_is_named(path, method, status, named):
    with pytest.raises(LookupError, match=named):
        etsi.validate_response({}, 'lifecycle', path, method, status)


def test_a_request_body_the_document_lacks_is_named():
    with pytest.raises(LookupError, match='retry has no request body'):
        etsi.validate_request({}, 'lifecycle', OP_OCC_PATH + '/retry', 'post')


def test_openapi_keywords_become_json_schema():
    schema = etsi.json_schema({
        'type': 'object', 'example': {'nullable': True},
        'discriminator': {'propertyName': 'kind'},
        'properties': {
            'example': {'type': 'string', 'readOnly': True},
            'state': {'type': 'string', 'enum': ['A'], 'nullable': True},
            'other': {'type': 'string', 'nullable': False},
            'any': {'nullable': True, 'writeOnly': True}}})
    assert schema == {'type': 'object', 'properties': {
        'example': {'type': 'string'},
        'state': {'type': ['string', 'null'], 'enum': ['A', None]},
        'other': {'type': 'string'}, 'any': {}}}
    validator = jsonschema.Draft4Validator(schema)
    assert validator.is_valid({'state': None, 'example': 'x'})
    assert not validator.is_valid({'other': None})


def test_the_document_is_read_once():
    assert etsi.openapi_document(*LCM) is etsi.openapi_document(*LCM)


# How many places of ETSI's file each patch mends: when ETSI fixes a
# defect, its patch is to go.
DEFECTS = {
    '_changes_of_op_occ': 3, '_vnfd_ids_of_filter': 4,
    '_ip_addresses_of_info': 20, '_ip_addresses_of_data': 17,
    '_lists_as_arrays': 2, '_alarm_lists_as_arrays': 2, '_pm_defects': 5,
}


@pytest.mark.parametrize('document, patch', [
    (document, patch) for document, patches in etsi.OPENAPI_PATCHES.items()
    for patch in patches], ids=lambda value: getattr(value, '__name__', ''))
def test_etsi_file_still_has_the_defect_a_patch_mends(document, patch):
    assert patch(etsi.openapi_source(*document)) == DEFECTS[patch.__name__]
