"""The Kubernetes VIM driver: the API server, with a bearer token.

Registration lists the namespaces (the VIM's "regions"); a token that
may not list them is still accepted, with no regions.
"""
import requests

from tacker.common import exceptions
from tacker.drivers.vim import base

VIM_TYPE = 'kubernetes'
SERVICE = 'Kubernetes API server'


class KubernetesDriver(base.VimDriver):

    def register(self, vim):
        url = vim['auth_url']
        timeout = self.conf.kubernetes_vim.timeout
        with base.tls_verify(vim['auth_cred']) as verify:
            try:
                response = requests.get(
                    url.rstrip('/') + '/api/v1/namespaces',
                    headers={'Authorization': 'Bearer %s' %
                             vim['auth_cred']['bearer_token']},
                    verify=verify, timeout=timeout)
            except (UnicodeError, requests.exceptions.InvalidHeader):
                # http.client sends headers as Latin-1, and requests
                # refuses line breaks in them: the token cannot be sent.
                raise exceptions.VimCredentialsUnusable(
                    service=SERVICE, url=url,
                    reason='cannot be sent: the bearer token is not an '
                           'RFC 6750 b64token') from None
            except requests.Timeout as error:
                raise base.unreachable(SERVICE, url, error, timeout)
            except requests.RequestException as error:
                raise base.unreachable(SERVICE, url, error)
        if response.status_code == 401:
            raise exceptions.VimCredentialsRefused(
                service=SERVICE, url=url, status=401)
        if response.status_code == 403:
            return {'regions': []}
        try:
            response.raise_for_status()
            namespaces = sorted(item['metadata']['name']
                                for item in response.json()['items'])
        except (requests.HTTPError, ValueError, TypeError, KeyError) as error:
            raise exceptions.VimRequestFailed(
                service=SERVICE, url=url,
                reason='GET /api/v1/namespaces: %s' % (
                    'HTTP %d' % response.status_code
                    if isinstance(error, requests.HTTPError)
                    else 'not a namespace list'))
        return {'regions': namespaces}

    def get_connection_info(self, vim):
        return {'id': vim['id'], 'vimId': vim['id'], 'vimType': VIM_TYPE,
                'interfaceInfo': base.interface_info(vim),
                'accessInfo': {
                    'bearer_token': vim['auth_cred']['bearer_token']}}
