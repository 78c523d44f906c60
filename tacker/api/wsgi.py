"""Request dispatch shared by every API: route -> parse -> controller ->
response, and every exception -> SOL013 ProblemDetails.

Controllers stay thin: they receive the request (with ``req.context``) and
the URL variables, plus ``body`` when the route takes JSON, and return a
``Result`` (or a plain dict/list for ``200 OK``). They never build HTTP
errors; they raise ``tacker.common.exceptions`` classes.
"""
import json

import routes
import webob
import webob.dec
from oslo_log import log as logging
from oslo_serialization import jsonutils

from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.conf import CONF

LOG = logging.getLogger(__name__)

JSON = 'application/json'
MERGE_PATCH_JSON = 'application/merge-patch+json'
PROBLEM_JSON = 'application/problem+json'


class Result:
    """What a controller answers: status, JSON-able body, extra headers."""

    def __init__(self, body=None, status=200, headers=None):
        self.body = body
        self.status = status
        self.headers = headers or {}


def date_time(timestamp, timespec='seconds'):
    """A naive UTC timestamp as an RFC 3339 DateTime (SOL013)."""
    return timestamp.isoformat(timespec=timespec) + 'Z'


def json_response(body, status=200, headers=None, content_type=JSON):
    response = webob.Response(status=status, headerlist=[])
    response.content_type = content_type
    if body is not None:
        response.body = jsonutils.dump_as_bytes(body)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_response(error, instance=None):
    """A ProblemDetails response for a ``TackerException``."""
    headers = {}
    if isinstance(error, exceptions.MethodNotAllowed):
        headers['Allow'] = ', '.join(error.allowed)
    return json_response(error.to_problem_details(instance),
                         status=int(error.status), headers=headers,
                         content_type=PROBLEM_JSON)


def read_json_body(req, limit, content_types=(JSON,)):
    """Parse a JSON body of at most ``limit`` bytes; None when empty.

    Bodies sent chunked have no Content-Length, so the limit is enforced
    on what is actually read as well.
    """
    length = req.content_length
    if length is not None and length > limit:
        raise exceptions.RequestBodyTooLarge(limit=limit)
    if length is None and not req.is_body_readable:
        return None
    raw = req.body_file.read(limit + 1)
    if len(raw) > limit:
        raise exceptions.RequestBodyTooLarge(limit=limit)
    if not raw:
        return None
    if req.content_type not in content_types:
        raise exceptions.UnsupportedMediaType(
            content_type=req.content_type or '(none)')
    try:
        return json.loads(raw)
    except ValueError as error:
        raise exceptions.MalformedRequestBody(reason=str(error))
    except RecursionError:
        raise exceptions.MalformedRequestBody(reason='nested too deeply')


class Router:
    """The route table of one API prefix (e.g. ``/vnflcm/v1``).

    ``connect`` declares a path once with all its methods, so a request
    with another method gets 405 with ``Allow`` instead of 404.
    """

    def __init__(self, prefix=''):
        self.prefix = prefix
        self.mapper = routes.Mapper()
        # Routes keeps only strings well, so routes name their target by
        # an index into this list of (controller method, body types).
        self._handlers = []

    def connect(self, path, controller, actions, body_types=(JSON,)):
        """Route ``prefix + path``; ``actions`` maps method -> method name.

        Methods in ``POST/PUT/PATCH`` get the parsed JSON body as ``body``
        when ``body_types`` lists the media types they accept.
        """
        full_path = self.prefix + path
        for method, action in actions.items():
            methods = [method, 'HEAD'] if method == 'GET' else [method]
            self._handlers.append((getattr(controller, action), body_types))
            self.mapper.connect(full_path,
                                handler=str(len(self._handlers) - 1),
                                conditions={'method': methods})
        allowed = set(actions) | ({'HEAD'} if 'GET' in actions else set())
        self.mapper.connect(full_path, handler='',
                            allowed=','.join(sorted(allowed)))

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return self._dispatch(req)
        except exceptions.TackerException as error:
            if error.status >= 500:
                LOG.error('%s %s failed: %s', req.method, req.path, error)
            return problem_response(error)
        except Exception:
            LOG.exception('Unexpected error in %s %s', req.method, req.path)
            return problem_response(exceptions.TackerException())

    def _dispatch(self, req):
        match = self.mapper.routematch(environ=req.environ,
                                       url=req.path_info)
        if not match:
            raise exceptions.PathNotFound(path=req.path)
        args, _route = match
        args = dict(args)
        handler = args.pop('handler')
        if not handler:
            raise exceptions.MethodNotAllowed(
                allowed=args['allowed'].split(','), method=req.method,
                path=req.path)
        method, body_types = self._handlers[int(handler)]
        req.context = tacker_context.from_environ(
            req.environ, CONF.auth_strategy,
            getattr(method, 'project_scoped', True))
        if req.method in ('POST', 'PUT', 'PATCH') and body_types:
            args['body'] = read_json_body(
                req, CONF.max_request_body_size, body_types)
        result = method(req, **args)
        if isinstance(result, webob.Response):
            return result
        if not isinstance(result, Result):
            result = Result(result)
        return json_response(result.body, result.status, result.headers)


class PrefixMap:
    """Sends each request to the app of the longest matching path prefix;
    ``root_app`` takes every path no prefix claims."""

    def __init__(self, root_app, apps):
        self.root_app = root_app
        self.apps = sorted(apps.items(), key=lambda item: -len(item[0]))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO') or '/'
        for prefix, app in self.apps:
            if path == prefix or path.startswith(prefix + '/'):
                return app(environ, start_response)
        return self.root_app(environ, start_response)
