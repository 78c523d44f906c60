"""etc/tacker/tacker.conf.sample is generated, never hand-written: this
fails when an option changed and the sample was not regenerated."""
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]


def test_config_sample_is_up_to_date(tmp_path):
    generated = tmp_path / 'tacker.conf.sample'
    subprocess.run(
        [str(pathlib.Path(sys.executable).parent / 'oslo-config-generator'),
         '--config-file', str(TOP / 'etc/tacker/config-generator.conf'),
         '--output-file', str(generated)],
        check=True, capture_output=True, cwd=TOP)
    committed = (TOP / 'etc/tacker/tacker.conf.sample').read_text()
    assert generated.read_text() == committed, (
        'etc/tacker/tacker.conf.sample is stale; regenerate it with: '
        'oslo-config-generator --config-file '
        'etc/tacker/config-generator.conf')
