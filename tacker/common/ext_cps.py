"""External connection points of an LCM request as VIM ports: one
conversion for the OpenStack driver's ``nfv`` parameter and for the LCM
user-data helpers, so a package gets the same ports either way.

SOL003 v2.6.1: an ExtVirtualLinkData (4.4.1.11) holds extCps
(VnfExtCpData, 4.4.1.10); each cpConfig entry (VnfExtCpConfig, 4.4.1.10a:
a list in v2.6.1, a map keyed by cpConfig id later) holds cpProtocolData
(4.4.1.10b) whose ipOverEthernet (IpOverEthernetAddressData, 4.4.1.10c)
gives a macAddress and ipAddresses. Every address requested there goes
onto the one port of the CP, the way Tacker's documented user-data
helpers build ``fixed_ips``: each fixedAddresses entry is
``{'ip_address', 'subnet'}`` (subnet when subnetId is given), and
numDynamicAddresses (one when the entry names neither fixed nor
dynamic addresses) on a subnetId are as many ``{'subnet'}``. A dynamic
address without a subnetId, or an addressRange, has no Heat port
form: Neutron then allocates from the network as it would anyway.

Structures may be dicts with SOL003's camelCase keys (as the API stores
them), dicts with snake_case keys or objects with snake_case attributes
(as packages written for Tacker pass them to the helpers).
"""
import collections.abc
import re

from tacker.common import exceptions


def field(value, name):
    """Field ``name`` (camelCase) of a dict, whose key may also be in
    snake_case, or the snake_case attribute of an object; None if unset.
    """
    snake = re.sub('([A-Z])', lambda match: '_' + match.group(1).lower(),
                   name)
    if isinstance(value, collections.abc.Mapping):
        return value[name] if name in value else value.get(snake)
    return getattr(value, snake, None)


def entries(value):
    """The items of a list, or the values of a map keyed by ID."""
    if isinstance(value, collections.abc.Mapping):
        return list(value.values())
    return list(value or [])


def check_links(ext_virtual_links):
    """Refuse ExtVirtualLinkData (SOL003 v2.6.1 4.4.1.11) that name no
    link id, or extCps without a cpdId: what every infra driver needs of
    them, checked before the 202.

    :raises InvalidExtVirtualLink: naming the field at fault.
    """
    for index, link in enumerate(ext_virtual_links or []):
        where = f'extVirtualLinks[{index}]'
        if not isinstance(link.get('id'), str):
            raise exceptions.InvalidExtVirtualLink(
                field=f'{where}.id', reason='must be a string')
        cps = link.get('extCps') or []
        if not isinstance(cps, list) or not all(
                isinstance(cp, dict) and isinstance(cp.get('cpdId'), str)
                for cp in cps):
            raise exceptions.InvalidExtVirtualLink(
                field=f'{where}.extCps',
                reason='must be a list of VnfExtCpData, each with a cpdId')


def ext_cps(ext_virtual_links):
    """(ExtVirtualLinkData, VnfExtCpData, cpdId) of every extCp of the
    links."""
    return [(link, ext_cp, field(ext_cp, 'cpdId'))
            for link in entries(ext_virtual_links)
            for ext_cp in entries(field(link, 'extCps'))]


def port(link, ext_cp):
    """The port of ``ext_cp`` on ``link``: {'network': the link's
    resourceId, 'fixed_ips': [...] when any address is requested,
    'mac_address': the first macAddress requested, if any}."""
    result = {'network': field(link, 'resourceId')}
    addresses, mac_address = [], None
    for ethernet in _ip_over_ethernet(ext_cp):
        mac_address = mac_address or field(ethernet, 'macAddress')
        for requested in entries(field(ethernet, 'ipAddresses')):
            addresses += _fixed_ips(requested)
    if addresses:
        result['fixed_ips'] = addresses
    if mac_address:
        result['mac_address'] = mac_address
    return result


def _ip_over_ethernet(ext_cp):
    return [field(protocol, 'ipOverEthernet')
            for config in entries(field(ext_cp, 'cpConfig'))
            for protocol in entries(field(config, 'cpProtocolData'))
            if field(protocol, 'ipOverEthernet')]


def _fixed_ips(requested):
    """Heat port fixed_ips of one ipAddresses entry."""
    subnet = field(requested, 'subnetId')
    subnet_part = {'subnet': subnet} if subnet else {}
    fixed = entries(field(requested, 'fixedAddresses'))
    if fixed:
        return [dict(subnet_part, ip_address=address) for address in fixed]
    if not subnet_part or field(requested, 'addressRange'):
        return []
    dynamic = field(requested, 'numDynamicAddresses')
    return [dict(subnet_part)
            for _ in range(1 if dynamic is None else int(dynamic))]
