"""The child process of ``user_data.run``: ``python -m`` this module.

It serves one request (``tacker.common.child_process.serve``)::

    {"package_dir", "path" (the script, resolved), "script" (as the
     request named it), "class_name", "method",
     "args": [base_hot_dict, vnfd_dict, inst_req_info, grant_info]}

with the envelope {"result": {...}} or {"error": kind, "detail": ...}.
The script never sees the answer's stdout, so its prints (Python's or a
C library's) cannot corrupt it.
"""
import importlib.machinery
import importlib.util
import inspect
import os
import pathlib
import re
import sys
import traceback

import yaml

import tacker
from tacker.common import child_process
from tacker.vnfm.lcm_user_data import abstract_user_data

_FALLBACK_MODULE = '_tacker_lcm_user_data'
_TACKER_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(
    tacker.__file__)))
# Python 3.11 underlines the failing expression with lines of ^ and ~.
_CARETS = re.compile(r'^\s*[~^]+\s*$')


class _Record(dict):
    """A SOL structure as a dict (camelCase keys) that also answers the
    snake_case attributes of Tacker's objects, ``req.ext_virtual_links``,
    so scripts written against those objects run unchanged. Unset fields
    read as None, as the objects' defaults do."""

    __slots__ = ()

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        head, *rest = name.split('_')
        camel = head + ''.join(part[:1].upper() + part[1:] for part in rest)
        return self[camel] if camel in self else self.get(name)


# Scripts may yaml.safe_dump what they were given.
yaml.SafeDumper.add_representer(_Record, yaml.SafeDumper.represent_dict)


def _call(request):
    package_dir, path = request['package_dir'], request['path']
    os.chdir(package_dir)
    # Appended, so that nothing in the package shadows tacker or the
    # standard library; the script's own directory serves `import helper`.
    for directory in (package_dir, os.path.dirname(path)):
        if directory not in sys.path:
            sys.path.append(directory)
    try:
        module = _load(path, _module_name(request['script'], path))
    except BaseException as exc:
        return _failure(exc, package_dir)
    klass = getattr(module, request['class_name'], None)
    if not inspect.isclass(klass):
        return {'error': 'class_missing'}
    method = getattr(klass, request['method'], None)
    if not callable(method) or method is getattr(
            abstract_user_data.AbstractUserData, request['method'], None):
        return {'error': 'no_hook'}
    base_hot_dict, vnfd_dict, inst_req_info, grant_info = request['args']
    try:
        result = method(base_hot_dict, vnfd_dict, _record(inst_req_info),
                        _record(grant_info))
    except BaseException as exc:
        return _failure(exc, package_dir)
    if not isinstance(result, dict):
        return {'error': 'not_dict', 'detail': type(result).__name__}
    return {'result': result}


def _module_name(script, path):
    """Dotted like the script's path in the package (UserData.lcm), as
    Tacker imports it, so that relative imports work; a fixed name when
    that name would import something else (json.py) or is no name."""
    parts = pathlib.PurePosixPath(script).with_suffix('').parts
    if parts and all(part.isidentifier() for part in parts):
        name = '.'.join(parts)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec and spec.origin and os.path.exists(spec.origin) and (
                os.path.samefile(spec.origin, path)):
            return name
    return _FALLBACK_MODULE


def _load(path, name):
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def _failure(exc, package_dir):
    """The traceback of the script's failure, without the frames of this
    module and of the import machinery, nor the caret lines under code,
    and with paths relative to the package or to tacker's directory (a
    client sees it in ProblemDetails)."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if frame.filename != __file__
              and not frame.filename.startswith('<frozen ')]
    text = ''.join(['Traceback (most recent call last):\n']
                   + traceback.format_list(frames)
                   + traceback.format_exception_only(type(exc), exc))
    for root in (package_dir, _TACKER_ROOT):
        text = text.replace(root + os.sep, '')
    return {'error': 'failed', 'detail': '\n'.join(
        line for line in text.splitlines() if not _CARETS.match(line))}


def _record(value):
    if isinstance(value, dict):
        return _Record((key, _record(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_record(item) for item in value]
    return value


if __name__ == '__main__':
    child_process.serve(_call)
