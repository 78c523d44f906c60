"""Queries on the NSDs of the legacy API (``legacy_nsds``, /v1.0/nsds),
each change with its event."""
from tacker.common import exceptions
from tacker.db import legacy_descriptors
from tacker.db import models

NSD = models.LegacyNsd.__table__
NSDS = legacy_descriptors.Descriptors(
    NSD, 'nsd', exceptions.LegacyNsdNotFound, exceptions.LegacyNsdInUse)
create = NSDS.create
get = NSDS.get
list_nsds = NSDS.list
delete = NSDS.delete
