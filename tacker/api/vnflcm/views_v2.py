"""SOL003 v3.3.1 structures (the ``/vnflcm/v2`` API) built from the same
database rows as the v2.6.1 ones of ``views``: one store, two views.

Rows hold the v2.6.1 shapes; what SOL003 v3.3.1 renamed or reshaped is
rendered its way here, from the v1 view, so that each member is decided
in one place:

- VimConnectionInfo is a map keyed by the connection's id (4.4.1.6),
  in VnfInstance, operationParams and changedInfo;
- InstantiatedVnfInfo's ``virtualLinkResourceInfo`` is
  ``vnfVirtualLinkResourceInfo``, and ``vnfcInfo`` (5.5.3.23) names each
  VNFC with its state;
- AffectedVirtualLink's ``virtualLinkDescId`` is
  ``vnfVirtualLinkDescId`` (5.5.3.14);
- VnfInfoModifications name the package by vnfdId only (5.5.3.12), and
  are ``modificationsTriggeredByVnfPkgChange`` of a CHANGE_VNFPKG.
"""
import copy

from tacker.api.vnflcm import views as v1_views
from tacker.common import links
from tacker.common import sol003_v3
from tacker.common import sol013

_OPEN = sol013.OPEN
PACKAGE_CHANGES = sol003_v3.PACKAGE_CHANGES


def _v2_instance_tree(tree):
    tree = copy.deepcopy(tree)
    tree['vimConnectionInfo'] = _OPEN
    info = tree['instantiatedVnfInfo']
    for old, new in sol003_v3.RENAMED_INFO.items():
        info[new] = info.pop(old)
    info['extCpInfo'][0]['cpConfigId'] = None
    info['vnfcInfo'] = [{'id': None, 'vduId': None,
                         'vnfcResourceInfoId': None, 'vnfcState': None,
                         'vnfcConfigurableProperties': _OPEN}]
    return tree


def _v2_op_occ_tree(tree):
    tree = copy.deepcopy(tree)
    link_change = tree['resourceChanges']['affectedVirtualLinks'][0]
    for old, new in sol003_v3.RENAMED_LINK_CHANGE.items():
        link_change[new] = link_change.pop(old)
    tree['changedInfo']['vimConnectionInfo'] = _OPEN
    for name in sol003_v3.NOT_IN_MODIFICATIONS:
        del tree['changedInfo'][name]
    tree[PACKAGE_CHANGES] = {
        name: tree['changedInfo'][name] for name in (
            'vnfConfigurableProperties', 'metadata', 'extensions', 'vnfdId',
            'vnfProvider', 'vnfProductName', 'vnfSoftwareVersion',
            'vnfdVersion')}
    return tree


# VnfInstance (SOL003 v3.3.1 5.5.2.2) and VnfLcmOpOcc (5.5.2.13): what
# filters and selectors may name; left out of lists as in v1.
VNF_INSTANCE = sol013.Attributes(
    'VnfInstance', _v2_instance_tree(v1_views.VNF_INSTANCE.tree),
    default_excluded=v1_views.VNF_INSTANCE.default_excluded)
VNF_LCM_OP_OCC = sol013.Attributes(
    'VnfLcmOpOcc', _v2_op_occ_tree(v1_views.VNF_LCM_OP_OCC.tree),
    default_excluded=(*v1_views.VNF_LCM_OP_OCC.default_excluded,
                      PACKAGE_CHANGES))
VNF_INSTANCE_COLUMNS = v1_views.VNF_INSTANCE_COLUMNS
# changed_info shows as changedInfo or as PACKAGE_CHANGES: always read.
VNF_LCM_OP_OCC_COLUMNS = {
    name: columns for name, columns in
    v1_views.VNF_LCM_OP_OCC_COLUMNS.items() if name != 'changedInfo'}


def vnf_instance(instance, base):
    """VnfInstance (SOL003 v3.3.1 5.5.2.2)."""
    info = v1_views.vnf_instance(instance, base, root=links.VNFLCM_V2)
    if 'vimConnectionInfo' in info:
        info['vimConnectionInfo'] = sol003_v3.vim_connection_map(
            info['vimConnectionInfo'])
    if 'instantiatedVnfInfo' in info:
        info['instantiatedVnfInfo'] = _instantiated_vnf_info(
            info['instantiatedVnfInfo'])
    if 'scale' in info['_links']:
        # Served by v2 only: wherever a scale is, so is a scale to level.
        info['_links']['scaleToLevel'] = {'href': links.vnf_instance(
            base, instance['id'], 'scale_to_level', root=links.VNFLCM_V2)}
    return info


def _instantiated_vnf_info(info):
    info = sol003_v3.renamed(info, sol003_v3.RENAMED_INFO)
    vnfcs = info.get('vnfcResourceInfo')
    if vnfcs:
        state = info['vnfState']
        info['vnfcInfo'] = [{
            'id': sol003_v3.vnfc_info_id(vnfc),
            'vduId': vnfc['vduId'], 'vnfcResourceInfoId': vnfc['id'],
            'vnfcState': state} for vnfc in vnfcs]
    return info


def vnf_lcm_op_occ(op, base):
    """VnfLcmOpOcc (SOL003 v3.3.1 5.5.2.13)."""
    info = v1_views.vnf_lcm_op_occ(op, base, root=links.VNFLCM_V2)
    params = info['operationParams']
    if isinstance(params.get('vimConnectionInfo'), list):
        info['operationParams'] = dict(params, vimConnectionInfo=(
            sol003_v3.vim_connection_map(params['vimConnectionInfo'])))
    changes = info['resourceChanges']
    if changes.get('affectedVirtualLinks'):
        info['resourceChanges'] = dict(
            changes, affectedVirtualLinks=sol003_v3.affected_virtual_links(
                changes['affectedVirtualLinks']))
    if 'changedInfo' in info:
        info[sol003_v3.changes_name(op['operation'])] = \
            sol003_v3.changed_info(info.pop('changedInfo'))
    return info
