"""Queries on the VNFDs of the legacy API (``legacy_vnfds``,
/v1.0/vnfds), each change with its event."""
from tacker.common import exceptions
from tacker.db import legacy_descriptors
from tacker.db import models

VNFD = models.LegacyVnfd.__table__
RESOURCE = 'vnfd'
ONBOARDED = legacy_descriptors.ONBOARDED
INLINE = legacy_descriptors.INLINE
VNFDS = legacy_descriptors.Descriptors(
    VNFD, RESOURCE, exceptions.LegacyVnfdNotFound,
    exceptions.LegacyVnfdInUse)
get = VNFDS.get
list_vnfds = VNFDS.list
delete = VNFDS.delete


def create(context, project_id, name, description, template,
           template_source=ONBOARDED, session=None):
    """Store a VNFD (its template as YAML text) with its CREATE event;
    in ``session``'s transaction when given."""
    return VNFDS.create(context, project_id, {
        'name': name, 'description': description,
        'template_source': template_source, 'template': template}, session)
