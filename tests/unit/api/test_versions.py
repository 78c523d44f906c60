"""SOL013 API version endpoints."""
import json

import pytest

from tests import etsi

SCHEMAS = {
    '/vnflcm/v1': ('SOL003', 'VNFLifecycleManagement-API'),
    '/vnflcm/v2': ('SOL003', 'VNFLifecycleManagement-API'),
    '/vnflcm': ('SOL003', 'VNFLifecycleManagement-API'),
    '/vnfpkgm/v1': ('SOL005', 'VNFPackageManagement-API'),
    '/vnffm/v1': ('SOL003', 'VNFFaultManagement-API'),
    '/vnfpm/v2': ('SOL003', 'VNFPerformanceManagement-API'),
}


@pytest.mark.parametrize('prefix', sorted(SCHEMAS))
def test_api_versions_validate_against_etsi_schema(api, prefix):
    response = api('GET', prefix + '/api_versions')
    assert response.status_int == 200
    assert response.content_type == 'application/json'
    body = json.loads(response.body)
    etsi.validate(body, *SCHEMAS[prefix], 'ApiVersionInformation.schema.json')
    assert body['uriPrefix'] == prefix


def test_vnflcm_lists_both_major_versions(api):
    body = json.loads(api('GET', '/vnflcm/api_versions').body)
    assert [v['version'] for v in body['apiVersions']] == ['1.3.0', '2.0.0']


def test_v1_lists_only_its_version(api):
    body = json.loads(api('GET', '/vnflcm/v1/api_versions').body)
    assert body['apiVersions'] == [{'version': '1.3.0',
                                    'isDeprecated': False}]


def test_root_lists_legacy_api(api):
    body = json.loads(api('GET', '/', headers={'Host': 'tacker:9890'}).body)
    assert body['versions'][0]['id'] == 'v1.0'
    assert body['versions'][0]['links'][0]['href'] == 'http://tacker:9890/v1.0'
