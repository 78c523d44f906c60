"""What a VNF's Heat stack holds, as SOL003 v2.6.1 structures.

Tacker's package convention names the HOT resources after the VNFD's
nodes: an ``OS::Nova::Server`` named after a VDU is one of its VNFCs, a
``OS::Cinder::Volume`` named after a VirtualBlockStorage one of its
storages, an ``OS::Neutron::Port`` named after a VduCp one of its CPs and
an ``OS::Neutron::Net`` named after a VnfVirtualLink the internal link.
A VDU's servers may sit in the members of an AutoScalingGroup (nested
stacks); its storages and ports are those of the same stack.

Ids are derived from the stack that holds a resource and its name, so a
VNFC keeps its id when healing replaces its server.
"""
import uuid

SERVER = 'OS::Nova::Server'
VOLUME = 'OS::Cinder::Volume'
PORT = 'OS::Neutron::Port'
NET = 'OS::Neutron::Net'


def stable_id(stack_id, resource_name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, '%s/%s' % (stack_id,
                                                         resource_name)))


def _stack_of(resource):
    """The id of the stack holding ``resource`` (its 'stack' link)."""
    for link in resource.get('links') or []:
        if link.get('rel') == 'stack':
            return link['href'].rstrip('/').rsplit('/', 1)[-1]
    return None


def _handle(resource, vim_connection_id):
    """ResourceHandle (SOL003 v2.6.1 4.4.1.7)."""
    handle = {'resourceId': resource['physical_resource_id'],
              'vimLevelResourceType': resource['resource_type']}
    if vim_connection_id:
        handle['vimConnectionId'] = vim_connection_id
    return handle


def read(resources, flavour, vim_connection_id):
    """(vnfcResourceInfo, virtualLinkResourceInfo,
    virtualStorageResourceInfo) of a stack's resources (as listed with
    nested_depth=2). VNFCs are in creation order, newest last."""
    by_stack = {}
    for resource in resources:
        by_stack.setdefault(_stack_of(resource), []).append(resource)
    members = {resource['physical_resource_id']: resource
               for resource in resources if resource.get(
                   'physical_resource_id')}
    vdus = flavour['vdus']
    cps = {cp['id']: cp for cp in flavour['cps']}
    vnfcs, storages = [], []
    servers = sorted(
        (resource for resource in resources
         if resource['resource_type'] == SERVER
         and resource['resource_name'] in vdus),
        key=lambda r: (r.get('creation_time') or '', r['resource_name']))
    for server in servers:
        stack_id = _stack_of(server)
        vdu_id = server['resource_name']
        siblings = {r['resource_name']: r for r in by_stack[stack_id]}
        own_storages = [
            {'id': stable_id(stack_id, name),
             'virtualStorageDescId': name,
             'storageResource': _handle(siblings[name], vim_connection_id)}
            for name in vdus[vdu_id].get('virtual_storages') or []
            if name in siblings and siblings[name]['resource_type'] ==
            VOLUME]
        metadata = {'stackId': stack_id}
        member = members.get(stack_id)
        if member is not None:
            metadata.update(groupStackId=_stack_of(member),
                            memberName=member['resource_name'])
        vnfcs.append({
            'id': stable_id(stack_id, vdu_id),
            'vduId': vdu_id,
            'computeResource': _handle(server, vim_connection_id),
            'storageResourceIds': [s['id'] for s in own_storages],
            'vnfcCpInfo': [
                {'id': stable_id(stack_id, name), 'cpdId': name}
                for name, resource in siblings.items()
                if resource['resource_type'] == PORT and
                cps.get(name, {}).get('vdu') == vdu_id],
            'metadata': metadata,
        })
        storages += own_storages
    link_ids = {link['id'] for link in flavour['virtual_links']}
    links = [{'id': stable_id(_stack_of(resource),
                              resource['resource_name']),
              'vnfVirtualLinkDescId': resource['resource_name'],
              'networkResource': _handle(resource, vim_connection_id),
              'vnfLinkPorts': []}
             for resource in resources
             if resource['resource_type'] == NET
             and resource['resource_name'] in link_ids]
    return vnfcs, links, storages
