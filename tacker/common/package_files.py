"""Where a package's files live and how they are written and read.

Layout under ``[vnf_package] vnf_package_csar_path``::

    <package id>/package.zip    the CSAR as uploaded
    <package id>/content/       its files, extracted by onboarding
    <package id>/vnfd.zip       the VNFD files alone, made by onboarding

Uploads are streamed in chunks to a temporary file, hashed on the way and
renamed into place, so memory does not grow with the package size and a
half-written CSAR is never taken for a whole one.
"""
import hashlib
import os
import shutil
import uuid
import zipfile

from tacker.common import exceptions
from tacker.common import private_paths

CHUNK_SIZE = 64 * 1024
CHECKSUM_ALGORITHM = 'SHA-512'


class PackageFiles:

    def __init__(self, conf, package_id):
        self.root = os.path.join(conf.vnf_package.vnf_package_csar_path,
                                 package_id)
        self.csar_path = os.path.join(self.root, 'package.zip')
        self.content_dir = os.path.join(self.root, 'content')
        self.vnfd_zip_path = os.path.join(self.root, 'vnfd.zip')

    def store(self, chunks, limit, progress=None):
        """Write the CSAR from an iterable of byte strings.

        :returns: ``(size, {'algorithm': 'SHA-512', 'hash': hex})``
        :raises: PackageTooLarge past ``limit`` bytes (nothing is kept).
        """
        # Packages may carry credentials (scripts, certificates).
        private_paths.make_dirs(self.root)
        partial = os.path.join(self.root, 'upload-%s.part' % uuid.uuid4())
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
            os.replace(partial, self.csar_path)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        return size, {'algorithm': CHECKSUM_ALGORITHM,
                      'hash': digest.hexdigest()}

    def fresh_content_dir(self):
        """An empty ``content/`` (a previous attempt may have left one)."""
        shutil.rmtree(self.content_dir, ignore_errors=True)
        os.makedirs(self.content_dir)
        return self.content_dir

    def content_file(self, relative_path):
        """Absolute path of a file inside ``content/``, or None when the
        path is not a regular file there (no escaping via ``..``)."""
        base = os.path.realpath(self.content_dir)
        path = os.path.realpath(os.path.join(base, relative_path))
        if not path.startswith(base + os.sep) or not os.path.isfile(path):
            return None
        return path

    def write_vnfd_zip(self, vnfd_files):
        """Zip the VNFD's files (relative to ``content/``) for GET vnfd."""
        partial = self.vnfd_zip_path + '.part'
        with zipfile.ZipFile(partial, 'w', zipfile.ZIP_DEFLATED) as out:
            for relative_path in vnfd_files:
                out.write(os.path.join(self.content_dir, relative_path),
                          relative_path)
        os.replace(partial, self.vnfd_zip_path)

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)
