"""The sandbox Kubernetes' self-signed certificate for ``--kubernetes-tls``:
valid for 127.0.0.1, localhost and the listening host (subjectAltName IP
and DNS entries, which clients check), kept in the store so that it
survives a restart with ``--state-file``, and written as a PEM file a
client verifies the server with (``ssl_ca_cert``)."""
import datetime
import ipaddress
import os
import ssl
import tempfile

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID

_META_KEY = 'kubernetes_tls'
VALID_DAYS = 365


def _names(host):
    names = {'localhost'}
    addresses = {ipaddress.ip_address('127.0.0.1')}
    try:
        addresses.add(ipaddress.ip_address(host))
    except ValueError:
        names.add(host)
    return sorted(names), sorted(addresses, key=str)


def _generate(host):
    key = ec.generate_private_key(ec.SECP256R1())
    names, addresses = _names(host)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                            'tacker-sandbox-kubernetes')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName(name) for name in names] +
            [x509.IPAddress(address) for address in addresses]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                       critical=True)
        .sign(key, hashes.SHA256()))
    return {'host': host,
            'certificate': certificate.public_bytes(
                serialization.Encoding.PEM).decode(),
            'key': key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()).decode()}


def server_context(store, host, ca_file):
    """An SSL context serving the (kept or new) certificate, which is
    also written to ``ca_file``."""
    with store.transaction():
        pair = store.get_meta(_META_KEY)
        if pair is None or pair.get('host') != host:
            pair = _generate(host)
            store.set_meta(_META_KEY, pair)
    with open(ca_file, 'w') as out:
        out.write(pair['certificate'])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # load_cert_chain reads files only; the key stays in a private one
    # for the moment it takes.
    with tempfile.TemporaryDirectory() as directory:
        key_file = os.path.join(directory, 'key.pem')
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, 'w') as out:
            out.write(pair['key'])
        context.load_cert_chain(ca_file, key_file)
    return context
