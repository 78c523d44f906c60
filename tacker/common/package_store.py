"""The durable copy of each package's CSAR, kept through glance_store.

Tacker keeps its CSARs with glance_store since Ussuri: one library gives a
local directory (``file``, the default), S3, Swift or a read-only HTTP
server, chosen in ``[glance_store]`` (``stores``, ``default_store`` and
each driver's options), so API servers and conductors on different hosts
need no shared filesystem. Each host only caches what it reads
(``package_files``).

The store is operator configuration, not a peer named by API users, so
``tacker.common.outbound`` does not apply; glance_store's S3 driver keeps
botocore's connect and read timeouts (60 s each, a few retries).
"""
import threading

import glance_store
from glance_store import exceptions as store_exceptions
from oslo_log import log as logging

from tacker.common import exceptions
from tacker.common import private_paths

LOG = logging.getLogger(__name__)

GROUP = 'glance_store'
HASHING_ALGORITHM = 'sha512'

_lock = threading.Lock()
_configured = [None]


def _stores(conf):
    """Load the configured drivers, again whenever ``[glance_store]``
    changed (tests point it elsewhere)."""
    group = conf[GROUP]
    current = tuple((name, repr(group[name])) for name in sorted(group))
    with _lock:
        if _configured[0] != current:
            if 'file' in group.stores:
                # The CSARs may carry credentials (scripts, certificates).
                private_paths.make_dirs(group.filesystem_store_datadir)
            glance_store.create_stores(conf)
            glance_store.verify_default_store()
            _configured[0] = current


def _failed(action, error):
    LOG.warning('Package store: %s failed: %s', action, error)
    return exceptions.PackageStoreUnavailable(reason='%s failed' % action)


def put(conf, object_id, path, size):
    """Add the file at ``path`` as ``object_id``; its location (a URI
    naming no credentials) is what the other calls take."""
    _stores(conf)
    try:
        with open(path, 'rb') as data:
            location = glance_store.add_to_backend_with_multihash(
                conf, object_id, data, size, HASHING_ALGORITHM)[0]
    except store_exceptions.GlanceStoreException as error:
        raise _failed('storing %s' % object_id, error)
    return location


def read(conf, location):
    """The object at ``location``, in chunks.

    :raises: PackageStoreUnavailable, also when it is missing.
    """
    _stores(conf)
    try:
        chunks, _size = glance_store.get_from_backend(location)
        yield from chunks
    except store_exceptions.GlanceStoreException as error:
        raise _failed('reading %s' % location, error)


def delete(conf, location):
    """Remove the object at ``location``; one already gone is fine."""
    _stores(conf)
    try:
        glance_store.delete_from_backend(location)
    except store_exceptions.NotFound:
        LOG.info('Package store: %s was already gone', location)
    except store_exceptions.GlanceStoreException as error:
        raise _failed('deleting %s' % location, error)
