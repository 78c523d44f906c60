"""The dispatcher's contract: every client error is a ProblemDetails with
the right status, and every response carries a request id."""
import json

from oslo_db import exception as db_exc
import pytest
import webob

from tacker.api import wsgi
from tacker.common import exceptions
from tacker.conf import CONF
from tests import etsi


def assert_problem(response, status):
    assert response.status_int == status
    assert response.content_type == 'application/problem+json'
    problem = json.loads(response.body)
    etsi.validate(problem, 'SOL003', 'VNFLifecycleManagement-API',
                  'ProblemDetails.schema.json')
    assert problem['status'] == status
    assert problem['title'] and problem['detail']
    return problem


def test_unknown_path_is_404_problem(api):
    problem = assert_problem(api('GET', '/no/such/thing'), 404)
    assert '/no/such/thing' in problem['detail']


def test_unknown_path_under_api_prefix_is_404_problem(api):
    assert_problem(api('GET', '/vnflcm/v1/nothing_here'), 404)


def test_wrong_method_is_405_with_allow(api):
    response = api('DELETE', '/vnflcm/v1/api_versions')
    assert_problem(response, 405)
    assert response.headers['Allow'] == 'GET, HEAD'


def test_request_id_on_success_and_error(api):
    for path in ('/vnflcm/v1/api_versions', '/missing'):
        response = api('GET', path)
        assert response.headers['X-Openstack-Request-Id'].startswith('req-')


class EchoController:
    def create(self, req, body):
        return wsgi.Result({'got': body}, status=201)

    def fail(self, req):
        raise RuntimeError('boom')

    def conflict(self, req):
        raise exceptions.Conflict('busy')

    def no_database(self, req):
        raise db_exc.DBConnectionError('connection refused by 10.0.0.5')


@pytest.fixture
def echo(database):
    router = wsgi.Router('/echo')
    router.connect('', EchoController(), {'POST': 'create'},
                   schemas={'POST': {}})
    router.connect('/fail', EchoController(), {'GET': 'fail'})
    router.connect('/conflict', EchoController(), {'GET': 'conflict'})
    router.connect('/no_database', EchoController(), {'GET': 'no_database'})

    def call(method, path, body=None, content_type='application/json'):
        req = webob.Request.blank(path, method=method)
        if body is not None:
            req.body = body
            req.content_type = content_type
        return req.get_response(router)
    return call


def test_json_body_reaches_controller(echo):
    response = echo('POST', '/echo', b'{"a": 1}')
    assert response.status_int == 201
    assert json.loads(response.body) == {'got': {'a': 1}}


def test_malformed_json_is_400(echo):
    problem = assert_problem(echo('POST', '/echo', b'{"a": '), 400)
    assert 'JSON' in problem['detail']


def test_deeply_nested_json_is_400(echo):
    problem = assert_problem(echo('POST', '/echo', b'[' * 100000), 400)
    assert 'nested' in problem['detail']


def test_invalid_utf8_is_400(echo):
    assert_problem(echo('POST', '/echo', b'{"a": "\xff"}'), 400)


def test_oversized_body_is_413(echo):
    body = b'{"a": "%s"}' % (b'x' * CONF.max_request_body_size)
    assert_problem(echo('POST', '/echo', body), 413)


def test_wrong_content_type_is_415(echo):
    assert_problem(echo('POST', '/echo', b'{}', 'text/plain'), 415)


def test_unexpected_error_is_500_problem_without_internals(echo):
    problem = assert_problem(echo('GET', '/echo/fail'), 500)
    assert 'boom' not in problem['detail']


def test_unreachable_database_is_503_problem_without_internals(echo):
    problem = assert_problem(echo('GET', '/echo/no_database'), 503)
    assert '10.0.0.5' not in problem['detail']


def test_tacker_exception_keeps_its_status_and_detail(echo):
    problem = assert_problem(echo('GET', '/echo/conflict'), 409)
    assert problem['detail'] == 'busy'
