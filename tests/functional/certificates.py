"""A test CA and the certificates it issues (servers, clients), made with
cryptography: for the tests of TLS, inbound and outbound."""
import datetime
import ipaddress

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509 import oid


class CertificateAuthority:
    """A self-signed CA in ``directory`` (``file``: its certificate) that
    issues certificates."""

    def __init__(self, directory, name):
        self.directory = directory
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME,
                                                  name)])
        self.certificate = self._builder(self.name, self.key).add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=True,
        ).add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=False,
                          key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=True,
                          crl_sign=True, encipher_only=False,
                          decipher_only=False), critical=True,
        ).sign(self.key, hashes.SHA256())
        self.file = self._write(name + '.pem', self.certificate)

    def issue(self, name, usage, addresses=()):
        """A certificate for ``usage`` (an ExtendedKeyUsageOID) whose
        subjectAltName lists ``addresses`` (IPs and DNS names): the paths
        of its certificate and key files."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME,
                                                name)])
        builder = self._builder(subject, key).add_extension(
            x509.BasicConstraints(ca=False, path_length=None),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        if addresses:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [_general_name(address) for address in addresses]),
                critical=False)
        certificate = builder.sign(self.key, hashes.SHA256())
        key_file = self.directory / (name + '.key')
        key_file.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        return str(self._write(name + '.pem', certificate)), str(key_file)

    def _builder(self, subject, key):
        now = datetime.datetime.now(datetime.timezone.utc)
        return x509.CertificateBuilder().subject_name(subject).issuer_name(
            self.name).public_key(key.public_key()).serial_number(
            x509.random_serial_number()).not_valid_before(
            now - datetime.timedelta(minutes=5)).not_valid_after(
            now + datetime.timedelta(days=1)).add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.key.public_key()), critical=False)

    def _write(self, file_name, certificate):
        path = self.directory / file_name
        path.write_bytes(certificate.public_bytes(
            serialization.Encoding.PEM))
        return path


def _general_name(address):
    try:
        return x509.IPAddress(ipaddress.ip_address(address))
    except ValueError:
        return x509.DNSName(address)
