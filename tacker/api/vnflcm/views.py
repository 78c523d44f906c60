"""SOL003 v2.6.1 structures built from database rows."""
from tacker.api import wsgi
from tacker.common import links
from tacker.common import sol013
from tacker.common import states
from tacker.common import vim_secrets

# The data types of SOL003 v2.6.1 clause 5.5 and 4.4 the resources below
# embed, in the notation of sol013.Attributes.
_OPEN = sol013.OPEN
_LINK = {'href': None}
_RESOURCE_HANDLE = {'vimConnectionId': None, 'resourceProviderId': None,
                    'resourceId': None, 'vimLevelResourceType': None}
_VIM_CONNECTION_INFO = [{'id': None, 'vimId': None, 'vimType': None,
                         'interfaceInfo': _OPEN, 'accessInfo': _OPEN,
                         'extra': _OPEN}]
_CP_PROTOCOL_INFO = [{'layerProtocol': None, 'ipOverEthernet': {
    'macAddress': None, 'ipAddresses': [{
        'type': None, 'addresses': [None], 'isDynamic': None,
        'addressRange': {'minAddress': None, 'maxAddress': None},
        'subnetId': None}]}}]
_VNF_LINK_PORTS = [{'id': None, 'resourceHandle': _RESOURCE_HANDLE,
                    'cpInstanceId': None, 'cpInstanceType': None}]
_EXT_VIRTUAL_LINK_INFO = [{
    'id': None, 'resourceHandle': _RESOURCE_HANDLE,
    'extLinkPorts': [{'id': None, 'resourceHandle': _RESOURCE_HANDLE,
                      'cpInstanceId': None}]}]
_INSTANTIATED_VNF_INFO = {
    'flavourId': None, 'vnfState': None,
    'scaleStatus': [{'aspectId': None, 'scaleLevel': None}],
    'extCpInfo': [{'id': None, 'cpdId': None,
                   'cpProtocolInfo': _CP_PROTOCOL_INFO,
                   'extLinkPortId': None, 'metadata': _OPEN,
                   'associatedVnfcCpId': None,
                   'associatedVnfVirtualLinkId': None}],
    'extVirtualLinkInfo': _EXT_VIRTUAL_LINK_INFO,
    'extManagedVirtualLinkInfo': [{
        'id': None, 'vnfVirtualLinkDescId': None,
        'networkResource': _RESOURCE_HANDLE,
        'vnfLinkPorts': _VNF_LINK_PORTS}],
    'monitoringParameters': [{'id': None, 'name': None,
                              'performanceMetric': None}],
    'localizationLanguage': None,
    'vnfcResourceInfo': [{
        'id': None, 'vduId': None, 'computeResource': _RESOURCE_HANDLE,
        'storageResourceIds': [None], 'reservationId': None,
        'vnfcCpInfo': [{'id': None, 'cpdId': None, 'vnfExtCpId': None,
                        'cpProtocolInfo': _CP_PROTOCOL_INFO,
                        'vnfLinkPortId': None, 'metadata': _OPEN}],
        'metadata': _OPEN}],
    'virtualLinkResourceInfo': [{
        'id': None, 'vnfVirtualLinkDescId': None,
        'networkResource': _RESOURCE_HANDLE, 'reservationId': None,
        'vnfLinkPorts': _VNF_LINK_PORTS, 'metadata': _OPEN}],
    'virtualStorageResourceInfo': [{
        'id': None, 'virtualStorageDescId': None,
        'storageResource': _RESOURCE_HANDLE, 'reservationId': None,
        'metadata': _OPEN}],
}
_VNF_IDENTITY = {'vnfdId': None, 'vnfProvider': None,
                 'vnfProductName': None, 'vnfSoftwareVersion': None,
                 'vnfdVersion': None}

# VnfInstance (SOL003 5.5.2.2): what filters and selectors may name.
# Left out of a list unless the selectors ask for them: 5.4.2.3.2.
VNF_INSTANCE = sol013.Attributes('VnfInstance', {
    'id': None, 'vnfInstanceName': None, 'vnfInstanceDescription': None,
    **_VNF_IDENTITY,
    'vnfConfigurableProperties': _OPEN,
    'vimConnectionInfo': _VIM_CONNECTION_INFO,
    'instantiationState': None,
    'instantiatedVnfInfo': _INSTANTIATED_VNF_INFO,
    'metadata': _OPEN, 'extensions': _OPEN,
    '_links': dict.fromkeys(
        ('self', 'indicators', 'instantiate', 'terminate', 'scale',
         'scaleToLevel', 'changeFlavour', 'heal', 'operate',
         'changeExtConn'), _LINK),
}, default_excluded=('vnfConfigurableProperties', 'vimConnectionInfo',
                     'instantiatedVnfInfo', 'metadata', 'extensions'))

# The columns ``vnf_instance`` reads for one attribute only, so that a
# list whose selectors drop the attribute leaves them unread.
VNF_INSTANCE_COLUMNS = {
    'vnfConfigurableProperties': ('vnf_configurable_properties',),
    'vimConnectionInfo': ('vim_connection_info',),
    'instantiatedVnfInfo': ('instantiated_vnf_info',),
    'metadata': ('metadata',), 'extensions': ('extensions',)}

# Task resources a VnfInstance links to, by instantiationState.
_TASKS = {
    states.NOT_INSTANTIATED: ('instantiate',),
    states.INSTANTIATED: ('terminate', 'scale', 'heal', 'changeExtConn',
                          'changeFlavour'),
}
_TASK_PATHS = {'changeExtConn': 'change_ext_conn',
               'changeFlavour': 'change_flavour'}


def vnf_instance(instance, base, root=links.VNFLCM):
    """VnfInstance (SOL003 5.5.2.2), linking within the API at
    ``root``."""
    state = instance['instantiation_state']
    info = {
        'id': instance['id'],
        'vnfInstanceName': instance['vnf_instance_name'] or '',
        'vnfInstanceDescription':
            instance['vnf_instance_description'] or '',
        'vnfdId': instance['vnfd_id'],
        'vnfProvider': instance['vnf_provider'],
        'vnfProductName': instance['vnf_product_name'],
        'vnfSoftwareVersion': instance['vnf_software_version'],
        'vnfdVersion': instance['vnfd_version'],
        'instantiationState': state,
        'metadata': instance['metadata'] or {},
        'extensions': instance['extensions'] or {},
        'vnfConfigurableProperties':
            instance['vnf_configurable_properties'] or {},
        '_links': {'self': {
            'href': links.vnf_instance(base, instance['id'], root=root)}},
    }
    if instance['vim_connection_info']:
        info['vimConnectionInfo'] = vim_secrets.without_secrets(
            instance['vim_connection_info'])
    if state == states.INSTANTIATED and instance['instantiated_vnf_info']:
        # Optional lists are 1..N in SOL003: absent rather than empty.
        # What a driver keeps beside SOL003's members (a CNF's namespace)
        # stays inside.
        info['instantiatedVnfInfo'] = {
            name: value for name, value in
            instance['instantiated_vnf_info'].items()
            if value != [] and name in _INSTANTIATED_VNF_INFO}
    for task in _TASKS[state]:
        info['_links'][task] = {'href': links.vnf_instance(
            base, instance['id'], _TASK_PATHS.get(task, task), root=root)}
    return info


# VnfLcmOpOcc (SOL003 5.5.2.13): what filters and selectors may name.
# Left out of a list unless the selectors ask for them: 5.4.12.3.2.
VNF_LCM_OP_OCC = sol013.Attributes('VnfLcmOpOcc', {
    'id': None, 'operationState': None, 'stateEnteredTime': None,
    'startTime': None, 'vnfInstanceId': None, 'grantId': None,
    'operation': None, 'isAutomaticInvocation': None,
    'operationParams': _OPEN, 'isCancelPending': None, 'cancelMode': None,
    'error': sol013.PROBLEM_DETAILS,
    'resourceChanges': {
        'affectedVnfcs': [{
            'id': None, 'vduId': None, 'changeType': None,
            'computeResource': _RESOURCE_HANDLE, 'metadata': _OPEN,
            'affectedVnfcCpIds': [None], 'addedStorageResourceIds': [None],
            'removedStorageResourceIds': [None]}],
        'affectedVirtualLinks': [{
            'id': None, 'virtualLinkDescId': None, 'changeType': None,
            'networkResource': _RESOURCE_HANDLE, 'metadata': _OPEN}],
        'affectedVirtualStorages': [{
            'id': None, 'virtualStorageDescId': None, 'changeType': None,
            'storageResource': _RESOURCE_HANDLE, 'metadata': _OPEN}]},
    'changedInfo': {
        'vnfInstanceName': None, 'vnfInstanceDescription': None,
        'vnfConfigurableProperties': _OPEN, 'metadata': _OPEN,
        'extensions': _OPEN, 'vimConnectionInfo': _VIM_CONNECTION_INFO,
        'vnfPkgId': None, **_VNF_IDENTITY},
    'changedExtConnectivity': _EXT_VIRTUAL_LINK_INFO,
    '_links': dict.fromkeys(
        ('self', 'vnfInstance', 'grant', 'cancel', 'retry', 'rollback',
         'fail'), _LINK),
}, default_excluded=('operationParams', 'error', 'resourceChanges',
                     'changedInfo', 'changedExtConnectivity'))


# The columns ``vnf_lcm_op_occ`` reads for one attribute only
# (operation_params also decides the rollback link).
VNF_LCM_OP_OCC_COLUMNS = {
    'error': ('error',), 'resourceChanges': ('resource_changes',),
    'changedInfo': ('changed_info',),
    'changedExtConnectivity': ('changed_ext_connectivity',)}


def vnf_lcm_op_occ(op, base, root=links.VNFLCM):
    """VnfLcmOpOcc (SOL003 5.5.2.13), with the task links its state
    allows, within the API at ``root``."""
    state = op['operation_state']
    info = {
        'id': op['id'],
        'operationState': state,
        # To the millisecond: several state changes of one occurrence may
        # fall within a second.
        'stateEnteredTime': wsgi.date_time(op['state_entered_time'],
                                           'milliseconds'),
        'startTime': wsgi.date_time(op['start_time'], 'milliseconds'),
        'vnfInstanceId': op['vnf_instance_id'],
        'operation': op['operation'],
        'isAutomaticInvocation': bool(op['is_automatic_invocation']),
        'operationParams': _without_secrets(op['operation_params'] or {}),
        'isCancelPending': bool(op['is_cancel_pending']),
        'resourceChanges': op['resource_changes'] or {},
        '_links': {'self': {'href': links.vnf_lcm_op_occ(base, op['id'],
                                                         root=root)},
                   'vnfInstance': {'href': links.vnf_instance(
                       base, op['vnf_instance_id'], root=root)}},
    }
    if op['grant_id']:
        info['grantId'] = op['grant_id']
        info['_links']['grant'] = {'href': links.grant(base,
                                                       op['grant_id'])}
    if op['is_cancel_pending']:
        info['cancelMode'] = op['cancel_mode']
    for name, column in (('error', 'error'), ('changedInfo', 'changed_info'),
                         ('changedExtConnectivity',
                          'changed_ext_connectivity')):
        if op[column]:
            info[name] = op[column]
    for task in _OP_TASKS.get(state, ()):
        if task != 'rollback' or states.rollback_allowed(
                op['operation'], op['operation_params']):
            info['_links'][task] = {'href': links.vnf_lcm_op_occ(
                base, op['id'], task, root=root)}
    return info


# Task resources a VnfLcmOpOcc links to, by operationState.
_OP_TASKS = dict(
    {states.FAILED_TEMP: ('retry', 'rollback', 'fail')},
    **dict.fromkeys(states.LCM_OP_RUNNING, ('cancel',)))


def _without_secrets(params):
    """operationParams as shown: VIM secrets the client sent left out,
    VNFC passwords of a change_vnfpkg masked."""
    if params.get('additionalParams'):
        params = dict(params, additionalParams=vim_secrets.mask_vdu_params(
            params['additionalParams']))
    if not params.get('vimConnectionInfo'):
        return params
    return dict(params, vimConnectionInfo=vim_secrets.without_secrets(
        params['vimConnectionInfo']))
