"""Simulated OpenStack resources: the physical ids and attributes that
HOT resource types get in the sandbox.

Nothing is booted. Attributes derive from the physical id and the
properties only (addresses, MACs), so they stay the same when a
resource is updated in place or a stack is read back after a restart.
"""
import base64
import collections
import hashlib
import ipaddress
import itertools
import os
import uuid

from tacker_sandbox import errors

ASG = 'OS::Heat::AutoScalingGroup'
SERVER = 'OS::Nova::Server'
SCALING_POLICY = 'OS::Heat::ScalingPolicy'

# What a simulator may look at besides the resource's own properties:
# its stack's name and URL, the resources built before it in the same
# stack by physical id (a server reads its ports' addresses), and the
# operation's AddressPool.
Context = collections.namedtuple('Context',
                                 'stack_name stack_url siblings addresses')


class PoolExhausted(Exception):
    """A port got fewer pool addresses than it needs; ``attributes`` are
    the port's with those it got."""

    def __init__(self, reason, attributes):
        super().__init__(reason)
        self.attributes = attributes


class AddressPool:
    """``--address-pool``: the addresses of ports given no fixed IP.

    A port (by physical id) holds its addresses from its creation until
    its deletion; the lowest free host address goes first. ``held`` is
    what the store keeps under ``META_KEY``. What one operation releases
    is free from the next on, so a replaced port gets another address
    than the port it replaces."""

    META_KEY = 'port_addresses'

    def __init__(self, network, held):
        self.network = network
        self.held = held
        self.used = {address for addresses in held.values()
                     for address in addresses}
        self.changed = False

    def assign(self, port_id, count):
        """``count`` addresses for the port: those it holds, then new
        ones; fewer when the pool runs out (or there is none)."""
        held = self.held.get(port_id, [])
        addresses = held[:count]
        if len(addresses) < count and self.network is not None:
            free = (str(host) for host in self.network.hosts()
                    if str(host) not in self.used)
            addresses += itertools.islice(free, count - len(addresses))
            self.used.update(addresses)
        if addresses != held:
            self.changed = True
            if addresses:
                self.held[port_id] = addresses
            else:
                del self.held[port_id]
        return addresses

    def release(self, port_id):
        if self.held.pop(port_id, None) is not None:
            self.changed = True


def new_id():
    return str(uuid.uuid4())


def short_id():
    """Heat's short random names: 12 lowercase base32 characters."""
    return base64.b32encode(os.urandom(8)).decode().lower()[:12]


def _digest(*parts):
    return hashlib.sha256('/'.join(parts).encode()).digest()


def _fake_ip(seed):
    digest = _digest(seed)
    return '10.%d.%d.%d' % (digest[0], digest[1], 2 + digest[2] % 252)


def _fake_mac(seed):
    return 'fa:16:3e:%02x:%02x:%02x' % tuple(_digest(seed)[:3])


def _derived_id(*parts):
    return str(uuid.UUID(bytes=_digest(*parts)[:16], version=4))


def _name(props, physical_id, name, context):
    return props.get('name') or '%s-%s-%s' % (
        context.stack_name, name, physical_id.replace('-', '')[:12])


def _server(name, props, physical_id, context):
    networks, addresses = {}, {}
    for index, entry in enumerate(props.get('networks') or []):
        if not isinstance(entry, dict):
            continue
        port_id = entry.get('port')
        port = (context.siblings.get(port_id) if isinstance(port_id, str)
                else None)
        if port is not None:
            port_attrs = port['attributes']
            network = port_attrs.get('network_id') or 'private'
            ips = [fixed['ip_address'] for fixed in port_attrs['fixed_ips']]
            mac = port_attrs['mac_address']
        else:
            network = (entry.get('network') or entry.get('uuid') or
                       'private')
            seed = '%s/%d' % (physical_id, index)
            ips = [entry.get('fixed_ip') or _fake_ip(seed)]
            mac = _fake_mac(seed)
        networks.setdefault(str(network), []).extend(ips)
        addresses.setdefault(str(network), []).extend(
            {'addr': ip, 'version': 6 if ':' in str(ip) else 4,
             'OS-EXT-IPS:type': 'fixed',
             'OS-EXT-IPS-MAC:mac_addr': mac,
             'port': port_id} for ip in ips)
    server_name = _name(props, physical_id, name, context)
    first = next((ips[0] for ips in networks.values() if ips), '')
    return {
        'name': server_name, 'networks': networks, 'addresses': addresses,
        'first_address': first, 'accessIPv4': '', 'accessIPv6': '',
        'instance_name': 'instance-%08x' % int.from_bytes(
            _digest(physical_id)[:4], 'big'),
        'console_urls': {},
        'show': {'id': physical_id, 'name': server_name, 'status': 'ACTIVE',
                 'flavor': {'id': props.get('flavor')},
                 'image': {'id': props.get('image')},
                 'addresses': addresses},
    }


def _port(name, props, physical_id, context):
    """Each fixed IP without an ``ip_address`` gets one of the address
    pool, or a made-up one without a pool."""
    network = props.get('network') or props.get('network_id') or ''
    entries = [fixed if isinstance(fixed, dict) else {}
               for fixed in props.get('fixed_ips') or [{}]]
    wanted = sum(1 for fixed in entries if not fixed.get('ip_address'))
    pool = context.addresses
    pooled = pool.assign(physical_id, wanted)
    exhausted = pool.network is not None and len(pooled) < wanted
    spare, fixed_ips = iter(pooled), []
    for index, fixed in enumerate(entries):
        address = fixed.get('ip_address') or next(spare, None) or (
            None if exhausted else _fake_ip('%s/%d' % (physical_id, index)))
        if address:
            fixed_ips.append({
                'subnet_id': (fixed.get('subnet') or fixed.get('subnet_id')
                              or _derived_id('subnet', str(network))),
                'ip_address': address})
    port = {'name': _name(props, physical_id, name, context),
            'network_id': network, 'fixed_ips': fixed_ips,
            'mac_address': props.get('mac_address') or _fake_mac(
                physical_id),
            'status': 'ACTIVE', 'admin_state_up': True, 'device_id': '',
            'device_owner': '', 'security_groups': []}
    attributes = dict(port, show=dict(port, id=physical_id))
    if exhausted:
        raise PoolExhausted(
            'IpAddressGenerationFailureClient: resources.%s: No more IP '
            'addresses available in the address pool %s.'
            % (name, pool.network), attributes)
    return attributes


def _net(name, props, physical_id, context):
    net = {'name': _name(props, physical_id, name, context),
           'status': 'ACTIVE', 'admin_state_up': True, 'subnets': [],
           'mtu': 1450}
    return dict(net, show=dict(net, id=physical_id))


def _subnet(name, props, physical_id, context):
    cidr = props.get('cidr') or ''
    try:
        gateway = props.get('gateway_ip') or str(next(
            ipaddress.ip_network(cidr, strict=False).hosts()))
    except (ValueError, StopIteration):
        gateway = None
    subnet = {'name': _name(props, physical_id, name, context),
              'cidr': cidr, 'gateway_ip': gateway,
              'network_id': props.get('network') or props.get(
                  'network_id'),
              'ip_version': props.get('ip_version') or 4,
              'allocation_pools': props.get('allocation_pools') or []}
    return dict(subnet, show=dict(subnet, id=physical_id))


def _volume(name, props, physical_id, context):
    volume = {'display_name': _name(props, physical_id, name, context),
              'display_description': props.get('description') or '',
              'size': props.get('size'), 'status': 'available',
              'volume_type': props.get('volume_type'),
              'bootable': str(bool(props.get('image'))).lower(),
              'attachments': [], 'metadata': props.get('metadata') or {}}
    return dict(volume, show=dict(volume, id=physical_id))


def _named(name, props, physical_id, context):
    """Flavors, images, keypairs, ...: a name, a status and ``show``."""
    resource = {'name': _name(props, physical_id, name, context),
                'status': 'active'}
    return dict(resource, show=dict(props, id=physical_id, **resource))


def _scaling_policy(name, props, physical_id, context):
    url = '%s/resources/%s/signal' % (context.stack_url, name)
    return {'alarm_url': url, 'signal_url': url}


def _generic(name, props, physical_id, context):
    return {'show': dict(props, id=physical_id)}


_SIMULATORS = {
    SERVER: _server,
    'OS::Neutron::Port': _port,
    'OS::Neutron::Net': _net,
    'OS::Neutron::ProviderNet': _net,
    'OS::Neutron::Subnet': _subnet,
    'OS::Cinder::Volume': _volume,
    'OS::Nova::Flavor': _named,
    'OS::Nova::KeyPair': _named,
    'OS::Glance::Image': _named,
    'OS::Glance::WebImage': _named,
    SCALING_POLICY: _scaling_policy,
}


def is_simulated(resource_type):
    """Every ``OS::*`` type is; the rest must be nested templates."""
    return resource_type.startswith('OS::')


def simulate(resource_type, name, props, physical_id, context):
    """The attributes of a plain (not nested) resource."""
    simulator = _SIMULATORS.get(resource_type, _generic)
    try:
        return simulator(name, props, physical_id, context)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise errors.validation_failed(
            'Property error: resources.%s.properties: %s' % (name, error)) \
            from None


def group_attributes(members):
    """An AutoScalingGroup's attributes from its members, a list of
    ``(member_name, resource)`` oldest first."""
    return {
        'refs': [member['physical_id'] for _, member in members],
        'refs_map': {name: member['physical_id'] for name, member in members},
        'current_size': len(members),
        'outputs': {name: member['attributes'] for name, member in members},
        'outputs_list': [member['attributes'] for _, member in members],
    }


def attribute(resource, name, path):
    """``get_attr`` of ``resource``: the attribute (a nested stack's
    output for a nested template), then ``path`` into it. Like Heat, a
    group's ``outputs``/``outputs_list`` take the member attribute as the
    first path element."""
    if name == 'OS::stack_id' and resource.get('nested'):
        return resource['nested']
    value = (resource.get('attributes') or {}).get(name)
    if resource['type'] == ASG and name in ('outputs', 'outputs_list') \
            and path and value is not None:
        key, path = path[0], path[1:]
        if name == 'outputs':
            value = {member: attrs.get(key) for member, attrs in value.items()}
        else:
            value = [attrs.get(key) for attrs in value]
    try:
        for key in path:
            value = value[int(key) if isinstance(value, list) else key]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return value
