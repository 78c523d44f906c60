"""The child process of ``coordination.coordinate``: ``python -m`` this
module.

It serves one request (``tacker.common.child_process.serve``)::

    {"package_dir", "path" (the script, resolved), "param"}

by running the script as Tacker's packages expect, ``python3 <script>``
in the package's folder with the pickled ``param`` on its stdin, and
answers {"result": {"returncode": N}}. The script's output goes to
stderr, whose tail the caller reports when it failed.
"""
import pickle
import subprocess
import sys

from tacker.common import child_process


def _call(request):
    completed = subprocess.run(
        [sys.executable, request['path']], cwd=request['package_dir'],
        input=pickle.dumps(request['param']), stdout=sys.stderr,
        check=False)
    return {'result': {'returncode': completed.returncode}}


if __name__ == '__main__':
    child_process.serve(_call)
