"""A conductor's error reaches the API's client as the ProblemDetails of
its class only when the RPC method declares it (``rpcapi.RAISES``); any
other is logged and answered as a 500 that tells nothing of it.

Real RPC in-process: oslo.messaging's fake transport, a real
``ConductorManager`` with a workflow stubbed to fail. Over RabbitMQ, the
declared refusals of register_vim and deregister_vim are covered by
tests/functional/test_vims.py (test_wrong_password_is_400_naming_
keystones_refusal, test_unreachable_auth_url_is_400,
test_duplicate_name_in_a_project_is_409,
test_vim_used_by_an_instance_cannot_be_deleted).
"""
import json
import logging

import oslo_messaging as messaging
import pytest

from tacker.common import exceptions
from tacker.common import rpc
from tacker.conductor import manager
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api
from tests.unit.api.test_dispatch import assert_problem
from tests.unit.api.test_nfvo_vims import openstack_vim
from tests.unit.api.test_nfvo_vims import post

HOST = 'unit-conductor'


@pytest.fixture
def conductor(monkeypatch, database):
    """A ConductorManager serving RPC on the fake transport, seen alive
    by the API."""
    transport = messaging.get_rpc_transport(CONF, url='fake:///')
    monkeypatch.setattr(rpc, '_transport', transport)
    monkeypatch.setattr(rpcapi, '_conductor_api', None)
    monkeypatch.setattr(db_api, 'list_live_conductors',
                        lambda context, down_time: [{'hostname': HOST}])
    endpoints = manager.ConductorManager(CONF, HOST)
    server = rpc.get_server(
        messaging.Target(topic=rpcapi.TOPIC, server=HOST), [endpoints])
    server.start()
    yield endpoints
    server.stop()
    server.wait()


def failing(error):
    def fail(*args, **kwargs):
        raise error
    return fail


@pytest.mark.parametrize('error, status', [
    (exceptions.VimNameInUse(project_id='p', name='vim-1'), 409),
    (exceptions.VimCredentialsRefused(service='Keystone', url='https://k',
                                      status=401), 400),
    (exceptions.ProjectScopeRequired(), 403),
])
def test_declared_error_is_the_problem_details_of_its_class(
        api, conductor, monkeypatch, error, status):
    monkeypatch.setattr(conductor.vims, 'register', failing(error))

    problem = assert_problem(post(api, openstack_vim()), status)

    assert problem['detail'] == error.detail


@pytest.mark.parametrize('error', [
    KeyError('internal-secret'),
    # A refusal register_vim does not declare is not passed on as such.
    exceptions.VimInUse(id='internal-secret', instance_id='i'),
])
def test_undeclared_error_is_a_logged_500_telling_nothing(
        api, conductor, monkeypatch, caplog, error):
    monkeypatch.setattr(conductor.vims, 'register', failing(error))

    with caplog.at_level(logging.ERROR):
        response = post(api, openstack_vim())

    problem = assert_problem(response, 500)
    assert problem['detail'] == exceptions.ConductorFailed(
        method='register_vim').detail
    assert b'internal-secret' not in response.body
    assert any('internal-secret' in record.getMessage()
               for record in caplog.records)


class Prepared:
    """A prepared RPC client whose call fails with ``error``."""

    def __init__(self, error):
        self.error = error

    def call(self, context, method, **kwargs):
        raise self.error


def test_remote_error_becomes_conductor_failed_without_its_traceback():
    remote = messaging.RemoteError('KeyError', 'internal-secret',
                                   'Traceback (most recent call last)')

    with pytest.raises(exceptions.ConductorFailed) as caught:
        rpcapi.ConductorAPI._call(Prepared(remote), None, 'deregister_vim',
                                  vim_id='v')

    assert 'internal-secret' not in json.dumps(
        caught.value.to_problem_details())
    assert 'Traceback' not in caught.value.detail


def test_messaging_timeout_stays_itself():
    with pytest.raises(messaging.MessagingTimeout):
        rpcapi.ConductorAPI._call(Prepared(messaging.MessagingTimeout()),
                                  None, 'ping')
