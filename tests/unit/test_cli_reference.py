"""doc/source/cli-reference.rst is generated from the command parsers of
``tacker``, never hand-written: this fails when a command or an option
changed and the page was not regenerated."""
import pathlib
import subprocess
import sys

from tackerclient import cli

TOP = pathlib.Path(__file__).resolve().parents[2]


def test_cli_reference_is_up_to_date(tmp_path):
    generated = tmp_path / 'cli-reference.rst'
    subprocess.run([sys.executable, str(TOP / 'tools/gen_cli_reference.py'),
                    str(generated)], check=True, capture_output=True,
                   cwd=TOP)
    committed = (TOP / 'doc/source/cli-reference.rst').read_text()
    assert generated.read_text() == committed, (
        'doc/source/cli-reference.rst is stale; regenerate it with: '
        '.venv/bin/python tools/gen_cli_reference.py')


def test_every_command_is_in_the_cli_reference():
    text = (TOP / 'doc/source/cli-reference.rst').read_text()
    for name in cli.COMMANDS:
        assert '\ntacker %s\n' % name in text, name
