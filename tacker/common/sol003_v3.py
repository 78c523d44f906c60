"""What SOL003 v3.3.1 (the v2 APIs) renamed or reshaped of the v2.6.1
structures Tacker stores: one place for the API views and the
notifications of both versions."""
from tacker.common import states

# InstantiatedVnfInfo (5.5.2.2 in v3.3.1).
RENAMED_INFO = {'virtualLinkResourceInfo': 'vnfVirtualLinkResourceInfo'}
# AffectedVirtualLink (5.5.3.14).
RENAMED_LINK_CHANGE = {'virtualLinkDescId': 'vnfVirtualLinkDescId'}
# VnfInfoModifications (5.5.3.12) name the package by vnfdId only.
NOT_IN_MODIFICATIONS = ('vnfPkgId',)


def vnfc_info_id(vnfc):
    """The id of the VnfcInfo (SOL003 v3.3.1 5.5.3.23) of a
    VnfcResourceInfo: what v2 clients name in a HealVnfRequest's
    vnfcInstanceId (as upstream Tacker's v2 forms it)."""
    return '%s-%s' % (vnfc['vduId'], vnfc['id'])


def vim_connection_map(entries):
    """VimConnectionInfo list (v2.6.1) -> map keyed by id (4.4.1.6)."""
    return {entry['id']: {name: value for name, value in entry.items()
                          if name != 'id'} for entry in entries}


def renamed(structure, names):
    return {names.get(name, name): value
            for name, value in structure.items()}


def affected_virtual_links(changes):
    """AffectedVirtualLink list in the v3.3.1 names."""
    return [renamed(change, RENAMED_LINK_CHANGE) for change in changes]


# What a CHANGE_VNFPKG changed of an instance besides its resources
# (5.5.3.26 ModificationsTriggeredByVnfPkgChange), shown under this name
# in VnfLcmOpOcc and its notifications instead of changedInfo.
PACKAGE_CHANGES = 'modificationsTriggeredByVnfPkgChange'


def changes_name(operation):
    """The member an occurrence of ``operation`` shows its changed
    instance information in."""
    return (PACKAGE_CHANGES if operation == states.CHANGE_VNFPKG
            else 'changedInfo')


def changed_info(changed):
    """VnfInfoModifications in the v3.3.1 shape."""
    changed = {name: value for name, value in changed.items()
               if name not in NOT_IN_MODIFICATIONS}
    if 'vimConnectionInfo' in changed:
        changed['vimConnectionInfo'] = vim_connection_map(
            changed['vimConnectionInfo'])
    return changed
