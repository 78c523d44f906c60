"""What every request passes before a router: the path and the query are
UTF-8 text, the body schema is declared, a broken body is one 400, and
logs run under the request's own id."""
import io
import json

from oslo_context import context as oslo_context
import pytest

from tacker.api import wsgi
from tacker.common import exceptions


def problem(response, status):
    assert response.status_int == status, response.body
    assert response.content_type == 'application/problem+json'
    body = json.loads(response.body)
    assert body['status'] == status
    return body


@pytest.mark.parametrize('path', [
    '/vnfpkgm/v1/vnf_packages/%ff%fe', '/%ff', '/no/such/%c3',
    '/vnflcm/v1/vnf_instances?filter=%ff%fe', '/?x=%ff',
    '/healthcheck?rpc=%fe'])
def test_bytes_that_are_not_utf8_are_400_on_every_prefix(api, path):
    assert 'not UTF-8' in problem(api('GET', path), 400)['detail']


@pytest.mark.parametrize('path', [
    '/vnfpkgm/v1/vnf_packages/a%00b', '/vnfpkgm/v1/vnf_packages?filter=%00'])
def test_nul_in_path_or_query_is_400(api, path):
    assert 'NUL' in problem(api('GET', path), 400)['detail']


def test_nul_in_a_body_string_is_400(api):
    response = api('POST', '/vnfpkgm/v1/vnf_packages',
                   body='{"userDefinedData": {"k": "a\\u0000b"}}',
                   content_type='application/json')
    assert 'NUL' in problem(response, 400)['detail']


def test_nan_in_a_body_is_400(api):
    response = api('POST', '/vnfpkgm/v1/vnf_packages',
                   body='{"userDefinedData": {"k": NaN}}',
                   content_type='application/json')
    problem(response, 400)


def test_repeated_list_parameter_is_400(api):
    response = api('GET', '/vnfpkgm/v1/vnf_packages?fields=a&fields=b')
    assert 'given 2 times' in problem(response, 400)['detail']


def test_semicolon_separates_filter_terms_not_parameters(api):
    path = '/vnfpkgm/v1/vnf_packages?all_fields&filter=(eq,id,a);'
    assert api('GET', path + '(eq,onboardingState,X)').status_int == 200
    response = api('GET', path + '(eq,nope,1)')
    assert problem(response, 400)['detail'] == \
        'Invalid filter: VnfPkgInfo has no attribute nope.'


def test_logging_context_is_this_requests_from_the_start(api):
    oslo_context.RequestContext(request_id='req-previous', overwrite=True)
    response = api('GET', '/%ff')
    assert oslo_context.get_current().request_id == \
        response.headers['X-Openstack-Request-Id']


def test_route_with_a_json_body_must_declare_its_schema():
    class Controller:
        def create(self, req, body):
            pass
    with pytest.raises(ValueError, match='declares no schema'):
        wsgi.Router('/x').connect('/y', Controller(), {'POST': 'create'})


def test_every_body_route_of_the_app_has_a_schema(api):
    from tacker.api import app
    for prefix in app.ROUTES:
        for route in app._api_router(prefix).routes:
            assert not route.body_types or route.schema is not None


class Dribble(io.BytesIO):
    """A body that breaks off, as a client that disconnects."""

    def __init__(self, data, error=None):
        super().__init__(data)
        self.error = error

    def read(self, size=-1):
        if self.error and self.tell() == len(self.getvalue()):
            raise self.error
        return super().read(size)


@pytest.mark.parametrize('error', [None, ConnectionResetError(),
                                   ValueError('bad chunk')])
def test_body_that_breaks_off_is_client_disconnected(error):
    body = wsgi.ClientBody(Dribble(b'{"a"', error), '100', 'POST /x')
    with pytest.raises(exceptions.ClientDisconnected):
        body.read(100)
        body.read(100)


def test_whole_body_reads_normally():
    body = wsgi.ClientBody(io.BytesIO(b'{"a": 1}'), '8', 'POST /x')
    assert body.read(8) == b'{"a": 1}'
    assert body.read(8) == b''


def test_broken_body_is_a_400_problem(api):
    response = api('POST', '/vnfpkgm/v1/vnf_packages',
                   content_type='application/json',
                   body_file=Dribble(b'{"userDefinedData"'),
                   content_length=1000)
    assert 'not received whole' in problem(response, 400)['detail']
