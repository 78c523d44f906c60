"""VNF packages: ETSI SOL004 CSAR zips uploaded by untrusted clients.

``extract`` checks every entry of the zip before writing anything and
bounds what it writes; ``load`` reads TOSCA.meta and the manifest and
checks that every file they name is there and matches its hash.

Packages written for Tacker onboard unchanged: like Tacker, TOSCA.meta
keys match whatever their case (its samples write ``Created-by``), only
Entry-Definitions is required, and the manifest may be left out unless
``Limits.require_manifest`` (``[vnf_package] require_manifest``).
"""
import dataclasses
import hashlib
import os
import pathlib
import posixpath
import re
import stat
import struct
import urllib.parse
import zipfile
import zlib

from tacker.common import exceptions
from tacker.common import vnfd

_CHUNK = 1024 * 1024

# End of central directory records (APPNOTE.TXT 4.3.14-4.3.16).
_EOCD = struct.Struct('<4s4H2LH')
_EOCD_SIGNATURE = b'PK\x05\x06'
_ZIP64_LOCATOR = struct.Struct('<4sLQL')
_ZIP64_LOCATOR_SIGNATURE = b'PK\x06\x07'
_ZIP64_EOCD = struct.Struct('<4sQ2H2L4Q')
_ZIP64_EOCD_SIGNATURE = b'PK\x06\x06'
_MAX_COMMENT = 0xFFFF
# Central directory bytes allowed per permitted entry: bounds the memory
# zipfile spends on the directory before the entries can be counted.
_DIRECTORY_BYTES_PER_ENTRY = 1024
# Entries up to this size may compress any amount: they cannot flood the
# disk, and padding or repeated text often compresses a hundredfold.
_RATIO_EXEMPT_SIZE = 1024 * 1024
# What packaging tools write; other methods only widen what can go wrong.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

_META_PATH = 'TOSCA-Metadata/TOSCA.meta'
_META_ENTRY = 'Entry-Definitions'
# TOSCA.meta keys naming files (SOL004); licenses may be a folder.
_META_FILES = ('ETSI-Entry-Manifest', 'ETSI-Entry-Change-Log',
               'ETSI-Entry-Certificate')
_META_LICENSES = 'ETSI-Entry-Licenses'
# The keys of TOSCA CSAR 1.0 and SOL004 4.3.2, in their spelling: keys
# are matched whatever their case, and others are kept as written.
_META_KEYS = {key.lower(): key for key in (
    'TOSCA-Meta-File-Version', 'CSAR-Version', 'Created-By', _META_ENTRY,
    _META_LICENSES) + _META_FILES}
_MANIFEST_REQUIRED = ('vnf_provider_id', 'vnf_product_name',
                      'vnf_release_date_time', 'vnf_package_version')

_URL = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://')
_ALGORITHMS = {'SHA-224': 'sha224', 'SHA-256': 'sha256',
               'SHA-384': 'sha384', 'SHA-512': 'sha512'}


@dataclasses.dataclass(frozen=True)
class Limits:
    """How much a package may expand to (against zip bombs) and cost to
    read, and whether it must carry a manifest: the ``[vnf_package]``
    options of the same names, and ``vnfd_parser_memory``/``_timeout``
    for the process that reads it."""

    max_entries: int = 10000
    max_uncompressed_size: int = 16 * 1024 ** 3
    max_compression_ratio: int = 100
    max_path_depth: int = 32
    max_yaml_depth: int = 64
    max_vnfd_yaml_bytes: int = 10 * 1024 ** 2
    parser_memory: int = 1024 ** 3
    parser_timeout: int = 120
    require_manifest: bool = False

    @property
    def yaml(self):
        return vnfd.YamlLimits(max_depth=self.max_yaml_depth,
                               max_bytes=self.max_vnfd_yaml_bytes)


@dataclasses.dataclass
class CsarContents:
    """What ``load`` found in an extracted package; paths are relative to
    ``root`` and use '/'.

    ``artifacts`` are the package's files other than the VNFD's (those
    the manifest lists, or all but TOSCA.meta without one), as SOL005
    VnfPackageArtifactInfo dicts; ``external_artifacts`` the manifest's
    URL sources, named by artifactURI and never fetched.
    ``manifest_path`` is None for a package without a manifest.
    """

    root: pathlib.Path
    entry_definitions: str
    manifest_path: str
    meta: dict
    manifest_metadata: dict
    artifacts: list
    all_files: list
    external_artifacts: list = dataclasses.field(default_factory=list)
    non_mano_artifact_sets: dict = dataclasses.field(default_factory=dict)


def _invalid(reason):
    return exceptions.InvalidCsar(reason=reason)


# -- extraction -----------------------------------------------------------

def extract(zip_path, dest_dir, limits):
    """Extract the zip at ``zip_path`` into the existing ``dest_dir``.

    :raises InvalidCsar: the file is not a sound zip, or an entry is
        unsafe or larger than ``limits`` allow. ``dest_dir`` may then hold
        part of the package: the caller removes it.
    """
    dest = pathlib.Path(dest_dir).resolve()
    try:
        with open(zip_path, 'rb') as raw:
            _check_directory_size(raw, limits)
            with zipfile.ZipFile(raw) as archive:
                for info, parts in _checked_entries(archive.infolist(),
                                                    limits):
                    _extract_entry(archive, info, parts, dest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError,
            NotImplementedError, ValueError, struct.error) as exc:
        raise _invalid(f'not a readable zip file: {exc}') from exc


def _check_directory_size(raw, limits):
    """Refuse a central directory too big for ``limits.max_entries``
    before zipfile reads it all into memory; zipfile itself reports zips
    whose end records cannot be found."""
    size = raw.seek(0, os.SEEK_END)
    tail_size = min(size, _EOCD.size + _MAX_COMMENT)
    raw.seek(size - tail_size)
    tail = raw.read(tail_size)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        return
    fields = _EOCD.unpack_from(tail, at)
    entries, directory_size = fields[4], fields[5]
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        entries, directory_size = _zip64_directory(raw, size - tail_size + at)
    budget = limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY
    if entries > limits.max_entries or directory_size > budget:
        raise _invalid(f'the zip declares {entries} entries in a '
                       f'{directory_size}-byte directory; at most '
                       f'{limits.max_entries} entries are allowed')


def _zip64_directory(raw, eocd_offset):
    """(entries, directory size) from the zip64 end record; zeros when
    it is missing, which zipfile reports on its own."""
    if eocd_offset < _ZIP64_LOCATOR.size:
        return 0, 0
    raw.seek(eocd_offset - _ZIP64_LOCATOR.size)
    locator = _ZIP64_LOCATOR.unpack(raw.read(_ZIP64_LOCATOR.size))
    if locator[0] != _ZIP64_LOCATOR_SIGNATURE:
        return 0, 0
    raw.seek(locator[2])
    record = raw.read(_ZIP64_EOCD.size)
    if len(record) < _ZIP64_EOCD.size:
        return 0, 0
    fields = _ZIP64_EOCD.unpack(record)
    if fields[0] != _ZIP64_EOCD_SIGNATURE:
        return 0, 0
    return fields[7], fields[8]


def _checked_entries(infos, limits):
    """[(ZipInfo, path parts)] once every entry passed the checks."""
    if len(infos) > limits.max_entries:
        raise _invalid(f'the zip has {len(infos)} entries; at most '
                       f'{limits.max_entries} are allowed')
    checked = []
    seen = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = _entry_parts(name)
        # Deeper paths overflow the recursion of pathlib and shutil.
        if len(parts) > limits.max_path_depth:
            raise _invalid(f'an entry under {parts[0]}/ is {len(parts)} '
                           f'levels deep; at most {limits.max_path_depth} '
                           'are allowed (max_path_depth)')
        if info.flag_bits & 0x1:
            raise _invalid(f'entry {name} is encrypted')
        if info.compress_type not in _COMPRESSIONS:
            raise _invalid(f'entry {name} uses compression method '
                           f'{info.compress_type}; only stored and '
                           'deflated entries are supported')
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _invalid(f'entry {name} is a symbolic link')
        key = '/'.join(parts)
        if key in seen:
            raise _invalid(f'entry {name} appears twice in the zip')
        seen.add(key)
        total += info.file_size
        if total > limits.max_uncompressed_size:
            raise _invalid(f'the zip expands to more than '
                           f'{limits.max_uncompressed_size} bytes')
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > _RATIO_EXEMPT_SIZE
                and ratio > limits.max_compression_ratio):
            raise _invalid(f'entry {name} expands {ratio:.0f} times '
                           f'(at most {limits.max_compression_ratio} '
                           'allowed)')
        checked.append((info, parts))
    return checked


def _entry_parts(name):
    """The path components of a zip entry name that stays inside the
    destination, whatever the OS."""
    if '\\' in name:
        raise _invalid(f'entry {name} contains a backslash')
    if name.startswith('/'):
        raise _invalid(f'entry {name} is an absolute path')
    if re.match(r'^[A-Za-z]:', name):
        raise _invalid(f'entry {name} starts with a drive letter')
    parts = [part for part in name.split('/') if part not in ('', '.')]
    if '..' in parts:
        raise _invalid(f'entry {name} has a ".." component')
    if not parts:
        raise _invalid(f'entry {name!r} has an empty name')
    return parts


def _extract_entry(archive, info, parts, dest):
    name = info.filename
    target = dest.joinpath(*parts)
    if not target.resolve().is_relative_to(dest):
        raise _invalid(f'entry {name} would be written outside the package')
    try:
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(target, 'xb') as sink:
            _copy_bounded(source, sink, info)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _invalid(f'entry {name} is corrupt: {exc}') from exc
    except NotImplementedError as exc:
        raise _invalid(f'entry {name} cannot be read: {exc}') from exc
    except OSError as exc:
        raise _invalid(f'entry {name} cannot be written: '
                       f'{exc.strerror}') from exc


def _copy_bounded(source, sink, info):
    """Copy in chunks, refusing more bytes than the entry declared: the
    size checks trusted that declaration."""
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > info.file_size:
            raise _invalid(f'entry {info.filename} holds more than the '
                           f'{info.file_size} bytes it declares')
        sink.write(chunk)


# -- reading an extracted package -----------------------------------------

def load(root, limits=Limits()):
    """Read and check the extracted package at ``root``.

    :returns: CsarContents.
    :raises InvalidCsar: TOSCA.meta or the manifest is malformed, a file
        they name is missing, a hash does not match, or the manifest is
        missing while ``limits.require_manifest``.
    :raises VnfdLimitExceeded: the VNFD's files are beyond ``limits``.
    :raises InvalidVnfd: a VNFD file is not YAML or imports something
        unsafe or missing.
    """
    root = pathlib.Path(root).resolve()
    if (root / 'TOSCA-Metadata').is_dir():
        meta = _read_tosca_meta(root)
        entry = meta[_META_ENTRY]
        manifest = meta.get('ETSI-Entry-Manifest') or _sibling_manifest(
            root, entry, limits)
    else:
        meta = {}
        entry = _root_definitions(root, limits)
        manifest = _sibling_manifest(root, entry, limits)
    definitions = set(vnfd.definition_files(root, entry, limits.yaml))
    files = _all_files(root)
    if manifest:
        sources, metadata, sets = _read_manifest(root, manifest)
    else:
        sources = [{'Source': path} for path in files if path != _META_PATH]
        metadata, sets = {}, {}
    artifacts = [_artifact(root, source) for source in sources
                 if source['Source'] not in definitions]
    return CsarContents(
        root=root, entry_definitions=entry, manifest_path=manifest,
        meta=meta, manifest_metadata=metadata,
        artifacts=[item for item in artifacts if 'artifactPath' in item],
        all_files=files,
        external_artifacts=[item for item in artifacts
                            if 'artifactURI' in item],
        non_mano_artifact_sets=sets)


def _read_text(root, rel):
    try:
        return (root / rel).read_text(encoding='utf-8-sig')
    except UnicodeDecodeError as exc:
        raise _invalid(f'{rel} is not UTF-8 text: {exc.reason}') from exc


def _read_tosca_meta(root):
    """The key/value pairs of TOSCA.meta's first block (TOSCA CSAR 1.0;
    later blocks describe single files and are not used by SOL004), known
    keys in their SOL004 spelling."""
    if not (root / _META_PATH).is_file():
        raise _invalid(f'{_META_PATH} is missing')
    meta = {}
    for number, line in enumerate(
            _read_text(root, _META_PATH).splitlines(), 1):
        if not line.strip():
            if meta:
                break
            continue
        key, colon, value = line.partition(':')
        if not colon or not key.strip():
            raise _invalid(f'{_META_PATH} line {number} is not a '
                           '"key: value" pair')
        key = key.strip()
        key = _META_KEYS.get(key.lower(), key)
        if key in meta:
            raise _invalid(f'{_META_PATH} line {number} gives {key} again')
        meta[key] = value.strip()
    if not meta.get(_META_ENTRY):
        raise _invalid(f'{_META_PATH} has no {_META_ENTRY}')
    meta[_META_ENTRY] = _existing_file(
        root, meta[_META_ENTRY], f'{_META_PATH} {_META_ENTRY}')
    for key in _META_FILES:
        if meta.get(key):
            meta[key] = _existing_file(root, meta[key], f'{_META_PATH} {key}')
    if meta.get(_META_LICENSES):
        licenses = _package_path(root, meta[_META_LICENSES],
                                 f'{_META_PATH} {_META_LICENSES}')
        if not (root / licenses).exists():
            raise _invalid(f'{_META_PATH} {_META_LICENSES} names '
                           f'{licenses}, which is not in the package')
        meta[_META_LICENSES] = licenses
    return meta


def _root_definitions(root, limits):
    """SOL004 option 2: without TOSCA-Metadata, the one YAML file at the
    root is the entry definitions and must carry a metadata block."""
    candidates = sorted(path.name for path in root.iterdir()
                        if path.is_file()
                        and path.suffix in ('.yaml', '.yml'))
    if len(candidates) != 1:
        raise _invalid(f'there is no {_META_PATH}, so the package root '
                       'must hold exactly one YAML file (it holds '
                       f'{len(candidates)})')
    entry = candidates[0]
    template = vnfd.read_template(root / entry, entry, limits.yaml)
    if not isinstance(template.get('metadata'), dict):
        raise _invalid(f'{entry} has no metadata block, which a package '
                       f'without {_META_PATH} needs')
    return entry


def _sibling_manifest(root, entry, limits):
    """The manifest of a package that does not name it: the .mf file at
    the root named after the entry definitions (SOL004 4.3.2); None
    when there is none and ``limits`` does not require one."""
    stem = posixpath.splitext(posixpath.basename(entry))[0]
    manifest = f'{stem}.mf'
    if (root / manifest).is_file():
        return manifest
    if limits.require_manifest:
        raise _invalid(f'the package has no manifest, which [vnf_package] '
                       f'require_manifest makes mandatory: no '
                       f'ETSI-Entry-Manifest in {_META_PATH} and no '
                       f'{manifest} at its root')
    return None


def _package_path(root, rel, what):
    """``rel`` normalised, when it stays inside the package."""
    normal = posixpath.normpath(rel)
    if (normal.startswith('/') or '\\' in rel or normal == '..'
            or normal.startswith('../') or re.match(r'^[A-Za-z]:', rel)
            or not (root / normal).resolve().is_relative_to(root)):
        raise _invalid(f'{what} {rel} points outside the package')
    return normal


def _existing_file(root, rel, what):
    path = _package_path(root, rel, what)
    if not (root / path).is_file():
        raise _invalid(f'{what} names {path}, which is not in the package')
    return path


def _read_manifest(root, manifest):
    """([{'Source', 'Algorithm', 'Hash', 'line'}], metadata, non-MANO
    artifact sets) of a SOL004 manifest, local sources checked."""
    sources, metadata, sets = _parse_manifest(
        manifest, _read_text(root, manifest))
    for key in _MANIFEST_REQUIRED:
        if not metadata.get(key):
            raise _invalid(f'the manifest {manifest} has no metadata {key}')
    seen = set()
    for source in sources:
        source['Source'] = _manifest_source(root, manifest,
                                            source['Source'])
        if source['Source'] in seen:
            raise _invalid(f'the manifest {manifest} lists '
                           f'{source["Source"]} twice')
        seen.add(source['Source'])
        _check_hash(root, manifest, source)
    for set_id, paths in sets.items():
        sets[set_id] = [_manifest_source(root, manifest, path)
                        for path in paths]
    return sources, metadata, sets


def _parse_manifest(manifest, text):
    """Split a manifest into its Source blocks, its metadata block and its
    non_mano_artifact_sets block; a CMS signature ends it."""
    sources, metadata, sets = [], {}, {}
    section = current_set = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith('-----BEGIN'):
            break
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        key, colon, value = line.strip().partition(':')
        key, value = key.strip(), value.strip()
        if not colon or not key:
            raise _invalid(f'the manifest {manifest} line {number} is not '
                           'a "key: value" pair')
        if not line[0].isspace():
            section = key if key in ('metadata', 'non_mano_artifact_sets') \
                and not value else None
            if key == 'Source':
                sources.append({'Source': value, 'line': number})
            elif key in ('Algorithm', 'Hash'):
                if not sources or key in sources[-1]:
                    raise _invalid(f'the manifest {manifest} line {number}:'
                                   f' {key} without a Source before it')
                sources[-1][key] = value
        elif section == 'metadata':
            metadata[key] = value
        elif section == 'non_mano_artifact_sets':
            if not value:
                current_set = sets.setdefault(key, [])
            elif key == 'Source' and current_set is not None:
                current_set.append(value)
        else:
            raise _invalid(f'the manifest {manifest} line {number} is '
                           'indented outside metadata or '
                           'non_mano_artifact_sets')
    return sources, metadata, sets


def _manifest_source(root, manifest, source):
    """A Source, normalised: a URL as is, a package file checked."""
    if _URL.match(source):
        if urllib.parse.urlsplit(source).scheme not in ('http', 'https'):
            raise _invalid(f'the manifest {manifest} lists {source}: only '
                           'http(s) URLs and package files are allowed')
        return source
    return _existing_file(root, source, f'the manifest {manifest} Source')


def _check_hash(root, manifest, source):
    """Normalise the Source's Algorithm and check its Hash (SOL004);
    an external artifact cannot be checked but must carry one."""
    path = source['Source']
    if ('Algorithm' in source) != ('Hash' in source):
        raise _invalid(f'the manifest {manifest} gives {path} an Algorithm '
                       'or a Hash without the other')
    if 'Algorithm' not in source:
        if _URL.match(path):
            raise _invalid(f'the manifest {manifest} gives no Hash for the '
                           f'external artifact {path}')
        return
    algorithm = source['Algorithm'].upper().replace('_', '-')
    if algorithm not in _ALGORITHMS:
        raise _invalid(f'the manifest {manifest} uses unsupported '
                       f'algorithm {source["Algorithm"]} for {path}')
    source['Algorithm'] = algorithm
    source['Hash'] = source['Hash'].lower()
    if _URL.match(path):
        return
    actual = _file_hash(root / path, _ALGORITHMS[algorithm])
    if actual != source['Hash']:
        raise _invalid(f'hash mismatch for {path}: the manifest {manifest} '
                       f'says {algorithm} {source["Hash"]}, the file has '
                       f'{actual}')


def _file_hash(path, hash_name):
    digest = hashlib.new(hash_name)
    with open(path, 'rb') as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _artifact(root, source):
    """SOL005 VnfPackageArtifactInfo-like dict of a manifest Source; an
    external one (a URL) is named by artifactURI instead of artifactPath.
    """
    path = source['Source']
    if 'Hash' in source:
        checksum = {'algorithm': source['Algorithm'], 'hash': source['Hash']}
    else:
        checksum = {'algorithm': 'SHA-256',
                    'hash': _file_hash(root / path, 'sha256')}
    key = 'artifactURI' if _URL.match(path) else 'artifactPath'
    return {key: path, 'checksum': checksum, 'metadata': {}}


def _all_files(root):
    files = []
    for directory, _, names in os.walk(root):
        for name in names:
            files.append(pathlib.Path(directory, name).relative_to(root)
                         .as_posix())
    return sorted(files)
