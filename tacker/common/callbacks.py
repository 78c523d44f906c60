"""HTTP calls to peers authenticated as SOL013 8.3 allows (BASIC or the
OAuth2 client-credentials grant): subscribers' callback URIs - the test
GET made when a subscription is created, and the POST of each
notification - and an external NFVO's Grant interface.

Peers are untrusted: every call goes through ``tacker.common.outbound``
(address policy, total deadline, size caps, no redirects), and what a
peer answered never reaches an API client: failures carry a short
classification, and the details go to the log. Each call takes ``conf``
(for the address policy) and ``settings``, the config group whose
timeout, verify_tls and ca_file apply ([notification] for subscribers,
[nfvo] for the NFVO).
"""
import json
import threading
import time

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


class _TokenCache:
    """OAuth2 client-credentials tokens shared by all deliveries of this
    process, so a busy subscriber does not cost a token request per
    notification."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}

    @staticmethod
    def _key(params):
        return (params['tokenEndpoint'], params['clientId'],
                params['clientPassword'])

    def get(self, params, client):
        key = self._key(params)
        with self._lock:
            token, expires_at = self._tokens.get(key, (None, 0))
        if token and time.monotonic() < expires_at:
            return token
        token, lifetime = _fetch_token(params, client)
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + lifetime)
        return token

    def forget(self, params):
        """Drop a token the subscriber refused (revoked before expiry)."""
        with self._lock:
            self._tokens.pop(self._key(params), None)


_TOKENS = _TokenCache()


class _ClientCredentialsAuth(requests.auth.AuthBase):
    """Sends ``Authorization: Bearer`` with a token obtained by the OAuth2
    client-credentials grant (RFC 6749 4.4), as SOL013 allows."""

    def __init__(self, params, client):
        self.params = params
        self.client = client

    def __call__(self, request):
        token = _TOKENS.get(self.params, self.client)
        request.headers['Authorization'] = 'Bearer %s' % token
        return request

    def forget_token(self):
        _TOKENS.forget(self.params)


def client(conf, settings):
    """An outbound client with the timeout and TLS settings of
    ``settings``."""
    verify = settings.verify_tls
    if verify and settings.ca_file:
        verify = settings.ca_file
    return outbound.Client(conf, settings.timeout, verify)


def auth_for(authentication, client):
    """What ``requests`` needs to authenticate to a subscriber, from a
    SOL013 SubscriptionAuthentication, or None.

    OAuth2 is preferred when both kinds are offered; TLS_CERT is not
    supported and gives no authentication.
    """
    auth_types = (authentication or {}).get('authType') or []
    if 'OAUTH2_CLIENT_CREDENTIALS' in auth_types:
        return _ClientCredentialsAuth(
            authentication['paramsOauth2ClientCredentials'], client)
    if 'BASIC' in auth_types:
        params = authentication['paramsBasic']
        return requests.auth.HTTPBasicAuth(params['userName'],
                                           params['password'])
    return None


def check_callback(uri, authentication, conf):
    """The SOL013 test of a new subscription's callback URI: a GET that
    must answer 204 No Content.

    The client learns only that the check failed (or that the address
    is not permitted), not whether the peer refused, timed out or
    answered otherwise: the API must not serve as a port scanner.

    :raises: CallbackAddressDenied, CallbackCheckFailed.
    """
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
    if answer.status_code == 401 and isinstance(
            auth, _ClientCredentialsAuth):
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


def _fetch_token(params, client):
    """Obtain a token by the client-credentials grant, the client
    authenticating with HTTP Basic (RFC 6749 2.3.1).

    :returns: the token and the seconds it may be cached.
    :raises: DeliveryFailed when no token was granted.
    """
    endpoint = params['tokenEndpoint']
    prefix = 'token endpoint: '
    try:
        answer = client.request(
            'POST', endpoint, headers=ACCEPT_JSON,
            data={'grant_type': 'client_credentials'},
            auth=(params['clientId'], params['clientPassword']))
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
