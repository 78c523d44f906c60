"""The mgmt drivers without a VDU: loading, the noop driver, and what the
ssh driver accepts as a config (its runs against a real sshd:
tests/functional/test_mgmt_ssh.py)."""
import textwrap
import types

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization
import pytest
from stevedore import extension
import yaml

from tacker.common import exceptions
from tacker.drivers import mgmt
from tacker.drivers.mgmt import base
from tacker.drivers.mgmt import noop
from tacker.drivers.mgmt import ssh

CONF = types.SimpleNamespace()
PASSWORD = 'hunter2-not-for-logs'


def key_pair(passphrase=None):
    """An Ed25519 private key in OpenSSH form and its public key as
    known_hosts has it."""
    key = ed25519.Ed25519PrivateKey.generate()
    encryption = serialization.BestAvailableEncryption(passphrase) \
        if passphrase else serialization.NoEncryption()
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.OpenSSH,
                                encryption).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    return private, public


def target(address='127.0.0.1', **credentials):
    return base.MgmtTarget('vnf-1', 'VDU1', address, credentials)


def test_stevedore_loads_every_mgmt_driver():
    names = extension.ExtensionManager(mgmt.NAMESPACE).names()
    assert sorted(names) == ['noop', 'ssh', 'vnf_script']
    for name in names:
        assert isinstance(mgmt.load(name, CONF), base.MgmtDriver)


def test_an_unknown_mgmt_driver_is_refused_by_name():
    with pytest.raises(exceptions.NoDriver) as caught:
        mgmt.load('openwrt', CONF)
    assert caught.value.detail == 'no mgmt driver for mgmt_driver openwrt'


def test_noop_accepts_any_config_and_does_nothing():
    driver = noop.NoopDriver(CONF)
    for config in (None, '', 'param0: key1', '{not yaml'):
        driver.validate_config(config)
        driver.apply_config(target('not an address'), config)


def test_a_targets_credentials_stay_out_of_its_repr():
    text = repr(target(password=PASSWORD))
    assert 'VDU1' in text
    assert PASSWORD not in text


def test_ssh_config_with_every_key_is_valid():
    private, public = key_pair()
    ssh.SshDriver(CONF).validate_config(yaml.safe_dump({
        'username': 'root', 'password': PASSWORD, 'private_key': private,
        'port': 2222, 'host_key': public, 'command_timeout': 5,
        'deadline': 30.5, 'files': {'/etc/motd': 'hello\n'},
        'commands': ['uci commit', '/etc/init.d/firewall restart']}))


def test_ssh_config_may_be_the_mapping_itself():
    assert ssh.parse_config({'commands': ['ls']})['commands'] == ['ls']
    with pytest.raises(ValueError, match='config must be YAML text'):
        ssh.parse_config(['ls'])


def test_ssh_config_defaults():
    assert ssh.parse_config(None) == ssh.parse_config('  \n') == {
        'port': 22, 'command_timeout': 60, 'deadline': 300, 'files': {},
        'commands': []}


@pytest.mark.parametrize('config, reason', [
    ('{not yaml', 'config is not YAML (line 1)'),
    ('- a list', 'config must be a mapping'),
    ('param0: key1', 'unknown keys param0 in config'),
    ('port: 0', 'port must be an integer from 1 to 65535'),
    ('port: "22"', 'port must be an integer'),
    ('username: ""', 'username must be a non-empty'),
    ('username: "a\\nb"', 'username must be a non-empty printable'),
    ('command_timeout: 0', 'command_timeout must be a number of seconds'),
    ('deadline: 3601', 'deadline must be a number of seconds from 1'),
    ('files: [/etc/x]', 'files must be a mapping'),
    ('files: {etc/x: y}', "file path 'etc/x' is not absolute"),
    ('files: {/etc/x: 1}', 'the content of /etc/x must be text'),
    ('commands: ls', 'commands must be a list'),
    ('commands: [ls, ""]', 'a command must be a non-empty string'),
    ('commands: [[ls]]', 'a command must be a non-empty string'),
    ('host_key: ssh-ed25519 bm90IGEga2V5', 'host_key must be a public key'),
    ('host_key: AAAA', 'host_key must be a public key'),
    ('host_key: ssh-ed25519 @@@', 'host_key must be a public key'),
])
def test_ssh_config_that_cannot_work_is_refused(config, reason):
    with pytest.raises(ValueError) as caught:
        ssh.SshDriver(CONF).validate_config(config)
    assert reason in str(caught.value)


def test_ssh_too_many_commands_are_refused():
    with pytest.raises(ValueError, match='at most 100 commands'):
        ssh.parse_config(yaml.safe_dump({'commands': ['true'] * 101}))


@pytest.mark.parametrize('private_key', [
    'not a key', key_pair(passphrase=b'secret')[0]])
def test_ssh_private_key_unusable_is_refused_without_quoting_it(
        private_key):
    config = 'private_key: |\n' + textwrap.indent(private_key, '  ')
    with pytest.raises(ValueError) as caught:
        ssh.SshDriver(CONF).validate_config(config)
    assert 'private_key is not an unencrypted' in str(caught.value)
    assert private_key.strip().splitlines()[-1] not in str(caught.value)


def test_ssh_config_with_nothing_to_do_reaches_no_vdu():
    ssh.SshDriver(CONF).apply_config(target('not an address'),
                                     'username: root')


@pytest.mark.parametrize('config, credentials, reason', [
    ('commands: [ls', {}, 'config is not YAML'),
    ('commands: [ls]', {'port': 'x'}, 'port must be an integer'),
    ('commands: [ls]', {'files': {}}, 'unknown keys files in the credentials'),
    ('commands: [ls]', {'password': PASSWORD}, 'no username'),
    ('{username: root, commands: [ls]}', {}, 'neither a password nor'),
])
def test_ssh_apply_refuses_what_cannot_work_before_connecting(
        config, credentials, reason):
    with pytest.raises(exceptions.MgmtFailed) as caught:
        ssh.SshDriver(CONF).apply_config(target(**credentials), config)
    assert caught.value.detail.startswith(
        'The ssh mgmt driver could not configure VDU VDU1 of VNF vnf-1: ')
    assert reason in caught.value.detail
    assert PASSWORD not in caught.value.detail


def test_ssh_apply_refuses_an_address_that_is_no_ip_literal():
    with pytest.raises(exceptions.MgmtFailed, match='is not an IP address'):
        ssh.SshDriver(CONF).apply_config(
            target('vdu.example', username='root', password=PASSWORD),
            'commands: [ls]')
