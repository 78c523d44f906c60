"""Safe extraction of VNF packages and reading of TOSCA.meta/manifests."""
import hashlib
import io
import pathlib
import random
import struct
import zipfile

import pytest

from tacker.common import csar
from tacker.common import exceptions
from tests import packages

MIB = 1024 * 1024
LIMITS = csar.Limits(max_entries=100, max_uncompressed_size=50 * MIB,
                     max_compression_ratio=100)


def extract(zip_path, tmp_path, limits=LIMITS):
    dest = tmp_path / 'extracted'
    dest.mkdir()
    csar.extract(zip_path, dest, limits)
    return dest


def load_sample(tmp_path, name, **kwargs):
    zip_path = packages.build_csar(name, tmp_path / f'{name}.zip', **kwargs)
    return csar.load(extract(zip_path, tmp_path))


def rejection(call, *args):
    with pytest.raises(exceptions.InvalidCsar) as caught:
        call(*args)
    return caught.value.detail


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


# -- extract --------------------------------------------------------------

def test_extract_writes_every_entry(tmp_path):
    zip_path = packages.build_csar('two_flavours', tmp_path / 'p.zip')
    dest = extract(zip_path, tmp_path)
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            assert (dest / info.filename).read_bytes() == archive.read(info)


def test_extract_creates_directory_entries(tmp_path):
    zip_path = packages.zip_entries(tmp_path / 'p.zip', [
        ('Files/empty/', b''), ('./Files/./a.txt', b'a')])
    dest = extract(zip_path, tmp_path)
    assert (dest / 'Files' / 'empty').is_dir()
    assert (dest / 'Files' / 'a.txt').read_bytes() == b'a'


# What extract says of each damaged zip of packages.BROKEN: all are
# refused before anything is written.
UNSAFE_ZIPS = {
    'parent_directory': 'entry Files/../../evil.txt has a ".." component',
    'absolute_path': 'entry /tmp/evil.txt is an absolute path',
    'drive_letter': 'entry C:/evil.txt starts with a drive letter',
    'backslash': 'entry Files\\..\\..\\evil.txt contains a backslash',
    'symlink': 'entry Files/passwd is a symbolic link',
    'duplicate': 'entry Files/a.txt appears twice in the zip',
    'encrypted': 'entry Files/a.txt is encrypted',
    'zip_bomb': f'the zip expands to more than {50 * MIB} bytes',
    'too_many_entries': 'the zip declares 101 entries',
    'not_a_zip': 'not a readable zip file: File is not a zip file',
    'truncated': 'not a readable zip file: File is not a zip file',
}
# ...and of each whose damage shows only once an entry is read: the
# entry's file may be partly written.
CORRUPT_ZIPS = {
    'bad_crc': "entry Files/data.txt is corrupt: Bad CRC-32 for file "
               "'Files/data.txt'",
    'lying_size': "entry Files/data.txt is corrupt: Bad CRC-32 for file "
                  "'Files/data.txt'",
}
# What load says of each package of packages.BROKEN that is a sound zip.
BROKEN_PACKAGES = {
    'hash_mismatch':
        'hash mismatch for Files/images/cirros-0.5.2-tiny.qcow2: the '
        'manifest single_vdu.mf says SHA-256 40b770479c443625e22bb86c916aab'
        '32dbd5a4c02b395e9b0264d2854bcb498e, the file has 1250473b1993c235'
        '9e40170f74a883a890645271d5b32699d8aec4a89b2f9dae',
    'missing_entry_definitions':
        'TOSCA-Metadata/TOSCA.meta Entry-Definitions names Definitions/'
        'single_vdu_top.vnfd.yaml, which is not in the package',
}
# Broken VNFDs, which tests/unit/common/test_vnfd.py asserts.
BROKEN_VNFDS = {'bad_yaml', 'unknown_import'}


def test_every_broken_package_has_its_expected_rejection():
    assert sorted(packages.BROKEN) == sorted(
        set(UNSAFE_ZIPS) | set(CORRUPT_ZIPS) | set(BROKEN_PACKAGES)
        | BROKEN_VNFDS)


@pytest.mark.parametrize('kind', sorted(UNSAFE_ZIPS))
def test_extract_rejects_unsafe_zip_before_writing(tmp_path, kind):
    zip_path = packages.build_broken_csar(kind, tmp_path / 'p.zip')
    dest = tmp_path / 'extracted'
    dest.mkdir()
    assert UNSAFE_ZIPS[kind] in rejection(csar.extract, zip_path, dest,
                                          LIMITS)
    assert list(dest.iterdir()) == []
    assert not list(tmp_path.rglob('evil.txt'))


@pytest.mark.parametrize('kind', sorted(CORRUPT_ZIPS))
def test_extract_rejects_corrupt_entry(tmp_path, kind):
    zip_path = packages.build_broken_csar(kind, tmp_path / 'p.zip')
    assert CORRUPT_ZIPS[kind] in rejection(csar.extract, zip_path,
                                           tmp_path, LIMITS)


def test_extract_counts_entries_when_the_end_record_lies(tmp_path):
    zip_path = packages.many_entries(tmp_path / 'p.zip', 101)
    raw = bytearray(zip_path.read_bytes())
    end = raw.rindex(b'PK\x05\x06')
    struct.pack_into('<HH', raw, end + 8, 1, 1)  # entries on disk, total
    zip_path.write_bytes(bytes(raw))
    detail = rejection(csar.extract, zip_path, tmp_path, LIMITS)
    assert 'the zip has 101 entries; at most 100 are allowed' in detail


def test_extract_reads_the_entry_count_of_zip64(tmp_path):
    zip_path = packages.zip64_declaring(tmp_path / 'p.zip', 70000)
    assert 'the zip declares 70000 entries' in rejection(
        csar.extract, zip_path, tmp_path, LIMITS)


def test_extract_rejects_a_high_compression_ratio(tmp_path):
    zip_bomb = packages.zip_bomb(tmp_path / 'bomb.zip')
    limits = csar.Limits(max_entries=10, max_uncompressed_size=1024 * MIB,
                         max_compression_ratio=100)
    detail = rejection(csar.extract, zip_bomb, tmp_path, limits)
    assert 'entry Files/images/zeros.img expands' in detail
    assert '(at most 100 allowed)' in detail
    assert list(tmp_path.rglob('zeros.img')) == []


def test_extract_allows_small_entries_any_ratio(tmp_path):
    zip_path = packages.zip_entries(tmp_path / 'p.zip', [
        ('Files/padding.bin', bytes(MIB))])
    dest = extract(zip_path, tmp_path)
    assert (dest / 'Files' / 'padding.bin').stat().st_size == MIB


def test_extract_rejects_other_compression_methods(tmp_path):
    zip_path = tmp_path / 'p.zip'
    with zipfile.ZipFile(zip_path, 'w', zipfile.ZIP_BZIP2) as archive:
        archive.writestr('Files/a.txt', b'a' * 100)
    detail = rejection(csar.extract, zip_path, tmp_path, LIMITS)
    assert 'entry Files/a.txt uses compression method 12' in detail


def test_copy_stops_at_more_bytes_than_declared():
    # zipfile itself never yields more than the declared size; this is
    # the guard should it ever do so.
    info = zipfile.ZipInfo('Files/a.txt')
    info.file_size = 10
    sink = io.BytesIO()
    detail = rejection(csar._copy_bounded, io.BytesIO(b'x' * 11), sink, info)
    assert 'entry Files/a.txt holds more than the 10 bytes it declares' in (
        detail)


def files_of(directory):
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in directory.rglob('*') if path.is_file()}


def test_extract_of_damaged_zips_rejects_or_yields_sound_files(
        tmp_path):
    """Cut short, a zip is refused; with one bit flipped, it is refused
    or, when the bit is one the zip format does not protect (a timestamp,
    or a length that hides later entries), every file it yields is one of
    the sound package's, unaltered (the manifest then names what is
    missing). Nothing but InvalidCsar escapes."""
    sound_zip = packages.build_csar('single_vdu', tmp_path / 'p.zip')
    sound = sound_zip.read_bytes()
    expected = files_of(extract(sound_zip, tmp_path))
    damaged = tmp_path / 'damaged.zip'
    rng = random.Random(7)
    flips_refused = 0
    for attempt in range(150):
        data = bytearray(sound)
        cut = attempt % 2
        if cut:
            data = data[:rng.randrange(len(data))]
        else:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        damaged.write_bytes(bytes(data))
        dest = tmp_path / f'out{attempt}'
        dest.mkdir()
        try:
            csar.extract(damaged, dest, LIMITS)
        except exceptions.InvalidCsar:
            flips_refused += not cut
            continue
        assert not cut, f'a zip cut to {len(data)} bytes was extracted'
        for name, content in files_of(dest).items():
            assert expected.get(name) == content, f'{name}, {attempt}'
    assert flips_refused > 0


# -- load -----------------------------------------------------------------

def test_load_single_vdu(tmp_path):
    contents = load_sample(tmp_path, 'single_vdu')
    root = contents.root
    assert contents.entry_definitions == (
        'Definitions/single_vdu_top.vnfd.yaml')
    assert contents.manifest_path == 'single_vdu.mf'
    assert contents.meta == {
        'TOSCA-Meta-File-Version': '1.0',
        'CSAR-Version': '1.1',
        'Created-By': 'Tacker test suite',
        'Entry-Definitions': 'Definitions/single_vdu_top.vnfd.yaml',
        'ETSI-Entry-Manifest': 'single_vdu.mf',
        'ETSI-Entry-Change-Log': 'Files/ChangeLog.txt',
        'ETSI-Entry-Licenses': 'Files/Licenses',
    }
    assert contents.manifest_metadata == {
        'vnf_provider_id': 'Company',
        'vnf_product_name': 'Single VDU VNF',
        'vnf_release_date_time': '2024-03-01T10:00:00+00:00',
        'vnf_package_version': '1.0',
        'compatible_specification_versions': '2.6.1',
        'vnfm_info': 'etsivnfm:v2.6.1',
    }
    paths = ['Files/ChangeLog.txt', 'Files/Licenses/LICENSE.txt',
             'Files/images/cirros-0.5.2-tiny.qcow2']
    assert contents.artifacts == [
        {'artifactPath': path,
         'checksum': {'algorithm': 'SHA-256', 'hash': sha256(root / path)},
         'metadata': {}}
        for path in paths]
    assert contents.all_files == sorted(contents.all_files)
    assert 'TOSCA-Metadata/TOSCA.meta' in contents.all_files
    assert 'Definitions/etsi_nfv_sol001_vnfd_types.yaml' in (
        contents.all_files)
    assert contents.external_artifacts == []
    assert contents.non_mano_artifact_sets == {}


def test_load_records_non_mano_artifact_sets(tmp_path):
    contents = load_sample(tmp_path, 'two_flavours')
    assert contents.non_mano_artifact_sets == {
        'onap_others': ['Scripts/health_check.sh']}
    assert [artifact['artifactPath'] for artifact in contents.artifacts] == [
        'BaseHOT/small/nested/VDU1.yaml',
        'BaseHOT/small/two_flavours_small.hot.yaml',
        'Files/images/vdu1-0.3.qcow2', 'Files/images/vdu2-root-0.3.img',
        'Scripts/health_check.sh']


def test_load_records_external_artifacts_without_fetching(tmp_path):
    contents = load_sample(tmp_path, 'cnf')
    assert contents.external_artifacts == [{
        'artifactURI':
            'https://registry.example.com/charts/web-frontend-1.0.0.tgz',
        'checksum': {'algorithm': 'SHA-256', 'hash': '5f1e3a9c7b2d4e6f8a0b'
                     '1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f'},
        'metadata': {}}]
    assert [artifact['artifactPath'] for artifact in contents.artifacts] == [
        'Files/kubernetes/config.yaml', 'Files/kubernetes/crd.yaml',
        'Files/kubernetes/deployment.yaml', 'Files/kubernetes/service.yaml',
        'Files/kubernetes/statefulset.yaml']


def test_load_package_without_tosca_metadata(tmp_path):
    contents = load_sample(tmp_path, 'no_meta')
    assert contents.meta == {}
    assert contents.entry_definitions == 'no_meta.yaml'
    assert contents.manifest_path == 'no_meta.mf'
    assert contents.manifest_metadata['vnf_product_name'] == 'Option 2 VNF'
    assert [artifact['artifactPath'] for artifact in contents.artifacts] == [
        'Files/README.txt']


@pytest.mark.parametrize('algorithm', ['SHA-224', 'SHA-384', 'SHA-512'])
def test_load_checks_other_algorithms(tmp_path, algorithm):
    contents = load_sample(tmp_path, 'single_vdu', algorithm=algorithm)
    assert {artifact['checksum']['algorithm']
            for artifact in contents.artifacts} == {algorithm}


def test_load_accepts_lower_case_algorithm_and_hash(tmp_path):
    def lower(package):
        manifest = package / 'single_vdu.mf'
        lines = manifest.read_text().splitlines()
        manifest.write_text('\n'.join(
            line.lower().replace('algorithm', 'Algorithm').replace(
                'hash', 'Hash') if line.startswith(('Algorithm', 'Hash'))
            else line for line in lines))
    contents = load_sample(tmp_path, 'single_vdu', algorithm='SHA-512',
                           tamper=lower)
    assert contents.artifacts[0]['checksum']['algorithm'] == 'SHA-512'


def test_load_hashes_files_the_manifest_gives_no_hash(tmp_path):
    def drop_hash(package):
        manifest = package / 'single_vdu.mf'
        lines = manifest.read_text().splitlines()
        at = lines.index('Source: Files/ChangeLog.txt')
        manifest.write_text('\n'.join(lines[:at + 1] + lines[at + 3:]))
    contents = load_sample(tmp_path, 'single_vdu', tamper=drop_hash)
    assert contents.artifacts[0] == {
        'artifactPath': 'Files/ChangeLog.txt',
        'checksum': {'algorithm': 'SHA-256', 'hash': sha256(
            packages.SAMPLES_DIR / 'single_vdu' / 'Files' / 'ChangeLog.txt')},
        'metadata': {}}


def test_load_tolerates_crlf_and_a_signature(tmp_path):
    def windows(package):
        for rel in ('TOSCA-Metadata/TOSCA.meta', 'single_vdu.mf'):
            path = package / rel
            path.write_bytes(path.read_bytes().replace(b'\n', b'\r\n'))
        with open(package / 'single_vdu.mf', 'a') as manifest:
            manifest.write('\n-----BEGIN CMS-----\nMIIB\n-----END CMS-----\n')
    contents = load_sample(tmp_path, 'single_vdu', tamper=windows)
    assert contents.meta['Created-By'] == 'Tacker test suite'
    assert len(contents.artifacts) == 3


def edit(rel, old, new):
    return packages.replace_text(rel, old, new)


def remove(rel):
    return lambda package: (package / rel).unlink()


@pytest.mark.parametrize('kind', sorted(BROKEN_PACKAGES))
def test_load_rejects_broken_package(tmp_path, kind):
    root = extract(packages.build_broken_csar(kind, tmp_path / 'p.zip'),
                   tmp_path)
    assert BROKEN_PACKAGES[kind] in rejection(csar.load, root)


@pytest.mark.parametrize('name, kwargs, reason', [
    ('single_vdu', {'mutate': remove('Files/ChangeLog.txt')},
     'TOSCA-Metadata/TOSCA.meta ETSI-Entry-Change-Log names '
     'Files/ChangeLog.txt, which is not in the package'),
    ('single_vdu', {'mutate': edit('TOSCA-Metadata/TOSCA.meta',
                                   'Files/Licenses', 'Files/Legal')},
     'TOSCA-Metadata/TOSCA.meta ETSI-Entry-Licenses names Files/Legal, '
     'which is not in the package'),
    ('single_vdu', {'mutate': edit('TOSCA-Metadata/TOSCA.meta',
                                   'Definitions/single_vdu_top',
                                   '../single_vdu_top')},
     'TOSCA-Metadata/TOSCA.meta Entry-Definitions ../single_vdu_top.vnfd.'
     'yaml points outside the package'),
    ('single_vdu', {'mutate': edit(
        'TOSCA-Metadata/TOSCA.meta',
        'Entry-Definitions: Definitions/single_vdu_top.vnfd.yaml\n', '')},
     'TOSCA-Metadata/TOSCA.meta has no Entry-Definitions'),
    ('single_vdu', {'mutate': edit('TOSCA-Metadata/TOSCA.meta',
                                   'CSAR-Version: 1.1\n',
                                   'CSAR-Version: 1.1\ncsar-version: 1.1\n')},
     'TOSCA-Metadata/TOSCA.meta line 3 gives CSAR-Version again'),
    ('single_vdu', {'mutate': edit('TOSCA-Metadata/TOSCA.meta',
                                   'Created-By:', ': Created-By')},
     'TOSCA-Metadata/TOSCA.meta line 3 is not a "key: value" pair'),
    ('single_vdu', {'mutate': edit('TOSCA-Metadata/TOSCA.meta',
                                   'Created-By:', 'Created-By')},
     'TOSCA-Metadata/TOSCA.meta line 3 is not a "key: value" pair'),
    ('single_vdu', {'mutate': lambda p: (p / 'TOSCA-Metadata/TOSCA.meta')
                    .rename(p / 'TOSCA-Metadata/TOSCA.txt')},
     'TOSCA-Metadata/TOSCA.meta is missing'),
    ('single_vdu', {'tamper': remove('Files/images/'
                                     'cirros-0.5.2-tiny.qcow2')},
     'the manifest single_vdu.mf Source names Files/images/'
     'cirros-0.5.2-tiny.qcow2, which is not in the package'),
    ('single_vdu', {'tamper': edit('single_vdu.mf', 'Algorithm: SHA-256',
                                   'Algorithm: MD5')},
     'the manifest single_vdu.mf uses unsupported algorithm MD5 for '
     'Definitions/etsi_nfv_sol001_common_types.yaml'),
    ('single_vdu', {'tamper': edit('single_vdu.mf',
                                   '  vnf_package_version: 1.0\n', '')},
     'the manifest single_vdu.mf has no metadata vnf_package_version'),
    ('single_vdu', {'tamper': edit('single_vdu.mf', 'Source: Files/Change',
                                   'Source: ../Change')},
     'the manifest single_vdu.mf Source ../ChangeLog.txt points outside '
     'the package'),
    ('single_vdu', {'tamper': edit('single_vdu.mf', 'Source: Files/Change',
                                   'Hash: 00\nSource: Files/Change')},
     'Hash without a Source before it'),
    ('cnf', {'mutate': edit('cnf.mf', 'https://registry', 'ftp://registry')},
     'the manifest cnf.mf lists ftp://registry.example.com/charts/'
     'web-frontend-1.0.0.tgz: only http(s) URLs and package files are '
     'allowed'),
    ('cnf', {'mutate': edit('cnf.mf', 'Algorithm: SHA-256\nHash: 5f1e3a9c'
                            '7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b'
                            '9c0d1e2f\n', '')},
     'the manifest cnf.mf gives no Hash for the external artifact '
     'https://registry.example.com/charts/web-frontend-1.0.0.tgz'),
    ('two_flavours', {'tamper': remove('Scripts/health_check.sh')},
     'the manifest two_flavours.mf Source names Scripts/health_check.sh, '
     'which is not in the package'),
    ('no_meta', {'mutate': lambda p: (p / 'extra.yml').write_text('a: 1')},
     'there is no TOSCA-Metadata/TOSCA.meta, so the package root must hold '
     'exactly one YAML file (it holds 2)'),
    ('no_meta', {'mutate': edit('no_meta.yaml', 'metadata:', 'info:')},
     'no_meta.yaml has no metadata block, which a package without '
     'TOSCA-Metadata/TOSCA.meta needs'),
])
def test_load_rejects_inconsistent_package(tmp_path, name, kwargs, reason):
    zip_path = packages.build_csar(name, tmp_path / 'p.zip', **kwargs)
    root = extract(zip_path, tmp_path)
    assert reason in rejection(csar.load, root)


# -- packages written for Tacker --------------------------------------------

@pytest.mark.parametrize('name, created_by, flavour', [
    ('tacker_v1', 'Tacker test suite', 'simple'),
    ('tacker_v2', 'Onboarding portal', 'default'),
])
def test_load_package_in_tacker_layout(tmp_path, name, created_by, flavour):
    """No manifest, ``Created-by``: every file but TOSCA.meta and the
    VNFD's is an artifact, hashed with SHA-256."""
    contents = load_sample(tmp_path, name)
    assert contents.meta == {
        'TOSCA-Meta-File-Version': '1.0', 'CSAR-Version': '1.1',
        'Created-By': created_by,
        'Entry-Definitions': f'Definitions/{name}_top.vnfd.yaml'}
    assert contents.manifest_path is None
    assert contents.manifest_metadata == {}
    sample = packages.SAMPLES_DIR / name
    expected = sorted(
        path.relative_to(sample).as_posix() for path in sample.rglob('*')
        if path.is_file() and path.parts[-2] not in (
            'TOSCA-Metadata', 'Definitions'))
    assert [item['artifactPath'] for item in contents.artifacts] == expected
    assert f'BaseHOT/{flavour}/nested/VDU1.yaml' in expected
    assert contents.artifacts[0]['checksum'] == {
        'algorithm': 'SHA-256', 'hash': sha256(sample / expected[0])}


def test_load_matches_tosca_meta_keys_whatever_their_case(tmp_path):
    def respell(package):
        path = package / 'TOSCA-Metadata/TOSCA.meta'
        path.write_text(path.read_text()
                        .replace('Created-By', 'created-by')
                        .replace('Entry-Definitions', 'ENTRY-DEFINITIONS')
                        .replace('ETSI-Entry-Manifest', 'Etsi-Entry-Manifest'))
    contents = load_sample(tmp_path, 'single_vdu', mutate=respell)
    assert contents.meta['Created-By'] == 'Tacker test suite'
    assert contents.entry_definitions == (
        'Definitions/single_vdu_top.vnfd.yaml')
    assert contents.manifest_path == 'single_vdu.mf'


def test_load_keeps_unknown_tosca_meta_keys(tmp_path):
    contents = load_sample(tmp_path, 'tacker_v1', mutate=edit(
        'TOSCA-Metadata/TOSCA.meta', 'CSAR-Version: 1.1\n',
        'CSAR-Version: 1.1\nVendor-Build: 42\n'))
    assert contents.meta['Vendor-Build'] == '42'


def test_load_needs_only_entry_definitions_in_tosca_meta(tmp_path):
    def minimal(package):
        (package / 'TOSCA-Metadata/TOSCA.meta').write_text(
            'Entry-Definitions: Definitions/single_vdu_top.vnfd.yaml\n')
    contents = load_sample(tmp_path, 'single_vdu', mutate=minimal)
    assert contents.meta == {
        'Entry-Definitions': 'Definitions/single_vdu_top.vnfd.yaml'}
    # single_vdu.mf is not named after the entry definitions: unused.
    assert contents.manifest_path is None


def test_load_package_without_tosca_metadata_nor_manifest(tmp_path):
    contents = load_sample(tmp_path, 'no_meta', mutate=remove('no_meta.mf'))
    assert contents.manifest_path is None
    assert [item['artifactPath'] for item in contents.artifacts] == [
        'Files/README.txt']


@pytest.mark.parametrize('name, kwargs, manifest', [
    ('tacker_v1', {}, 'tacker_v1_top.vnfd.mf'),
    ('tacker_v2', {}, 'tacker_v2_top.vnfd.mf'),
    ('no_meta', {'mutate': remove('no_meta.mf')}, 'no_meta.mf'),
])
def test_require_manifest_refuses_a_package_without_one(tmp_path, name,
                                                        kwargs, manifest):
    root = extract(packages.build_csar(name, tmp_path / 'p.zip', **kwargs),
                   tmp_path)
    assert ('the package has no manifest, which [vnf_package] '
            'require_manifest makes mandatory: no ETSI-Entry-Manifest in '
            f'TOSCA-Metadata/TOSCA.meta and no {manifest} at its root') in (
        rejection(csar.load, root, csar.Limits(require_manifest=True)))


def test_require_manifest_accepts_a_package_with_one(tmp_path):
    root = extract(packages.build_csar('single_vdu', tmp_path / 'p.zip'),
                   tmp_path)
    contents = csar.load(root, csar.Limits(require_manifest=True))
    assert contents.manifest_path == 'single_vdu.mf'


# -- limits on paths and on the VNFD's YAML -------------------------------

def test_extract_rejects_2000_nested_directories_before_writing(tmp_path):
    zip_path = packages.nested_directories(tmp_path / 'p.zip')
    dest = tmp_path / 'extracted'
    dest.mkdir()
    assert ('an entry under Files/ is 2002 levels deep; at most 32 are '
            'allowed (max_path_depth)') in rejection(
        csar.extract, zip_path, dest, csar.Limits())
    assert list(dest.iterdir()) == []


def test_extract_allows_paths_up_to_max_path_depth(tmp_path):
    zip_path = packages.zip_entries(tmp_path / 'p.zip', [
        ('a/b/c/d.txt', b'd')])
    dest = extract(zip_path, tmp_path, csar.Limits(max_path_depth=4))
    assert (dest / 'a/b/c/d.txt').read_bytes() == b'd'
    dest.rename(tmp_path / 'first')
    assert 'is 4 levels deep; at most 3' in rejection(
        csar.extract, zip_path, tmp_path / 'first', csar.Limits(
            max_path_depth=3))


def test_load_refuses_deep_yaml_in_a_package_without_tosca_meta(tmp_path):
    def deepen(package):
        path = package / 'no_meta.yaml'
        path.write_text(path.read_text() + packages._nested(
            'flow_sequence', 200_000))
    zip_path = packages.build_csar('no_meta', tmp_path / 'p.zip',
                                   mutate=deepen)
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        csar.load(extract(zip_path, tmp_path))
    assert 'no_meta.yaml nests deeper than 64 levels' in \
        caught.value.detail


def test_load_applies_the_yaml_byte_limit(tmp_path):
    root = extract(packages.build_csar('single_vdu', tmp_path / 'p.zip'),
                   tmp_path)
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        csar.load(root, csar.Limits(max_vnfd_yaml_bytes=1000))
    assert 'max_vnfd_yaml_bytes' in caught.value.detail
