"""SOL003 v2.6.1 structures built from database rows."""
from tacker.common import states

PREFIX = '/vnflcm/v1'

# SOL003 5.4.2.3.2: left out of a list unless the selectors ask for them.
DEFAULT_EXCLUDED = ('vnfConfigurableProperties', 'vimConnectionInfo',
                    'instantiatedVnfInfo', 'metadata', 'extensions')

# Task resources a VnfInstance links to, by instantiationState.
_TASKS = {
    states.NOT_INSTANTIATED: ('instantiate',),
    states.INSTANTIATED: ('terminate', 'scale', 'heal', 'changeExtConn'),
}
_TASK_PATHS = {'changeExtConn': 'change_ext_conn'}


def instance_url(base, instance_id):
    return '%s%s/vnf_instances/%s' % (base, PREFIX, instance_id)


def vnf_instance(instance, base):
    """VnfInstance (SOL003 5.5.2.2)."""
    self_url = instance_url(base, instance['id'])
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
        '_links': {'self': {'href': self_url}},
    }
    if instance['vim_connection_info']:
        info['vimConnectionInfo'] = instance['vim_connection_info']
    if state == states.INSTANTIATED and instance['instantiated_vnf_info']:
        info['instantiatedVnfInfo'] = instance['instantiated_vnf_info']
    for task in _TASKS[state]:
        info['_links'][task] = {'href': '%s/%s' % (
            self_url, _TASK_PATHS.get(task, task))}
    return info
