"""``ns ...``: NSs of the legacy Tacker NFVO API (``/v1.0/nss``), a VNF
for each VNF node of an NSD, as in python-tackerclient 1.x.

Creating and deleting an NS go on after the command returns: ``ns show``
follows its Status.
"""
from tackerclient.cli import legacy
from tackerclient.cli import legacy_nsd

KIND = legacy.Kind(client='legacy_nss', name='NS', key='ns')


class CreateNs(legacy.CreateInstance):
    """Create an NS from an NSD."""

    kind = KIND
    descriptor = legacy_nsd.KIND


class ListNs(legacy.ListInstance):
    """List NSs."""

    kind = KIND
    # Tacker had VNF forwarding graphs in NSs; this one has none, but
    # keeps python-tackerclient's columns.
    columns = (('id', 'ID'), ('name', 'Name'), ('nsd_id', 'NSD ID'),
               ('vnf_ids', 'VNF IDs'), ('vnffg_ids', 'VNFFG IDs'),
               ('mgmt_ip_addresses', 'Mgmt Ip Addresses'),
               ('status', 'Status'))


class ShowNs(legacy.ShowInstance):
    """Show an NS."""

    kind = KIND


class DeleteNs(legacy.Delete):
    """Delete NS(s) and their VNFs."""

    kind = KIND
