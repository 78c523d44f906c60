"""The Heat stacks of VNFs (openstack/heat.py) against an in-process fake
of python-heatclient's Client, on a fake clock: what Heat is asked to do,
how long a wait polls, and which answers become errors."""
import json
import os
import types

from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ks_exc
import pytest

from tacker.common import exceptions
from tacker.common import states
from tacker.drivers.infra import base
from tacker.drivers.infra.openstack import heat

VIM = {'id': 'vim-1', 'vimType': 'openstack',
       'interfaceInfo': {'endpoint': 'http://keystone/v3'},
       'accessInfo': {'username': 'u', 'password': 'p', 'project': 'demo',
                      'region': 'RegionTwo'}}
RETRIES, RETRY_WAIT = 3, 2


class FakeStacks:
    """``client.stacks``: each stack answers the statuses of its script
    in turn to ``get`` (the last one for ever); None stands for 404."""

    def __init__(self, client):
        self.client = client
        self.scripts = {}

    def _status(self, stack_id):
        script = self.scripts.get(stack_id) or [None]
        return script.pop(0) if len(script) > 1 else script[0]

    def get(self, stack_id, resolve_outputs=True):
        self.client.calls.append(('get', stack_id))
        status = self._status(stack_id)
        if status is None:
            raise heat_exc.HTTPNotFound()
        if isinstance(status, Exception):
            raise status
        return types.SimpleNamespace(
            id=stack_id, stack_name=stack_id, stack_status=status[0],
            stack_status_reason=status[1])

    def create(self, **kwargs):
        self.client.calls.append(('create', kwargs))
        return {'stack': {'id': 'new-stack'}}

    def _known(self, stack_id):
        if self.scripts.get(stack_id) is None:
            raise heat_exc.HTTPNotFound()

    def update(self, stack_id, **kwargs):
        self.client.calls.append(('update', stack_id, kwargs))
        self._known(stack_id)

    def delete(self, stack_id):
        self.client.calls.append(('delete', stack_id))
        self._known(stack_id)


class FakeResources:

    def __init__(self, client):
        self.client = client

    def list(self, stack_id, nested_depth=0):
        self.client.calls.append(('list', stack_id, nested_depth))
        return [types.SimpleNamespace(to_dict=lambda: {
            'resource_name': 'VDU1', 'physical_resource_id': 'srv'})]

    def mark_unhealthy(self, stack_id, resource_name, mark, reason):
        self.client.calls.append(('mark_unhealthy', stack_id,
                                  resource_name, mark, reason))


class FakeClient:

    def __init__(self, version, **kwargs):
        self.version = version
        self.kwargs = kwargs
        self.calls = []
        self.stacks = FakeStacks(self)
        self.resources = FakeResources(self)


class FakeClock:
    """time.monotonic and Cancellation.wait: a wait advances the clock
    at once (still cut short by a FORCEFUL cancel)."""

    def __init__(self, real_wait):
        self.now = 0.0
        self.waits = []
        self.real_wait = real_wait

    def monotonic(self):
        return self.now

    def wait(self, seconds):
        self.waits.append(seconds)
        self.now += seconds
        self.real_wait(0)


@pytest.fixture
def conf():
    return types.SimpleNamespace(openstack_vim=types.SimpleNamespace(
        stack_retries=RETRIES, stack_retry_wait=RETRY_WAIT, timeout=30))


@pytest.fixture
def cancellation():
    return base.Cancellation()


@pytest.fixture
def clock(monkeypatch, cancellation):
    clock = FakeClock(cancellation.wait)
    monkeypatch.setattr(heat.time, 'monotonic', clock.monotonic)
    monkeypatch.setattr(cancellation, 'wait', clock.wait)
    return clock


@pytest.fixture
def stacks(monkeypatch, conf, cancellation, clock):
    monkeypatch.setattr(heat.heat_client, 'Client', FakeClient)
    made = heat.HeatStacks(VIM, conf, cancellation)
    yield made
    made.close()


def http_error(cls, message):
    return cls(json.dumps({'error': {'message': message}}))


def test_the_client_is_orchestration_v1_in_the_vims_region(stacks):
    assert stacks.client.version == '1'
    assert stacks.client.kwargs['region_name'] == 'RegionTwo'
    auth = stacks.client.kwargs['session'].auth
    assert (auth.auth_url, auth.project_name) == ('http://keystone/v3',
                                                  'demo')


@pytest.mark.parametrize('missing', ['password', 'project'])
def test_a_vim_without_credentials_is_refused_naming_what_is_missing(
        monkeypatch, conf, cancellation, missing):
    monkeypatch.setattr(heat.heat_client, 'Client', FakeClient)
    access = dict(VIM['accessInfo'])
    del access[missing]
    with pytest.raises(exceptions.BadRequest) as raised:
        heat.HeatStacks(dict(VIM, accessInfo=access), conf, cancellation)
    assert missing in str(raised.value)


def test_a_ca_certificate_is_verified_from_a_file_removed_on_close(
        monkeypatch, conf, cancellation):
    monkeypatch.setattr(heat.heat_client, 'Client', FakeClient)
    pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'
    made = heat.HeatStacks(
        dict(VIM, interfaceInfo=dict(VIM['interfaceInfo'],
                                     ssl_ca_cert=pem)), conf, cancellation)
    verify = made.client.kwargs['session'].verify
    with open(verify) as ca_file:
        assert ca_file.read() == pem
    made.close()
    assert not os.path.exists(verify)


def test_a_vim_registered_without_verification_is_not_verified(
        monkeypatch, conf, cancellation):
    """As VIM registration did (cert_verify false, warned of)."""
    monkeypatch.setattr(heat.heat_client, 'Client', FakeClient)
    made = heat.HeatStacks(
        dict(VIM, interfaceInfo=dict(VIM['interfaceInfo'],
                                     cert_verify=False)), conf, cancellation)
    assert made.client.kwargs['session'].verify is False
    made.close()


def test_create_asks_for_the_stack_without_rollback_and_waits_for_it(
        stacks, clock):
    stacks.client.stacks.scripts['new-stack'] = [
        ('CREATE_IN_PROGRESS', ''), ('CREATE_IN_PROGRESS', ''),
        ('CREATE_COMPLETE', '')]
    assert stacks.create('vnf-1', 'tmpl', {'f.yaml': 'x'},
                         {'nfv': {}}) == 'new-stack'
    assert stacks.client.calls[0] == ('create', {
        'stack_name': 'vnf-1', 'template': 'tmpl',
        'files': {'f.yaml': 'x'}, 'parameters': {'nfv': {}},
        'disable_rollback': True})
    assert [call[0] for call in stacks.client.calls[1:]] == ['get'] * 3
    assert clock.waits == [0.25, 0.5]


def test_a_failed_stack_is_an_error_with_heats_reason(stacks):
    stacks.client.stacks.scripts['new-stack'] = [
        ('CREATE_IN_PROGRESS', ''),
        ('CREATE_FAILED', 'Quota exceeded for cores')]
    with pytest.raises(exceptions.VimOperationFailed) as raised:
        stacks.create('vnf-1', 'tmpl', {}, {})
    assert 'CREATE_FAILED: Quota exceeded for cores' in str(raised.value)


def test_a_wait_polls_ever_less_often_until_its_deadline(stacks, clock):
    stacks.client.stacks.scripts['s'] = [('UPDATE_IN_PROGRESS', '')]
    with pytest.raises(exceptions.VimOperationFailed) as raised:
        stacks.update('s', {'nfv': {'VDU': {}}})
    assert stacks.client.calls[0] == (
        'update', 's', {'existing': True, 'parameters': {'nfv': {'VDU': {}}}})
    assert 'still UPDATE_IN_PROGRESS after 6 s' in str(raised.value)
    assert clock.waits == [0.25, 0.5, 1, 2, 2, 0.25]
    assert clock.now == RETRIES * RETRY_WAIT


def test_a_forceful_cancel_stops_a_wait(stacks, cancellation, clock):
    stacks.client.stacks.scripts['s'] = [('UPDATE_IN_PROGRESS', '')]
    cancellation.request(states.FORCEFUL)
    with pytest.raises(exceptions.OperationCancelled):
        stacks.update('s', {})
    assert clock.waits == [0.25]


def test_delete_waits_until_the_stack_is_gone(stacks):
    stacks.client.stacks.scripts['s'] = [
        ('DELETE_IN_PROGRESS', ''), None]
    stacks.delete('s')
    assert [call[0] for call in stacks.client.calls] == [
        'delete', 'get', 'get']


def test_delete_of_a_stack_heat_does_not_know_does_not_wait(stacks):
    stacks.delete('gone')
    assert stacks.client.calls == [('delete', 'gone')]


def test_a_failed_delete_is_an_error(stacks):
    stacks.client.stacks.scripts['s'] = [
        ('DELETE_FAILED', 'port in use')]
    with pytest.raises(exceptions.VimOperationFailed) as raised:
        stacks.delete('s')
    assert 'DELETE_FAILED: port in use' in str(raised.value)


def test_find_answers_none_for_a_missing_stack_and_the_stack_else(stacks):
    stacks.client.stacks.scripts['s'] = [('CREATE_COMPLETE', '')]
    assert stacks.find('missing') is None
    assert stacks.find('s').id == 's'


@pytest.mark.parametrize('error,reason', [
    (http_error(heat_exc.HTTPBadRequest, 'Property flavor not found'),
     'Property flavor not found'),
    (http_error(heat_exc.HTTPInternalServerError, 'db down'), 'db down'),
    (ks_exc.Unauthorized('401'), 'Keystone refused the credentials'),
    (ks_exc.ConnectFailure('no route'), 'no route'),
])
def test_client_errors_become_vim_operation_failed_with_the_reason(
        stacks, error, reason):
    stacks.client.stacks.scripts['s'] = [error]
    with pytest.raises(exceptions.VimOperationFailed) as raised:
        stacks.find('s')
    assert reason in str(raised.value)


def test_updating_a_stack_heat_does_not_know_is_an_error(stacks):
    with pytest.raises(exceptions.VimOperationFailed) as raised:
        stacks.update('gone', {})
    assert 'update stack gone' in str(raised.value)


def test_resources_are_listed_two_levels_deep_as_dicts(stacks):
    assert stacks.resources('s') == [{'resource_name': 'VDU1',
                                      'physical_resource_id': 'srv'}]
    assert stacks.client.calls == [('list', 's', 2)]


def test_mark_unhealthy_marks_the_named_resource(stacks):
    stacks.mark_unhealthy('member-stack', 'VDU1', 'heal')
    assert stacks.client.calls == [
        ('mark_unhealthy', 'member-stack', 'VDU1', True, 'heal')]


def test_the_stack_of_an_instance_is_named_after_it():
    assert heat.stack_name('abc') == 'vnf-abc'
