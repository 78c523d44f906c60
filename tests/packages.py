"""VNF packages (SOL004 CSAR zips) for tests, sound and broken.

Sound ones are built from the directories in samples/vnf_packages. The
samples carry no hashes and no ETSI type files: ``build_csar`` copies
ETSI's SOL001 v2.6.1 types into each sample's Definitions/ and appends a
Source/Algorithm/Hash block for every file to the sample's manifest.
The TACKER_LAYOUT samples are laid out like Tacker's published v1 and v2
samples instead: no manifest, ``Created-by`` in TOSCA.meta, the SOL001
types imported by their ETSI URL (so not copied in), BaseHOT/ and
UserData/.
"""
import hashlib
import pathlib
import shutil
import stat
import struct
import tempfile
import warnings
import zipfile

from tests import etsi

SAMPLES_DIR = pathlib.Path(__file__).parent / 'samples' / 'vnf_packages'
SOL001_DIR = etsi.SOL001_DIR

# The fixed vnfdId of each sample; build_csar(vnfd_id=...) replaces it.
VNFD_IDS = {
    'single_vdu': '2b8f5a0e-5c4d-4b4e-9a57-3f1d7c6a0b11',
    'two_flavours': '7d1a3c52-8e0b-4f6e-b7a2-9c4e5f3a2d22',
    'cnf': '4c6e9b1f-2a3d-4e5f-8a9b-0c1d2e3f4a33',
    'no_meta': '9e2f4a6b-1c3d-4b5e-a6f7-8d9e0a1b2c44',
    'tacker_v1': '5a3e7c90-1b2d-4f6a-8c9e-0d1f2a3b4c55',
    'tacker_v2': '8f0c2d4e-6a7b-4c9d-b1e3-f5a7c9e1d366',
}
TACKER_LAYOUT = ('tacker_v1', 'tacker_v2')

_HASHES = {'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384',
           'SHA-512': 'sha512'}
_MIB = 1024 * 1024


def build_csar(name, dest_path, *, vnfd_id=None, mutate=None, tamper=None,
               algorithm='SHA-256'):
    """Zip sample ``name`` into the file ``dest_path``; return its path.

    ``mutate(package_dir)`` edits the staged package before the manifest
    is hashed; ``tamper(package_dir)`` edits it afterwards, so that its
    changes no longer match the manifest.
    """
    with tempfile.TemporaryDirectory() as staging:
        package = pathlib.Path(staging, name)
        shutil.copytree(SAMPLES_DIR / name, package)
        if (package / 'Definitions').is_dir() and (
                name not in TACKER_LAYOUT):
            for types_file in SOL001_DIR.glob('*.yaml'):
                shutil.copy(types_file, package / 'Definitions')
        if vnfd_id:
            _replace_in_templates(package, VNFD_IDS[name], vnfd_id)
        if mutate:
            mutate(package)
        for manifest in package.glob('*.mf'):
            _append_hashes(package, manifest, algorithm)
        if tamper:
            tamper(package)
        return zip_directory(package, dest_path)


def zip_directory(directory, dest_path):
    """Zip every file under ``directory`` (names relative to it)."""
    with zipfile.ZipFile(dest_path, 'w', zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(pathlib.Path(directory).rglob('*')):
            if path.is_file():
                archive.write(path, path.relative_to(directory).as_posix())
    return pathlib.Path(dest_path)


def _replace_in_templates(package, old, new):
    for path in package.rglob('*.yaml'):
        path.write_text(path.read_text().replace(old, new))


def _append_hashes(package, manifest, algorithm):
    """List every file except the manifest itself and TOSCA.meta."""
    blocks = []
    for path in sorted(package.rglob('*')):
        rel = path.relative_to(package).as_posix()
        if path.is_file() and path != manifest and rel != (
                'TOSCA-Metadata/TOSCA.meta'):
            digest = hashlib.new(_HASHES[algorithm], path.read_bytes())
            blocks.append(f'Source: {rel}\nAlgorithm: {algorithm}\n'
                          f'Hash: {digest.hexdigest()}\n')
    with open(manifest, 'a') as stream:
        stream.write('\n' + '\n'.join(blocks))


def append_import(template, import_line):
    """A ``mutate`` that adds an import to a package's template."""
    def mutate(package):
        path = package / template
        path.write_text(path.read_text().replace(
            'imports:\n', f'imports:\n  - {import_line}\n', 1))
    return mutate


def replace_text(template, old, new):
    """A ``mutate`` (or ``tamper``) that edits a file of the package."""
    def edit(package):
        path = package / template
        text = path.read_text()
        assert old in text, f'{old!r} is not in {template}'
        path.write_text(text.replace(old, new))
    return edit


# -- broken packages ------------------------------------------------------

def zip_entries(dest_path, entries):
    """A zip of (ZipInfo or name, bytes) entries, written as given."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)  # duplicate names
        with zipfile.ZipFile(dest_path, 'w', zipfile.ZIP_DEFLATED) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return pathlib.Path(dest_path)


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zip_bomb(dest_path, size=200 * _MIB):
    """One entry of ``size`` zero bytes, written in chunks: it compresses
    about a thousandfold."""
    info = zipfile.ZipInfo('Files/images/zeros.img')
    info.compress_type = zipfile.ZIP_DEFLATED
    chunk = bytes(_MIB)
    with zipfile.ZipFile(dest_path, 'w') as archive:
        with archive.open(info, 'w') as stream:
            for _ in range(size // _MIB):
                stream.write(chunk)
    return pathlib.Path(dest_path)


def many_entries(dest_path, count):
    return zip_entries(dest_path, [(f'Files/{number}.txt', b'')
                                   for number in range(count)])


def zip64_declaring(dest_path, entries):
    """A one-entry zip whose zip64 end record (APPNOTE.TXT 4.3.14)
    declares ``entries`` entries: a huge zip, without the wait."""
    zip_entries(dest_path, [('Files/a.txt', b'a')])
    raw = pathlib.Path(dest_path).read_bytes()
    end = raw.rindex(b'PK\x05\x06')
    directory_size, directory_offset = struct.unpack_from('<LL', raw,
                                                          end + 12)
    record = struct.pack('<4sQ2H2L4Q', b'PK\x06\x06', 44, 45, 45, 0, 0,
                         entries, entries, directory_size, directory_offset)
    locator = struct.pack('<4sLQL', b'PK\x06\x07', 0, end, 1)
    old_end = struct.pack('<4s4H2LH', b'PK\x05\x06', 0, 0, 0xFFFF, 0xFFFF,
                          0xFFFFFFFF, 0xFFFFFFFF, 0)
    pathlib.Path(dest_path).write_bytes(raw[:end] + record + locator
                                        + old_end)
    return pathlib.Path(dest_path)


def not_a_zip(dest_path):
    dest_path = pathlib.Path(dest_path)
    dest_path.write_bytes(b'This is a text file, not a VNF package.\n' * 64)
    return dest_path


def truncated(dest_path):
    """A sound package cut in half."""
    build_csar('single_vdu', dest_path)
    data = pathlib.Path(dest_path).read_bytes()
    pathlib.Path(dest_path).write_bytes(data[:len(data) // 2])
    return pathlib.Path(dest_path)


def encrypted(dest_path):
    """An entry flagged as encrypted (APPNOTE.TXT 4.4.4 bit 0) in its
    local and central directory headers."""
    zip_entries(dest_path, [('Files/a.txt', b'secret')])
    raw = bytearray(pathlib.Path(dest_path).read_bytes())
    for signature, flags in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        raw[raw.index(signature) + flags] |= 0x1
    pathlib.Path(dest_path).write_bytes(bytes(raw))
    return pathlib.Path(dest_path)


def _stored_entry(dest_path, name, data):
    """A zip holding ``data`` uncompressed, and the offset of the data."""
    with zipfile.ZipFile(dest_path, 'w', zipfile.ZIP_STORED) as archive:
        archive.writestr(name, data)
    raw = pathlib.Path(dest_path).read_bytes()
    return bytearray(raw), raw.index(data)


def bad_crc(dest_path):
    """A stored entry whose data no longer matches its CRC-32."""
    raw, offset = _stored_entry(dest_path, 'Files/data.txt', b'A' * 4096)
    raw[offset + 100] = ord('B')
    pathlib.Path(dest_path).write_bytes(bytes(raw))
    return pathlib.Path(dest_path)


def lying_size(dest_path):
    """A stored entry of 4096 bytes whose headers declare 16."""
    raw, _ = _stored_entry(dest_path, 'Files/data.txt', b'A' * 4096)
    # Uncompressed size: offset 22 in the local header, 24 in the central
    # directory header (APPNOTE.TXT 4.3.7, 4.3.12).
    for signature, field in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
        header = raw.index(signature)
        struct.pack_into('<L', raw, header + field, 16)
    pathlib.Path(dest_path).write_bytes(bytes(raw))
    return pathlib.Path(dest_path)


def _overwrite(rel, data):
    def tamper(package):
        (package / rel).write_bytes(data)
    return tamper


def _remove(rel):
    def mutate(package):
        (package / rel).unlink()
    return mutate


def _csar(name, **kwargs):
    return lambda dest_path: build_csar(name, dest_path, **kwargs)


def _entries(*entries):
    return lambda dest_path: zip_entries(dest_path, entries)


BROKEN = {
    'parent_directory': _entries(('Files/../../evil.txt', b'evil')),
    'absolute_path': _entries(('/tmp/evil.txt', b'evil')),
    'drive_letter': _entries(('C:/evil.txt', b'evil')),
    'backslash': _entries(('Files\\..\\..\\evil.txt', b'evil')),
    'symlink': _entries((symlink_info('Files/passwd'), b'/etc/passwd')),
    'duplicate': _entries(('Files/a.txt', b'one'), ('Files/a.txt', b'two')),
    'encrypted': encrypted,
    'zip_bomb': zip_bomb,
    'too_many_entries': lambda dest_path: many_entries(dest_path, 101),
    'not_a_zip': not_a_zip,
    'truncated': truncated,
    'bad_crc': bad_crc,
    'lying_size': lying_size,
    'bad_yaml': _csar('single_vdu', mutate=replace_text(
        'Definitions/single_vdu_df_simple.yaml',
        '      type: tosca.nodes.nfv.VduCp',
        '      type: [tosca.nodes.nfv.VduCp')),
    'missing_entry_definitions': _csar('single_vdu', mutate=_remove(
        'Definitions/single_vdu_top.vnfd.yaml')),
    'hash_mismatch': _csar('single_vdu', tamper=_overwrite(
        'Files/images/cirros-0.5.2-tiny.qcow2', b'QFI\xfb tampered')),
    'unknown_import': _csar('single_vdu', mutate=append_import(
        'Definitions/single_vdu_top.vnfd.yaml',
        'https://example.com/nfv/unknown_types.yaml')),
}


# -- hostile YAML and paths -------------------------------------------------

HOSTILE_TOP = 'Definitions/single_vdu_top.vnfd.yaml'


def _nested(style, depth):
    """A top-level ``deep`` key whose value nests ``depth`` levels."""
    if style == 'flow_sequence':
        return 'deep: ' + '[' * depth + ']' * depth + '\n'
    if style == 'flow_mapping':
        return 'deep: ' + '{a: ' * depth + '1' + '}' * depth + '\n'
    if style == 'block_sequence':
        return 'deep:\n' + '- ' * depth + 'x\n'
    # Block mappings need one more column per level: keep depth modest.
    return 'deep:\n' + ''.join(' ' * level + 'a:\n'
                               for level in range(1, depth + 1))


def deep_yaml(dest_path, style='flow_sequence', depth=200_000):
    """single_vdu whose entry definitions nest ``depth`` levels deep in
    ``style`` (flow_sequence, flow_mapping, block_sequence,
    block_mapping): 200,000 flow levels zip to about 18 KB."""
    return build_csar('single_vdu', dest_path, mutate=replace_text(
        HOSTILE_TOP, 'imports:\n', _nested(style, depth) + 'imports:\n'))


def huge_yaml(dest_path, size):
    """single_vdu whose entry definitions carry ``size`` bytes more of
    YAML: distinct lines, so the zip is about half that size and passes
    the compression ratio guard."""
    def lines():
        total, number = 0, 0
        while total < size:
            line = '  k%d: %s\n' % (number, hashlib.sha256(
                b'%d' % number).hexdigest())
            total += len(line)
            number += 1
            yield line
    return build_csar('single_vdu', dest_path, mutate=replace_text(
        HOSTILE_TOP, 'imports:\n',
        'metadata:\n' + ''.join(lines()) + 'imports:\n'))


def big_integer(dest_path, digits=5000):
    """single_vdu with an integer of ``digits`` digits, more than Python
    converts from a string by default (4,300)."""
    return build_csar('single_vdu', dest_path, mutate=replace_text(
        HOSTILE_TOP, 'imports:\n',
        'metadata:\n  big: %s\nimports:\n' % ('9' * digits)))


def nested_directories(dest_path, depth=2000):
    """single_vdu plus one file ``depth`` directories deep; added to the
    zip directly, since no file system holds such a path."""
    build_csar('single_vdu', dest_path)
    with zipfile.ZipFile(dest_path, 'a') as archive:
        archive.writestr('Files/' + 'd/' * depth + 'deep.txt', b'deep')
    return pathlib.Path(dest_path)


def build_broken_csar(kind, dest_path):
    """A package broken as ``kind`` (a key of BROKEN) says."""
    return BROKEN[kind](dest_path)
