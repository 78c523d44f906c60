"""The Kubernetes VIM driver: an API server, a bearer token or a username
and password (HTTP basic), and a namespace (``vim_project.name``,
"default" when absent) where CNFs go.

Registration, updates and the VIM monitor check three things through the
``kubernetes`` client, within one deadline (``[kubernetes_vim]
timeout``): ``GET /version`` (the server answers, its certificate is
trusted, it is Kubernetes), a list of ConfigMaps in the namespace (the
credentials are accepted and may work there), and the namespace itself
(a list in a missing namespace is merely empty; credentials that may not
read namespaces skip this). The VIM's one region is its namespace.
"""
from kubernetes import client
from oslo_utils import timeutils
import urllib3

from tacker.common import exceptions
from tacker.drivers import kubernetes_client
from tacker.drivers.vim import base

VIM_TYPE = 'kubernetes'
SERVICE = kubernetes_client.SERVICE
_CREDENTIAL_FIELDS = ('bearer_token', 'username', 'password')
# What a client model raises for an answer that is not the JSON it
# describes.
_MALFORMED = (ValueError, TypeError, KeyError, AttributeError)


class _Check:
    """Requests to one API server sharing one deadline, their failures
    turned into the VIM API's refusals."""

    def __init__(self, url, namespace, timeout):
        self.url, self.namespace, self.timeout = url, namespace, timeout
        self.watch = timeutils.StopWatch(timeout).start()

    def ask(self, request, call, not_found=None):
        """``call(seconds_left)``'s answer; ``request`` names it in
        refusals, ``not_found`` is the refusal for a 404.

        :raises VimUnreachable, VimCredentialsRefused,
            VimNamespaceForbidden, VimRequestFailed
        """
        left = self.watch.leftover()
        if left <= 0:
            raise self._late(None)
        try:
            return call(left)
        except urllib3.exceptions.NewConnectionError as error:
            raise base.unreachable(SERVICE, self.url, error)
        except urllib3.exceptions.TimeoutError as error:
            raise self._late(error)
        except urllib3.exceptions.HTTPError as error:
            raise base.unreachable(SERVICE, self.url, error)
        except client.ApiException as error:
            raise self._refusal(request, error, not_found)
        except _MALFORMED:
            raise self._not_kubernetes('%s: not the answer Kubernetes '
                                       'gives' % request) from None

    def _late(self, error):
        return base.unreachable(SERVICE, self.url, error, self.timeout)

    def _not_kubernetes(self, reason):
        return exceptions.VimRequestFailed(
            service=SERVICE, url=self.url,
            reason='no Kubernetes API there (%s)' % reason)

    def _refusal(self, request, error, not_found):
        if not error.status:
            # The client turns TLS failures into ApiException(status=0).
            return base.unreachable(SERVICE, self.url, error)
        if error.status == 401:
            return exceptions.VimCredentialsRefused(
                service=SERVICE, url=self.url, status=401)
        if error.status == 403:
            return exceptions.VimNamespaceForbidden(
                service=SERVICE, url=self.url, action=request,
                namespace=self.namespace)
        if error.status == 404:
            return not_found or self._not_kubernetes('%s: HTTP 404'
                                                     % request)
        return exceptions.VimRequestFailed(
            service=SERVICE, url=self.url,
            reason='%s: HTTP %d' % (request, error.status))


class KubernetesDriver(base.VimDriver):

    def register(self, vim):
        connection = self.get_connection_info(vim)
        namespace = kubernetes_client.namespace(connection)
        timeout = self.conf.kubernetes_vim.timeout
        check = _Check(vim['auth_url'], namespace, timeout)
        with kubernetes_client.api_client(connection, timeout) as api:
            core = client.CoreV1Api(api)
            check.ask('get its version', lambda left: (
                client.VersionApi(api).get_code(_request_timeout=left)))
            check.ask('list configmaps', lambda left: (
                core.list_namespaced_config_map(
                    namespace, limit=1, _request_timeout=left)))
            try:
                check.ask('read the namespace', lambda left: (
                    core.read_namespace(namespace, _request_timeout=left)),
                    not_found=exceptions.VimNamespaceNotFound(
                        service=SERVICE, url=vim['auth_url'],
                        namespace=namespace))
            except exceptions.VimNamespaceForbidden:
                pass
        return {'regions': [namespace]}

    def get_connection_info(self, vim):
        """VimConnectionInfo of the VIM (see ``kubernetes_client``):
        accessInfo holds its credentials and ``namespace``, the VIM's
        ``vim_project.name`` or "default"."""
        cred = vim['auth_cred']
        access = {field: cred[field] for field in _CREDENTIAL_FIELDS
                  if cred.get(field)}
        access['namespace'] = (vim.get('vim_project') or {}).get('name') \
            or kubernetes_client.DEFAULT_NAMESPACE
        return {'id': vim['id'], 'vimId': vim['id'], 'vimType': VIM_TYPE,
                'interfaceInfo': base.interface_info(vim),
                'accessInfo': access}
