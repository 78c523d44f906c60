"""ConductorService over oslo.messaging's in-memory driver: RPC served,
heartbeats recorded, offline after stop."""
import time

import pytest

from tacker.common import context as tacker_context
from tacker.common import rpc
from tacker.conductor import rpcapi
from tacker.conductor import service
from tacker.conf import CONF
from tacker.db import api as db_api


@pytest.fixture
def fake_transport(database):
    # The first init registers oslo.messaging's options (it connects to
    # nothing until used); the second uses the in-memory driver.
    rpc.init(CONF)
    rpc.cleanup()
    CONF.set_override('transport_url', 'fake:/')
    rpc.init(CONF)
    yield
    rpc.cleanup()
    CONF.clear_override('transport_url')


@pytest.fixture
def conductor(fake_transport):
    CONF.set_override('host', 'unit-conductor')
    CONF.set_override('report_interval', 1)
    conductor = service.ConductorService(CONF)
    conductor.start()
    yield conductor
    conductor.stop()
    CONF.clear_override('host')
    CONF.clear_override('report_interval')


def live_hosts(context):
    return [c['hostname'] for c in db_api.list_live_conductors(context, 60)]


def test_started_conductor_is_live_and_answers_rpc(conductor, admin_context):
    assert 'unit-conductor' in live_hosts(admin_context)
    context = tacker_context.RequestContext(project_id='p1')
    reply = rpcapi.ConductorAPI().ping(context, payload=[1], timeout=5)
    assert reply == {'host': 'unit-conductor', 'payload': [1],
                     'request_id': context.request_id}


def test_rpc_server_uses_threading_executor(conductor):
    assert conductor.rpc_server.executor_type == 'threading'


def test_stopped_conductor_is_offline_at_once(conductor, admin_context):
    conductor.stop()
    assert 'unit-conductor' not in live_hosts(admin_context)


def test_heartbeat_advances(conductor, admin_context):
    def heartbeat():
        return {c['hostname']: c['heartbeat_at'] for c in
                db_api.list_live_conductors(admin_context, 60)}[
                    'unit-conductor']
    first = heartbeat()
    time.sleep(2.5)  # report_interval is 1 s
    assert heartbeat() > first


def test_peers_are_not_judged_right_after_a_database_outage(
        conductor, monkeypatch):
    CONF.set_override('service_down_time', 1)
    assert conductor._may_judge_peers()

    def unreachable(*args):
        raise RuntimeError('database unreachable')
    real_heartbeat = db_api.heartbeat_conductor
    monkeypatch.setattr(db_api, 'heartbeat_conductor', unreachable)
    conductor._heartbeat()
    assert not conductor._may_judge_peers()
    monkeypatch.setattr(db_api, 'heartbeat_conductor', real_heartbeat)
    conductor._heartbeat()
    # The peers have not had service_down_time to heartbeat again yet.
    assert not conductor._may_judge_peers()
    time.sleep(1.1)
    assert conductor._may_judge_peers()
    CONF.clear_override('service_down_time')
