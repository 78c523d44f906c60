"""The layers import only downwards (ARCHITECTURE, STYLE "Layout"):
api -> conductor (RPC) -> drivers, db below them, common at the bottom.
Read from the source with ``ast``, so an import inside a function counts
too."""
import ast
import pathlib

import pytest

import tacker

ROOT = pathlib.Path(tacker.__file__).parent

# Package -> the packages it must not import.
FORBIDDEN = {
    'tacker.common': ('tacker.db', 'tacker.api', 'tacker.conductor',
                      'tacker.drivers', 'tacker.vnfm'),
    'tacker.api': ('tacker.drivers',),
    'tacker.db': ('tacker.api', 'tacker.conductor', 'tacker.drivers'),
}


def _names(path):
    """(module, package it is in) of a source file."""
    parts = path.relative_to(ROOT.parent).with_suffix('').parts
    if parts[-1] == '__init__':
        name = '.'.join(parts[:-1])
        return name, name
    return '.'.join(parts), '.'.join(parts[:-1])


def imported(source, package):
    """(line, dotted name) of every import in ``source``, a module of
    ``package``; ``from a import b`` yields ``a.b`` (b may be a module)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parts = package.split('.')
                anchor = '.'.join(parts[:len(parts) - node.level + 1])
                base = '.'.join(filter(None, (anchor, base)))
            found += [(node.lineno, '%s.%s' % (base, alias.name))
                      for alias in node.names]
    return found


def violations(source, module, package=None):
    """``module:line imports name`` for each import ``FORBIDDEN`` bans."""
    if package is None:
        package = module.rpartition('.')[0]
    found = []
    for layer, banned in FORBIDDEN.items():
        if module != layer and not module.startswith(layer + '.'):
            continue
        for line, name in imported(source, package):
            if any(name == ban or name.startswith(ban + '.')
                   for ban in banned):
                found.append('%s:%d imports %s' % (module, line, name))
    return found


def test_no_layer_imports_a_layer_above_it():
    found = []
    for path in sorted(ROOT.rglob('*.py')):
        found += violations(path.read_text(), *_names(path))
    assert not found, '\n'.join(found)


@pytest.mark.parametrize('module, source, expected', [
    ('tacker.common.notify', 'import os\nfrom tacker.db import outbox\n',
     ['tacker.common.notify:2 imports tacker.db.outbox']),
    ('tacker.common.x', 'def f():\n    import tacker.conductor.lcm\n',
     ['tacker.common.x:2 imports tacker.conductor.lcm']),
    ('tacker.common.x', 'from tacker import db\n',
     ['tacker.common.x:1 imports tacker.db']),
    ('tacker.api.vnflcm.views', 'from tacker.drivers import infra\n',
     ['tacker.api.vnflcm.views:1 imports tacker.drivers.infra']),
    ('tacker.db.lcm_ops', 'from tacker.api import wsgi\n',
     ['tacker.db.lcm_ops:1 imports tacker.api.wsgi']),
    ('tacker.db.lcm_ops', 'from ..conductor import rpcapi\n',
     ['tacker.db.lcm_ops:1 imports tacker.conductor.rpcapi']),
    ('tacker.common.x', 'from . import states\nfrom .. import api\n',
     ['tacker.common.x:2 imports tacker.api']),
    ('tacker.api.app', 'from tacker.db import api\nimport tacker.conf\n',
     []),
    ('tacker.conductor.lcm', 'from tacker.drivers import infra\n', []),
    ('tacker.common.x', 'from tacker.common import states\n', []),
])
def test_the_check_names_the_module_and_line(module, source, expected):
    assert violations(source, module) == expected
