"""The noop infra driver: SOL003 structures for resources it invents."""
import collections
import copy
import itertools
import time

import pytest

from tacker.common import exceptions
from tacker.drivers import infra
from tacker.drivers.infra import base
from tacker.drivers.infra import noop

VIM = {'id': 'vim-1', 'vimType': 'noop'}
LEVEL_2 = 'instantiation_level_2'
EXT_LINKS = [
    {'id': 'ext-1', 'resourceId': 'net-1',
     'extCps': [{'cpdId': 'VDU1_CP1', 'cpConfig': {}},
                {'cpdId': 'VDU2_CP9', 'cpConfig': {}}]},
    {'id': 'ext-2', 'resourceId': 'net-2', 'extCps': []},
]


@pytest.fixture
def driver():
    return noop.NoopDriver(conf=None)


@pytest.fixture
def request_for(small):
    def make(operation, params=None, current=None):
        return base.LcmRequest(
            operation=operation, instance_id='inst-1', flavour=small,
            flavour_id='small', params=params or {}, vim_connection=VIM,
            current=current)
    return make


@pytest.fixture
def instantiated(driver, request_for):
    """instantiatedVnfInfo at the default level, with external links."""
    return driver.instantiate(request_for(
        base.INSTANTIATE,
        {'flavourId': 'small', 'extVirtualLinks': EXT_LINKS})
    ).instantiated_vnf_info


def refusal(call, request):
    with pytest.raises(exceptions.BadRequest) as caught:
        call(request)
    return caught.value.detail


def count_by_vdu(info):
    return collections.Counter(vnfc['vduId']
                               for vnfc in info['vnfcResourceInfo'])


def change_types(affected):
    return sorted((item['changeType'], item.get('vduId')) for item in affected)


def test_instantiate_at_a_named_level(driver, request_for):
    result = driver.instantiate(request_for(
        base.INSTANTIATE,
        {'flavourId': 'small', 'instantiationLevelId': LEVEL_2}))
    info = result.instantiated_vnf_info
    assert info['flavourId'] == 'small'
    assert info['vnfState'] == 'STARTED'
    assert count_by_vdu(info) == {'VDU1': 3, 'VDU2': 1}
    assert info['scaleStatus'] == [{'aspectId': 'worker_instance',
                                    'scaleLevel': 2}]
    assert change_types(result.affected_vnfcs) == [
        ('ADDED', 'VDU1')] * 3 + [('ADDED', 'VDU2')]


def test_instantiate_records_storages_links_and_cps(driver, request_for):
    result = driver.instantiate(request_for(
        base.INSTANTIATE, {'flavourId': 'small'}))
    info = result.instantiated_vnf_info
    worker, controller = info['vnfcResourceInfo']
    [storage] = info['virtualStorageResourceInfo']
    [link] = info['virtualLinkResourceInfo']
    assert storage['virtualStorageDescId'] == 'VirtualStorage'
    assert controller['storageResourceIds'] == [storage['id']]
    assert worker['storageResourceIds'] == []
    assert [cp['cpdId'] for cp in worker['vnfcCpInfo']] == [
        'VDU1_CP1', 'VDU1_CP2']
    assert link['vnfVirtualLinkDescId'] == 'internalVL1'
    assert worker['computeResource']['vimConnectionId'] == 'vim-1'
    assert worker['computeResource']['vimLevelResourceType'] == (
        noop.COMPUTE)
    assert result.affected_virtual_links == [{
        'id': link['id'], 'virtualLinkDescId': 'internalVL1',
        'changeType': 'ADDED', 'networkResource': link['networkResource']}]
    assert result.affected_virtual_storages == [{
        'id': storage['id'], 'virtualStorageDescId': 'VirtualStorage',
        'changeType': 'ADDED',
        'storageResource': storage['storageResource']}]


def test_instantiate_records_one_ext_cp_per_requested_ext_cp(instantiated):
    assert [cp['cpdId'] for cp in instantiated['extCpInfo']] == [
        'VDU1_CP1', 'VDU2_CP9']
    assert all(cp['cpProtocolInfo'] for cp in instantiated['extCpInfo'])
    # A link without its own vimConnectionId is on the VNF's VIM.
    assert instantiated['extVirtualLinkInfo'][0] == {
        'id': 'ext-1', 'resourceHandle': {'resourceId': 'net-1',
                                          'vimConnectionId': 'vim-1'},
        'currentVnfExtCpData': EXT_LINKS[0]['extCps']}


def test_instantiate_refuses_an_unknown_level(driver, request_for):
    request = request_for(base.INSTANTIATE, {
        'flavourId': 'small', 'instantiationLevelId': 'huge'})
    assert 'instantiationLevelId huge' in refusal(driver.validate, request)
    assert 'instantiationLevelId huge' in refusal(driver.instantiate,
                                                  request)


def test_validate_refuses_ext_cps_without_cpd_id(driver, request_for):
    request = request_for(base.INSTANTIATE, {
        'flavourId': 'small',
        'extVirtualLinks': [{'id': 'ext-1', 'extCps': [{}]}]})
    assert refusal(driver.validate, request).startswith(
        'extVirtualLinks[0].extCps')


def test_scale_out_twice_then_in(driver, request_for, instantiated):
    def scale(current, scale_type):
        return driver.scale(request_for(
            base.SCALE, {'type': scale_type, 'aspectId': 'worker_instance'},
            current))

    first = scale(instantiated, 'SCALE_OUT')
    second = scale(first.instantiated_vnf_info, 'SCALE_OUT')
    info = second.instantiated_vnf_info
    assert count_by_vdu(info) == {'VDU1': 3, 'VDU2': 1}
    assert info['scaleStatus'] == [{'aspectId': 'worker_instance',
                                    'scaleLevel': 2}]
    assert change_types(second.affected_vnfcs) == [('ADDED', 'VDU1')]
    assert second.affected_virtual_storages == []
    newest = info['vnfcResourceInfo'][-1]

    scaled_in = scale(info, 'SCALE_IN')
    after = scaled_in.instantiated_vnf_info
    assert count_by_vdu(after) == {'VDU1': 2, 'VDU2': 1}
    assert after['scaleStatus'][0]['scaleLevel'] == 1
    assert scaled_in.affected_vnfcs == [{
        'id': newest['id'], 'vduId': 'VDU1', 'changeType': 'REMOVED',
        'computeResource': newest['computeResource']}]
    assert after['vnfcResourceInfo'] == info['vnfcResourceInfo'][:-1]
    assert after['extCpInfo'] == instantiated['extCpInfo']


def test_scale_by_several_steps(driver, request_for, instantiated):
    result = driver.scale(request_for(
        base.SCALE, {'type': 'SCALE_OUT', 'aspectId': 'worker_instance',
                     'numberOfSteps': 2}, instantiated))
    assert count_by_vdu(result.instantiated_vnf_info)['VDU1'] == 3


@pytest.mark.parametrize('params, field', [
    ({'type': 'SCALE_OUT', 'aspectId': 'worker_instance',
      'numberOfSteps': 3}, 'numberOfSteps'),
    ({'type': 'SCALE_IN', 'aspectId': 'worker_instance'}, 'numberOfSteps'),
    ({'type': 'SCALE_OUT', 'aspectId': 'nope'}, 'aspectId'),
])
def test_scale_out_of_range_is_refused(driver, request_for, instantiated,
                                       params, field):
    request = request_for(base.SCALE, params, instantiated)
    assert refusal(driver.validate, request).startswith(field)
    assert refusal(driver.scale, request).startswith(field)


def test_heal_replaces_the_compute_resource_of_one_vnfc(
        driver, request_for, instantiated):
    before = copy.deepcopy(instantiated)
    target, other = instantiated['vnfcResourceInfo']
    result = driver.heal(request_for(
        base.HEAL, {'vnfcInstanceId': [target['id']]}, instantiated))
    healed, untouched = result.instantiated_vnf_info['vnfcResourceInfo']
    assert healed['id'] == target['id']
    assert healed['computeResource']['resourceId'] != (
        target['computeResource']['resourceId'])
    assert untouched == other
    assert result.affected_vnfcs == [{
        'id': target['id'], 'vduId': 'VDU1', 'changeType': 'MODIFIED',
        'computeResource': healed['computeResource']}]
    assert instantiated == before


def test_heal_without_vnfc_ids_heals_every_vnfc(driver, request_for,
                                                instantiated):
    result = driver.heal(request_for(base.HEAL, {'cause': 'test'},
                                     instantiated))
    assert change_types(result.affected_vnfcs) == [('MODIFIED', 'VDU1'),
                                                   ('MODIFIED', 'VDU2')]


def test_heal_of_an_unknown_vnfc_is_refused(driver, request_for,
                                            instantiated):
    request = request_for(base.HEAL, {'vnfcInstanceId': ['nope']},
                          instantiated)
    assert refusal(driver.heal, request).startswith('vnfcInstanceId nope')


def test_change_ext_conn_replaces_the_named_links(driver, request_for,
                                                  instantiated):
    new_link = {'id': 'ext-1', 'resourceId': 'net-9',
                'extCps': [{'cpdId': 'VDU1_CP1'}]}
    result = driver.change_ext_conn(request_for(
        base.CHANGE_EXT_CONN, {'extVirtualLinks': [new_link]},
        instantiated))
    info = result.instantiated_vnf_info
    assert [(link['id'], link['resourceHandle']['resourceId'])
            for link in info['extVirtualLinkInfo']] == [
        ('ext-2', 'net-2'), ('ext-1', 'net-9')]
    assert sorted(cp['cpdId'] for cp in info['extCpInfo']) == [
        'VDU1_CP1', 'VDU2_CP9']
    old_cp = instantiated['extCpInfo'][0]
    assert old_cp not in info['extCpInfo']
    assert result.changed_ext_connectivity == [info['extVirtualLinkInfo'][1]]
    assert info['vnfcResourceInfo'] == instantiated['vnfcResourceInfo']
    assert result.affected_vnfcs == []


def test_terminate_removes_everything(driver, request_for, instantiated):
    result = driver.terminate(request_for(
        base.TERMINATE, {'terminationType': 'FORCEFUL'}, instantiated))
    assert result.instantiated_vnf_info is None
    assert change_types(result.affected_vnfcs) == [('REMOVED', 'VDU1'),
                                                   ('REMOVED', 'VDU2')]
    assert [link['changeType'] for link in result.affected_virtual_links
            ] == ['REMOVED']
    assert [storage['changeType']
            for storage in result.affected_virtual_storages] == ['REMOVED']


def test_rollback_of_instantiate_removes_everything(driver, request_for,
                                                    instantiated):
    params = {'flavourId': 'small', 'additionalParams': {'noop_fail': True}}
    nothing = driver.rollback(request_for(base.INSTANTIATE, params))
    assert nothing == base.LcmResult(None)
    removal = driver.rollback(request_for(base.INSTANTIATE, params,
                                          instantiated))
    assert removal.instantiated_vnf_info is None
    assert len(removal.affected_vnfcs) == 2


def test_rollback_of_scale_out_returns_to_current(driver, request_for,
                                                  instantiated):
    result = driver.rollback(request_for(
        base.SCALE, {'type': 'SCALE_OUT', 'aspectId': 'worker_instance',
                     'additionalParams': {'noop_fail': True}},
        instantiated))
    assert result == base.LcmResult(instantiated)


def test_noop_fail_fails_the_step_that_validation_passed(
        driver, request_for, instantiated):
    request = request_for(base.HEAL, {'additionalParams': {
        'noop_fail': True}}, instantiated)
    driver.validate(request)
    with pytest.raises(exceptions.TackerException) as caught:
        driver.heal(request)
    assert caught.value.detail == 'noop driver failed as asked (noop_fail)'


def test_noop_delay_s_delays_the_step_not_its_validation(driver,
                                                         request_for):
    slow = request_for(base.INSTANTIATE, {
        'flavourId': 'small', 'additionalParams': {'noop_delay_s': 0.3}})
    started = time.monotonic()
    driver.validate(slow)
    assert time.monotonic() - started < 0.3
    driver.instantiate(slow)
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize('delay', [-1, 601, 'soon', True])
def test_noop_delay_s_outside_0_to_600_is_refused(driver, request_for,
                                                  delay):
    request = request_for(base.TERMINATE, {
        'additionalParams': {'noop_delay_s': delay}})
    assert refusal(driver.validate, request).startswith(
        'additionalParams.noop_delay_s')


def test_results_differ_only_in_ids(driver, request_for, monkeypatch):
    def run():
        ids = itertools.count()
        monkeypatch.setattr(noop, '_new_id', lambda: f'id-{next(ids)}')
        return driver.instantiate(request_for(
            base.INSTANTIATE,
            {'flavourId': 'small', 'instantiationLevelId': LEVEL_2,
             'extVirtualLinks': EXT_LINKS}))
    assert run() == run()


def test_flavour_id_defaults_to_the_flavours_key(small):
    request = base.LcmRequest(
        operation=base.TERMINATE, instance_id='inst-1',
        flavour=dict(small, flavour_id='small'),
        params={'additionalParams': {'noop_fail': True}})
    assert request.flavour_id == 'small'
    assert request.additional_params == {'noop_fail': True}
    assert request.vim_connection == {}


def test_loader_finds_the_noop_driver():
    conf = object()
    driver = infra.load('noop', conf)
    assert isinstance(driver, noop.NoopDriver)
    assert driver.conf is conf


def test_loader_makes_one_driver_per_conf():
    conf, other = object(), object()
    assert infra.load('noop', conf) is infra.load('noop', conf)
    assert infra.load('noop', other).conf is other


def test_loader_refuses_an_unknown_vim_type():
    with pytest.raises(exceptions.BadRequest) as caught:
        infra.load('nope', None)
    assert caught.value.detail == 'no infra driver for vimType nope'
