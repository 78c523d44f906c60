"""``ns descriptor ...``: NSDs of the legacy Tacker NFVO API
(``/v1.0/nsds``), TOSCA templates naming the VNFDs of a network service,
as in python-tackerclient 1.x."""
from tackerclient.cli import legacy

KIND = legacy.Kind(client='legacy_nsds', name='NSD', key='nsd')


class CreateNsd(legacy.CreateDescriptor):
    """Create an NSD from a TOSCA template."""

    kind = KIND


class ListNsd(legacy.ListDescriptor):
    """List NSDs."""

    kind = KIND


class ShowNsd(legacy.ShowDescriptor):
    """Show an NSD, its template as YAML data."""

    kind = KIND


class ShowNsdTemplate(legacy.ShowDescriptorTemplate):
    """Show the template of an NSD."""

    kind = KIND


class DeleteNsd(legacy.Delete):
    """Delete NSD(s); an NSD that an NS uses cannot be deleted."""

    kind = KIND
