"""An infra driver that creates nothing and records everything.

It lets the whole LCM API run end to end without a VIM: every step
answers with the SOL003 v2.6.1 structures a real driver would, filled
with invented resource ids, and sizes the VNF with the same rules
(``sizing``). Apart from those ids it is deterministic.

Two knobs in the request's additionalParams let tests exercise the
conductor's slow and failing paths: ``noop_delay_s`` (seconds, at most
600) makes each step, rollback included, wait that long; ``noop_fail``
(JSON true) then makes every step but rollback fail, so a failed
operation can still be rolled back. The delay stands for a VIM call: a
FORCEFUL cancel cuts it short, a GRACEFUL one lets it end first.
"""
import dataclasses
import uuid

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import sizing
from tacker.drivers.infra import base
from tacker.drivers.infra import coordination
from tacker.drivers.infra import results

# vimLevelResourceType of the invented resources (SOL003 v2.6.1 4.4.1.7).
COMPUTE = 'noop.compute'
NETWORK = 'noop.network'
STORAGE = 'noop.storage'


class NoopDriver(base.InfraDriver):
    """Records the resources a VNF would have, on no VIM at all."""

    def validate(self, request):
        """Run the step's checks (knobs, sizing, heal targets, external
        links) without its delay or fault."""
        base.check_requirements(infra_requirements.NOOP, request)
        _PLANS[request.operation](request)

    def instantiate(self, request):
        return _run(request, _instantiate)

    def terminate(self, request):
        return _run(request, _terminate)

    def scale(self, request):
        return _run(request, _scale)

    def heal(self, request):
        return _run(request, _heal)

    def change_ext_conn(self, request):
        return _run(request, _change_ext_conn)

    def change_vnfpkg(self, request):
        """Each changed VNFC gets a new compute resource, and the new
        package's coordination script, one VNFC after the other."""
        result = _run(request, _change_vnfpkg)
        changed = {change['id'] for change in result.affected_vnfcs}
        for vnfc in result.instantiated_vnf_info['vnfcResourceInfo']:
            if vnfc['id'] in changed:
                coordination.coordinate(
                    request, vnfc, None,
                    self.conf.vnf_lcm.coordination_timeout)
        return result

    def change_flavour(self, request):
        return _run(request, _change_flavour)

    def rollback(self, request):
        """Nothing of a failed step was recorded, so a failed INSTANTIATE
        leaves only ``request.current`` (if any) to remove, and any other
        step returns to ``request.current``; the VNFCs a failed
        CHANGE_VNFPKG may have changed are coordinated with the old
        package's script."""
        _wait(request)
        if request.operation == base.INSTANTIATE:
            return results.removal(request.current)
        if request.operation == base.CHANGE_VNFPKG:
            for vnfc in _changed_vnfcs(request):
                coordination.coordinate(
                    request, vnfc, None,
                    self.conf.vnf_lcm.coordination_timeout, rollback=True)
        return base.LcmResult(request.current)


def _run(request, plan):
    _wait(request)
    if request.additional_params.get(infra_requirements.NOOP_FAIL) is True:
        raise exceptions.RequestedFailure()
    return plan(request)


def _wait(request):
    request.cancellation.wait(infra_requirements.noop_delay_s(
        request.additional_params))
    request.cancellation.check()


def _instantiate(request):
    flavour, params = request.flavour, request.params
    sizing.check_instantiate(flavour, params)
    level_id = params.get('instantiationLevelId')
    vnfcs, storages = _new_vnfcs(
        request, sizing.instances_per_vdu(flavour, level_id))
    links = [{'id': _new_id(), 'vnfVirtualLinkDescId': link['id'],
              'networkResource': _handle(request, NETWORK),
              'vnfLinkPorts': []}
             for link in flavour['virtual_links']]
    ext_links, ext_cps = results.ext_connectivity(
        params, request.vim_connection.get('id'), _new_id)
    info = {
        'flavourId': request.flavour_id,
        'vnfState': 'STARTED',
        'scaleStatus': results.scale_status(
            sizing.scale_levels(flavour, level_id)),
        'extCpInfo': ext_cps,
        'extVirtualLinkInfo': ext_links,
        'vnfcResourceInfo': vnfcs,
        'virtualLinkResourceInfo': links,
        'virtualStorageResourceInfo': storages,
    }
    return results.changes(info, base.ADDED, vnfcs, links, storages)


def _terminate(request):
    return results.removal(request.current)


def _scale(request):
    """Add VNFCs after the existing ones; remove the newest first."""
    current = request.current or {}
    vnfcs = current.get('vnfcResourceInfo') or []
    storages = current.get('virtualStorageResourceInfo') or []
    plan = sizing.scale_plan(request.flavour, current, request.params)
    added, added_storages = _new_vnfcs(request, plan.added)
    removed_ids = {vnfc['id'] for vnfc in plan.removed} | {
        storage_id for vnfc in plan.removed
        for storage_id in vnfc['storageResourceIds']}
    removed_storages = [storage for storage in storages
                        if storage['id'] in removed_ids]
    info = dict(
        current, scaleStatus=results.scale_status(plan.levels),
        vnfcResourceInfo=[vnfc for vnfc in vnfcs
                          if vnfc['id'] not in removed_ids] + added,
        virtualStorageResourceInfo=[
            storage for storage in storages
            if storage['id'] not in removed_ids] + added_storages)
    return base.LcmResult(
        info,
        affected_vnfcs=(
            [results.affected_vnfc(vnfc, base.ADDED) for vnfc in added]
            + [results.affected_vnfc(vnfc, base.REMOVED)
               for vnfc in plan.removed]),
        affected_virtual_storages=(
            [results.affected_storage(storage, base.ADDED)
             for storage in added_storages]
            + [results.affected_storage(storage, base.REMOVED)
               for storage in removed_storages]))


def _heal(request):
    """Give each named VNFC (all when none is named) a new compute
    resource."""
    current = request.current or {}
    targets = {vnfc['id']
               for vnfc in sizing.heal_targets(current, request.params)}
    healed = [dict(vnfc, computeResource=_handle(request, COMPUTE))
              if vnfc['id'] in targets else vnfc
              for vnfc in current.get('vnfcResourceInfo') or []]
    info = dict(current, vnfcResourceInfo=healed)
    return results.changes(
        info, base.MODIFIED,
        [vnfc for vnfc in healed if vnfc['id'] in targets], [], [])


def _change_ext_conn(request):
    """Connect the external links the request names, replacing those
    with the same id and the external CPs with the same cpdId; others
    stay as they are."""
    ext_links, ext_cps = results.ext_connectivity(
        request.params, request.vim_connection.get('id'), _new_id)
    return base.LcmResult(
        results.with_ext_connectivity(request.current, ext_links, ext_cps),
        changed_ext_connectivity=ext_links)


def _change_flavour(request):
    """Everything of the VNF replaced by the new flavour's resources at
    the requested level, connected as before unless the request says
    otherwise."""
    new = request.target_flavour
    redeployed = _instantiate(dataclasses.replace(
        request, flavour=new, flavour_id=new['flavour_id'],
        params=dict(request.params, extVirtualLinks=results.kept_ext_links(
            request.params, request.current))))
    return results.diff(request.current, redeployed.instantiated_vnf_info)


def _changed_vnfcs(request):
    """The VNFCs of the VDUs a CHANGE_VNFPKG moves
    (``infra_requirements.changed_vdus``)."""
    vdus = infra_requirements.changed_vdus(
        request.additional_params, request.flavour, request.target_flavour)
    return [vnfc for vnfc in (request.current or {}).get(
        'vnfcResourceInfo') or [] if vnfc['vduId'] in vdus]


def _change_vnfpkg(request):
    current = request.current or {}
    changed = {vnfc['id']: dict(vnfc, computeResource=_handle(
        request, COMPUTE)) for vnfc in _changed_vnfcs(request)}
    info = dict(current, vnfcResourceInfo=[
        changed.get(vnfc['id'], vnfc)
        for vnfc in current.get('vnfcResourceInfo') or []])
    return results.changes(info, base.MODIFIED, list(changed.values()),
                           [], [])


_PLANS = {base.INSTANTIATE: _instantiate, base.TERMINATE: _terminate,
          base.SCALE: _scale, base.SCALE_TO_LEVEL: _scale, base.HEAL: _heal,
          base.CHANGE_EXT_CONN: _change_ext_conn,
          base.CHANGE_VNFPKG: _change_vnfpkg,
          base.CHANGE_FLAVOUR: _change_flavour}


def _new_id():
    return str(uuid.uuid4())


def _handle(request, resource_type):
    """A ResourceHandle (SOL003 v2.6.1 4.4.1.7) of an invented
    resource."""
    handle = {'resourceId': _new_id(), 'vimLevelResourceType': resource_type}
    if request.vim_connection.get('id'):
        handle['vimConnectionId'] = request.vim_connection['id']
    return handle


def _new_vnfcs(request, per_vdu):
    """([VnfcResourceInfo], [VirtualStorageResourceInfo]) (SOL003 v2.6.1
    5.5.3.5, 5.5.3.7) of ``per_vdu[vduId]`` new VNFCs of each VDU, each
    with its own virtual storages."""
    vnfcs, storages = [], []
    for vdu_id, count in per_vdu.items():
        vdu = request.flavour['vdus'][vdu_id]
        for _ in range(count):
            own_storages = [
                {'id': _new_id(), 'virtualStorageDescId': storage_desc_id,
                 'storageResource': _handle(request, STORAGE)}
                for storage_desc_id in vdu['virtual_storages']]
            vnfcs.append({
                'id': _new_id(),
                'vduId': vdu_id,
                'computeResource': _handle(request, COMPUTE),
                'storageResourceIds': [storage['id']
                                       for storage in own_storages],
                'vnfcCpInfo': [{'id': _new_id(), 'cpdId': cp['id']}
                               for cp in request.flavour['cps']
                               if cp['vdu'] == vdu_id],
            })
            storages += own_storages
    return vnfcs, storages
