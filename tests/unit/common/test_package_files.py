"""A package's files (common/package_files.py) kept in the package store
(common/package_store.py, glance_store's file store in a tmp directory)
and cached per host: what a host without the cache gets back."""
import os
import shutil
import zipfile

import pytest

from tacker.common import exceptions
from tacker.common import package_files
from tacker.conf import CONF
from tests import packages

PACKAGE_ID = '6d3b5c3e-3f7a-4d8e-9b1c-2a4f5e6d7c8b'
LIMIT = 10 ** 8


@pytest.fixture
def store_dir(tmp_path):
    """This host's cache and the file store, each in a tmp directory of
    the test's own."""
    CONF.set_override('vnf_package_csar_path', str(tmp_path / 'cache'),
                      group='vnf_package')
    CONF.set_override('filesystem_store_datadir', str(tmp_path / 'store'),
                      group='glance_store')
    yield tmp_path / 'store'
    CONF.clear_override('vnf_package_csar_path', group='vnf_package')
    CONF.clear_override('filesystem_store_datadir', group='glance_store')


@pytest.fixture
def csar(tmp_path):
    return packages.build_csar('single_vdu', tmp_path / 'upload.zip')


def stored(files, csar_path):
    """The package row's fields that the upload records."""
    with open(csar_path, 'rb') as data:
        size, checksum, location = files.store(iter([data.read()]), LIMIT)
    with zipfile.ZipFile(csar_path) as archive:
        vnfd_files = [name for name in archive.namelist()
                      if name.startswith('Definitions/')
                      and name.endswith('.yaml')]
    return {'id': PACKAGE_ID, 'size': size, 'checksum': checksum,
            'package_path': location, 'vnfd_files': vnfd_files}


def forget(files):
    """What another host has of the package: nothing."""
    shutil.rmtree(files.root)


def test_an_upload_is_kept_in_the_store(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    assert package['package_path'].startswith('file://%s/' % store_dir)
    [name] = os.listdir(store_dir)
    assert name.startswith(PACKAGE_ID)
    assert (store_dir / name).read_bytes() == csar.read_bytes()
    assert package['size'] == os.path.getsize(csar)


def test_a_host_without_the_csar_fetches_it(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    forget(files)
    with open(files.csar(package), 'rb') as fetched:
        assert fetched.read() == csar.read_bytes()


def test_a_host_without_the_content_extracts_it_again(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    forget(files)
    path = files.content_file(package, 'TOSCA-Metadata/TOSCA.meta')
    with zipfile.ZipFile(csar) as archive:
        with open(path, 'rb') as extracted:
            assert extracted.read() == archive.read(
                'TOSCA-Metadata/TOSCA.meta')
        with zipfile.ZipFile(files.vnfd_zip(package)) as vnfd:
            assert vnfd.namelist() == package['vnfd_files']
    assert files.content_file(package, '../../upload.zip') is None


def test_content_left_half_way_by_onboarding_is_extracted_again(
        store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    files.fresh_content_dir(package)
    assert files.content_file(package, 'TOSCA-Metadata/TOSCA.meta')
    with zipfile.ZipFile(files.vnfd_zip(package)) as vnfd:
        assert vnfd.namelist() == package['vnfd_files']


def test_a_stored_csar_that_changed_is_refused(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    forget(files)
    [name] = os.listdir(store_dir)
    (store_dir / name).write_bytes(b'not the uploaded CSAR')
    with pytest.raises(exceptions.PackageStoreCorrupt):
        files.csar(package)
    assert os.listdir(files.root) == []


def test_an_earlier_upload_left_on_this_host_is_not_served(store_dir, csar,
                                                           tmp_path):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    stored(files, packages.build_csar('no_meta', tmp_path / 'old.zip'))
    package = stored(files, csar)
    with open(files.csar(package), 'rb') as served:
        assert served.read() == csar.read_bytes()


def test_remove_drops_the_cache_and_the_stored_csar(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    files.content(package)
    files.remove(package['package_path'])
    assert not os.path.exists(files.root)
    assert os.listdir(store_dir) == []
    files.remove(package['package_path'])


def test_a_csar_gone_from_the_store_is_unavailable(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    package = stored(files, csar)
    files.remove(package['package_path'])
    with pytest.raises(exceptions.PackageStoreUnavailable):
        files.csar(package)


def test_an_upload_past_the_limit_keeps_nothing(store_dir, csar):
    files = package_files.PackageFiles(CONF, PACKAGE_ID)
    with pytest.raises(exceptions.PackageTooLarge):
        files.store(iter([b'x' * 10, b'x' * 10]), 15)
    assert os.listdir(files.root) == []
    assert not os.path.exists(store_dir) or os.listdir(store_dir) == []
