"""Files and directories that only their owner may open: the SQLite
database, the Fernet key directory, the package store.

Modes are set explicitly rather than through ``mode=`` alone, which the
umask of whoever started the process may widen or narrow (a umask of
0277 would leave a database its own process cannot write).
"""
import os

DIR_MODE = 0o700
FILE_MODE = 0o600
# Permission bits that let others than the owner in.
OTHERS = 0o077


def make_dirs(path):
    """Create ``path`` and its missing parents, each mode 0700.

    Directories that exist are left as they are: they may be shared
    ones (``/var/lib``) or set up by the operator on purpose.
    """
    missing = []
    path = os.path.abspath(path)
    while not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, DIR_MODE)
        except FileExistsError:
            continue  # made by a concurrent process, mode 0700 too
        os.chmod(directory, DIR_MODE)


def create_file(path):
    """Create ``path`` empty with mode 0600 unless it exists.

    :returns: whether it was created here.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return True


def open_to_others(path):
    """Whether others than the owner may open ``path``."""
    return bool(os.stat(path).st_mode & OTHERS)
