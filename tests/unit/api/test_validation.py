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
