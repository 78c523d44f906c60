"""Secrets of VIMs: encrypted at rest, masked in answers, kept out of what
is stored about VNF instances.

The passwords and bearer tokens of registered VIMs are stored as Fernet
tokens made with the keys in ``[vim_keys] openstack``: one key per file,
named by a number. The highest number encrypts and every key decrypts,
so an operator rotates by adding a key with a higher number (old
secrets stay readable while their key is there). Only conductors use
the keys; the directory and its first key are made on first use, both
readable by their owner only.
"""
import os
import tempfile

from cryptography import fernet
from oslo_log import log as logging

from tacker.common import exceptions

LOG = logging.getLogger(__name__)

# Fields of a VIM's auth_cred and of VimConnectionInfo.accessInfo (SOL003
# v2.6.1 4.4.1.6) that hold secrets.
SECRET_FIELDS = ('password', 'bearer_token', 'client_secret')
MASK = '***'
# Marks a VimConnectionInfo secret stored encrypted (``seal``).
SEALED = 'fernet:'
FIRST_KEY = '1'


def _key_files(directory):
    """Paths of the key files, highest number first."""
    numbered = sorted(((int(name), name) for name in os.listdir(directory)
                       if name.isdigit()), reverse=True)
    return [os.path.join(directory, name) for _, name in numbered]


def _write_first_key(directory):
    """Create key ``1`` unless a concurrent process just did: the key is
    written to a private temporary file first and then linked under its
    name, so nobody ever reads a partial key."""
    fd, temporary = tempfile.mkstemp(dir=directory, prefix='.new-key-')
    try:
        with os.fdopen(fd, 'wb') as key_file:
            key_file.write(fernet.Fernet.generate_key())
            key_file.flush()
            os.fsync(key_file.fileno())
        try:
            os.link(temporary, os.path.join(directory, FIRST_KEY))
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def _read_key(path):
    if os.stat(path).st_mode & 0o077:
        LOG.warning('VIM key file %s is accessible to others than its '
                    'owner; it should be mode 0600', path)
    with open(path, 'rb') as key_file:
        try:
            return fernet.Fernet(key_file.read().strip())
        except ValueError:
            raise exceptions.TackerException(
                'VIM key file %s does not hold a Fernet key.' % path)


def key_ring(directory):
    """A MultiFernet over the keys in ``directory``, made (mode 0700) with
    a first key when missing or empty."""
    if not os.path.isdir(directory):
        os.makedirs(directory, mode=0o700, exist_ok=True)
        # makedirs leaves the umask's mark on the mode.
        os.chmod(directory, 0o700)
    paths = _key_files(directory)
    if not paths:
        _write_first_key(directory)
        paths = _key_files(directory)
    return fernet.MultiFernet([_read_key(path) for path in paths])


def encrypt(conf, auth_cred):
    """``auth_cred`` with each secret replaced by its Fernet token."""
    secrets = [field for field in SECRET_FIELDS if auth_cred.get(field)]
    if not secrets:
        return dict(auth_cred)
    keys = key_ring(conf.vim_keys.openstack)
    return dict(auth_cred, **{
        field: keys.encrypt(auth_cred[field].encode()).decode()
        for field in secrets})


def decrypt(conf, vim_id, auth_cred):
    """The stored ``auth_cred`` of VIM ``vim_id`` in plain text.

    :raises: VimSecretUnreadable when no key decrypts a secret.
    """
    secrets = [field for field in SECRET_FIELDS if auth_cred.get(field)]
    if not secrets:
        return dict(auth_cred)
    directory = conf.vim_keys.openstack
    keys = key_ring(directory)
    try:
        return dict(auth_cred, **{
            field: keys.decrypt(auth_cred[field].encode()).decode()
            for field in secrets})
    except fernet.InvalidToken:
        raise exceptions.VimSecretUnreadable(id=vim_id, directory=directory)


def mask(auth_cred):
    """``auth_cred`` as the API shows it: each secret as ``***``."""
    return {field: MASK if field in SECRET_FIELDS else value
            for field, value in (auth_cred or {}).items()}


def has_secret(vim_connection):
    """Whether a VimConnectionInfo carries a secret of its own."""
    access = vim_connection.get('accessInfo') or {}
    return any(access.get(field) for field in SECRET_FIELDS)


def without_secrets(vim_connections):
    """VimConnectionInfo entries fit to store and show: accessInfo
    without its secrets."""
    return [dict(entry, accessInfo={
        field: value for field, value in entry['accessInfo'].items()
        if field not in SECRET_FIELDS}) if entry.get('accessInfo') else entry
        for entry in vim_connections]


def seal(conf, vim_connections):
    """VimConnectionInfo entries fit to store: the secrets a client gave
    in accessInfo (not from a registered VIM) encrypted, so later
    operations on the instance can still reach its VIM."""
    keys = None
    sealed = []
    for entry in vim_connections:
        access = entry.get('accessInfo') or {}
        secrets = [field for field in SECRET_FIELDS if isinstance(
            access.get(field), str) and not access[field].startswith(
                SEALED)]
        if secrets:
            keys = keys or key_ring(conf.vim_keys.openstack)
            entry = dict(entry, accessInfo=dict(access, **{
                field: SEALED + keys.encrypt(access[field].encode()).decode()
                for field in secrets}))
        sealed.append(entry)
    return sealed


def unseal(conf, vim_connections):
    """The entries ``seal`` stored, with their secrets in plain text.

    :raises: VimSecretUnreadable when no key decrypts a secret.
    """
    keys = None
    plain = []
    for entry in vim_connections:
        access = entry.get('accessInfo') or {}
        secrets = [field for field in SECRET_FIELDS if isinstance(
            access.get(field), str) and access[field].startswith(SEALED)]
        if secrets:
            keys = keys or key_ring(conf.vim_keys.openstack)
            try:
                entry = dict(entry, accessInfo=dict(access, **{
                    field: keys.decrypt(
                        access[field][len(SEALED):].encode()).decode()
                    for field in secrets}))
            except fernet.InvalidToken:
                raise exceptions.VimSecretUnreadable(
                    id=entry.get('vimId') or entry.get('id'),
                    directory=conf.vim_keys.openstack)
        plain.append(entry)
    return plain
