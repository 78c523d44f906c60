"""Secrets at rest: Fernet keys made private on first use, reused,
rotated; VIM and subscription secrets sealed and unsealed, masked and
kept out of VimConnectionInfo that is shown."""
import json
import os
import stat
import types

from cryptography import fernet
import pytest

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


OPENSTACK = {'id': 'a', 'vimType': 'ETSINFV.OPENSTACK_KEYSTONE.V_3',
             'accessInfo': {'username': 'u', 'password': 'pw-marker',
                            'region': 'R'}}


def test_seal_given_encrypts_every_secret_a_client_sent(conf):
    looks_sealed = dict(OPENSTACK, id='b', accessInfo={
        'bearer_token': vim_secrets.SEALED + 'not-a-token'})
    entries = [OPENSTACK, looks_sealed, {'id': 'c', 'vimType': 'noop'}]

    sealed = vim_secrets.seal_given(conf, entries)

    assert 'pw-marker' not in json.dumps(sealed)
    assert 'not-a-token' not in json.dumps(sealed)
    assert sealed[0]['accessInfo']['region'] == 'R'
    assert sealed[2] == entries[2]
    assert vim_secrets.unseal(conf, sealed) == entries


def test_seal_leaves_sealed_secrets_and_seals_plain_ones(conf):
    sealed = vim_secrets.seal_given(conf, [OPENSTACK])

    assert vim_secrets.seal(conf, sealed) == sealed
    assert vim_secrets.unseal(conf, vim_secrets.seal(conf, [OPENSTACK])) \
        == [OPENSTACK]
    # What was stored before sealing existed reads as it is.
    assert vim_secrets.unseal(conf, [OPENSTACK]) == [OPENSTACK]


def test_unsealing_without_the_key_names_the_vim(conf, key_dir):
    sealed = vim_secrets.seal_given(conf, [dict(OPENSTACK, vimId='v-1')])
    (key_dir / '1').write_bytes(fernet.Fernet.generate_key())

    with pytest.raises(exceptions.VimSecretUnreadable) as caught:
        vim_secrets.unseal(conf, sealed)
    assert 'v-1' in caught.value.detail


AUTHENTICATION = {
    'authType': ['BASIC', 'OAUTH2_CLIENT_CREDENTIALS'],
    'paramsBasic': {'userName': 'nfvo', 'password': 'basic-pw'},
    'paramsOauth2ClientCredentials': {
        'clientId': 'client', 'clientPassword': 'client-pw',
        'tokenEndpoint': 'http://nfvo/token'}}


def test_subscription_passwords_are_sealed_and_unsealed(conf):
    stored = vim_secrets.seal_authentication(conf, AUTHENTICATION)

    text = json.dumps(stored)
    assert 'basic-pw' not in text and 'client-pw' not in text
    assert stored['paramsBasic']['userName'] == 'nfvo'
    assert stored['paramsOauth2ClientCredentials']['clientId'] == 'client'
    assert vim_secrets.unseal_authentication(conf, 's-1', stored) == \
        AUTHENTICATION


def test_subscription_authentication_stored_plain_before_reads_as_is(
        conf, key_dir):
    assert vim_secrets.unseal_authentication(
        conf, 's-1', AUTHENTICATION) == AUTHENTICATION
    assert vim_secrets.seal_authentication(conf, None) is None
    assert vim_secrets.unseal_authentication(conf, 's-1', None) is None
    assert not key_dir.exists()


def test_subscription_secret_without_its_key_names_the_subscription(
        conf, key_dir):
    stored = vim_secrets.seal_authentication(conf, AUTHENTICATION)
    (key_dir / '1').write_bytes(fernet.Fernet.generate_key())

    with pytest.raises(exceptions.SubscriptionSecretUnreadable) as caught:
        vim_secrets.unseal_authentication(conf, 's-1', stored)
    assert 's-1' in caught.value.detail


def test_key_directory_is_private_whatever_the_umask(conf, key_dir):
    previous = os.umask(0o277)
    try:
        vim_secrets.seal_given(conf, [OPENSTACK])
    finally:
        os.umask(previous)

    assert mode(key_dir) == mode(key_dir.parent) == 0o700
    assert mode(key_dir / '1') == 0o600
