"""/v1.0/vims bodies of Kubernetes VIMs: a bearer token or a username and
password, never both or neither, refused without quoting a secret."""
import pytest

from tacker.api.nfvo import schemas
from tacker.api import validation
from tacker.common import exceptions

SECRET = 'sup3r-secret'


def kubernetes_vim(**cred):
    return {'vim': {'name': 'k8s', 'type': 'kubernetes',
                    'auth_url': 'https://k8s:6443', 'auth_cred': cred}}


@pytest.mark.parametrize('cred', [
    {'bearer_token': SECRET},
    {'username': 'alice', 'password': SECRET},
    {'bearer_token': SECRET, 'ssl_ca_cert': 'PEM', 'cert_verify': 'True'},
])
def test_either_kind_of_credentials_is_valid(cred):
    body = kubernetes_vim(**cred)
    body['vim']['vim_project'] = {'name': 'cnf'}

    assert validation.validate(body, schemas.vim_request) == body


@pytest.mark.parametrize('cred, reason', [
    ({'bearer_token': SECRET, 'username': 'alice', 'password': SECRET},
     'must be bearer_token alone, or username and password, not both'),
    ({'bearer_token': SECRET, 'password': SECRET}, 'not both'),
    ({}, "'username' is a required property"),
    ({'username': 'alice'}, "'password' is a required property"),
    ({'password': SECRET}, "'username' is a required property"),
    ({'username': 'al:ice', 'password': SECRET},
     'must be a user name without colons'),
    ({'username': 'alice', 'password': SECRET + '\n'},
     'must be a password without control characters'),
    ({'bearer_token': SECRET + ' x'}, 'must be a bearer token'),
    ({'bearer_token': SECRET + '\n'}, 'must be a bearer token'),
    ({'username': 'alice\n', 'password': SECRET}, 'must be a user name'),
])
def test_wrong_credentials_are_400_without_the_secret(cred, reason):
    with pytest.raises(exceptions.InvalidRequestBody) as caught:
        validation.validate(kubernetes_vim(**cred), schemas.vim_request)

    assert caught.value.status == 400
    assert 'at vim/auth_cred' in caught.value.detail
    assert reason in caught.value.detail
    assert SECRET not in caught.value.detail


def test_an_update_may_swap_the_kind_of_credentials():
    schema = schemas.vim_update_requests['kubernetes']
    swap = {'vim': {'auth_cred': {'bearer_token': None,
                                  'username': 'alice',
                                  'password': SECRET}}}

    assert validation.validate(swap, schema) == swap
    with pytest.raises(exceptions.InvalidRequestBody):
        validation.validate({'vim': {'auth_cred': {'username': 'a:b'}}},
                            schema)
    with pytest.raises(exceptions.InvalidRequestBody):
        validation.validate({'vim': {'auth_cred': {'bearer_token': None}}},
                            schemas.vim_update_requests['openstack'])
