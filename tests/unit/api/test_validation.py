"""Request validation helpers."""
import pytest

from tacker.api import validation
from tacker.common import exceptions


def test_validate_names_the_field():
    schema = {'type': 'object', 'properties': {
        'a': {'type': 'object', 'properties': {'b': {'type': 'integer'}}}}}
    with pytest.raises(exceptions.BadRequest) as error:
        validation.validate({'a': {'b': 'x'}}, schema)
    assert 'a/b' in str(error.value)


SUBSCRIPTION_SCHEMAS = ['vnfpkgm', 'vnflcm']


def subscription_schema(api):
    from tacker.api.vnflcm import schemas as lcm_schemas
    from tacker.api.vnfpkgm import schemas as pkg_schemas
    return {'vnfpkgm': pkg_schemas.pkgm_subscription_request,
            'vnflcm': lcm_schemas.lccn_subscription_request}[api]


@pytest.mark.parametrize('api', SUBSCRIPTION_SCHEMAS)
@pytest.mark.parametrize('authentication, field', [
    ({'authType': ['BASIC']}, 'paramsBasic'),
    ({'authType': ['TLS_CERT', 'OAUTH2_CLIENT_CREDENTIALS']},
     'paramsOauth2ClientCredentials'),
    ({'authType': ['BASIC'], 'paramsBasic': {}}, 'userName'),
    ({'authType': ['OAUTH2_CLIENT_CREDENTIALS'],
      'paramsOauth2ClientCredentials': {'clientId': 'c',
                                        'clientPassword': 'p'}},
     'tokenEndpoint'),
    ({'authType': ['BASIC'], 'paramsBasic': {'userName': 'a:b',
                                             'password': 'p'}},
     'userName'),
    ({'authType': ['BASIC'], 'paramsBasic': {'userName': 'a',
                                             'password': '\u20ac'}},
     'password'),
])
def test_authentication_needs_the_params_of_its_type(api, authentication,
                                                     field):
    body = {'callbackUri': 'http://consumer/cb',
            'authentication': authentication}
    with pytest.raises(exceptions.InvalidRequestBody) as error:
        validation.validate(body, subscription_schema(api))
    assert field in str(error.value)


@pytest.mark.parametrize('api', SUBSCRIPTION_SCHEMAS)
def test_complete_authentication_is_valid(api):
    validation.validate({'callbackUri': 'https://consumer/cb',
                         'authentication': {
                             'authType': ['BASIC', 'TLS_CERT'],
                             'paramsBasic': {'userName': 'u',
                                             'password': 'p\u00e9'}}},
                        subscription_schema(api))


def v2_authenticated_schemas():
    """The request schemas of SOL003 v3.3.1 APIs with an authentication
    (the callback of a PM job or threshold), by name."""
    from tacker.api.vnffm import schemas as fm_schemas
    from tacker.api.vnflcm import schemas_v2
    from tacker.api.vnfpm import schemas as pm_schemas
    return {'vnflcm_v2': schemas_v2.lccn_subscription_request,
            'vnffm': fm_schemas.fm_subscription_request,
            'pm_job': pm_schemas.create_pm_job_request,
            'threshold': pm_schemas.create_threshold_request,
            'pm_modifications': pm_schemas.modifications}


def with_authentication(api, authentication):
    """A body of ``api``'s schema that is valid but for
    ``authentication``."""
    body = {'callbackUri': 'https://consumer/cb',
            'authentication': authentication}
    if api == 'pm_job':
        body.update(objectType='Vnf', objectInstanceIds=['i'], criteria={
            'collectionPeriod': 60, 'reportingPeriod': 60})
    elif api == 'threshold':
        body.update(objectType='Vnf', objectInstanceId='i', criteria={
            'performanceMetric': 'm', 'thresholdType': 'SIMPLE',
            'simpleThresholdDetails': {'thresholdValue': 1,
                                       'hysteresis': 0}})
    return body


OAUTH2_CLIENT_CERT = {
    'authType': ['OAUTH2_CLIENT_CERT', 'TLS_CERT'],
    'paramsOauth2ClientCert': {
        'clientId': 'tacker',
        'certificateRef': {'type': 'x5t#S256', 'value': 'A' * 43},
        'tokenEndpoint': 'https://consumer/token'}}


@pytest.mark.parametrize('api', sorted(v2_authenticated_schemas()))
def test_v2_apis_accept_oauth2_client_cert(api):
    validation.validate(with_authentication(api, OAUTH2_CLIENT_CERT),
                        v2_authenticated_schemas()[api])


@pytest.mark.parametrize('api', SUBSCRIPTION_SCHEMAS)
def test_v1_apis_refuse_oauth2_client_cert(api):
    with pytest.raises(exceptions.InvalidRequestBody) as error:
        validation.validate(with_authentication(api, OAUTH2_CLIENT_CERT),
                            subscription_schema(api))
    assert 'at authentication' in str(error.value)


@pytest.mark.parametrize('api', sorted(v2_authenticated_schemas()))
@pytest.mark.parametrize('params, field', [
    (None, 'paramsOauth2ClientCert'),
    ({'clientId': 'c', 'tokenEndpoint': 'https://consumer/token'},
     'certificateRef'),
    ({'clientId': 'c', 'tokenEndpoint': 'https://consumer/token',
      'certificateRef': {'type': 'x5t', 'value': 'A' * 27}}, 'type'),
])
def test_oauth2_client_cert_needs_a_sha256_certificate_ref(api, params,
                                                           field):
    authentication = {'authType': ['OAUTH2_CLIENT_CERT']}
    if params:
        authentication['paramsOauth2ClientCert'] = params
    with pytest.raises(exceptions.InvalidRequestBody) as error:
        validation.validate(with_authentication(api, authentication),
                            v2_authenticated_schemas()[api])
    assert field in str(error.value)


@pytest.mark.parametrize('uri', ['ftp://x/', 'http://', 'http://a b/',
                                 'http://caf\u00e9/'])
def test_callback_uri_is_an_http_uri(uri):
    with pytest.raises(exceptions.InvalidRequestBody):
        validation.validate({'callbackUri': uri},
                            subscription_schema('vnfpkgm'))


@pytest.mark.parametrize('token, valid', [
    ('eyJhbGciOi.eyJzdWIi.c2ln', True), ('abcdef.0123456789abcdef', True),
    ('dG9r==', True), ('t\u20acken', False), ('tok en', False),
    ('tok\nen', False)])
def test_kubernetes_bearer_token_is_a_b64token(token, valid):
    from tacker.api.nfvo import schemas
    body = {'vim': {'name': 'k', 'type': 'kubernetes',
                    'auth_url': 'https://k8s:6443',
                    'auth_cred': {'bearer_token': token}}}
    if valid:
        validation.validate(body, schemas.vim_request)
    else:
        with pytest.raises(exceptions.InvalidRequestBody):
            validation.validate(body, schemas.vim_request)
