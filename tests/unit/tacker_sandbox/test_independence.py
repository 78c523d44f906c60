"""The sandbox VIM is a tool beside Tacker, not part of it: neither
package imports the other, so each installs, runs and changes alone."""
import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


def imported_modules(package):
    """(file, module) for every import in the package's modules."""
    for path in sorted((ROOT / package).rglob('*.py')):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and not node.level:
                yield path, node.module


def importing(package, other):
    return ['%s imports %s' % (path.relative_to(ROOT), module)
            for path, module in imported_modules(package)
            if module == other or module.startswith(other + '.')]


@pytest.mark.parametrize('package, other', [
    ('tacker_sandbox', 'tacker'), ('tacker', 'tacker_sandbox')])
def test_packages_do_not_import_each_other(package, other):
    assert list(imported_modules(package))
    assert importing(package, other) == []
