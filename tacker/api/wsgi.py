"""Request dispatch shared by every API: route -> parse -> controller ->
response, and every exception -> SOL013 ProblemDetails.

Controllers stay thin: they receive the request (with ``req.context``) and
the URL variables, plus ``body`` when the route takes JSON, and return a
``Result`` (or a plain dict/list for ``200 OK``). They never build HTTP
errors; they raise ``tacker.common.exceptions`` classes.
"""
import collections
import http
import json
import re

from oslo_context import context as oslo_context
from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_middleware import request_id
from oslo_serialization import jsonutils
import routes
import webob
import webob.dec

from tacker.api import validation
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


class Serialised(bytes):
    """A body already serialised as JSON."""


def date_time(timestamp, timespec='seconds'):
    """A naive UTC timestamp as an RFC 3339 DateTime (SOL013)."""
    return timestamp.isoformat(timespec=timespec) + 'Z'


def json_response(body, status=200, headers=None, content_type=JSON):
    response = webob.Response(status=status, headerlist=[])
    response.content_type = content_type
    if isinstance(body, Serialised):
        response.body = body
    elif body is not None:
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
        body = json.loads(raw, parse_constant=_non_finite)
    except ValueError as error:
        raise exceptions.MalformedRequestBody(reason=str(error)[:200])
    except RecursionError:
        raise exceptions.MalformedRequestBody(reason='nested too deeply')
    _check_strings(body)
    return body


def _non_finite(name):
    """NaN and Infinity are not JSON (RFC 8259 6), and no database or
    client could take them back."""
    raise exceptions.MalformedRequestBody(reason='%s is not a number' % name)


def _check_strings(body):
    """Refuse NUL in any name or string: no database stores it."""
    pending = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pending.extend(node)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str) and '\0' in node:
            raise exceptions.InvalidRequestText(
                part='body', reason='has a NUL character in a string')


BODY_METHODS = ('POST', 'PUT', 'PATCH')


class Route(collections.namedtuple(
        'Route', ['path', 'method', 'body_types', 'schema', 'params',
                  'handler', 'adapter'])):
    """One method of one path: the JSON media types its body may have
    (none when it takes no JSON body), the schema of that body, the
    query parameters it takes, the controller method answering it and
    what turns the validated body into what that method takes (None: the
    body as it is)."""


def any_version(handler):
    """Mark a controller method as answering without the ``Version``
    header its API otherwise requires (the API version information, which
    a client reads before it knows what to send)."""
    handler.any_version = True
    return handler


def responds(*statuses):
    """Declare the statuses a controller method answers besides those
    its route implies (400 for a query or a JSON body, 413 and 415 for
    a body, 404 for an id in the path, 401 and 403 from authentication):
    its successes and the conditions it names. The API reference
    (tools/gen_api_reference.py) lists them."""
    def declare(method):
        method.statuses = statuses
        return method
    return declare


class Router:
    """The route table of one API prefix (e.g. ``/vnflcm/v1``).

    ``connect`` declares a path once with all its methods, so a request
    with another method gets 405 with ``Allow`` instead of 404. With a
    ``version`` (the v3-era SOL APIs, e.g. ``/vnflcm/v2``), every request
    names an API version of that major in its ``Version`` header and
    every answer carries ``version`` in its own (SOL013 v3.3.1).
    """

    def __init__(self, prefix='', version=None, suffix=None,
                 authorize=None):
        """``suffix``: a format suffix paths may end with, dropped before
        routing (the legacy API's ``.json``, which its clients add);
        ``authorize(context, prefix, route, params)``: the policy check
        of every request, before its controller (``params``: the path's
        variables)."""
        self.prefix = prefix
        self.version = version
        self.suffix = suffix
        self.authorize = authorize
        self.mapper = routes.Mapper()
        # Every route; Routes keeps only strings well, so the mapper
        # names a route by its index in this list.
        self.routes = []

    def connect(self, path, controller, actions, body_types=(JSON,),
                schemas=None, query=None, adapters=None):
        """Route ``prefix + path``; ``actions`` maps method -> method name.

        Methods in ``POST/PUT/PATCH`` get the parsed JSON body as ``body``
        when ``body_types`` lists the media types they accept; such a body
        is first validated against ``schemas[method]``, which each of them
        must declare, so no controller reads an unchecked body.
        ``query[method]`` names the query parameters a method takes; any
        other is refused (SOL013 defines the URI query parameters of each
        resource and method; where none are defined, none are taken).
        ``adapters[method]`` turns the validated body into the one the
        controller takes (another API version's shape of the same
        request).
        """
        full_path = self.prefix + path
        for method, action in actions.items():
            schema = (schemas or {}).get(method)
            takes_body = method in BODY_METHODS and bool(body_types)
            if takes_body and schema is None:
                raise ValueError('%s %s takes a JSON body but declares no '
                                 'schema' % (method, full_path))
            methods = [method, 'HEAD'] if method == 'GET' else [method]
            self.routes.append(Route(
                full_path, method, body_types if takes_body else (), schema,
                tuple((query or {}).get(method, ())),
                getattr(controller, action), (adapters or {}).get(method)))
            self.mapper.connect(full_path,
                                handler=str(len(self.routes) - 1),
                                conditions={'method': methods})
        allowed = set(actions) | ({'HEAD'} if 'GET' in actions else set())
        self.mapper.connect(full_path, handler='',
                            allowed=','.join(sorted(allowed)))

    def __call__(self, environ, start_response):
        if self.version is not None:
            start_response = _with_header(start_response, 'Version',
                                          self.version)
        return self._respond(webob.Request(environ))(environ, start_response)

    def _respond(self, req):
        try:
            return self._dispatch(req)
        except db_exc.DBConnectionError as error:
            # A database restart or failover: the client may try again.
            LOG.error('%s failed: %s', _request_line(req.environ), error)
            return problem_response(exceptions.DatabaseUnavailable())
        except exceptions.TackerException as error:
            if error.status >= 500:
                LOG.error('%s failed: %s', _request_line(req.environ),
                          error)
            return problem_response(error)
        except Exception:
            LOG.exception('Unexpected error in %s',
                          _request_line(req.environ))
            return problem_response(exceptions.TackerException())

    def _dispatch(self, req):
        path = req.path_info
        if self.suffix and path.endswith(self.suffix):
            path = path[:-len(self.suffix)]
        match = self.mapper.routematch(environ=req.environ, url=path)
        if not match:
            raise exceptions.PathNotFound(path=req.path)
        args, _route = match
        args = dict(args)
        handler = args.pop('handler')
        if not handler:
            raise exceptions.MethodNotAllowed(
                allowed=args['allowed'].split(','), method=req.method,
                path=req.path)
        route = self.routes[int(handler)]
        req.context = tacker_context.from_environ(
            req.environ, CONF.auth_strategy,
            getattr(route.handler, 'project_scoped', True))
        if self.authorize is not None:
            self.authorize(req.context, self.prefix, route, args)
        if self.version is not None and \
                not getattr(route.handler, 'any_version', False):
            self._check_version(req)
        _check_query(req, route)
        if route.body_types:
            args['body'] = validation.validate(read_json_body(
                req, CONF.max_request_body_size, route.body_types),
                route.schema)
            if route.adapter is not None:
                args['body'] = route.adapter(args['body'])
        result = route.handler(req, **args)
        if isinstance(result, webob.Response):
            return result
        if not isinstance(result, Result):
            result = Result(result)
        return _JsonAnswer(result)

    def _check_version(self, req):
        """:raises ApiVersionRequired: no Version header.
        :raises ApiVersionNotServed: it names another major version."""
        requested = req.headers.get('Version')
        if not requested:
            raise exceptions.ApiVersionRequired(prefix=self.prefix,
                                                version=self.version)
        if requested.strip().split('.')[0] != self.version.split('.')[0]:
            raise exceptions.ApiVersionNotServed(
                requested=requested[:32], prefix=self.prefix,
                version=self.version)


def _with_header(start_response, name, value):
    """``start_response`` adding header ``name`` to every answer."""
    def start(status, headers, *exc_info):
        return start_response(status, list(headers) + [(name, value)],
                              *exc_info)
    return start


class _JsonAnswer:
    """A controller's Result as a WSGI app: how nearly every request ends,
    answered without WebOb's response object, which cost as much as
    the rest of a small request."""

    def __init__(self, result):
        body = result.body
        self.headers = [('Content-Type', JSON)]
        if body is None:
            # No body, not even an empty one (204: RFC 9110 8.6).
            body = b''
        else:
            if not isinstance(body, Serialised):
                body = jsonutils.dump_as_bytes(body)
            self.headers.append(('Content-Length', str(len(body))))
        self.headers += result.headers.items()
        self.body = body
        self.status = _STATUS_LINES[result.status]

    def __call__(self, environ, start_response):
        start_response(self.status, self.headers)
        return [] if environ['REQUEST_METHOD'] == 'HEAD' else [self.body]


_STATUS_LINES = {status.value: '%d %s' % (status.value, status.phrase)
                 for status in http.HTTPStatus}


def _check_query(req, route):
    """:raises: UnknownQueryParameter for a parameter the route does not
    take, so that a misspelt one is not silently ignored."""
    unknown = sorted(set(req.GET) - set(route.params))
    if unknown:
        raise exceptions.UnknownQueryParameter(
            name=unknown[0], method=route.method, path=route.path,
            allowed=', '.join(route.params) or 'none')


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


def _request_line(environ):
    """Method and path for a log line, read as the server handed them
    over, so that describing a request never fails."""
    return '%s %s%s' % (environ.get('REQUEST_METHOD'),
                        environ.get('SCRIPT_NAME', ''),
                        environ.get('PATH_INFO', ''))


class RequestGuard:
    """What every request passes before any router sees it.

    - Each request gets a request id (``req-<uuid>``, in the environ as
      oslo.middleware's RequestId puts it and answered in
      ``X-Openstack-Request-Id``), and keeps a valid inbound one as its
      global request id; here rather than through that middleware, whose
      WebOb request and response objects cost a tenth of a list page.
    - Query parameters are separated by ``&`` only: WebOb also splits
      at ``;``, which separates the terms of a SOL013 filter (5.2.2), so
      it is percent-encoded here and stays in the parameter's value.
    - Logging runs under this request's id from the start: eventlet
      serves the requests of a keep-alive connection in one green thread,
      whose logging context would otherwise still be the previous one's.
    - The path and the query are UTF-8 (RFC 3986 2.5, as WebOb decodes
      them) without NUL; anything else is a 400 ProblemDetails here,
      whatever the prefix.
    - A body the client stops sending is a 400 ``ClientDisconnected``
      logged in one line, not a traceback.
    - Whatever still escapes below answers a ProblemDetails 500.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        start_response = _with_request_id(environ, start_response)
        tacker_context.RequestContext(
            request_id=environ[request_id.ENV_REQUEST_ID], overwrite=True)
        if ';' in environ.get('QUERY_STRING', ''):
            environ['QUERY_STRING'] = environ['QUERY_STRING'].replace(
                ';', '%3B')
        try:
            _check_text(webob.Request(environ))
        except exceptions.TackerException as error:
            return problem_response(error)(environ, start_response)
        if 'wsgi.input' in environ:
            environ['wsgi.input'] = ClientBody(
                environ['wsgi.input'], environ.get('CONTENT_LENGTH'),
                _request_line(environ))
        try:
            return self.app(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error in %s', _request_line(environ))
            return problem_response(exceptions.TackerException())(
                environ, start_response)


_INBOUND_REQUEST_ID = 'HTTP_' + request_id.INBOUND_HEADER.upper().replace(
    '-', '_')
_GLOBAL_REQUEST_ID = re.compile(request_id.ID_FORMAT)


def _with_request_id(environ, start_response):
    """Give the request its ids; returns the ``start_response`` that
    answers the request id."""
    inbound = environ.get(_INBOUND_REQUEST_ID, '')
    if _GLOBAL_REQUEST_ID.match(inbound):
        environ[request_id.GLOBAL_REQ_ID] = inbound
    own = environ[request_id.ENV_REQUEST_ID] = \
        oslo_context.generate_request_id()

    def start_with_request_id(status, headers, *exc_info):
        if not any(name.lower() == request_id.HTTP_RESP_HEADER_REQUEST_ID
                   for name, _ in headers):
            headers = [*headers,
                       (request_id.HTTP_RESP_HEADER_REQUEST_ID, own)]
        return start_response(status, headers, *exc_info)
    return start_with_request_id


def _check_text(req):
    """:raises: InvalidRequestText when the path or the query is not
    UTF-8 text, or has a NUL."""
    try:
        path = req.path_info
    except UnicodeDecodeError:
        raise exceptions.InvalidRequestText(part='path',
                                            reason='is not UTF-8')
    try:
        query = req.GET
    except UnicodeDecodeError:
        raise exceptions.InvalidRequestText(part='query',
                                            reason='is not UTF-8')
    if '\0' in path:
        raise exceptions.InvalidRequestText(part='path',
                                            reason='has a NUL character')
    if any('\0' in text for item in query.items() for text in item):
        raise exceptions.InvalidRequestText(part='query',
                                            reason='has a NUL character')


class ClientBody:
    """``wsgi.input`` of one request: a body that breaks off (the client
    disconnected, sent bad chunks, or went silent past the socket
    timeout) raises ``ClientDisconnected``, logged in one line."""

    def __init__(self, stream, content_length, request_line):
        self._stream = stream
        self._left = int(content_length) if (content_length or '').isdigit() \
            else None
        self._request_line = request_line

    def _read(self, reader, size):
        try:
            data = reader(size)
        except (OSError, ValueError) as error:
            # eventlet's ChunkReadError is a ValueError; resets and
            # timeouts are OSErrors.
            raise self._disconnected(type(error).__name__)
        if self._left is not None:
            self._left -= len(data)
        return data

    def _disconnected(self, reason):
        LOG.warning('Client stopped sending the body of %s: %s',
                    self._request_line, reason)
        return exceptions.ClientDisconnected(reason=reason)

    def read(self, size=None):
        data = self._read(self._stream.read, size)
        # Reads of a known length are short only at the end of the stream.
        wanted = self._left + len(data) if self._left is not None else 0
        if size is not None and size >= 0:
            wanted = min(wanted, size)
        if len(data) < wanted:
            raise self._disconnected('%d bytes missing' % self._left)
        return data

    def readline(self, size=None):
        return self._read(self._stream.readline, size)

    def __iter__(self):
        return iter(self.readline, b'')
