"""Reconciling instances with their VIMs (conductor/reconcile.py), on the
unit-test database: what a driver that reconciles reports is recorded
for instances no operation holds, and only then; drivers that do not
reconcile are never asked."""
import pytest

from tacker.common import states
from tacker.conductor import lcm
from tacker.conductor import reconcile
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import lcm_ops
from tacker.drivers import infra
from tacker.drivers.infra import noop
from tests.unit import rows

PROJECT = 'project-reconcile'
HOST = 'reconcile-host'
VIM = {'id': 'vim-k', 'vimType': 'reconciling'}


class ReconcilingDriver(noop.NoopDriver):
    """The noop driver, with a VIM that replaced every VNFC's compute
    resource; ``during`` runs while it is asked (another process acting
    meanwhile)."""

    def __init__(self, conf):
        super().__init__(conf)
        self.asked = []
        self.during = None

    def reconcile(self, request):
        self.asked.append(request.instance_id)
        if self.during is not None:
            self.during(request.instance_id)
        return dict(request.current, vnfcResourceInfo=[
            dict(vnfc, computeResource=dict(
                vnfc['computeResource'], resourceId='replaced'))
            for vnfc in request.current['vnfcResourceInfo']])


@pytest.fixture
def context(database, admin_context):
    return admin_context


@pytest.fixture
def driver(monkeypatch):
    reconciling = ReconcilingDriver(CONF)
    others = noop.NoopDriver(CONF)
    monkeypatch.setattr(infra, 'load', lambda vim_type, conf: (
        reconciling if vim_type == VIM['vimType'] else others))
    return reconciling


@pytest.fixture
def leading(monkeypatch):
    """This host is the live conductor whose name sorts first."""
    monkeypatch.setattr(db_api, 'list_live_conductors', lambda *args: [
        {'hostname': HOST}, {'hostname': HOST + '-2'}])


@pytest.fixture
def reconciler(driver):
    return reconcile.Reconciler(CONF, HOST, lcm.LcmWorkflows(CONF, HOST))


def instantiated(context, small, vim=VIM):
    package = rows.onboarded_package(context, {'small': small}, PROJECT)
    instance_id = rows.instance(context, package, PROJECT)['id']
    op = lcm_ops.start(context, instance_id, PROJECT, states.INSTANTIATE,
                       {'flavourId': 'small', 'vimConnectionInfo': [vim]})
    lcm.LcmWorkflows(CONF, HOST).start(context, op['id'])
    assert lcm_ops.get(context, op['id'])['operation_state'] == \
        states.COMPLETED
    return instance_id


def resource_ids(context, instance_id):
    info = db_instances.get(context, instance_id)['instantiated_vnf_info']
    return {vnfc['computeResource']['resourceId']
            for vnfc in info['vnfcResourceInfo']}


def test_what_the_vim_changed_is_recorded(context, small, driver, leading,
                                          reconciler):
    instance_id = instantiated(context, small)
    assert resource_ids(context, instance_id) != {'replaced'}

    assert reconciler.run(context) >= 1

    assert resource_ids(context, instance_id) == {'replaced'}
    # Recorded once: the next pass finds nothing new.
    before = db_instances.get(context, instance_id)['updated_at']
    reconciler.run(context)
    assert db_instances.get(context, instance_id)['updated_at'] == before


def test_an_instance_an_operation_holds_is_left_alone(
        context, small, driver, leading, reconciler):
    instance_id = instantiated(context, small)
    lcm_ops.start(context, instance_id, PROJECT, states.SCALE,
                  {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'})

    reconciler.run(context)

    assert instance_id not in driver.asked
    assert resource_ids(context, instance_id) != {'replaced'}


def test_an_operation_that_starts_while_the_vim_is_asked_wins(
        context, small, driver, leading, reconciler):
    instance_id = instantiated(context, small)
    driver.during = lambda asked_id: asked_id == instance_id and \
        lcm_ops.start(context, instance_id, PROJECT, states.HEAL, {})

    reconciler.run(context)

    assert instance_id in driver.asked
    assert resource_ids(context, instance_id) != {'replaced'}


def test_a_conductor_that_does_not_lead_asks_nothing(
        context, small, driver, monkeypatch, reconciler):
    instance_id = instantiated(context, small)
    monkeypatch.setattr(db_api, 'list_live_conductors', lambda *args: [
        {'hostname': 'a-conductor-first'}, {'hostname': HOST}])

    assert reconciler.run(context) == 0

    assert driver.asked == []
    assert resource_ids(context, instance_id) != {'replaced'}


def test_drivers_that_do_not_reconcile_are_not_asked(
        context, small, driver, leading, reconciler, monkeypatch):
    noop_id = instantiated(context, small, {'id': 'vim-n', 'vimType': 'noop'})
    observed = []
    monkeypatch.setattr(reconciler.lcm, 'observation',
                        lambda context, instance: observed.append(
                            instance['id']))

    reconciler.run(context)

    assert noop_id not in observed
    assert not infra.reconciles(noop.NoopDriver(CONF))
    assert infra.reconciles(driver)
