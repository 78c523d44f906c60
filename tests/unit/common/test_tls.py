"""TLS as configured (``tacker.common.tls``): the context the API serves
HTTPS with, the refusal to start without a usable certificate, and the
warnings about peers whose certificates are not verified (VIM drivers'
``cert_verify`` too). tacker.api.server, which imports eventlet.wsgi, is
not imported here: it would spoil functional tests run in the same
session."""
import logging
import ssl

from oslo_config import cfg
import pytest

from tacker.common import tls
from tacker.conf import default
from tacker.conf import nfvo
from tacker.conf import notification
from tacker.drivers.vim import base as vim_base
from tests.unit.drivers import test_kubernetes_vim


@pytest.fixture
def conf():
    conf = cfg.ConfigOpts()
    default.register_opts(conf)
    notification.register_opts(conf)
    nfvo.register_opts(conf)
    conf([])
    return conf


@pytest.fixture
def served(conf, tmp_path):
    """``conf`` with use_ssl and a certificate and its key."""
    test_kubernetes_vim.self_signed(tmp_path, 'api')
    conf.set_override('use_ssl', True)
    conf.set_override('ssl_cert_file', str(tmp_path / 'api.crt'))
    conf.set_override('ssl_key_file', str(tmp_path / 'api.key'))
    return conf


def server_context(conf):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.configure_server(context, conf)
    return context


def refusal(conf, caplog):
    """The reason configure_server logs before it stops the process."""
    with pytest.raises(SystemExit) as stopped:
        server_context(conf)
    assert stopped.value.code == 1
    return caplog.text


def test_the_context_serves_tls_1_2_or_later_asking_no_certificate(served):
    context = server_context(served)
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_NONE


def test_ssl_ca_file_makes_clients_present_a_certificate(served, tmp_path):
    served.set_override('ssl_ca_file', str(tmp_path / 'api.crt'))
    assert server_context(served).verify_mode == ssl.CERT_REQUIRED


def test_use_ssl_without_a_key_file_refuses_to_start(served, caplog):
    served.clear_override('ssl_key_file')
    assert '[DEFAULT] use_ssl needs ssl_key_file' in refusal(served, caplog)


def test_a_missing_certificate_file_is_named(served, tmp_path, caplog):
    served.set_override('ssl_cert_file', str(tmp_path / 'none.crt'))
    assert ('[DEFAULT] ssl_cert_file %s cannot be read: No such file'
            % (tmp_path / 'none.crt')) in refusal(served, caplog)


def test_the_key_of_another_certificate_refuses_to_start(served, tmp_path,
                                                         caplog):
    test_kubernetes_vim.self_signed(tmp_path, 'other')
    served.set_override('ssl_key_file', str(tmp_path / 'other.key'))
    assert 'KEY_VALUES_MISMATCH' in refusal(served, caplog)


def test_a_ca_file_without_certificates_refuses_to_start(served, tmp_path,
                                                         caplog):
    served.set_override('ssl_ca_file', str(tmp_path / 'api.key'))
    reason = refusal(served, caplog)
    assert '[DEFAULT] ssl_ca_file %s: not usable for TLS' % (
        tmp_path / 'api.key') in reason


def test_each_kind_of_peer_not_verified_is_warned_about(conf, caplog):
    caplog.set_level(logging.WARNING)
    tls.warn_unverified_peers(conf)
    assert 'verify_tls' not in caplog.text
    conf.set_override('verify_tls', False, group='notification')
    tls.warn_unverified_peers(conf)
    assert '[notification] verify_tls = False' in caplog.text
    assert '[nfvo]' not in caplog.text
    conf.set_override('verify_tls', False, group='nfvo')
    tls.warn_unverified_peers(conf)
    assert '[nfvo] verify_tls = False' in caplog.text


def test_a_vim_not_verified_is_warned_about_once_per_endpoint(caplog):
    caplog.set_level(logging.WARNING)
    interface = {'endpoint': 'https://k8s.unverified.test:6443',
                 'cert_verify': False}
    for _ in range(2):
        with vim_base.tls_verify(interface) as verify:
            assert verify is False
    assert caplog.text.count('https://k8s.unverified.test:6443') == 1
    with vim_base.tls_verify({'cert_verify': True}) as verify:
        assert verify is True
    assert caplog.text.count('cert_verify false') == 1
