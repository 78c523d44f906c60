"""Packages are read in a bounded child; whatever happens there ends in a
named failure of the package."""
import signal

import pytest

from tacker.common import child_process
from tacker.common import csar
from tacker.common import exceptions
from tacker.common import package_reader
from tacker.common import vnfd
from tests import packages


def extracted(tmp_path, zip_path):
    root = tmp_path / 'content'
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    return root


def read(root, limits=csar.Limits()):
    return package_reader.read(root, packages.SOL001_DIR, limits)


def test_a_sound_package_reads_as_in_process(tmp_path):
    root = extracted(tmp_path, packages.build_csar('single_vdu',
                                                   tmp_path / 'p.zip'))
    contents = csar.load(root)
    result = read(root)
    assert result['vnfd'] == vnfd.parse(contents, packages.SOL001_DIR)
    assert result['artifacts'] == contents.artifacts


def test_validation_errors_come_back_by_class(tmp_path):
    root = extracted(tmp_path, packages.build_broken_csar(
        'hash_mismatch', tmp_path / 'p.zip'))
    with pytest.raises(exceptions.InvalidCsar) as caught:
        read(root)
    assert caught.value.detail.startswith(
        'Invalid VNF package: hash mismatch for Files/images/')


def test_a_parser_crash_fails_the_package_only(tmp_path):
    # Past the depth check, 200,000 block levels overflow the C stack.
    root = extracted(tmp_path, packages.deep_yaml(
        tmp_path / 'p.zip', style='block_sequence'))
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        read(root, csar.Limits(max_yaml_depth=10 ** 6))
    assert caught.value.detail == (
        'Invalid VNFD: the VNFD parser failed on it (killed by SIGSEGV)')


def test_the_depth_limit_comes_first(tmp_path):
    root = extracted(tmp_path, packages.deep_yaml(tmp_path / 'p.zip'))
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        read(root)
    assert caught.value.detail.endswith('([vnf_package] max_yaml_depth)')


@pytest.mark.parametrize('outcome, option', [
    (child_process.Outcome(timed_out=True), 'vnfd_parser_timeout'),
    (child_process.Outcome(returncode=-signal.SIGXCPU),
     'vnfd_parser_timeout'),
    (child_process.Outcome(out=b'{"error": "memory"}'),
     'vnfd_parser_memory'),
])
def test_time_and_memory_limits_are_named(tmp_path, monkeypatch, outcome,
                                          option):
    monkeypatch.setattr(child_process, 'run', lambda *args: outcome)
    with pytest.raises(exceptions.VnfdLimitExceeded) as caught:
        read(tmp_path)
    assert caught.value.detail.endswith(f'([vnf_package] {option})')


def test_the_child_reports_memory_errors_and_other_failures(tmp_path,
                                                            monkeypatch):
    request = {'root': str(tmp_path), 'types_dir': str(tmp_path),
               'tmp': str(tmp_path), 'limits': {}}

    def fail(error):
        def load(root, limits):
            raise error
        return load
    monkeypatch.setattr(csar, 'load', fail(MemoryError()))
    assert package_reader._read(request) == {'error': 'memory'}
    monkeypatch.setattr(csar, 'load', fail(RecursionError('deep')))
    assert package_reader._read(request) == {'error': 'failed',
                                             'detail': 'RecursionError'}


def test_unknown_failures_are_invalid_vnfds(tmp_path, monkeypatch):
    monkeypatch.setattr(child_process, 'run', lambda *args: (
        child_process.Outcome(
            out=b'{"error": "failed", "detail": "RecursionError"}')))
    with pytest.raises(exceptions.InvalidVnfd) as caught:
        read(tmp_path)
    assert caught.value.detail == ('Invalid VNFD: the VNFD parser failed '
                                   'on it (RecursionError)')
