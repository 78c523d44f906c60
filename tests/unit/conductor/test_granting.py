"""The grant step: GrantRequests sized from the VNFD, the local NFVO."""
import pytest

from tacker.conductor import granting
from tacker.drivers.infra import base
from tacker.drivers.infra import noop

LINKS = {'vnfLcmOpOcc': 'http://t/op', 'vnfInstance': 'http://t/vnf'}
VIMS = [{'id': 'vim-1', 'vimType': 'noop'}]


def op(operation, params):
    return {'id': 'op-1', 'operation': operation, 'operation_params': params,
            'is_automatic_invocation': False}


def instance(current=None):
    return {'id': 'vnf-1', 'vnfd_id': 'vnfd-1',
            'instantiated_vnf_info': current}


@pytest.fixture
def instantiated(small):
    return noop.NoopDriver(None).instantiate(base.LcmRequest(
        operation=base.INSTANTIATE, instance_id='vnf-1', flavour=small,
        flavour_id='small', params={'flavourId': 'small'},
        vim_connection=VIMS[0])).instantiated_vnf_info


def by_type(definitions, resource_type):
    return [d for d in definitions if d['type'] == resource_type]


def test_instantiate_asks_for_each_vnfc_storage_and_link(small):
    request = granting.grant_request(
        op('INSTANTIATE', {'flavourId': 'small',
                           'instantiationLevelId': 'instantiation_level_2'}),
        instance(), small, LINKS)
    assert (request['operation'], request['flavourId'],
            request['instantiationLevelId']) == (
        'INSTANTIATE', 'small', 'instantiation_level_2')
    computes = by_type(request['addResources'], 'COMPUTE')
    per_vdu = {vdu: sum(1 for d in computes if d['vduId'] == vdu)
               for vdu in small['vdus']}
    assert per_vdu == {vdu: count for vdu, count in
                       noop.sizing.instances_per_vdu(
                           small, 'instantiation_level_2').items()}
    assert len(by_type(request['addResources'], 'VL')) == \
        len(small['virtual_links'])
    assert len({d['id'] for d in request['addResources']}) == \
        len(request['addResources'])
    assert 'removeResources' not in request
    assert request['_links']['vnfLcmOpOcc']['href'] == 'http://t/op'


def test_scale_in_removes_the_newest_vnfc(small, instantiated):
    out = noop.NoopDriver(None).scale(base.LcmRequest(
        operation=base.SCALE, instance_id='vnf-1', flavour=small,
        flavour_id='small', vim_connection=VIMS[0], current=instantiated,
        params={'type': 'SCALE_OUT', 'aspectId': 'worker_instance'}))
    current = out.instantiated_vnf_info
    request = granting.grant_request(
        op('SCALE', {'type': 'SCALE_IN', 'aspectId': 'worker_instance'}),
        instance(current), small, LINKS)
    newest = [v for v in current['vnfcResourceInfo']
              if v['vduId'] == 'VDU1'][-1]
    assert [d['resource'] for d in by_type(request['removeResources'],
                                           'COMPUTE')] == [
        newest['computeResource']]
    assert 'addResources' not in request
    assert request['flavourId'] == 'small'


def test_heal_updates_the_named_vnfcs_and_terminate_removes_all(
        small, instantiated):
    vnfcs = instantiated['vnfcResourceInfo']
    heal = granting.grant_request(
        op('HEAL', {'vnfcInstanceId': [vnfcs[0]['id']]}),
        instance(instantiated), small, LINKS)
    assert [d['resource'] for d in by_type(heal['updateResources'],
                                           'COMPUTE')] == [
        vnfcs[0]['computeResource']]
    terminate = granting.grant_request(
        op('TERMINATE', {'terminationType': 'FORCEFUL'}),
        instance(instantiated), small, LINKS)
    assert len(by_type(terminate['removeResources'], 'COMPUTE')) == \
        len(vnfcs)
    assert len(by_type(terminate['removeResources'], 'VL')) == \
        len(instantiated['virtualLinkResourceInfo'])


def test_local_nfvo_grants_everything_on_the_requested_vim(small):
    request = granting.grant_request(
        op('INSTANTIATE', {'flavourId': 'small'}), instance(), small, LINKS)
    grant = granting.LocalNfvo('http://t').grant(request, VIMS,
                                                 base.Cancellation())
    assert grant['vimConnections'] == VIMS
    assert [g['resourceDefinitionId'] for g in grant['addResources']] == \
        [d['id'] for d in request['addResources']]
    assert {g['vimConnectionId'] for g in grant['addResources']} == \
        {'vim-1'}
    assert grant['_links']['self']['href'] == \
        'http://t/grant/v1/grants/%s' % grant['id']


def test_change_vnfpkg_updates_the_named_vdus_vnfcs_toward_its_vnfd(
        small, instantiated):
    request = granting.grant_request(
        op('CHANGE_VNFPKG', {'vnfdId': 'vnfd-2', 'additionalParams': {
            'vdu_params': [{'vdu_id': 'VDU1'}]}}),
        instance(instantiated), small, LINKS)
    assert request['dstVnfdId'] == 'vnfd-2'
    workers = [vnfc['computeResource'] for vnfc in
               instantiated['vnfcResourceInfo'] if vnfc['vduId'] == 'VDU1']
    assert [d['resource'] for d in by_type(request['updateResources'],
                                           'COMPUTE')] == workers
    assert 'addResources' not in request and 'removeResources' not in request


def test_change_flavour_replaces_every_resource_by_the_new_flavours(
        small, instantiated):
    request = granting.grant_request(
        op('CHANGE_FLAVOUR', {'newFlavourId': 'large'}),
        instance(instantiated), small, LINKS)
    assert request['flavourId'] == 'large'
    assert len(by_type(request['removeResources'], 'COMPUTE')) == len(
        instantiated['vnfcResourceInfo'])
    assert len(by_type(request['addResources'], 'COMPUTE')) == sum(
        noop.sizing.instances_per_vdu(small).values())
