"""``tools/test.sh`` hands its arguments to pytest: a path runs that
file only, and ``--lf`` re-runs the failures of the last run (pytest's
cache is on)."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROBE = '''
import pathlib

def test_steady():
    pass

def test_fails_while_flagged():
    assert not pathlib.Path(__file__).with_name('flag').exists()
'''


def run_test_sh(tmp_path, *args):
    done = subprocess.run(
        ['bash', str(ROOT / 'tools' / 'test.sh'), '--rootdir',
         str(tmp_path), '-o', 'cache_dir=%s' % (tmp_path / 'cache'),
         *args, str(tmp_path / 'test_probe.py')],
        capture_output=True, text=True, timeout=300,
        env=dict(os.environ, TACKER_VENV=sys.prefix))
    return done.stdout.splitlines()[-1]


def test_last_failures_run_again_alone(tmp_path):
    (tmp_path / 'test_probe.py').write_text(PROBE)
    (tmp_path / 'flag').touch()
    assert '1 failed, 1 passed' in run_test_sh(tmp_path)
    (tmp_path / 'flag').unlink()
    summary = run_test_sh(tmp_path, '--lf')
    assert '1 passed' in summary
    assert '2 passed' not in summary
