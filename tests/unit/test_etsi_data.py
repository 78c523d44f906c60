"""The ETSI data files the suite validates against are in the project,
unchanged, and a missing or altered one is named."""
import hashlib

from tests import etsi


def test_every_etsi_data_file_is_there_unchanged():
    assert etsi.check_data_files() == []


def test_missing_or_altered_data_files_are_named(tmp_path):
    kept, altered = tmp_path / 'kept.json', tmp_path / 'altered.json'
    kept.write_text('{}')
    altered.write_text('{"changed": true}')
    sums = tmp_path / 'sums'
    digest = hashlib.sha256(b'{}').hexdigest()
    sums.write_text(f'{digest}  kept.json\n{digest}  altered.json\n'
                    f'{digest}  gone/missing.json\n')
    assert etsi.check_data_files(tmp_path, sums) == [
        f"{altered} differs from ETSI's file",
        f'{tmp_path}/gone/missing.json is missing']
    assert etsi.check_data_files(tmp_path, tmp_path / 'none') == [
        f'{tmp_path}/none is missing']
