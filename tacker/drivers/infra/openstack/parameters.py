"""The ``nfv`` parameter of a VNF's top HOT: what Tacker's documentation
calls the standard user data, so that packages written for Tacker run
unchanged. Templates read it with paths such as
``{get_param: [nfv, VDU, VDU1, computeFlavourId]}``::

    nfv:
      VDU:
        <vduId>: {computeFlavourId, vcImageId, desiredCapacity}
        <virtualStorageId>: {vcImageId}
      CP:
        <cpdId>: {network, fixed_ips: [{ip_address, subnet}], mac_address}
      VL:
        <vnfVirtualLinkDescId>: {network}

``desired_capacity`` repeats ``desiredCapacity`` for templates written
with Tacker's older samples. Flavours and images come from the grant's
vimAssets (SOL003 v2.6.1 9.5.3.3) when the NFVO gave them, else from the
VNFD: the VDU's requested_additional_capability_name and the software
image's name.
"""
import copy
import json

from tacker.common import ext_cps


def nfv(flavour, per_vdu, ext_virtual_links, ext_managed_links,
        grant=None):
    """The ``nfv`` parameter for a VNF with ``per_vdu`` VNFCs per VDU,
    connected as the ExtVirtualLinkData / ExtManagedVirtualLinkData
    lists say."""
    vdus = {}
    for vdu_id in flavour['vdus']:
        vdus[vdu_id] = {'desiredCapacity': per_vdu.get(vdu_id, 0),
                        'desired_capacity': per_vdu.get(vdu_id, 0)}
    _set_looks(vdus, flavour, flavour['vdus'], grant)
    return {'VDU': vdus, 'CP': cps(ext_virtual_links),
            'VL': {link['vnfVirtualLinkDescId']: {
                'network': link.get('resourceId')}
                for link in ext_managed_links or []
                if link.get('vnfVirtualLinkDescId')}}


def cps(ext_virtual_links):
    """CP entries of every requested external CP: its port
    (``tacker.common.ext_cps.port``)."""
    return {cpd_id: ext_cps.port(link, ext_cp)
            for link, ext_cp, cpd_id in ext_cps.ext_cps(ext_virtual_links)}


def with_looks_of(current, flavour, vdu_ids, grant=None):
    """The ``nfv`` parameter ``current`` with the VDUs ``vdu_ids`` (and
    their storages) given the compute flavour and images of ``flavour``
    (another package's, for a CHANGE_VNFPKG), their capacities kept."""
    changed = copy.deepcopy(current)
    _set_looks(changed.setdefault('VDU', {}), flavour, vdu_ids, grant)
    return changed


def _set_looks(vdus, flavour, vdu_ids, grant):
    """Set computeFlavourId and vcImageId of ``vdu_ids`` and their
    storages in the ``nfv`` VDU map ``vdus``."""
    assets = (grant or {}).get('vimAssets') or {}
    flavours = {item.get('vnfdVirtualComputeDescId'): item.get(
        'vimFlavourId') for item in assets.get('computeResourceFlavours')
        or []}
    images = dict(flavour.get('software_images') or {})
    images.update({item.get('vnfdSoftwareImageId'): item.get(
        'vimSoftwareImageId') for item in assets.get('softwareImages')
        or []})
    for vdu_id in vdu_ids:
        vdu = flavour['vdus'][vdu_id]
        entry = vdus.setdefault(vdu_id, {})
        compute = flavours.get(vdu_id) or vdu.get('compute_flavour')
        if compute:
            entry['computeFlavourId'] = compute
        if images.get(vdu_id):
            entry['vcImageId'] = images[vdu_id]
        for storage_id in vdu.get('virtual_storages') or []:
            if images.get(storage_id):
                vdus.setdefault(storage_id, {})['vcImageId'] = \
                    images[storage_id]


def stack_nfv(stack):
    """The stack's current ``nfv`` parameter (Heat shows json
    parameters as text)."""
    value = (getattr(stack, 'parameters', None) or {}).get('nfv') or {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = {}
    return value if isinstance(value, dict) else {}
