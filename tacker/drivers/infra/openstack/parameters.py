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


def nfv(flavour, per_vdu, ext_virtual_links, ext_managed_links,
        grant=None):
    """The ``nfv`` parameter for a VNF with ``per_vdu`` VNFCs per VDU,
    connected as the ExtVirtualLinkData / ExtManagedVirtualLinkData
    lists say."""
    assets = (grant or {}).get('vimAssets') or {}
    flavours = {item.get('vnfdVirtualComputeDescId'): item.get(
        'vimFlavourId') for item in assets.get('computeResourceFlavours')
        or []}
    images = dict(flavour.get('software_images') or {})
    images.update({item.get('vnfdSoftwareImageId'): item.get(
        'vimSoftwareImageId') for item in assets.get('softwareImages')
        or []})
    vdus = {}
    for vdu_id, vdu in flavour['vdus'].items():
        entry = {'desiredCapacity': per_vdu.get(vdu_id, 0),
                 'desired_capacity': per_vdu.get(vdu_id, 0)}
        compute = flavours.get(vdu_id) or vdu.get('compute_flavour')
        if compute:
            entry['computeFlavourId'] = compute
        if images.get(vdu_id):
            entry['vcImageId'] = images[vdu_id]
        vdus[vdu_id] = entry
        for storage_id in vdu.get('virtual_storages') or []:
            if images.get(storage_id):
                vdus[storage_id] = {'vcImageId': images[storage_id]}
    return {'VDU': vdus, 'CP': cps(ext_virtual_links),
            'VL': {link['vnfVirtualLinkDescId']: {
                'network': link.get('resourceId')}
                for link in ext_managed_links or []
                if link.get('vnfVirtualLinkDescId')}}


def cps(ext_virtual_links):
    """CP entries of every requested external CP: the link's network,
    and the fixed addresses and MAC address of its first cpConfig."""
    cps = {}
    for link in ext_virtual_links or []:
        for ext_cp in link.get('extCps') or []:
            entry = {'network': link.get('resourceId')}
            ethernet = _ip_over_ethernet(ext_cp)
            fixed_ips = [
                dict({'ip_address': address} if address else {},
                     **({'subnet': ips['subnetId']}
                        if ips.get('subnetId') else {}))
                for ips in ethernet.get('ipAddresses') or []
                for address in (ips.get('fixedAddresses') or [None])]
            if fixed_ips:
                entry['fixed_ips'] = fixed_ips
            if ethernet.get('macAddress'):
                entry['mac_address'] = ethernet['macAddress']
            cps[ext_cp['cpdId']] = entry
    return cps


def _ip_over_ethernet(ext_cp):
    """IpOverEthernetAddressData (SOL003 v2.6.1 4.4.1.10c) of the first
    cpConfig (a map in v2.6.1, a list in older requests)."""
    configs = ext_cp.get('cpConfig') or []
    if isinstance(configs, dict):
        configs = list(configs.values())
    for config in configs:
        for data in (config or {}).get('cpProtocolData') or []:
            if data.get('ipOverEthernet'):
                return data['ipOverEthernet']
    return {}
