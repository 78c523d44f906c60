"""The MODIFY_INFO operation (SOL003 v2.6.1 5.4.3.3.4): what a
VnfInfoModificationRequest (5.5.2.12) changes on a VNF instance; and what
a completed CHANGE_VNFPKG changes of it besides its resources.

It touches no VIM, so it needs no grant and no infra driver; the changes
are written with the occurrence's COMPLETED transition. VIM secrets are
stored as the conductor sealed them when it took the operation, and left
out of changedInfo.
"""
from tacker.common import merge_patch
from tacker.common import vim_secrets
from tacker.db import instances as db_instances

# Request attribute -> column, replaced as given.
_REPLACED = {'vnfInstanceName': 'vnf_instance_name',
             'vnfInstanceDescription': 'vnf_instance_description'}
# Request attribute -> column, merged as a JSON merge patch (RFC 7396).
_MERGED = {'metadata': 'metadata', 'extensions': 'extensions',
           'vnfConfigurableProperties': 'vnf_configurable_properties'}
# Column copied from the package -> VnfInfoModifications attribute.
_FROM_PACKAGE = {'vnf_pkg_id': 'vnfPkgId', 'vnfd_id': 'vnfdId',
                 'vnf_provider': 'vnfProvider',
                 'vnf_product_name': 'vnfProductName',
                 'vnf_software_version': 'vnfSoftwareVersion',
                 'vnfd_version': 'vnfdVersion'}


def modification(instance, request, package=None):
    """(column values, VnfInfoModifications (5.5.3.12)) of ``request``
    applied to ``instance``; ``package`` is the package row of a new
    vnfdId."""
    values, changed = {}, {}
    for attribute, column in _REPLACED.items():
        if attribute in request:
            values[column] = changed[attribute] = request[attribute]
    for attribute, column in _MERGED.items():
        if attribute in request:
            values[column] = merge_patch.apply(instance[column] or {},
                                               request[attribute])
            changed[attribute] = request[attribute]
    if 'vimConnectionInfo' in request or \
            'vimConnectionInfoDeleteIds' in request:
        values['vim_connection_info'] = _vim_connections(
            instance['vim_connection_info'] or [], request)
        changed['vimConnectionInfo'] = vim_secrets.without_secrets(
            values['vim_connection_info'])
    if package is not None and package['id'] != instance['vnf_pkg_id']:
        values.update(db_instances.package_values(package))
        changed.update(_package_attributes(values))
    return values, changed


def deployed_properties(instance, params):
    """The column values of the extensions and vnfConfigurableProperties
    a completed SOL003 v3.3.1 InstantiateVnfRequest, ChangeVnfFlavourRequest
    or ChangeCurrentVnfPkgRequest (``params``) merges into the
    instance's."""
    values, _ = modification(instance, {
        name: value for name, value in (params or {}).items()
        if name in ('extensions', 'vnfConfigurableProperties')})
    return values


def package_change(package):
    """(column values, the changes of the VnfInfoModifications attributes
    they copy from ``package``, its ``db_packages.get_vnfd``) of an
    instance moved to ``package``: what SOL003 v3.3.1 5.5.3.26
    ModificationsTriggeredByVnfPkgChange reports."""
    values = db_instances.package_values(package)
    return values, _package_attributes(values)


def _package_attributes(values):
    return {attribute: values[column]
            for column, attribute in _FROM_PACKAGE.items()
            if column in values}


def _vim_connections(current, request):
    """The instance's VimConnectionInfo list with the request's entries
    merged by id and those of vimConnectionInfoDeleteIds removed."""
    merged = {entry['id']: entry for entry in current}
    for entry in request.get('vimConnectionInfo') or []:
        merged[entry['id']] = merge_patch.apply(merged.get(entry['id']),
                                                entry)
    for vim_id in request.get('vimConnectionInfoDeleteIds') or []:
        merged.pop(vim_id, None)
    return list(merged.values())
