"""The ssh mgmt driver against a real sshd of the test's own
(tests/functional/sshd.py): files uploaded, commands run, and how runs
that cannot succeed fail."""
import logging
import socket
import time
import types

import pytest
import yaml

from tacker.common import exceptions
from tacker.drivers.mgmt import base
from tacker.drivers.mgmt import ssh
from tests.functional import sshd as sshd_lib

CONF = types.SimpleNamespace()
PASSWORD = 'hunter2-not-for-logs'
# Slack on a run's own deadline for a loaded test machine.
MARGIN = 3


@pytest.fixture(scope='module')
def sshd(tmp_path_factory):
    with sshd_lib.PrivateSshd(tmp_path_factory.mktemp('sshd')) as server:
        yield server


def target(sshd, **credentials):
    return base.MgmtTarget('vnf-1', 'VDU1', '127.0.0.1', dict(
        {'username': sshd.username, 'private_key': sshd.private_key,
         'port': sshd.port}, **credentials))


def apply(target, **config):
    ssh.SshDriver(CONF).apply_config(target, yaml.safe_dump(config))


def failure(target, **config):
    """The MgmtFailed detail of applying ``config``, and how long that
    took."""
    start = time.monotonic()
    with pytest.raises(exceptions.MgmtFailed) as caught:
        apply(target, **config)
    return caught.value.detail, time.monotonic() - start


def test_files_are_uploaded_then_commands_run(sshd, tmp_path):
    config = tmp_path / 'firewall.conf'
    copy = tmp_path / 'applied.conf'

    apply(target(sshd), host_key=sshd.host_key,
          files={str(config): 'zone wan\n  input REJECT\n'},
          commands=['cp %s %s' % (config, copy),
                    'echo restarted >> %s' % copy])

    assert config.read_text() == 'zone wan\n  input REJECT\n'
    assert copy.read_text() == 'zone wan\n  input REJECT\nrestarted\n'


def test_the_connection_may_come_from_the_config(sshd, tmp_path):
    marker = tmp_path / 'marker'
    driver = ssh.SshDriver(CONF)
    config = yaml.safe_dump({
        'username': sshd.username, 'private_key': sshd.private_key,
        'port': sshd.port, 'commands': ['touch %s' % marker]})
    driver.validate_config(config)

    driver.apply_config(base.MgmtTarget('vnf-1', 'VDU1', '127.0.0.1'),
                        config)

    assert marker.exists()


def test_a_failing_command_stops_the_run_and_is_named(sshd, tmp_path):
    after = tmp_path / 'after'

    detail, _ = failure(target(sshd), commands=[
        'true', 'echo out; echo "uci: Parse error" >&2; exit 3',
        'touch %s' % after])

    assert detail == (
        'The ssh mgmt driver could not configure VDU VDU1 of VNF vnf-1: '
        'command \'echo out; echo "uci: Parse error" >&2; exit 3\' exited '
        'with status 3: uci: Parse error')
    assert not after.exists()


def test_a_failing_commands_output_is_quoted_by_its_end(sshd):
    detail, _ = failure(target(sshd), commands=[
        'seq 1 100000 >&2; exit 1'])

    assert detail.endswith('exited with status 1: ' + '\n'.join(
        str(n) for n in range(99991, 100001)))


def test_a_command_over_its_timeout_is_stopped(sshd):
    detail, seconds = failure(target(sshd), command_timeout=1,
                              commands=['sleep 30'])

    assert detail.endswith("command 'sleep 30' did not finish within 1 s")
    assert seconds < 1 + MARGIN


def test_the_whole_run_ends_at_its_deadline(sshd):
    detail, seconds = failure(target(sshd), deadline=2,
                              commands=['sleep 1', 'sleep 30'])

    assert detail.endswith('the deadline of 2 s passed')
    assert seconds < 2 + MARGIN


def test_an_upload_into_a_missing_directory_fails(sshd, tmp_path):
    path = tmp_path / 'missing' / 'file'

    detail, _ = failure(target(sshd), files={str(path): 'x'})

    assert detail.endswith('uploading %s failed: No such file' % path)


def test_a_wrong_key_is_refused_in_time(sshd, tmp_path):
    other_key = sshd_lib.keygen(tmp_path / 'other_key').read_text()

    detail, seconds = failure(
        target(sshd, private_key=other_key, password=PASSWORD),
        deadline=5, commands=['true'])

    assert detail.endswith('127.0.0.1 refused the credentials of %s'
                           % sshd.username)
    assert seconds < 5


def test_another_host_key_than_the_pinned_one_is_refused(sshd, tmp_path):
    other_host_key = sshd_lib.public_key(sshd_lib.keygen(
        tmp_path / 'other_host_key'))
    marker = tmp_path / 'marker'

    detail, _ = failure(target(sshd, host_key=other_host_key),
                        commands=['touch %s' % marker])

    assert detail.endswith(
        '127.0.0.1 presented another host key than host_key')
    assert not marker.exists()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_nothing_listening_fails_in_time(closed_port):
    nowhere = base.MgmtTarget('vnf-1', 'VDU1', '127.0.0.1', {
        'username': 'root', 'password': PASSWORD, 'port': closed_port})

    detail, seconds = failure(nowhere, commands=['true'])

    assert 'SSH to 127.0.0.1 failed' in detail
    assert seconds < MARGIN


def test_no_secret_reaches_the_log(sshd, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    other_key = sshd_lib.keygen(tmp_path / 'other_key').read_text()

    apply(target(sshd, password=PASSWORD), commands=['true'],
          files={str(tmp_path / 'f'): 'x'})
    with pytest.raises(exceptions.MgmtFailed):
        apply(target(sshd, private_key=other_key, password=PASSWORD),
              commands=['true'])

    assert 'Configured VDU VDU1 of VNF vnf-1' in caplog.text
    assert 'accepted unchecked' in caplog.text
    assert PASSWORD not in caplog.text
    for key in (sshd.private_key, other_key):
        for line in key.splitlines()[1:-1]:
            assert line not in caplog.text
