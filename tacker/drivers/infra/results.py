"""SOL003 v2.6.1 structures every infra driver reports the same way:
scale status, external connectivity from the request, and the
resourceChanges (AffectedVnfc/VirtualLink/VirtualStorage) of a step."""
import uuid

from tacker.common import ext_cps
from tacker.drivers.infra import base


def scale_status(levels):
    """ScaleInfo list (SOL003 v2.6.1 5.5.3.4) of {aspectId: level}."""
    return [{'aspectId': aspect_id, 'scaleLevel': level}
            for aspect_id, level in levels.items()]


def ext_connectivity(params, vim_connection_id=None, new_id=None):
    """([ExtVirtualLinkInfo], [VnfExtCpInfo]) (SOL003 v2.6.1 5.5.3.2;
    5.5.2.2 extCpInfo) of the request's extVirtualLinks
    (ExtVirtualLinkData, 4.4.1.11): one external CP per requested extCp.
    A link without its own vimConnectionId is on the VNF's VIM.

    :raises InvalidExtVirtualLink: a link has no id or its extCps no
        cpdId (``ext_cps.check_links``).
    """
    ext_cps.check_links(params.get('extVirtualLinks'))
    links, cps = [], []
    for link in params.get('extVirtualLinks') or []:
        cp_data = link.get('extCps') or []
        handle = {key: link[key] for key in
                  ('vimConnectionId', 'resourceProviderId', 'resourceId')
                  if key in link}
        if vim_connection_id:
            handle.setdefault('vimConnectionId', vim_connection_id)
        links.append({
            'id': link['id'],
            'resourceHandle': handle,
            'currentVnfExtCpData': cp_data,
        })
        cps += [{'id': (new_id or _uuid)(), 'cpdId': cp['cpdId'],
                 'cpConfigId': config_id,
                 'cpProtocolInfo': cp_protocol_info(config)}
                for cp in cp_data for config_id, config in _configs(cp)]
    return links, cps


def _configs(ext_cp):
    """(cpConfigId, VnfExtCpConfig) of each cpConfig entry of a requested
    extCp: one external CP each (SOL003 v3.3.1 5.5.3.25 cpConfigId). A
    map is keyed by the ids; a list's (SOL003 v2.6.1) entries are
    numbered, as is the one CP of an extCp without any."""
    configs = ext_cp.get('cpConfig')
    if isinstance(configs, dict):
        configs = list(configs.items())
    else:
        configs = [(str(index), config)
                   for index, config in enumerate(configs or [])]
    return configs or [('0', {})]


def kept_ext_links(params, current):
    """The ExtVirtualLinkData (SOL003 v2.6.1 4.4.1.11) a redeployment
    (CHANGE_FLAVOUR) connects: the request's, or else those the VNF is
    connected to now (``extVirtualLinkInfo``)."""
    if params.get('extVirtualLinks'):
        return params['extVirtualLinks']
    return [dict({'id': link['id'], 'extCps': link.get(
        'currentVnfExtCpData') or []}, **link.get('resourceHandle') or {})
        for link in (current or {}).get('extVirtualLinkInfo') or []]


def cp_protocol_info(config):
    """CpProtocolInfo list (SOL003 v2.6.1 5.5.3.9) of a requested
    VnfExtCpConfig: the layer protocols of its cpProtocolData, IP over
    Ethernet by default."""
    protocols = [data.get('layerProtocol', 'IP_OVER_ETHERNET')
                 for data in (config.get('cpProtocolData') or []
                              if isinstance(config, dict) else [])
                 if isinstance(data, dict)]
    return [{'layerProtocol': protocol}
            for protocol in protocols or ['IP_OVER_ETHERNET']]


def changes(info, change_type, vnfcs, links, storages):
    """An LcmResult with the same ``change_type`` for each given VNFC,
    virtual link and virtual storage."""
    return base.LcmResult(
        info,
        affected_vnfcs=[affected_vnfc(vnfc, change_type)
                        for vnfc in vnfcs],
        affected_virtual_links=[affected_link(link, change_type)
                                for link in links],
        affected_virtual_storages=[affected_storage(storage, change_type)
                                   for storage in storages])


def affected_vnfc(vnfc, change_type):
    """AffectedVnfc (SOL003 v2.6.1 5.5.3.13) of a VnfcResourceInfo."""
    return {'id': vnfc['id'], 'vduId': vnfc['vduId'],
            'changeType': change_type,
            'computeResource': vnfc['computeResource']}


def affected_link(link, change_type):
    """AffectedVirtualLink (SOL003 v2.6.1 5.5.3.14) of a
    VnfVirtualLinkResourceInfo."""
    return {'id': link['id'],
            'virtualLinkDescId': link['vnfVirtualLinkDescId'],
            'changeType': change_type,
            'networkResource': link['networkResource']}


def affected_storage(storage, change_type):
    """AffectedVirtualStorage (SOL003 v2.6.1 5.5.3.15) of a
    VirtualStorageResourceInfo."""
    return {'id': storage['id'],
            'virtualStorageDescId': storage['virtualStorageDescId'],
            'changeType': change_type,
            'storageResource': storage['storageResource']}


def removal(current):
    """An LcmResult with everything in ``current`` removed."""
    current = current or {}
    return changes(None, base.REMOVED,
                   current.get('vnfcResourceInfo') or [],
                   current.get('virtualLinkResourceInfo') or [],
                   current.get('virtualStorageResourceInfo') or [])


def with_ext_connectivity(current, ext_links, ext_cps):
    """instantiatedVnfInfo ``current`` connected to ``ext_links``: those
    replace the links with the same id, and their CPs the external CPs
    with the same cpdId; others stay as they are."""
    current = current or {}
    link_ids = {link['id'] for link in ext_links}
    cpd_ids = {cp['cpdId'] for cp in ext_cps}
    return dict(
        current,
        extVirtualLinkInfo=[
            link for link in current.get('extVirtualLinkInfo') or []
            if link['id'] not in link_ids] + ext_links,
        extCpInfo=[cp for cp in current.get('extCpInfo') or []
                   if cp['cpdId'] not in cpd_ids] + ext_cps)


def diff(before, after, changed_ext_connectivity=None):
    """An LcmResult whose resourceChanges compare two
    instantiatedVnfInfo: resources that appeared were ADDED, those gone
    REMOVED, those whose VIM resource changed MODIFIED."""
    lists = []
    for key, resource, make in (
            ('vnfcResourceInfo', 'computeResource', affected_vnfc),
            ('virtualLinkResourceInfo', 'networkResource', affected_link),
            ('virtualStorageResourceInfo', 'storageResource',
             affected_storage)):
        old = {item['id']: item for item in (before or {}).get(key) or []}
        new = {item['id']: item for item in (after or {}).get(key) or []}
        lists.append(
            [make(item, base.ADDED) for item_id, item in new.items()
             if item_id not in old]
            + [make(item, base.REMOVED) for item_id, item in old.items()
               if item_id not in new]
            + [make(item, base.MODIFIED) for item_id, item in new.items()
               if item_id in old and item[resource]['resourceId'] !=
               old[item_id][resource]['resourceId']])
    return base.LcmResult(after, *lists, changed_ext_connectivity=(
        changed_ext_connectivity or []))


def _uuid():
    return str(uuid.uuid4())
