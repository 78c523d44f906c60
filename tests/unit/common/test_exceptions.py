"""The one ProblemDetails tree: code raises only classes that name their
condition, never a bare status class with free text."""
import ast
import inspect
import pathlib

import pytest

import tacker
from tacker.common import exceptions

SOURCE = pathlib.Path(tacker.__file__).parent
# The status classes: the tree's inner nodes, raised only as subclasses.
BASES = {'TackerException', 'BadRequest', 'Unauthorized', 'Forbidden',
         'NotFound', 'Conflict', 'ServiceUnavailable'}


def _exception_names(tree):
    """Local names bound to ``tacker.common.exceptions`` (the module, or
    classes imported from it) in a parsed module."""
    modules, classes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == \
                'tacker.common':
            modules.update(alias.asname or alias.name for alias in node.names
                           if alias.name == 'exceptions')
        elif isinstance(node, ast.ImportFrom) and node.module == \
                'tacker.common.exceptions':
            classes.update(alias.asname or alias.name for alias in node.names
                           if alias.name in BASES)
    return modules, classes


def bare_base_uses(path):
    """(line, source) of each raise of a bare status class, and of each
    one built with arguments (free text) anywhere."""
    tree = ast.parse(path.read_text(), str(path))
    modules, classes = _exception_names(tree)

    def is_base(node):
        if isinstance(node, ast.Call):
            node = node.func
        if isinstance(node, ast.Attribute):
            return isinstance(node.value, ast.Name) and \
                node.value.id in modules and node.attr in BASES
        return isinstance(node, ast.Name) and node.id in classes

    raised = {id(node.exc) for node in ast.walk(tree)
              if isinstance(node, ast.Raise) and node.exc is not None}
    found = [node for node in ast.walk(tree)
             if isinstance(node, (ast.Call, ast.Name, ast.Attribute))
             and is_base(node) and (id(node) in raised or (
                 isinstance(node, ast.Call) and (node.args or node.keywords)))]
    text = path.read_text()
    return sorted((node.lineno, ast.get_source_segment(text, node))
                  for node in found)


def test_no_code_raises_a_bare_status_class():
    offenders = {
        str(path.relative_to(SOURCE.parent)): uses
        for path in sorted(SOURCE.rglob('*.py'))
        if path != SOURCE / 'common' / 'exceptions.py'
        for uses in [bare_base_uses(path)] if uses}
    assert offenders == {}


def test_the_scan_finds_bare_raises(tmp_path):
    sample = tmp_path / 'sample.py'
    sample.write_text(
        'from tacker.common import exceptions as exc\n'
        'from tacker.common.exceptions import Conflict\n'
        'raise exc.BadRequest("free text")\n'
        'raise Conflict\n'
        'error = exc.TackerException("free").to_problem_details()\n'
        'raise exc.VimInUse(id=1, instance_id=2)\n'
        'unexpected = exc.TackerException()\n')
    assert [line for line, _ in bare_base_uses(sample)] == [3, 4, 5]


CLASSES = [cls for _, cls in inspect.getmembers(exceptions, inspect.isclass)
           if issubclass(cls, exceptions.TackerException)]


@pytest.mark.parametrize('cls', [cls for cls in CLASSES
                                 if cls.__name__ not in BASES],
                         ids=lambda cls: cls.__name__)
def test_each_named_class_says_what_differs_from_its_parent(cls):
    """A message template or a status of its own: a subclass that
    changes neither would name no condition of its own."""
    assert {'message', 'status'} & set(vars(cls))
