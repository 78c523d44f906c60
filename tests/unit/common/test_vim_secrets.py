"""VIM secrets: Fernet keys made private on first use, reused, rotated;
secrets masked and kept out of VimConnectionInfo that is stored."""
import os
import stat
import types

import pytest
from cryptography import fernet

from tacker.common import exceptions
from tacker.common import vim_secrets

CRED = {'username': 'admin', 'password': 's3cret',
        'user_domain_name': 'Default'}


@pytest.fixture
def key_dir(tmp_path):
    return tmp_path / 'state' / 'vim' / 'fernet_keys'


@pytest.fixture
def conf(key_dir):
    return types.SimpleNamespace(
        vim_keys=types.SimpleNamespace(openstack=str(key_dir)))


@pytest.fixture
def open_umask():
    """A umask that would leave new files world-readable."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_use_creates_private_directory_and_key(conf, key_dir,
                                                     open_umask):
    stored = vim_secrets.encrypt(conf, CRED)

    assert os.listdir(key_dir) == ['1']
    assert mode(key_dir) == 0o700
    assert mode(key_dir / '1') == 0o600
    assert stored['password'] != 's3cret'
    assert {k: v for k, v in stored.items() if k != 'password'} == {
        'username': 'admin', 'user_domain_name': 'Default'}
    assert vim_secrets.decrypt(conf, 'vim-1', stored) == CRED


def test_existing_key_is_reused(conf, key_dir):
    first = vim_secrets.encrypt(conf, CRED)
    key = (key_dir / '1').read_bytes()

    second = vim_secrets.encrypt(conf, CRED)

    assert os.listdir(key_dir) == ['1']
    assert (key_dir / '1').read_bytes() == key
    assert first['password'] != second['password']
    assert fernet.Fernet(key).decrypt(
        second['password'].encode()) == b's3cret'


def test_rotation_encrypts_with_the_newest_key_and_reads_old_ones(
        conf, key_dir):
    old = vim_secrets.encrypt(conf, CRED)
    newest = fernet.Fernet.generate_key()
    (key_dir / '10').write_bytes(newest)
    (key_dir / '2').write_bytes(fernet.Fernet.generate_key())

    new = vim_secrets.encrypt(conf, CRED)

    assert fernet.Fernet(newest).decrypt(new['password'].encode()) == \
        b's3cret'
    assert vim_secrets.decrypt(conf, 'vim-1', old) == CRED
    os.unlink(key_dir / '1')
    assert vim_secrets.decrypt(conf, 'vim-1', new) == CRED
    with pytest.raises(exceptions.VimSecretUnreadable) as caught:
        vim_secrets.decrypt(conf, 'vim-1', old)
    assert 'vim-1' in caught.value.detail


def test_files_that_are_not_numbered_keys_are_ignored(conf, key_dir):
    key_dir.mkdir(parents=True)
    (key_dir / 'README').write_text('not a key')

    vim_secrets.encrypt(conf, CRED)

    assert sorted(os.listdir(key_dir)) == ['1', 'README']


def test_a_broken_key_file_is_named(conf, key_dir):
    key_dir.mkdir(parents=True)
    (key_dir / '1').write_text('garbage')

    with pytest.raises(exceptions.TackerException) as caught:
        vim_secrets.encrypt(conf, CRED)
    assert str(key_dir / '1') in caught.value.detail


def test_nothing_to_encrypt_needs_no_key(conf, key_dir):
    cred = {'username': 'admin'}

    assert vim_secrets.encrypt(conf, cred) == cred
    assert vim_secrets.decrypt(conf, 'vim-1', cred) == cred
    assert not key_dir.exists()


def test_mask_hides_passwords_and_tokens():
    assert vim_secrets.mask(dict(CRED, bearer_token='t', ssl_ca_cert='C')) \
        == {'username': 'admin', 'password': '***', 'bearer_token': '***',
            'user_domain_name': 'Default', 'ssl_ca_cert': 'C'}
    assert vim_secrets.mask(None) == {}


def test_without_secrets_keeps_all_but_the_secrets():
    entries = [
        {'id': 'a', 'vimId': 'v', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
         'interfaceInfo': {'endpoint': 'http://k/v3'},
         'accessInfo': {'username': 'u', 'password': 'p', 'region': 'R'}},
        {'id': 'b', 'vimType': 'kubernetes',
         'accessInfo': {'bearer_token': 't'}},
        {'id': 'c', 'vimType': 'noop'},
    ]

    stripped = vim_secrets.without_secrets(entries)

    assert stripped == [
        dict(entries[0], accessInfo={'username': 'u', 'region': 'R'}),
        dict(entries[1], accessInfo={}),
        entries[2]]
    assert entries[0]['accessInfo']['password'] == 'p'
    assert [vim_secrets.has_secret(entry) for entry in entries] == [
        True, True, False]
    assert not any(vim_secrets.has_secret(entry) for entry in stripped)
