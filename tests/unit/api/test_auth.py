"""auth_strategy=keystone: requests without a valid token get a 401
ProblemDetails; public routes stay open."""
import json

import pytest
import webob
from keystonemiddleware import auth_token

from tacker.api import app as tacker_app
from tacker.conf import CONF


@pytest.fixture
def keystone_app(database):
    for group, opts in auth_token.list_opts():
        CONF.register_opts(opts, group=group)
    CONF.set_override('auth_strategy', 'keystone')
    CONF.set_override('www_authenticate_uri', 'http://keystone:5000/v3',
                      group='keystone_authtoken')
    try:
        yield tacker_app.build_app(CONF)
    finally:
        CONF.clear_override('auth_strategy')
        CONF.clear_override('www_authenticate_uri',
                            group='keystone_authtoken')


def test_missing_token_is_401_problem(keystone_app):
    response = webob.Request.blank('/vnflcm/v1/api_versions').get_response(
        keystone_app)
    assert response.status_int == 401
    assert response.content_type == 'application/problem+json'
    assert json.loads(response.body)['status'] == 401
    assert response.headers['WWW-Authenticate'] == (
        'Keystone uri="http://keystone:5000/v3"')


def test_root_needs_no_token(keystone_app):
    response = webob.Request.blank('/').get_response(keystone_app)
    assert response.status_int == 200
