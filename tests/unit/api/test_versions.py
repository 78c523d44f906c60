"""SOL013 API version endpoints: every routed SOL API and nothing else."""
import json

import pytest

from tacker.api import app as tacker_app
from tests import etsi

SCHEMAS = {
    '/vnflcm/v1': ('SOL003', 'VNFLifecycleManagement-API'),
    '/vnflcm': ('SOL003', 'VNFLifecycleManagement-API'),
    '/vnfpkgm/v1': ('SOL005', 'VNFPackageManagement-API'),
    '/vnfpkgm': ('SOL005', 'VNFPackageManagement-API'),
    '/grant/v1': ('SOL003', 'VNFLifecycleOperationGranting-API'),
    '/grant': ('SOL003', 'VNFLifecycleOperationGranting-API'),
}


@pytest.mark.parametrize('prefix', sorted(SCHEMAS))
def test_api_versions_validate_against_etsi_schema(api, prefix):
    response = api('GET', prefix + '/api_versions')
    assert response.status_int == 200
    assert response.content_type == 'application/json'
    body = json.loads(response.body)
    etsi.validate(body, *SCHEMAS[prefix], 'ApiVersionInformation.schema.json')
    assert body['uriPrefix'] == prefix


def test_exactly_the_routed_prefixes_answer_api_versions():
    assert set(tacker_app.VERSIONED_PREFIXES) == set(SCHEMAS) | {
        '/vnflcm/v2', '/vnffm/v1', '/vnffm', '/vnfpm/v2', '/vnfpm'}


# The performance document names the path /api-versions.
@pytest.mark.parametrize('prefix,document,path,version', [
    ('/vnffm/v1', 'fault', '/api_versions', '1.3.0'),
    ('/vnffm', 'fault', '/api_versions', '1.3.0'),
    ('/vnfpm/v2', 'perf', '/api-versions', '2.1.0'),
    ('/vnfpm', 'perf', '/api-versions', '2.1.0')])
def test_monitoring_versions_validate_against_etsi(api, prefix, document,
                                                   path, version):
    response = api('GET', prefix + '/api_versions')
    assert response.status_int == 200
    body = json.loads(response.body)
    etsi.validate_response(body, document, path, 'get', 200)
    assert body == {'uriPrefix': prefix, 'apiVersions': [
        {'version': version, 'isDeprecated': False}]}


def test_v2_api_versions_answer_without_a_version_header(api):
    response = api('GET', '/vnflcm/v2/api_versions')
    assert response.status_int == 200
    assert response.headers['Version'] == '2.0.0'
    body = json.loads(response.body)
    etsi.validate_response(body, 'lifecycle', '/api_versions', 'get', 200)
    assert body == {'uriPrefix': '/vnflcm/v2', 'apiVersions': [
        {'version': '2.0.0', 'isDeprecated': False}]}


def test_vnflcm_api_name_lists_both_major_versions(api):
    body = json.loads(api('GET', '/vnflcm/api_versions').body)
    assert [v['version'] for v in body['apiVersions']] == ['1.3.0',
                                                           '2.0.0']


def test_vnfpkgm_api_name_answers_like_vnflcm(api):
    body = json.loads(api('GET', '/vnfpkgm/api_versions').body)
    assert body == {'uriPrefix': '/vnfpkgm', 'apiVersions': [
        {'version': '2.1.0', 'isDeprecated': False}]}


def test_v1_lists_only_its_version(api):
    body = json.loads(api('GET', '/vnflcm/v1/api_versions').body)
    assert body['apiVersions'] == [{'version': '1.3.0',
                                    'isDeprecated': False}]


def test_root_lists_legacy_api(api):
    body = json.loads(api('GET', '/', headers={'Host': 'tacker:9890'}).body)
    assert body == {'versions': [{
        'id': 'v1.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': 'http://tacker:9890/v1.0'}]}]}
