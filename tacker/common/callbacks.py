"""HTTP calls to peers authenticated as SOL013 8.3.4 allows: subscribers'
callback URIs - the test GET made when a subscription is created, and
the POST of each notification - and an external NFVO's Grant interface.

A peer may ask for HTTP Basic, for an OAuth2 token obtained by the
client-credentials grant (the client authenticated by a secret, or by
Tacker's TLS client certificate: RFC 8705, SOL013 v3.5.1's
OAUTH2_CLIENT_CERT), or for mutual TLS alone (TLS_CERT). Tacker presents
the client certificate its settings name to every peer that asks for
one.

Peers are untrusted: every call goes through ``tacker.common.outbound``
(address policy, total deadline, size caps, no redirects), and what a
peer answered never reaches an API client: failures carry a short
classification, and the details go to the log. Each call takes ``conf``
(for the address policy) and ``settings``, the config group whose
timeout, verify_tls, ca_file, client_cert_file and client_key_file apply
([notification] for subscribers, [nfvo] for the NFVO).
"""
import base64
import collections
import json
import threading
import time

from cryptography.hazmat.primitives import hashes
from cryptography import x509
from oslo_log import log as logging
import requests

from tacker.common import exceptions
from tacker.common import outbound

LOG = logging.getLogger(__name__)

TOKEN_BODY_LIMIT = 64 * 1024
# A cached token is renewed this many seconds before the expiry the token
# endpoint announced, so it does not lapse while a request is on its way.
TOKEN_EXPIRY_MARGIN = 30
# Lifetime assumed for a token whose endpoint does not say (RFC 6749 5.1
# makes expires_in optional).
TOKEN_DEFAULT_LIFETIME = 300
ACCEPT_JSON = {'Accept': 'application/json'}
POST_JSON = {'Accept': 'application/json',
             'Content-Type': 'application/json'}
# The SOL013 8.3.4 authTypes, the one Tacker uses first of those a peer
# accepts. A token is short-lived and a certificate's key never leaves
# Tacker, while Basic sends the password in every request: so OAuth2
# first (with the certificate rather than a secret), then mutual TLS, and
# Basic last.
AUTH_PREFERENCE = ('OAUTH2_CLIENT_CERT', 'OAUTH2_CLIENT_CREDENTIALS',
                   'TLS_CERT', 'BASIC')
# Those usable only when Tacker has a client certificate to present.
NEEDS_CLIENT_CERT = frozenset(('OAUTH2_CLIENT_CERT', 'TLS_CERT'))
CLIENT_CREDENTIALS = (('grant_type', 'client_credentials'),)


class DeliveryFailed(Exception):
    """A peer (or its token endpoint) could not be reached or did not
    accept. ``reason`` is a classification that quotes nothing the peer
    sent; ``detail`` is for the log; ``denied`` says the address policy
    refused the peer's address."""

    def __init__(self, reason, detail=None, denied=False):
        self.reason = reason
        self.detail = detail or reason
        self.denied = denied
        super().__init__(reason)

    @classmethod
    def of(cls, error, prefix=''):
        """From an ``outbound.OutboundError``."""
        return cls(prefix + error.reason, prefix + error.detail,
                   isinstance(error, outbound.AddressDenied))


class _Grant(collections.namedtuple('_Grant',
                                    'endpoint form credentials')):
    """A token request by the OAuth2 client-credentials grant (RFC 6749
    4.4): the ``form`` POSTed to ``endpoint``, with the client's HTTP
    Basic ``credentials`` (2.3.1), or None when its TLS client
    certificate authenticates it (RFC 8705 2.1)."""

    @classmethod
    def with_secret(cls, params):
        """From paramsOauth2ClientCredentials."""
        return cls(params['tokenEndpoint'], CLIENT_CREDENTIALS,
                   (params['clientId'], params['clientPassword']))

    @classmethod
    def with_certificate(cls, params):
        """From paramsOauth2ClientCert: RFC 8705 2.1 names the client in
        the form, as upstream Tacker does with its clientId."""
        return cls(params['tokenEndpoint'],
                   CLIENT_CREDENTIALS + (('client_id', params['clientId']),),
                   None)


class _TokenCache:
    """OAuth2 tokens shared by all deliveries of this process, so a busy
    subscriber does not cost a token request per notification. A token
    is kept per grant and client certificate: an authorization server
    may bind it to the certificate (RFC 8705 3)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}

    def get(self, grant, client):
        key = (grant, client.cert)
        with self._lock:
            token, expires_at = self._tokens.get(key, (None, 0))
        if token and time.monotonic() < expires_at:
            return token
        token, lifetime = _fetch_token(grant, client)
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + lifetime)
        return token

    def forget(self, grant, client):
        """Drop a token the subscriber refused (revoked before expiry)."""
        with self._lock:
            self._tokens.pop((grant, client.cert), None)


_TOKENS = _TokenCache()


class _BearerAuth(requests.auth.AuthBase):
    """Sends ``Authorization: Bearer`` with a token ``grant`` obtains,
    as SOL013 allows."""

    def __init__(self, grant, client):
        self.grant = grant
        self.client = client

    def __call__(self, request):
        token = _TOKENS.get(self.grant, self.client)
        request.headers['Authorization'] = 'Bearer %s' % token
        return request

    def forget_token(self):
        _TOKENS.forget(self.grant, self.client)


def client_certificate(settings):
    """The TLS client certificate of ``settings`` as requests takes it:
    the certificate and key files, the certificate file alone when it
    holds the key too, or None when none is configured."""
    if not settings.client_cert_file:
        return None
    if settings.client_key_file:
        return settings.client_cert_file, settings.client_key_file
    return settings.client_cert_file


def client(conf, settings):
    """An outbound client with the timeout, TLS settings and client
    certificate of ``settings``."""
    verify = settings.verify_tls
    if verify and settings.ca_file:
        verify = settings.ca_file
    return outbound.Client(conf, settings.timeout, verify,
                           cert=client_certificate(settings))


def auth_type(authentication, cert):
    """The authType Tacker authenticates with of those a SOL013
    SubscriptionAuthentication accepts, in the order of AUTH_PREFERENCE:
    OAUTH2_CLIENT_CERT, OAUTH2_CLIENT_CREDENTIALS, TLS_CERT, BASIC. The
    two that need a certificate are passed over when ``cert`` (as
    ``client_certificate`` gives it) is None. None when none is left."""
    accepted = _accepted(authentication)
    return next((kind for kind in AUTH_PREFERENCE if kind in accepted and (
        cert or kind not in NEEDS_CLIENT_CERT)), None)


def _accepted(authentication):
    """The authTypes of a SubscriptionAuthentication, or none."""
    return (authentication or {}).get('authType') or ()


def auth_for(authentication, client):
    """What ``requests`` needs to authenticate to a peer as
    ``authentication`` (a SOL013 SubscriptionAuthentication) asks, or
    None: with TLS_CERT, the certificate ``client`` presents is all."""
    chosen = auth_type(authentication, client.cert)
    if chosen == 'OAUTH2_CLIENT_CERT':
        return _BearerAuth(_Grant.with_certificate(
            authentication['paramsOauth2ClientCert']), client)
    if chosen == 'OAUTH2_CLIENT_CREDENTIALS':
        return _BearerAuth(_Grant.with_secret(
            authentication['paramsOauth2ClientCredentials']), client)
    if chosen == 'BASIC':
        params = authentication['paramsBasic']
        return requests.auth.HTTPBasicAuth(params['userName'],
                                           params['password'])
    return None


def thumbprint(cert_file):
    """The x5t#S256 (RFC 7515 4.1.8) of the first certificate of PEM file
    ``cert_file``: its DER's SHA-256, base64url without padding.

    :raises: ClientCertificateUnreadable.
    """
    try:
        with open(cert_file, 'rb') as pem:
            certificate = x509.load_pem_x509_certificate(pem.read())
    except (OSError, ValueError) as exc:
        LOG.error('Cannot read the client certificate %s: %s', cert_file,
                  exc)
        raise exceptions.ClientCertificateUnreadable()
    digest = certificate.fingerprint(hashes.SHA256())
    return base64.urlsafe_b64encode(digest).rstrip(b'=').decode()


def _check_authentication(authentication, settings):
    """Refuse a subscription that Tacker, with the client certificate of
    ``settings``, could not authenticate to as it asks.

    :raises: ClientCertificateNotConfigured when it accepts only
        authTypes that need a certificate and none is configured;
        ClientCertificateMismatch when its OAUTH2_CLIENT_CERT names
        another certificate; ClientCertificateUnreadable.
    """
    accepted = _accepted(authentication)
    cert = client_certificate(settings)
    if accepted and auth_type(authentication, cert) is None:
        raise exceptions.ClientCertificateNotConfigured(
            auth_types=', '.join(accepted))
    if cert and 'OAUTH2_CLIENT_CERT' in accepted:
        reference = authentication['paramsOauth2ClientCert'][
            'certificateRef']
        if reference['value'] != thumbprint(settings.client_cert_file):
            raise exceptions.ClientCertificateMismatch()


def check_callback(uri, authentication, conf):
    """The SOL013 test of a new subscription's callback URI: a GET that
    must answer 204 No Content.

    The client learns only that the check failed (or that the address
    is not permitted), not whether the peer refused, timed out or
    answered otherwise: the API must not serve as a port scanner.
    Before it, ``authentication`` is checked to be one Tacker can serve.

    :raises: CallbackAddressDenied, CallbackCheckFailed, and those of
        ``_check_authentication``.
    """
    _check_authentication(authentication, conf.notification)
    try:
        with request('GET', uri, conf, conf.notification, authentication,
                     headers=ACCEPT_JSON) as answer:
            if answer.status_code != 204:
                raise DeliveryFailed(status_error(answer), answer.describe())
    except DeliveryFailed as exc:
        LOG.info('Callback check of %s failed: %s', outbound.loggable(uri),
                 exc.detail)
        if exc.denied:
            raise exceptions.CallbackAddressDenied(uri=uri)
        raise exceptions.CallbackCheckFailed(uri=uri)


def post_notification(uri, payload, authentication, conf):
    """POST one notification; any 2xx answer means delivered.

    :raises: DeliveryFailed saying what went wrong.
    """
    with request('POST', uri, conf, conf.notification, authentication,
                 headers=POST_JSON, data=json.dumps(payload)) as answer:
        if not 200 <= answer.status_code < 300:
            raise DeliveryFailed(status_error(answer), answer.describe())


def request(method, uri, conf, settings, authentication=None, **kwargs):
    """A request authenticated as ``authentication`` (a SOL013
    SubscriptionAuthentication) asks; its ``outbound.Answer``, to read
    and close.

    :raises: DeliveryFailed when no answer came.
    """
    peer = client(conf, settings)
    auth = auth_for(authentication, peer)
    try:
        answer = peer.request(method, uri, auth=auth, **kwargs)
    except outbound.OutboundError as exc:
        raise DeliveryFailed.of(exc)
    if answer.status_code == 401 and isinstance(auth, _BearerAuth):
        auth.forget_token()
    return answer


def read(answer, limit):
    """The body of ``answer``, at most ``limit`` bytes.

    :raises: DeliveryFailed when it is larger, or does not arrive in
        time.
    """
    try:
        return answer.read(limit)
    except outbound.OutboundError as exc:
        raise DeliveryFailed.of(exc)


def _fetch_token(grant, client):
    """Obtain a token as ``grant`` says.

    :returns: the token and the seconds it may be cached.
    :raises: DeliveryFailed when no token was granted.
    """
    prefix = 'token endpoint: '
    try:
        answer = client.request('POST', grant.endpoint, headers=ACCEPT_JSON,
                                data=grant.form, auth=grant.credentials)
    except outbound.OutboundError as exc:
        raise DeliveryFailed.of(exc, prefix)
    with answer:
        if answer.status_code != 200:
            raise DeliveryFailed(prefix + status_error(answer),
                                 prefix + answer.describe())
        try:
            body = json.loads(answer.read(TOKEN_BODY_LIMIT))
            token = body['access_token']
            lifetime = float(body.get('expires_in', TOKEN_DEFAULT_LIFETIME))
            if not isinstance(token, str):
                raise TypeError(token)
        except outbound.OutboundError as exc:
            raise DeliveryFailed.of(exc, prefix)
        except (ValueError, TypeError, KeyError, AttributeError):
            raise DeliveryFailed(prefix + 'answered without an '
                                 'access_token')
    return token, max(lifetime - TOKEN_EXPIRY_MARGIN, 0)


def status_error(answer):
    """'answered HTTP <status>', quoting nothing of the body."""
    return 'answered HTTP %d' % answer.status_code
