"""Where a package's files live and how they are written and read.

The CSAR is kept in the package store (``package_store``, configured in
``[glance_store]``), at the location recorded as the package's
``package_path``. Each host caches what it reads under ``[vnf_package]
vnf_package_csar_path``::

    <package id>/<checksum>/package.zip    the CSAR, uploaded or fetched
    <package id>/<checksum>/content/       its files, extracted
    <package id>/<checksum>/vnfd.zip       the VNFD files alone

A host that lacks them (another host onboarded the package, or the cache
was cleared) fetches the CSAR, checks it against the package's recorded
checksum and extracts it again, so API servers and conductors need no
shared filesystem.

Files are streamed in chunks to a temporary file, hashed on the way and
renamed into place, so memory does not grow with the package size and a
half-written CSAR or content directory is never taken for a whole one.
"""
import contextlib
import hashlib
import os
import shutil
import uuid
import zipfile

from oslo_log import log as logging

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import package_store
from tacker.common import private_paths

LOG = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
CHECKSUM_ALGORITHM = 'SHA-512'
CSAR = 'package.zip'
CONTENT = 'content'
VNFD_ZIP = 'vnfd.zip'


def limits(conf):
    """The ``[vnf_package]`` limits on reading an untrusted CSAR."""
    opts = conf.vnf_package
    return csar.Limits(max_entries=opts.max_entries,
                       max_uncompressed_size=opts.max_uncompressed_size,
                       max_compression_ratio=opts.max_compression_ratio,
                       max_path_depth=opts.max_path_depth,
                       max_yaml_depth=opts.max_yaml_depth,
                       max_vnfd_yaml_bytes=opts.max_vnfd_yaml_bytes,
                       parser_memory=opts.vnfd_parser_memory,
                       parser_timeout=opts.vnfd_parser_timeout,
                       require_manifest=opts.require_manifest)


class PackageFiles:
    """One package's files on this host, in a directory named by the
    CSAR's checksum: a copy left by an earlier upload of the same package
    (onboarding failed on another host) is never taken for this one."""

    def __init__(self, conf, package_id):
        self.conf = conf
        self.package_id = package_id
        self.root = os.path.join(conf.vnf_package.vnf_package_csar_path,
                                 package_id)

    def _cache(self, package, name=''):
        return os.path.join(self.root, package['checksum']['hash'][:32],
                            name)

    def store(self, chunks, limit, progress=None):
        """Write the CSAR from an iterable of byte strings, then add it to
        the package store (as a new object: a stale one an interrupted
        upload may have left is never overwritten).

        :returns: ``(size, {'algorithm': 'SHA-512', 'hash': hex},
            location)``
        :raises: PackageTooLarge past ``limit`` bytes (nothing is kept);
            PackageStoreUnavailable.
        """
        size, written = self._write_csar(chunks, limit, progress)
        location = package_store.put(
            self.conf, '%s-%s' % (self.package_id, uuid.uuid4().hex),
            self._cache(written, CSAR), size)
        return size, written['checksum'], location

    def _write_csar(self, chunks, limit, progress=None):
        """The CSAR from ``chunks`` into the cache: its size and
        ``{'checksum': ...}`` as recorded for the package."""
        # Packages may carry credentials (scripts, certificates).
        private_paths.make_dirs(self.root)
        partial = os.path.join(self.root, 'csar-%s.part' % uuid.uuid4())
        digest = hashlib.sha512()
        size = 0
        try:
            with open(partial, 'wb') as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise exceptions.PackageTooLarge(limit=limit)
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(size)
            written = {'checksum': {'algorithm': CHECKSUM_ALGORITHM,
                                    'hash': digest.hexdigest()}}
            os.makedirs(self._cache(written), exist_ok=True)
            os.replace(partial, self._cache(written, CSAR))
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        return size, written

    def csar(self, package):
        """Path of this host's copy of the CSAR of ``package`` (a package
        row), fetched from the package store when missing.

        :raises: PackageStoreUnavailable; PackageStoreCorrupt when what
            the store holds is not what was uploaded.
        """
        path = self._cache(package, CSAR)
        if not os.path.isfile(path):
            size, fetched = self._write_csar(
                package_store.read(self.conf, package['package_path']),
                self.conf.vnf_package.max_package_size)
            if fetched['checksum'] != package['checksum']:
                shutil.rmtree(self._cache(fetched), ignore_errors=True)
                raise exceptions.PackageStoreCorrupt(id=self.package_id)
            LOG.info('Fetched the CSAR of package %s (%d bytes) from the '
                     'package store', self.package_id, size)
        return path

    def fresh_content_dir(self, package):
        """An empty ``content/`` (a previous attempt may have left one),
        incomplete until ``write_vnfd_zip``."""
        content_dir = self._cache(package, CONTENT)
        shutil.rmtree(content_dir, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._cache(package, VNFD_ZIP))
        os.makedirs(content_dir)
        return content_dir

    def content(self, package):
        """``content/`` of an onboarded ``package`` (a package row), with
        ``vnfd.zip``, written last; extracted again from the CSAR when
        this host has not both (another host onboarded the package, or
        onboarding here stopped half-way)."""
        content_dir = self._cache(package, CONTENT)
        if not (os.path.isdir(content_dir)
                and os.path.isfile(self._cache(package, VNFD_ZIP))):
            csar_path = self.csar(package)
            building = os.path.join(self.root,
                                    'content-%s.part' % uuid.uuid4())
            try:
                os.makedirs(building)
                csar.extract(csar_path, building, limits(self.conf))
                shutil.rmtree(content_dir, ignore_errors=True)
                os.rename(building, content_dir)
            except OSError:
                # Another reader built it meanwhile.
                if not os.path.isdir(content_dir):
                    raise
            finally:
                shutil.rmtree(building, ignore_errors=True)
            self.write_vnfd_zip(package, package['vnfd_files'] or [])
        return content_dir

    def vnfd_zip(self, package):
        """``vnfd.zip`` of an onboarded ``package``, made when missing."""
        self.content(package)
        return self._cache(package, VNFD_ZIP)

    def content_file(self, package, relative_path):
        """Absolute path of a file inside ``content/``, or None when the
        path is not a regular file there (no escaping via ``..``)."""
        base = os.path.realpath(self.content(package))
        path = os.path.realpath(os.path.join(base, relative_path))
        if not path.startswith(base + os.sep) or not os.path.isfile(path):
            return None
        return path

    def write_vnfd_zip(self, package, vnfd_files):
        """Zip the VNFD's files (relative to ``content/``) for GET vnfd."""
        content_dir = self._cache(package, CONTENT)
        target = self._cache(package, VNFD_ZIP)
        partial = '%s.%s.part' % (target, uuid.uuid4())
        with zipfile.ZipFile(partial, 'w', zipfile.ZIP_DEFLATED) as out:
            for relative_path in vnfd_files:
                out.write(os.path.join(content_dir, relative_path),
                          relative_path)
        os.replace(partial, target)

    def remove(self, location=None):
        """Drop this host's cache and, given its ``location``, the stored
        CSAR. A store that fails leaves the object behind (logged): the
        package is gone all the same."""
        shutil.rmtree(self.root, ignore_errors=True)
        if location:
            try:
                package_store.delete(self.conf, location)
            except exceptions.PackageStoreUnavailable:
                LOG.warning('The stored CSAR of package %s is left at %s',
                            self.package_id, location)
