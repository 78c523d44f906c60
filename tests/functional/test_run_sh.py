"""``tools/run.sh`` run twice on one run directory, the second time with
other ports: the new ports take effect and the sandbox VIM registered by
the first run is reached on its new port (before, the first config was
kept and the VIM's old auth_url answered "Connection refused")."""
import os
import pathlib
import socket
import subprocess
import sys
import uuid

import pytest
import requests

from tests.functional import deployment

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN_SH = ROOT / 'tools' / 'run.sh'


@pytest.fixture
def run_sh(tmp_path):
    """``run_sh(port, sandbox_port)`` starts tools/run.sh on a run
    directory of its own and a RabbitMQ vhost of its own."""
    vhost = 'tacker-test-run-%s' % uuid.uuid4().hex[:12]
    env = dict(os.environ, TACKER_RUN_DIR=str(tmp_path / 'run'),
               TACKER_VENV=sys.prefix, TACKER_RABBIT_VHOST=vhost)

    def run(port, sandbox_port, command='start'):
        return subprocess.run(
            ['bash', str(RUN_SH), command], capture_output=True, text=True,
            timeout=300, env=dict(env, TACKER_PORT=str(port),
                                  TACKER_SANDBOX_PORT=str(sandbox_port)))

    yield run
    run(0, 0, 'stop')
    deployment.rabbitmqctl('delete_vhost', vhost)


def sandbox_vim(url):
    [vim] = requests.get(url + '/v1.0/vims?name=sandbox',
                         timeout=10).json()['vims']
    return vim


def test_ports_changed_between_runs_take_effect(run_sh):
    first, second = ([deployment.free_port() for _ in range(2)]
                     for _ in range(2))
    done = run_sh(*first)
    assert done.returncode == 0, done.stderr
    url = 'http://127.0.0.1:%d' % first[0]
    vim_id = sandbox_vim(url)['id']

    done = run_sh(*second)
    assert done.returncode == 0, done.stderr
    url = 'http://127.0.0.1:%d' % second[0]
    assert 'Tacker is running: %s/' % url in done.stdout
    with pytest.raises(requests.ConnectionError):
        requests.get('http://127.0.0.1:%d/' % first[0], timeout=10)
    vim = sandbox_vim(url)
    assert vim['id'] == vim_id
    assert vim['auth_url'] == \
        'http://127.0.0.1:%d/identity/v3' % second[1]
    # New credentials are checked against the VIM: the sandbox answers on
    # its new port.
    response = requests.put(
        '%s/v1.0/vims/%s' % (url, vim_id), timeout=60,
        json={'vim': {'auth_cred': {'password': 'devstack'}}})
    assert response.status_code == 200, response.text


def test_a_port_in_use_is_named(run_sh):
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_sh(port, deployment.free_port())
    assert done.returncode == 1
    assert 'port %d is in use by another program' % port in done.stderr
