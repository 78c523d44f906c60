"""Reading SOL001 VNFDs with tosca-parser, off the network."""
import logging
import socket

import pytest
from toscaparser.common import exception as tosca_exception

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import vnfd
from tacker.conf import vnf_package as vnf_package_opts
from tests import packages

SAMPLES = ('single_vdu', 'two_flavours', 'cnf', 'no_meta')


def open_zip(zip_path):
    root = zip_path.with_suffix('')
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    return csar.load(root)


def open_package(directory, name, **kwargs):
    return open_zip(packages.build_csar(name, directory / f'{name}.zip',
                                        **kwargs))


def open_broken_package(directory, kind):
    return open_zip(packages.build_broken_csar(kind,
                                               directory / f'{kind}.zip'))


def parse_sample(directory, name, types_dir=packages.SOL001_DIR, **kwargs):
    return vnfd.parse(open_package(directory, name, **kwargs), types_dir)


def rejection(directory, name, **kwargs):
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        parse_sample(directory, name, **kwargs)
    return caught.value.detail


@pytest.fixture(scope='module')
def parsed(tmp_path_factory):
    """Each sample parsed once: tosca-parser takes a tenth of a second."""
    directory = tmp_path_factory.mktemp('samples')
    return {name: parse_sample(directory, name) for name in SAMPLES}


def test_single_vdu(parsed):
    info = parsed['single_vdu']
    assert {key: info[key] for key in (
        'vnfdId', 'vnfProvider', 'vnfProductName', 'vnfSoftwareVersion',
        'vnfdVersion')} == {
        'vnfdId': packages.VNFD_IDS['single_vdu'],
        'vnfProvider': 'Company',
        'vnfProductName': 'Single VDU VNF',
        'vnfSoftwareVersion': '1.0',
        'vnfdVersion': '1.0'}
    assert info['flavours'] == {'simple': {
        'description': 'A single VDU',
        'vdus': {'VDU1': {
            'name': 'VDU1',
            'description': 'The only compute node of the VNF',
            'compute_flavour': None,
            'sw_image': 'Files/images/cirros-0.5.2-tiny.qcow2',
            'virtual_storages': [],
            'min_number_of_instances': 1,
            'max_number_of_instances': 1,
            'initial_number_of_instances': 1}},
        'scaling_aspects': {},
        'instantiation_levels': {},
        'default_instantiation_level': None,
        'virtual_links': [],
        'cps': [{'id': 'CP1', 'vdu': 'VDU1', 'virtual_link': None,
                 'layer_protocols': ['ipv4'], 'order': 0}],
        'software_images': {'VDU1': 'cirros-0.5.2-tiny'}}}
    assert info['software_images'] == [{
        'id': 'VDU1',
        'name': 'cirros-0.5.2-tiny',
        'provider': 'Company',
        'version': '0.5.2',
        'checksum': {'algorithm': 'SHA-256', 'hash': '40b770479c443625e22bb8'
                     '6c916aab32dbd5a4c02b395e9b0264d2854bcb498e'},
        'containerFormat': 'BARE',
        'diskFormat': 'QCOW2',
        'minDisk': 1000 ** 3,
        'minRam': 256 * 1024 ** 2,
        'size': 4096,
        'imagePath': 'Files/images/cirros-0.5.2-tiny.qcow2',
        'userMetadata': {}}]
    assert info['vnfd_files'] == [
        'Definitions/single_vdu_top.vnfd.yaml',
        'Definitions/etsi_nfv_sol001_common_types.yaml',
        'Definitions/etsi_nfv_sol001_vnfd_types.yaml',
        'Definitions/single_vdu_df_simple.yaml',
        'Definitions/single_vdu_types.yaml']


def test_two_flavours(parsed):
    info = parsed['two_flavours']
    assert info['vnfdId'] == packages.VNFD_IDS['two_flavours']
    assert info['vnfdVersion'] == '2.1.0'
    assert list(info['flavours']) == ['small', 'large']
    large = info['flavours']['large']
    assert large['description'] == 'Large flavour, 6 workers at most'
    assert large['vdus']['VDU1'] == {
        'name': 'worker',
        'description': 'Worker VDU, scaled out by the worker_instance aspect',
        'compute_flavour': None,
        'sw_image': 'Files/images/vdu1-0.3.qcow2',
        'virtual_storages': [],
        'min_number_of_instances': 2,
        'max_number_of_instances': 6,
        'initial_number_of_instances': 2}
    assert large['vdus']['VDU2']['sw_image'] is None
    small = info['flavours']['small']
    assert (small['vdus']['VDU1']['compute_flavour'],
            small['vdus']['VDU2']['compute_flavour']) == ('m1.tiny',
                                                          'm1.small')
    assert small['software_images'] == {'VDU1': 'vdu1-image',
                                        'VirtualStorage': 'vdu2-root-image'}
    assert large['vdus']['VDU2']['virtual_storages'] == ['VirtualStorage']
    assert large['scaling_aspects'] == {'worker_instance': {
        'name': 'worker_instance',
        'description': 'Adds 2 worker(s) per step',
        'max_scale_level': 2,
        'step_deltas': ['delta_2'],
        'vdu_deltas': {'delta_2': {'VDU1': 2}}}}
    assert large['instantiation_levels'] == {
        'instantiation_level_1': {
            'description': 'Smallest size',
            'scale_info': {'worker_instance': 0},
            'vdu_levels': {'VDU1': 2, 'VDU2': 1}},
        'instantiation_level_2': {
            'description': 'Largest size',
            'scale_info': {'worker_instance': 2},
            'vdu_levels': {'VDU1': 6, 'VDU2': 1}}}
    assert large['default_instantiation_level'] == 'instantiation_level_1'
    assert large['virtual_links'] == [{
        'id': 'internalVL1',
        'description': 'Internal network between workers and the controller',
        'layer_protocols': ['ipv4'],
        'protocol_data': [{'associated_layer_protocol': 'ipv4',
                           'l3_protocol_data': {'ip_version': 'ipv4',
                                                'cidr': '192.168.10.0/24'}}]}]
    assert [(cp['id'], cp['vdu'], cp['virtual_link'])
            for cp in large['cps']] == [
        ('VDU1_CP1', 'VDU1', None), ('VDU1_CP2', 'VDU1', 'internalVL1'),
        ('VDU2_CP1', 'VDU2', 'internalVL1')]
    small = info['flavours']['small']
    assert small['vdus']['VDU1']['max_number_of_instances'] == 3
    assert small['scaling_aspects']['worker_instance']['vdu_deltas'] == {
        'delta_1': {'VDU1': 1}}


def test_two_flavours_share_their_software_images(parsed):
    images = parsed['two_flavours']['software_images']
    assert [(image['id'], image['imagePath'], image['diskFormat'],
             image['minDisk'], image['minRam'], image['size'])
            for image in images] == [
        ('VDU1', 'Files/images/vdu1-0.3.qcow2', 'QCOW2', 2 * 1024 ** 3,
         512 * 1024 ** 2, 2048),
        ('VirtualStorage', 'Files/images/vdu2-root-0.3.img', 'RAW',
         4 * 1024 ** 3, 0, 2048)]


def test_cnf(parsed):
    info = parsed['cnf']
    assert info['vnfProductName'] == 'Web Frontend CNF'
    flavour = info['flavours']['default']
    assert flavour['vdus'] == {'VDU1': {
        'name': 'web-frontend',
        'description': 'The web-frontend Deployment '
                       '(Files/kubernetes/deployment.yaml)',
        'compute_flavour': None,
        'sw_image': None,
        'virtual_storages': [],
        'min_number_of_instances': 1,
        'max_number_of_instances': 4,
        'initial_number_of_instances': 1}, 'VDU2': {
        'name': 'web-cache',
        'description': 'The web-cache StatefulSet '
                       '(Files/kubernetes/statefulset.yaml)',
        'compute_flavour': None,
        'sw_image': None,
        'virtual_storages': [],
        'min_number_of_instances': 1,
        'max_number_of_instances': 3,
        'initial_number_of_instances': 1}}
    assert flavour['scaling_aspects']['frontend_aspect'][
        'max_scale_level'] == 3
    assert flavour['scaling_aspects']['cache_aspect']['vdu_deltas'] == {
        'delta_1': {'VDU2': 1}}
    assert flavour['instantiation_levels']['instantiation_level_2'][
        'vdu_levels'] == {'VDU1': 2, 'VDU2': 2}
    assert info['software_images'] == []


def test_package_without_tosca_metadata(parsed):
    info = parsed['no_meta']
    assert info['vnfdId'] == packages.VNFD_IDS['no_meta']
    assert info['vnfd_files'] == ['no_meta.yaml']
    assert info['flavours']['simple']['description'] == 'Only flavour'
    image, = info['software_images']
    assert image['imagePath'] == (
        'https://images.example.com/cirros-0.5.2-x86_64-disk.img')
    assert image['checksum']['algorithm'] == 'SHA-512'
    assert image['size'] == 16 * 1024 ** 2


def test_vnfd_id_can_be_overridden(tmp_path):
    info = parse_sample(tmp_path, 'two_flavours',
                        vnfd_id='0b9c1f5e-3a7d-4c2b-8e6f-1d2a3b4c5d6e')
    assert info['vnfdId'] == '0b9c1f5e-3a7d-4c2b-8e6f-1d2a3b4c5d6e'


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError('the VNFD parser tried to use the network')
    monkeypatch.setattr(socket, 'getaddrinfo', refuse)
    monkeypatch.setattr(socket.socket, 'connect', refuse)


def test_url_imports_resolve_locally(tmp_path, no_network):
    info = parse_sample(tmp_path, 'no_meta')
    assert list(info['flavours']) == ['simple']


def test_unknown_url_import_is_not_fetched(tmp_path, no_network):
    contents = open_broken_package(tmp_path, 'unknown_import')
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        vnfd.parse(contents, packages.SOL001_DIR)
    assert caught.value.detail == (
        'Invalid VNFD: import https://example.com/nfv/unknown_types.yaml in '
        'Definitions/single_vdu_top.vnfd.yaml: unknown_types.yaml is not one '
        'of the known type definitions (imports by URL are never fetched)')


def test_url_import_needs_the_type_definitions(tmp_path, no_network):
    empty = tmp_path / 'types'
    empty.mkdir()
    assert ('import https://forge.etsi.org/rep/nfv/SOL001/raw/v2.6.1/'
            'etsi_nfv_sol001_common_types.yaml in no_meta.yaml: '
            'etsi_nfv_sol001_common_types.yaml is not one of the known type '
            'definitions') in rejection(tmp_path, 'no_meta', types_dir=empty)


def test_repository_import_is_mapped_by_file_name(tmp_path, no_network):
    mutate = packages.append_import(
        'Definitions/single_vdu_top.vnfd.yaml',
        '{etsi: {file: etsi_nfv_sol001_common_types.yaml, '
        'repository: forge}}')
    info = parse_sample(tmp_path, 'single_vdu', mutate=mutate)
    assert list(info['flavours']) == ['simple']


@pytest.mark.parametrize('import_line, reason', [
    ('missing_types.yaml',
     'import missing_types.yaml in Definitions/single_vdu_top.vnfd.yaml: '
     'Definitions/missing_types.yaml is not in the package'),
    ('../../outside.yaml',
     'import ../../outside.yaml in Definitions/single_vdu_top.vnfd.yaml '
     'points outside the package'),
    ('/etc/hosts',
     'import /etc/hosts in Definitions/single_vdu_top.vnfd.yaml points '
     'outside the package'),
    ('file:///etc/hosts',
     'import file:///etc/hosts in Definitions/single_vdu_top.vnfd.yaml: only '
     'http(s) URLs and files of the package can be imported'),
])
def test_unsafe_or_missing_import(tmp_path, import_line, reason):
    mutate = packages.append_import('Definitions/single_vdu_top.vnfd.yaml',
                                    import_line)
    assert reason in rejection(tmp_path, 'single_vdu', mutate=mutate)


def test_import_cycle(tmp_path):
    mutate = packages.append_import('Definitions/single_vdu_types.yaml',
                                    'single_vdu_top.vnfd.yaml')
    assert rejection(tmp_path, 'single_vdu', mutate=mutate) == (
        'Invalid VNFD: import cycle: Definitions/single_vdu_top.vnfd.yaml -> '
        'Definitions/single_vdu_types.yaml -> '
        'Definitions/single_vdu_top.vnfd.yaml')


def test_bad_yaml_names_file_and_line(tmp_path):
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        open_broken_package(tmp_path, 'bad_yaml')
    assert caught.value.detail == (
        "Invalid VNFD: Definitions/single_vdu_df_simple.yaml is not valid "
        "YAML: did not find expected ',' or ']' at line 87, column 17")


def test_yaml_aliases_are_refused(tmp_path):
    mutate = packages.replace_text(
        'Definitions/single_vdu_df_simple.yaml',
        "        layer_protocols: [ ipv4 ]\n",
        "        layer_protocols: &protocols [ ipv4 ]\n"
        "        description: *protocols\n")
    assert ('Definitions/single_vdu_df_simple.yaml uses a YAML alias '
            '(*protocols) at line 89, column 22; a VNFD may not use '
            'aliases') in rejection(tmp_path, 'single_vdu', mutate=mutate)


DF_SIMPLE = 'Definitions/single_vdu_df_simple.yaml'


@pytest.mark.parametrize('old, new, reason', [
    ('type: tosca.nodes.nfv.VduCp', 'type: tosca.nodes.nfv.VduCpx',
     'InvalidTypeError: Type "tosca.nodes.nfv.VduCpx" is not a valid type.'),
    ('min_number_of_instances: 1', 'min_number_of_instances: many',
     'ValueError: "many" is not an integer.'),
    ('disk_format: qcow2', 'disk_format: qcow3',
     'ValidationError: The value "qcow3" of property "disk_format" is not '
     'valid.'),
    ('    properties:\n      flavour_id: simple\n', '',
     'Definitions/single_vdu_df_simple.yaml: substitution_mappings has no '
     'properties.flavour_id'),
    ('file: ../Files/images/cirros-0.5.2-tiny.qcow2',
     'file: ../Files/images/missing.qcow2',
     'Definitions/single_vdu_df_simple.yaml: VDU1: sw_image '
     'Files/images/missing.qcow2 is not in the package'),
    ('file: ../Files/images/cirros-0.5.2-tiny.qcow2',
     'file: ../../outside.qcow2',
     'Definitions/single_vdu_df_simple.yaml: VDU1: sw_image '
     '../../outside.qcow2 points outside the package'),
])
def test_invalid_flavour(tmp_path, old, new, reason):
    mutate = packages.replace_text(DF_SIMPLE, old, new)
    assert reason in rejection(tmp_path, 'single_vdu', mutate=mutate)


def test_validation_errors_carry_no_traceback_or_path(tmp_path):
    mutate = packages.replace_text(DF_SIMPLE, 'type: tosca.nodes.nfv.VduCp',
                                   'type: tosca.nodes.nfv.VduCpx')
    reason = rejection(tmp_path, 'single_vdu', mutate=mutate)
    assert 'File ' not in reason
    assert 'tacker-vnfd-' not in reason
    assert not tosca_exception.ExceptionCollector.collecting


def test_flavour_the_top_level_does_not_substitute(tmp_path):
    def cut_topology(package):
        top = package / 'Definitions/single_vdu_top.vnfd.yaml'
        text = top.read_text()
        top.write_text(text[:text.index('topology_template:')])
    assert rejection(tmp_path, 'single_vdu', mutate=cut_topology) == (
        'Invalid VNFD: Definitions/single_vdu_df_simple.yaml implements node '
        'type company.singlevdu.VNF, but Definitions/single_vdu_top.vnfd.yaml'
        ' has no node of that type (without interfaces) for it to '
        'substitute')


def test_no_flavour(tmp_path):
    mutate = packages.replace_text(
        'no_meta.yaml', '  substitution_mappings:\n    node_type: '
        'company.nometa.VNF\n    properties:\n      flavour_id: simple\n', '')
    assert rejection(tmp_path, 'no_meta', mutate=mutate) == (
        'Invalid VNFD: no deployment flavour: no file of the VNFD has a '
        'topology_template with substitution_mappings')


def test_flavour_defined_twice(tmp_path):
    mutate = packages.replace_text('Definitions/two_flavours_df_large.yaml',
                                   'flavour_id: large', 'flavour_id: small')
    assert rejection(tmp_path, 'two_flavours', mutate=mutate) == (
        'Invalid VNFD: flavour small is defined twice (again in '
        'Definitions/two_flavours_df_large.yaml)')


def test_flavours_disagreeing_on_an_image(tmp_path):
    mutate = packages.replace_text('Definitions/two_flavours_df_large.yaml',
                                   "version: '0.3'", "version: '0.4'")
    assert rejection(tmp_path, 'two_flavours', mutate=mutate) == (
        'Invalid VNFD: flavours small and large describe the software image '
        'of VDU1 differently')


def test_tosca_parser_logs_nothing(tmp_path, caplog):
    with caplog.at_level(logging.DEBUG):
        parse_sample(tmp_path, 'single_vdu')
    assert [record for record in caplog.records
            if record.name.startswith('tosca')] == []
    assert logging.getLogger('tosca').level == logging.NOTSET


# -- limits checked before parsing ----------------------------------------

@pytest.mark.parametrize('style', ['flow_sequence', 'flow_mapping',
                                   'block_sequence', 'block_mapping'])
def test_deep_nesting_in_an_imported_file_is_refused(tmp_path, style):
    mutate = packages.replace_text(
        DF_SIMPLE, 'topology_template:\n',
        packages._nested(style, 100) + 'topology_template:\n')
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        parse_sample(tmp_path, 'single_vdu', mutate=mutate)
    assert caught.value.detail.startswith(
        'VNFD beyond the limits of this VNFM: '
        f'{DF_SIMPLE} nests deeper than 64 levels at line ')
    assert caught.value.detail.endswith('([vnf_package] max_yaml_depth)')


def test_the_yaml_byte_limit_counts_every_package_file(tmp_path):
    contents = open_package(tmp_path, 'single_vdu')
    files = vnfd.parse(contents, packages.SOL001_DIR)['vnfd_files']
    sizes = [(contents.root / name).stat().st_size for name in files]
    fits = vnfd.YamlLimits(max_bytes=sum(sizes))
    assert vnfd.parse(contents, packages.SOL001_DIR, fits)['vnfd_files'] \
        == files
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        vnfd.parse(contents, packages.SOL001_DIR,
                   vnfd.YamlLimits(max_bytes=sum(sizes) - 1))
    detail = caught.value.detail
    assert detail.endswith(
        f"the VNFD's YAML files hold more than {sum(sizes) - 1} bytes "
        '([vnf_package] max_vnfd_yaml_bytes)')


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    zip_path = packages.huge_yaml(tmp_path / 'huge.zip', 12 * 1024 ** 2)
    contents_dir = zip_path.with_suffix('')
    contents_dir.mkdir()
    csar.extract(zip_path, contents_dir, csar.Limits())
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        csar.load(contents_dir)
    assert caught.value.detail == (
        'VNFD beyond the limits of this VNFM: with '
        f"{packages.HOSTILE_TOP}, the VNFD's YAML files hold more than "
        '10485760 bytes ([vnf_package] max_vnfd_yaml_bytes)')


def test_a_5000_digit_integer_is_a_named_failure(tmp_path):
    assert rejection(tmp_path, 'single_vdu', mutate=packages.replace_text(
        DF_SIMPLE, 'topology_template:\n',
        'metadata:\n  big: %s\ntopology_template:\n' % ('9' * 5000))) == (
        f'Invalid VNFD: {DF_SIMPLE} holds an integer larger than 64 bits '
        'at line 11, column 8; a VNFD may not use aliases')


def test_an_image_size_beyond_64_bits_is_refused(tmp_path):
    reason = rejection(tmp_path, 'single_vdu', mutate=packages.replace_text(
        DF_SIMPLE, 'size: 4 KiB', 'size: %s GiB' % ('9' * 30)))
    assert 'sw_image_data size' in reason
    assert 'is more than 9223372036854775807 bytes' in reason


@pytest.mark.parametrize('name, flavour, vdus', [
    ('tacker_v1', 'simple', ['VDU1']),
    ('tacker_v2', 'default', ['VDU1', 'VDU2']),
])
def test_tacker_layout_imports_sol001_by_url_from_the_default_dir(
        tmp_path, name, flavour, vdus):
    """The SOL001 types, imported by their ETSI URL, come from the
    directory Tacker ships and [vnf_package] tosca_definitions_dir
    names by default."""
    default_dir = {opt.name: opt.default
                   for opt in vnf_package_opts.opts}['tosca_definitions_dir']
    info = vnfd.parse(open_package(tmp_path, name), default_dir)
    assert info['vnfdId'] == packages.VNFD_IDS[name]
    assert sorted(info['flavours'][flavour]['vdus']) == vdus
    assert info['vnfd_files'] == [
        f'Definitions/{name}_top.vnfd.yaml',
        f'Definitions/{name}_df_{flavour}.yaml',
        f'Definitions/{name}_types.yaml']
