"""The sandbox Kubernetes' WSGI application: bearer-token auth on every
path (as a cluster without anonymous access), the discovery documents,
and the REST paths ``/api/v1/...`` and ``/apis/<group>/<version>/...``
(``namespaces/<ns>/`` for namespaced types) dispatched to
:class:`~tacker_sandbox.kubernetes.api.KubeApi`, each request in one
store transaction, lists and gets as :mod:`.tables` Tables when the
Accept header asks for them; every error is a ``Status`` body."""
import hmac
import logging
import threading
import time

import webob

from tacker_sandbox import errors
from tacker_sandbox import kubernetes
from tacker_sandbox.kubernetes import api as api_lib
from tacker_sandbox.kubernetes import cluster as cluster_lib
from tacker_sandbox.kubernetes import controllers as controllers_lib
from tacker_sandbox.kubernetes import kinds
from tacker_sandbox.kubernetes import status
from tacker_sandbox.kubernetes import tables
from tacker_sandbox.kubernetes import watch as watch_lib
from tacker_sandbox import wsgi
from tacker_sandbox.wsgi import Reply

LOG = logging.getLogger(__name__)
NAMESPACE_SUBRESOURCES = ('status', 'finalize')
WITH_BODY = ('POST', 'PUT', 'PATCH', 'DELETE')


class KubeApp:

    def __init__(self, cluster, token=kubernetes.DEFAULT_TOKEN):
        self.cluster = cluster
        self.api = api_lib.KubeApi(cluster)
        self.watches = watch_lib.Watches(self.api, cluster.clock)
        self.token = token.encode()

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            reply = self._dispatch(req)
            if isinstance(reply, watch_lib.Stream):
                # eventlet.wsgi would hold events back until 4 KiB.
                environ['eventlet.minimum_write_chunk_size'] = 0
                response = webob.Response(app_iter=reply,
                                          content_type=wsgi.JSON)
                return response(environ, start_response)
            code, body = reply
        except status.KubeError as error:
            code, body = error.code, error.body()
        except errors.SandboxError as error:
            code, body = error.code, _as_status(error).body()
        except RecursionError:
            code, body = 400, status.BadRequest(
                'the request is nested too deeply').body()
        except Exception:
            LOG.exception('Unexpected error serving %s %s', req.method,
                          req.path_info)
            code, body = 500, status.KubeError(
                'unexpected error; see the sandbox log').body()
        response = wsgi.render(Reply(body, code), head=req.method == 'HEAD')
        return response(environ, start_response)

    def _authenticate(self, req):
        scheme, _, token = req.headers.get('Authorization', '').partition(
            ' ')
        if scheme.lower() != 'bearer' or not hmac.compare_digest(
                token.strip().encode(), self.token):
            raise status.Unauthorized()

    def _dispatch(self, req):
        self._authenticate(req)
        parts = [part for part in req.path_info.split('/') if part]
        method = 'GET' if req.method == 'HEAD' else req.method
        body = wsgi.read_json(req) if method in WITH_BODY else None
        with self.cluster.store.transaction():
            discovery = self._discovery(req, parts)
            if discovery is not None:
                if method != 'GET':
                    raise status.MethodNotAllowed('%s is not allowed here'
                                                  % method)
                return 200, discovery
            target = self._target(parts)
            handler = self._handler(method, target)
            printer = tables.printer(req, self.cluster, target.rtype) \
                if handler in (self.api.list, self.api.get) else None
            if handler == self.api.list and \
                    req.GET.get('watch', '').lower() in ('true', '1'):
                return self.watches.start(req, target, printer)
            code, reply = handler(req, body, target)
            return code, printer.table(reply) if printer else reply

    def _discovery(self, req, parts):
        catalog = self.cluster.catalog
        if parts == ['version']:
            return kinds.VERSION_INFO
        if parts == ['api']:
            return {'kind': 'APIVersions', 'versions': ['v1'],
                    'serverAddressByClientCIDRs': [{
                        'clientCIDR': '0.0.0.0/0',
                        'serverAddress': req.host}]}
        if parts == ['apis']:
            return catalog.group_list()
        if len(parts) == 2 and parts[0] == 'apis':
            return catalog.group(parts[1]) or _not_found(req)
        if len(parts) == 2 and parts[0] == 'api':
            return catalog.resource_list('', parts[1]) or _not_found(req)
        if len(parts) == 3 and parts[0] == 'apis':
            return catalog.resource_list(parts[1], parts[2]) or \
                _not_found(req)
        return None

    def _target(self, parts):
        if parts and parts[0] == 'api' and len(parts) > 2:
            group, version, rest = '', parts[1], parts[2:]
        elif parts and parts[0] == 'apis' and len(parts) > 3:
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise status.NotFound('the server could not find the requested '
                                  'resource')
        namespace = None
        if rest[0] == 'namespaces' and len(rest) > 2 and not (
                len(rest) == 3 and rest[2] in NAMESPACE_SUBRESOURCES):
            namespace, rest = rest[1], rest[2:]
        if len(rest) > 3:
            raise status.NotFound('the server could not find the requested '
                                  'resource')
        plural, name, sub = (rest + [None, None])[:3]
        rtype = self.cluster.catalog.find(group, version, plural)
        if rtype is None or (namespace and not rtype.namespaced) or (
                sub and sub not in rtype.subresources):
            raise status.NotFound('the server could not find the requested '
                                  'resource')
        return api_lib.Target(rtype, namespace, name, sub)

    def _handler(self, method, target):
        if target.sub:
            handlers = {'GET': self.api.get_sub}
            if target.sub == 'scale':
                handlers.update(PUT=self.api.update_scale,
                                PATCH=self.api.update_scale)
        elif target.name:
            handlers = {'GET': self.api.get, 'PUT': self.api.replace,
                        'PATCH': self.api.patch, 'DELETE': self.api.delete}
        else:
            handlers = {'GET': self.api.list, 'POST': self.api.create,
                        'DELETE': self.api.delete_collection}
        handler = handlers.get(method)
        if handler is None:
            raise status.MethodNotAllowed('the server does not allow this '
                                          'method on the requested resource')
        if target.rtype.namespaced and target.namespace is None and \
                handler != self.api.list:
            raise status.NotFound('the server could not find the requested '
                                  'resource (a namespaced type needs '
                                  '/namespaces/<namespace>/ in the path)')
        return handler


def _not_found(req):
    raise status.NotFound('the server could not find the requested '
                          'resource')


def _as_status(error):
    """A sandbox error (body too large, not JSON) as a ``Status``."""
    for error_class in (status.BadRequest, status.RequestTooLarge,
                        status.NotFound, status.MethodNotAllowed):
        if error_class.code == error.code:
            return error_class(error.message)
    return status.KubeError(error.message)


def build(store, delay, token=kubernetes.DEFAULT_TOKEN, clock=time.time):
    """The WSGI app, its controllers and the event that wakes them
    (run ``controllers.run(wake)`` in a thread of its own)."""
    wake = threading.Event()
    cluster = cluster_lib.Cluster(store, clock, wake.set)
    with store.transaction():
        cluster.bootstrap()
    return KubeApp(cluster, token), \
        controllers_lib.Controllers(cluster, delay), wake
