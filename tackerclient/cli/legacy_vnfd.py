"""``vnf descriptor ...``: VNFDs of the legacy Tacker VNFM API
(``/v1.0/vnfds``), TOSCA templates of Tacker's NFV profile, as in
python-tackerclient 1.x.

A VNFD is onboarded (created as such) or inline (created by ``vnf create
--vnfd-template``); names are looked up among both.
"""
from tackerclient.cli import legacy

KIND = legacy.Kind(client='legacy_vnfds', name='VNFD', key='vnfd',
                   lookup=(('template_source', 'all'),))


class CreateVnfd(legacy.CreateDescriptor):
    """Create a VNFD from a TOSCA template."""

    kind = KIND


class ListVnfd(legacy.ListDescriptor):
    """List VNFDs."""

    kind = KIND
    template_sources = True


class ShowVnfd(legacy.ShowDescriptor):
    """Show a VNFD, its template as YAML data."""

    kind = KIND


class ShowVnfdTemplate(legacy.ShowDescriptorTemplate):
    """Show the template of a VNFD."""

    kind = KIND


class DeleteVnfd(legacy.Delete):
    """Delete VNFD(s); a VNFD that a VNF uses cannot be deleted."""

    kind = KIND
