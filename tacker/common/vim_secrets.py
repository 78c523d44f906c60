"""Secrets Tacker keeps: encrypted at rest, masked in answers, kept out
of what is shown about VNF instances and subscriptions.

They are the passwords, bearer tokens and client secrets of registered
VIMs and of VimConnectionInfo a client sends inline, and the passwords
of subscriptions' SubscriptionAuthentication (SOL013 8.3). All are
stored as Fernet tokens made with the keys in ``[vim_keys] openstack``
(the group is named after its first use): one key per file, named by a
number. The highest number encrypts and every key decrypts, so an
operator rotates by adding a key with a higher number (old secrets stay
readable while their key is there). API servers seal what clients send
and conductors unseal it to call peers, so every host of either needs
the same keys; the directory and its first key are made on first use,
both readable by their owner only.
"""
import os
import tempfile

from cryptography import fernet
from oslo_log import log as logging

from tacker.common import exceptions
from tacker.common import private_paths

LOG = logging.getLogger(__name__)

# Fields of a VIM's auth_cred and of VimConnectionInfo.accessInfo (SOL003
# v2.6.1 4.4.1.6) that hold secrets.
SECRET_FIELDS = ('password', 'bearer_token', 'client_secret')
# Secret fields of each params object of SubscriptionAuthentication
# (SOL013 8.3.4).
AUTHENTICATION_SECRETS = {'paramsBasic': ('password',),
                          'paramsOauth2ClientCredentials': (
                              'clientPassword',)}
# Secret fields of the VNFC credentials a ChangeCurrentVnfPkgRequest's
# additionalParams.vdu_params give its coordination scripts.
VNFC_PARAM_SECRETS = ('password',)
VNFC_PARAMS = ('old_vnfc_param', 'new_vnfc_param')
MASK = '***'
# Marks a secret stored encrypted (``seal``). A stored value without it
# was written before Tacker sealed that kind of secret, and is plain.
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
            # mkstemp's 0600 is narrowed by the umask (0400 would do, but
            # the mode must not depend on who started the process).
            os.fchmod(key_file.fileno(), private_paths.FILE_MODE)
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
    if private_paths.open_to_others(path):
        LOG.warning('Key file %s is accessible to others than its owner; '
                    'it should be mode 0600', path)
    with open(path, 'rb') as key_file:
        try:
            return fernet.Fernet(key_file.read().strip())
        except ValueError:
            raise exceptions.InvalidSecretKey(path=path)


def key_ring(directory):
    """A MultiFernet over the keys in ``directory``, made (mode 0700) with
    a first key when missing or empty."""
    private_paths.make_dirs(directory)
    paths = _key_files(directory)
    if not paths:
        _write_first_key(directory)
        paths = _key_files(directory)
    return fernet.MultiFernet([_read_key(path) for path in paths])


class _Keys:
    """The key ring of ``conf``, read once and only when a secret needs
    it (what holds no secret needs no key directory)."""

    def __init__(self, conf):
        self._conf = conf
        self._ring = None

    @property
    def directory(self):
        return self._conf.vim_keys.openstack

    @property
    def ring(self):
        if self._ring is None:
            self._ring = key_ring(self.directory)
        return self._ring

    def seal(self, value):
        return SEALED + self.ring.encrypt(value.encode()).decode()

    def unseal(self, value):
        """:raises: fernet.InvalidToken when no key decrypts ``value``."""
        return self.ring.decrypt(value[len(SEALED):].encode()).decode()


def is_sealed(value):
    return isinstance(value, str) and value.startswith(SEALED)


def _sealed_fields(keys, mapping, fields, given):
    """``mapping`` with its string ``fields`` sealed: every one when a
    client ``given`` them (what a client sends is never taken for sealed),
    else those not sealed yet."""
    todo = [field for field in fields if isinstance(mapping.get(field), str)
            and (given or not is_sealed(mapping[field]))]
    if not todo:
        return mapping
    return dict(mapping, **{field: keys.seal(mapping[field])
                            for field in todo})


def _unsealed_fields(keys, mapping, fields):
    """:raises: fernet.InvalidToken"""
    todo = [field for field in fields if is_sealed(mapping.get(field))]
    if not todo:
        return mapping
    return dict(mapping, **{field: keys.unseal(mapping[field])
                            for field in todo})


def encrypt(conf, auth_cred):
    """A registered VIM's ``auth_cred`` with each secret replaced by its
    Fernet token (without the ``SEALED`` mark: VIM rows always held
    tokens)."""
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
        if field not in SECRET_FIELDS})
        if isinstance(entry, dict) and isinstance(entry.get('accessInfo'),
                                                  dict) else entry
        for entry in vim_connections]


def _seal_entries(conf, vim_connections, given):
    keys = _Keys(conf)
    return [dict(entry, accessInfo=_sealed_fields(
        keys, entry['accessInfo'], SECRET_FIELDS, given))
        if isinstance(entry, dict) and isinstance(entry.get('accessInfo'),
                                                  dict) else entry
        for entry in vim_connections]


def seal_given(conf, vim_connections):
    """VimConnectionInfo entries of a request, fit to store: every secret
    the client put in accessInfo encrypted, before anything is written,
    so later operations on the instance can still reach its VIM."""
    return _seal_entries(conf, vim_connections, given=True)


def seal(conf, vim_connections):
    """VimConnectionInfo entries fit to store: the secrets not sealed yet
    encrypted (those of an NFVO's grant, or of an operation an API of an
    older release stored as sent)."""
    return _seal_entries(conf, vim_connections, given=False)


def unseal(conf, vim_connections):
    """The entries ``seal`` stored, with their secrets in plain text.

    :raises: VimSecretUnreadable when no key decrypts a secret.
    """
    keys = _Keys(conf)
    plain = []
    for entry in vim_connections:
        if isinstance(entry, dict) and isinstance(entry.get('accessInfo'),
                                                  dict):
            try:
                entry = dict(entry, accessInfo=_unsealed_fields(
                    keys, entry['accessInfo'], SECRET_FIELDS))
            except fernet.InvalidToken:
                raise exceptions.VimSecretUnreadable(
                    id=entry.get('vimId') or entry.get('id'),
                    directory=keys.directory)
        plain.append(entry)
    return plain


def _vdu_params_with(additional_params, change):
    """``additional_params`` with ``change(vnfc_param)`` applied to each
    old_vnfc_param and new_vnfc_param of its vdu_params."""
    vdu_params = (additional_params or {}).get('vdu_params')
    if not isinstance(vdu_params, list):
        return additional_params
    return dict(additional_params, vdu_params=[
        dict(entry, **{key: change(entry[key]) for key in VNFC_PARAMS
                       if isinstance(entry.get(key), dict)})
        if isinstance(entry, dict) else entry for entry in vdu_params])


def seal_vdu_params(conf, additional_params):
    """A change_vnfpkg's additionalParams fit to store: the VNFC
    passwords of its vdu_params encrypted."""
    keys = _Keys(conf)
    return _vdu_params_with(additional_params, lambda param: (
        _sealed_fields(keys, param, VNFC_PARAM_SECRETS, True)))


def unseal_vdu_params(conf, additional_params):
    """The additionalParams ``seal_vdu_params`` stored, in plain text,
    for the coordination scripts.

    :raises: fernet.InvalidToken when no key decrypts a password.
    """
    keys = _Keys(conf)
    return _vdu_params_with(additional_params, lambda param: (
        _unsealed_fields(keys, param, VNFC_PARAM_SECRETS)))


def mask_vdu_params(additional_params):
    """additionalParams as the API shows them: VNFC passwords as
    ``***``."""
    return _vdu_params_with(additional_params, lambda param: {
        field: MASK if field in VNFC_PARAM_SECRETS else value
        for field, value in param.items()})


def seal_authentication(conf, authentication):
    """A new subscription's SubscriptionAuthentication fit to store: the
    client's password and client secret encrypted."""
    if not authentication:
        return authentication
    keys = _Keys(conf)
    return dict(authentication, **{
        params: _sealed_fields(keys, authentication[params], fields, True)
        for params, fields in AUTHENTICATION_SECRETS.items()
        if isinstance(authentication.get(params), dict)})


def unseal_authentication(conf, subscription_id, authentication):
    """The stored SubscriptionAuthentication of a subscription in plain
    text, to call its callback; one stored before Tacker sealed these is
    plain already.

    :raises: SubscriptionSecretUnreadable when no key decrypts a secret.
    """
    if not authentication:
        return authentication
    keys = _Keys(conf)
    try:
        return dict(authentication, **{
            params: _unsealed_fields(keys, authentication[params], fields)
            for params, fields in AUTHENTICATION_SECRETS.items()
            if isinstance(authentication.get(params), dict)})
    except fernet.InvalidToken:
        raise exceptions.SubscriptionSecretUnreadable(
            id=subscription_id, directory=keys.directory)


# The keys of a legacy VNF's mgmt config (the ssh driver's) that hold
# secrets.
CONFIG_SECRETS = ('password', 'private_key')


def seal_text(conf, text):
    """A legacy VNF's mgmt ``config`` (YAML text that may hold
    credentials) fit to store: encrypted whole."""
    return _Keys(conf).seal(text) if text else text


def unseal_text(conf, text):
    """The config ``seal_text`` stored, in plain text, for the mgmt
    drivers; one stored plain is returned as it is.

    :raises: fernet.InvalidToken when no key decrypts it.
    """
    return _Keys(conf).unseal(text) if is_sealed(text) else text


def mask_secrets(value):
    """``value`` (parsed YAML) with the values of CONFIG_SECRETS keys, at
    any depth, as ``***``."""
    if isinstance(value, dict):
        return {key: MASK if key in CONFIG_SECRETS else mask_secrets(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item) for item in value]
    return value
