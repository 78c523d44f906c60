"""HTTP calls to peers authenticated as SOL013 8.3 allows (BASIC or the
OAuth2 client-credentials grant): subscribers' callback URIs - the test
GET made when a subscription is created, and the POST of each
notification - and an external NFVO's Grant interface.

Peers are untrusted: only http(s) URIs are called, redirects are not
followed, and no more than a few KB of an error answer are read. Each
call takes ``settings``, the config group whose timeout, verify_tls and
ca_file apply ([notification] for subscribers, [nfvo] for the NFVO).
"""
import json
import threading
import time
import urllib.parse

import requests

from tacker.common import exceptions

SCHEMES = ('http', 'https')
ERROR_BODY_LIMIT = 1024
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
    accept; internal to Tacker, never shown to an API client as is."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


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

    def get(self, params, settings):
        key = self._key(params)
        with self._lock:
            token, expires_at = self._tokens.get(key, (None, 0))
        if token and time.monotonic() < expires_at:
            return token
        token, lifetime = _fetch_token(params, settings)
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

    def __init__(self, params, settings):
        self.params = params
        self.settings = settings

    def __call__(self, request):
        token = _TOKENS.get(self.params, self.settings)
        request.headers['Authorization'] = 'Bearer %s' % token
        return request

    def forget_token(self):
        _TOKENS.forget(self.params)


def auth_for(authentication, settings):
    """What ``requests`` needs to authenticate to a subscriber, from a
    SOL013 SubscriptionAuthentication, or None.

    OAuth2 is preferred when both kinds are offered; TLS_CERT is not
    supported and gives no authentication.
    """
    auth_types = (authentication or {}).get('authType') or []
    if 'OAUTH2_CLIENT_CREDENTIALS' in auth_types:
        return _ClientCredentialsAuth(
            authentication['paramsOauth2ClientCredentials'], settings)
    if 'BASIC' in auth_types:
        params = authentication['paramsBasic']
        return requests.auth.HTTPBasicAuth(params['userName'],
                                           params['password'])
    return None


def check_callback(uri, authentication, conf):
    """The SOL013 test of a new subscription's callback URI: a GET that
    must answer 204 No Content.

    :raises: CallbackCheckFailed saying what went wrong.
    """
    try:
        with request('GET', uri, conf.notification, authentication,
                     headers=ACCEPT_JSON) as response:
            if response.status_code != 204:
                raise exceptions.CallbackCheckFailed(
                    uri=uri, reason=status_error(response))
    except DeliveryFailed as exc:
        raise exceptions.CallbackCheckFailed(uri=uri, reason=exc.reason)


def post_notification(uri, payload, authentication, conf):
    """POST one notification; any 2xx answer means delivered.

    :raises: DeliveryFailed saying what went wrong.
    """
    with request('POST', uri, conf.notification, authentication,
                 headers=POST_JSON, data=json.dumps(payload)) as response:
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(status_error(response))


def request(method, uri, settings, authentication=None, **kwargs):
    """A request authenticated as ``authentication`` (a SOL013
    SubscriptionAuthentication) asks; the answer is streamed.

    :raises: DeliveryFailed when no answer came.
    """
    auth = auth_for(authentication, settings)
    response = _send(method, uri, settings, auth=auth, **kwargs)
    if response.status_code == 401 and isinstance(
            auth, _ClientCredentialsAuth):
        auth.forget_token()
    return response


def _send(method, uri, settings, **kwargs):
    """One request with the timeout and TLS settings of ``settings``; the
    answer is streamed so that the caller reads only what it needs.

    :raises: DeliveryFailed when no answer came.
    """
    _check_scheme(uri)
    try:
        return requests.request(
            method, uri, timeout=settings.timeout,
            verify=_verify(settings), allow_redirects=False, stream=True,
            **kwargs)
    except requests.RequestException as exc:
        raise DeliveryFailed(_describe(exc, settings.timeout))


def _fetch_token(params, settings):
    """Obtain a token by the client-credentials grant, the client
    authenticating with HTTP Basic (RFC 6749 2.3.1).

    :returns: the token and the seconds it may be cached.
    :raises: DeliveryFailed when no token was granted.
    """
    endpoint = params['tokenEndpoint']
    try:
        response = _send('POST', endpoint, settings, headers=ACCEPT_JSON,
                         data={'grant_type': 'client_credentials'},
                         auth=(params['clientId'], params['clientPassword']))
    except DeliveryFailed as exc:
        raise DeliveryFailed('token endpoint %s: %s' % (endpoint,
                                                        exc.reason))
    with response:
        if response.status_code != 200:
            raise DeliveryFailed('token endpoint %s %s' % (
                endpoint, status_error(response)))
        try:
            body = json.loads(read_bounded(response, TOKEN_BODY_LIMIT))
            token = body['access_token']
            lifetime = float(body.get('expires_in', TOKEN_DEFAULT_LIFETIME))
        except (ValueError, TypeError, KeyError):
            raise DeliveryFailed('token endpoint %s answered without an '
                                 'access_token' % endpoint)
    return token, max(lifetime - TOKEN_EXPIRY_MARGIN, 0)


def _check_scheme(uri):
    if urllib.parse.urlsplit(uri).scheme.lower() not in SCHEMES:
        raise DeliveryFailed('only http and https URIs are called, not %s'
                             % uri)


def _verify(settings):
    """The ``verify`` argument of requests: the CA file, or a bool."""
    if settings.verify_tls and settings.ca_file:
        return settings.ca_file
    return settings.verify_tls


def status_error(response):
    """'answered HTTP <status>: <start of the body>'."""
    body = read_bounded(response, ERROR_BODY_LIMIT)
    text = body.decode('utf-8', 'replace').strip()
    reason = 'answered HTTP %d' % response.status_code
    return '%s: %s' % (reason, text) if text else reason


def read_bounded(response, limit):
    """At most ``limit`` bytes of the body, however much the peer sends."""
    chunks = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=4096):
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
    except requests.RequestException:
        pass  # what arrived before the peer failed is enough to report
    return b''.join(chunks)[:limit]


def _describe(exc, timeout):
    """A short reason for a failed request, e.g. 'connection refused'."""
    if isinstance(exc, requests.ConnectTimeout):
        return 'timed out connecting (%g s)' % timeout
    if isinstance(exc, requests.ReadTimeout):
        return 'timed out waiting %g s for an answer' % timeout
    if isinstance(exc, requests.exceptions.SSLError):
        return 'TLS error: %s' % _root_cause(exc)
    cause = _root_cause(exc)
    if isinstance(cause, OSError) and cause.strerror:
        return 'cannot connect: %s' % cause.strerror.lower()
    return 'cannot connect: %s' % cause


def _root_cause(exc):
    """The innermost error under the layers requests and urllib3 wrap
    around it (ConnectionRefusedError, socket.gaierror, ...)."""
    for _ in range(10):
        inner = (getattr(exc, 'reason', None) or exc.__cause__ or
                 (exc.args[0] if exc.args else None))
        if not isinstance(inner, BaseException) or inner is exc:
            break
        exc = inner
    return exc
