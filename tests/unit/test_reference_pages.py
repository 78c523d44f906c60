"""The reference pages of doc/source are generated, never hand-written:
this fails when a route, a command or an option changed and the page
was not regenerated."""
import pathlib
import subprocess
import sys

import pytest

from tacker.api import app
from tackerclient import cli

TOP = pathlib.Path(__file__).resolve().parents[2]
# Each generated page and its generator.
PAGES = {'doc/source/api-reference.rst': 'tools/gen_api_reference.py',
         'doc/source/cli-reference.rst': 'tools/gen_cli_reference.py'}


@pytest.mark.parametrize('page', sorted(PAGES))
def test_reference_page_is_up_to_date(tmp_path, page):
    generated = tmp_path / 'page.rst'
    subprocess.run([sys.executable, str(TOP / PAGES[page]), str(generated)],
                   check=True, capture_output=True, cwd=TOP)
    assert generated.read_text() == (TOP / page).read_text(), (
        '%s is stale; regenerate it with: .venv/bin/python %s'
        % (page, PAGES[page]))


def test_every_route_declares_its_statuses():
    for router in app.routers():
        for route in router.routes:
            assert route.handler.statuses, route


def test_every_command_is_in_the_cli_reference():
    text = (TOP / 'doc/source/cli-reference.rst').read_text()
    for name in cli.COMMANDS:
        assert '\ntacker %s\n' % name in text, name
