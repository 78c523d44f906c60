"""doc/source/api-reference.rst is generated from the routers, never
hand-written: this fails when a route changed and the page was not
regenerated."""
import pathlib
import subprocess
import sys

from tacker.api import app

TOP = pathlib.Path(__file__).resolve().parents[2]


def test_every_route_declares_its_statuses():
    for router in app.routers():
        for route in router.routes:
            assert route.handler.statuses, route


def test_api_reference_is_up_to_date(tmp_path):
    generated = tmp_path / 'api-reference.rst'
    subprocess.run([sys.executable, str(TOP / 'tools/gen_api_reference.py'),
                    str(generated)], check=True, capture_output=True,
                   cwd=TOP)
    committed = (TOP / 'doc/source/api-reference.rst').read_text()
    assert generated.read_text() == committed, (
        'doc/source/api-reference.rst is stale; regenerate it with: '
        '.venv/bin/python tools/gen_api_reference.py')
