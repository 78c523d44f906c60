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


def test_a_lint_error_fails_the_run_before_any_test(tmp_path):
    """The gate lints the checkout test.sh belongs to: a copy of the
    tools and settings with one file pyflakes refuses."""
    for name in ('tools/test.sh', 'tools/lib.sh', 'tox.ini', 'setup.cfg',
                 'pyproject.toml', 'requirements.txt', 'constraints.txt',
                 'sandbox-requirements.txt', 'test-requirements.txt'):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / 'test_probe.py').write_text(
        'import os\n\n\ndef test_never_run():\n    pass\n')
    done = subprocess.run(
        ['bash', str(tmp_path / 'tools' / 'test.sh'),
         str(tmp_path / 'test_probe.py')],
        capture_output=True, text=True, timeout=300,
        env=dict(os.environ, TACKER_VENV=sys.prefix))
    assert done.returncode == 1
    assert "F401 'os' imported but unused" in done.stdout
    assert 'lint failed' in done.stderr
    assert 'passed' not in done.stdout
