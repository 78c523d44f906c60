"""``tools/run.sh`` run twice on one run directory, the second time with
other ports: the new ports take effect and the sandbox VIMs registered by
the first run (Keystone+Heat, and its Kubernetes API as "sandbox-k8s")
are reached on their new ports (before, the first config was kept and
the VIM's old auth_url answered "Connection refused"). The Kubernetes API
is served over HTTPS and registered with its CA certificate, also when
an earlier run had registered it over plain HTTP (where kubectl never
sends its token)."""
import contextlib
import json
import os
import pathlib
import socket
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.functional import deployment

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN_SH = ROOT / 'tools' / 'run.sh'
K8S_TOKEN = 'sandbox-kubernetes-token'


@pytest.fixture
def run_dir(tmp_path):
    return tmp_path / 'run'


@pytest.fixture
def run_sh(run_dir):
    """``run_sh(port, sandbox_port, k8s_port)`` starts tools/run.sh on a
    run directory of its own and a RabbitMQ vhost of its own."""
    vhost = 'tacker-test-run-%s' % uuid.uuid4().hex[:12]
    env = dict(os.environ, TACKER_RUN_DIR=str(run_dir),
               TACKER_VENV=sys.prefix, TACKER_RABBIT_VHOST=vhost)

    def run(port, sandbox_port, k8s_port, command='start'):
        return subprocess.run(
            ['bash', str(RUN_SH), command], capture_output=True, text=True,
            timeout=300, env=dict(env, TACKER_PORT=str(port),
                                  TACKER_SANDBOX_PORT=str(sandbox_port),
                                  TACKER_SANDBOX_K8S_PORT=str(k8s_port)))

    yield run
    run(0, 0, 0, 'stop')
    deployment.rabbitmqctl('delete_vhost', vhost)


def sandbox_vim(url, name='sandbox'):
    [vim] = requests.get(url + '/v1.0/vims?name=' + name,
                         timeout=10).json()['vims']
    return vim


def kubectl_line(k8s_port, ca_file):
    return ('kubectl --server https://127.0.0.1:%d --certificate-authority '
            '%s --token %s get pods -A' % (k8s_port, ca_file, K8S_TOKEN))


def test_ports_changed_between_runs_take_effect(run_sh, run_dir):
    first, second = ([deployment.free_port() for _ in range(3)]
                     for _ in range(2))
    ca_file = run_dir / 'sandbox-k8s-ca.pem'
    done = run_sh(*first)
    assert done.returncode == 0, done.stderr
    assert kubectl_line(first[2], ca_file) in done.stdout
    url = 'http://127.0.0.1:%d' % first[0]
    vim_id = sandbox_vim(url)['id']
    k8s_vim_id = sandbox_vim(url, 'sandbox-k8s')['id']

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
    k8s_vim = sandbox_vim(url, 'sandbox-k8s')
    assert k8s_vim['id'] == k8s_vim_id
    assert k8s_vim['type'] == 'kubernetes'
    # One default of each type: CNFs need not name their VIM.
    assert vim['is_default'] and k8s_vim['is_default']
    assert k8s_vim['auth_url'] == 'https://127.0.0.1:%d' % second[2]
    assert k8s_vim['auth_cred']['ssl_ca_cert'] == ca_file.read_text()
    assert kubectl_line(second[2], ca_file) in done.stdout
    # The token is checked over TLS, verified with the stored CA
    # certificate.
    response = requests.put(
        '%s/v1.0/vims/%s' % (url, k8s_vim_id), timeout=60,
        json={'vim': {'auth_cred': {'bearer_token': K8S_TOKEN}}})
    assert response.status_code == 200, response.text
    # What kubectl does: HTTPS, verified with the CA file, and the token.
    response = requests.get(
        k8s_vim['auth_url'] + '/version', verify=str(ca_file), timeout=10,
        headers={'Authorization': 'Bearer ' + K8S_TOKEN})
    assert response.status_code == 200, response.text


def test_a_kubernetes_vim_registered_over_http_moves_to_https(run_sh,
                                                              run_dir):
    ports = [deployment.free_port() for _ in range(3)]
    done = run_sh(*ports)
    assert done.returncode == 0, done.stderr
    url = 'http://127.0.0.1:%d' % ports[0]
    k8s_vim_id = sandbox_vim(url, 'sandbox-k8s')['id']
    run_sh(*ports, command='stop')
    # What a run before HTTPS left: an http URL and no CA certificate;
    # UNREACHABLE, and a VIM monitor checking every second, so that
    # REACHABLE below is the conductor's verdict.
    with contextlib.closing(sqlite3.connect(
            run_dir / 'state' / 'tacker.sqlite')) as db, db:
        [auth_cred] = db.execute('SELECT auth_cred FROM vims WHERE id = ?',
                                 (k8s_vim_id,)).fetchone()
        auth_cred = json.loads(auth_cred)
        del auth_cred['ssl_ca_cert']
        db.execute('UPDATE vims SET auth_url = ?, auth_cred = ?, status = ? '
                   'WHERE id = ?', ('http://127.0.0.1:%d' % ports[2],
                                    json.dumps(auth_cred), 'UNREACHABLE',
                                    k8s_vim_id))
    with open(run_dir / 'tacker.conf', 'a') as conf:
        conf.write('\n[vim_monitor]\ninterval = 1\n')

    done = run_sh(*ports)
    assert done.returncode == 0, done.stderr
    k8s_vim = sandbox_vim(url, 'sandbox-k8s')
    assert k8s_vim['id'] == k8s_vim_id
    assert k8s_vim['auth_url'] == 'https://127.0.0.1:%d' % ports[2]
    assert k8s_vim['auth_cred']['ssl_ca_cert'] == \
        (run_dir / 'sandbox-k8s-ca.pem').read_text()
    deadline = time.monotonic() + 30
    while k8s_vim['status'] != 'REACHABLE' and time.monotonic() < deadline:
        time.sleep(0.5)
        k8s_vim = sandbox_vim(url, 'sandbox-k8s')
    assert k8s_vim['status'] == 'REACHABLE'


def test_a_port_in_use_is_named(run_sh):
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_sh(port, deployment.free_port(), deployment.free_port())
    assert done.returncode == 1
    assert 'port %d is in use by another program' % port in done.stderr
