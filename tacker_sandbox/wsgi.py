"""HTTP plumbing of the sandbox VIM: bounded JSON bodies in, JSON
replies out, and errors in the shape of the API that raised them."""
import json

import webob

from tacker_sandbox import errors

# Heat's own limits are lower (512 KiB templates); this one only keeps a
# careless or hostile client from filling the memory.
MAX_BODY = 10 * 1024 * 1024
JSON = 'application/json'


class Reply:
    """What a handler answers: a JSON-able body (or None), a status and
    extra headers; with another ``content_type``, the body is text."""

    def __init__(self, body=None, status=200, headers=None,
                 content_type=JSON):
        self.body = body
        self.status = status
        self.headers = headers or {}
        self.content_type = content_type


def read_json(req):
    """The request's JSON body, or None when it has none."""
    length = req.content_length
    if length is not None and length > MAX_BODY:
        raise _too_large()
    if length is None and not req.is_body_readable:
        return None
    raw = req.body_file.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise _too_large()
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode('utf-8'))
    except UnicodeDecodeError:
        raise errors.BadRequest('The request body is not UTF-8.') from None
    except ValueError as error:
        raise errors.BadRequest('The request body is not valid JSON: %s'
                                % error) from None
    except RecursionError:
        raise errors.BadRequest('The request body is nested too deeply.') \
            from None


def _too_large():
    return errors.RequestTooLarge('Request body exceeds %d bytes.'
                                  % MAX_BODY, 'RequestLimitExceeded')


def json_body(body, what='request body'):
    """``body`` when it is a JSON object; a 400 otherwise."""
    if not isinstance(body, dict):
        raise errors.BadRequest('The %s must be a JSON object.' % what)
    return body


def render(reply, head=False):
    response = webob.Response(status=reply.status, headerlist=[])
    if reply.body is not None and reply.content_type != JSON:
        response.headers['Content-Type'] = reply.content_type
        response.body = reply.body.encode()
    elif reply.body is not None:
        response.content_type = JSON
        response.body = json.dumps(reply.body).encode()
    elif reply.status not in (204, 304):
        response.content_type = JSON
    for name, value in reply.headers.items():
        response.headers[name] = value
    if head:
        response.body = b''
    return response


def error_reply(api, error, identity_url):
    """Heat errors as Heat writes them; Keystone's (and the sandbox's
    own) as ``{"error": {...}}``. A 401 from Heat comes from the token
    check in front of it, which speaks Keystone's shape."""
    headers = dict(error.headers)
    if api == 'heat' and error.code != 401:
        body = {'code': error.code, 'title': error.title,
                'explanation': error.explanation,
                'error': {'type': error.error_type,
                          'message': error.message, 'traceback': None}}
    else:
        body = {'error': {'code': error.code, 'title': error.title,
                          'message': error.message}}
        if error.code == 401:
            headers['WWW-Authenticate'] = 'Keystone uri="%s"' % identity_url
    return Reply(body, error.code, headers)
