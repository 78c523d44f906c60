"""Fuzz every route of every router of the real server: no request gets a
5xx, and every 4xx is a SOL013 ProblemDetails whose status is the
response's.

Routes come from the application's own route tables (tacker.api.app), so
a new API is fuzzed as soon as it is routed; a route that takes a JSON
body must declare its schema, which is what valid bodies are generated
from (hypothesis-jsonschema). Other bodies are arbitrary JSON, bytes
that are not JSON, and wrong media types; queries are SOL013 filters,
selectors and markers, random text and percent-escapes that are not
UTF-8; path ids are existing resources, random ids and hostile bytes.

One deployment (SQLite; the noop infra driver; outbound calls to VIMs
and callbacks fail fast with short timeouts) serves the whole module.
Hypothesis is derandomized, so CI sees the same requests every run.
"""
import base64
import json
import re
import urllib.parse
import uuid

import hypothesis
from hypothesis import strategies as st
import hypothesis_jsonschema
import pytest
import requests

from tacker.api.vnflcm import views as lcm_views
from tacker.api.vnfpkgm import views as pkg_views
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs
from tests import routes

EXAMPLES_PER_ROUTE = 45
# The longest a request may take: a VIM call waits for the conductor,
# whose driver tries the VIM at most twice within its 2 s timeout.
REQUEST_TIMEOUT = 20
OUTBOUND_TIMEOUT = 2


ROUTES = routes.ROUTES


@pytest.fixture(scope='module')
def fuzzed(tmp_path_factory):
    """The deployment, and ids of a package and an instance in it."""
    work = tmp_path_factory.mktemp('fuzz')
    with deployment_lib.sqlite_deployment(
            work, sections={
                'notification': {'timeout': OUTBOUND_TIMEOUT},
                'openstack_vim': {'timeout': OUTBOUND_TIMEOUT},
                'kubernetes_vim': {'timeout': OUTBOUND_TIMEOUT}}) as deploy:
        package = pkgs.onboard(deploy, work, 'two_flavours')
        response = deploy.request('POST', '/vnflcm/v1/vnf_instances',
                                  json={'vnfdId': package['vnfdId']})
        assert response.status_code == 201, response.text
        yield deploy, [package['id'], response.json()['id']]


def test_every_route_with_a_body_has_a_schema():
    assert len(ROUTES) > 30
    for route in ROUTES:
        assert not route.body_types or route.schema is not None, route


# ---- strategies --------------------------------------------------------

FILTER_PATHS = sorted({
    path for attributes in (pkg_views.VNF_PKG_INFO, lcm_views.VNF_INSTANCE,
                            lcm_views.VNF_LCM_OP_OCC)
    for path in {*attributes.tree, *attributes.complex_paths}})
OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'cont', 'ncont']
EDGE_VALUES = ['0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00',
               '2026-01-01T00:00:00Z', 'true', 'false', '1e999', 'NaN',
               str(2 ** 70), '-0', "'quoted,)'", '~', '%', '_', '\\']
# Percent-escapes that are not UTF-8, or not escapes at all.
RAW_ESCAPES = ['%ff%fe', '%c3', '%00', '%', '%zz', '%0a', '%e2%80%a8']

text = st.text(max_size=30)
filter_value = st.one_of(st.sampled_from(EDGE_VALUES), text,
                         st.integers().map(str),
                         st.datetimes().map(lambda moment: moment.isoformat()
                                            + '+05:00'))
filter_term = st.builds(
    lambda op, path, values: '(%s,%s,%s)' % (op, path, ','.join(values)),
    st.one_of(st.sampled_from(OPS), text),
    st.one_of(st.sampled_from(FILTER_PATHS),
              st.sampled_from(FILTER_PATHS).map(lambda path: path + '/k'),
              text),
    st.lists(filter_value, min_size=1, max_size=3))
filter_text = st.one_of(
    st.lists(filter_term, min_size=1, max_size=3).map(';'.join), text)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | text, lambda children: st.lists(children, max_size=4)
    | st.dictionaries(text, children, max_size=4), max_leaves=12)
marker = st.one_of(
    text, st.lists(st.one_of(text, st.integers(), st.floats(
        allow_nan=False, allow_infinity=False), st.sampled_from(
        EDGE_VALUES)), min_size=1, max_size=3).map(
        lambda values: base64.urlsafe_b64encode(
            json.dumps(values).encode()).decode().rstrip('=')))
selector = st.lists(st.one_of(st.sampled_from(FILTER_PATHS), text),
                    max_size=3).map(','.join)
query_values = {
    'filter': filter_text, 'nextpage_opaque_marker': marker,
    'fields': selector, 'exclude_fields': selector,
    'all_fields': st.just(''), 'exclude_default': st.just(''),
    'rpc': st.sampled_from(['true', 'false', 'maybe', '']),
    'name': text, 'type': text, 'is_default': text, 'status': text,
}


def encoded(value):
    return urllib.parse.quote(value, safe='')


@st.composite
def queries(draw):
    """A query string: known parameters with typed or hostile values,
    unknown ones, repeats, and raw escapes that are not UTF-8."""
    parts = []
    for name in draw(st.lists(st.one_of(
            st.sampled_from(sorted(query_values)), text), max_size=4)):
        value = draw(query_values.get(name, text))
        parts.append('%s=%s' % (encoded(name), encoded(value)))
    if draw(st.integers(0, 9)) == 0:
        parts.append('%s=%s' % (draw(st.sampled_from(sorted(query_values))),
                                draw(st.sampled_from(RAW_ESCAPES))))
    return '&'.join(parts)


@st.composite
def paths(draw, route, known_ids):
    """The route's path with its variables filled."""
    def variable(match):
        choice = draw(st.integers(0, 9))
        if choice < 5:
            return draw(st.sampled_from(known_ids))
        if choice < 7:
            return str(uuid.uuid4())
        if choice < 8:
            return draw(st.sampled_from(RAW_ESCAPES))
        return encoded(draw(st.text(min_size=1, max_size=20)))
    return re.sub(r'\{[^}]+\}', variable, route.path)


_VALID_BODIES = {}


def valid_bodies(route):
    """Bodies for the route's schema, made once per route.

    hypothesis-jsonschema turns ``if``/``then`` into a ``not`` it can only
    filter, which costs seconds per example; so bodies come from variants
    of the schema: one without any conditional, and one per conditional
    made to hold (its ``if`` and ``then`` both required). Most are valid,
    the others are 400s as good to send.
    """
    key = (route.path, route.method)
    if key not in _VALID_BODIES:
        schema = _short_strings(route.schema)
        count = _conditionals(schema, None, [0])
        _VALID_BODIES[key] = st.one_of([
            hypothesis_jsonschema.from_schema(
                _conditionals(schema, chosen, [0]) if count else schema)
            for chosen in range(-1, count)])
    return _VALID_BODIES[key]


def _conditionals(schema, chosen, seen):
    """With ``chosen`` None: how many if/then ``schema`` has. Otherwise
    ``schema`` with the ``chosen``-th of them required to hold and the
    others left out (-1: none kept)."""
    if isinstance(schema, list):
        items = [_conditionals(item, chosen, seen) for item in schema]
        return sum(items) if chosen is None else items
    if not isinstance(schema, dict):
        return 0 if chosen is None else schema
    if 'if' in schema:
        number = seen[0]
        seen[0] += 1
        if chosen is None:
            return 1
        return {'allOf': [schema['if'], schema.get('then', {})]} \
            if number == chosen else {}
    values = {key: _conditionals(value, chosen, seen)
              for key, value in schema.items()}
    return sum(values.values()) if chosen is None else values


def _short_strings(schema):
    """``schema`` with string lengths and array sizes capped: the bodies
    stay valid, and generating 64 KB certificates or 1,000 links would
    only cost time."""
    if isinstance(schema, list):
        return [_short_strings(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    short = {key: _short_strings(value) for key, value in schema.items()}
    for key, cap in (('maxLength', 64), ('maxItems', 4)):
        if short.get(key, 0) > cap:
            short[key] = cap
    return short


@st.composite
def bodies(draw, route):
    """(content type, body bytes) for the route."""
    if route.method not in ('POST', 'PUT', 'PATCH'):
        return None, None
    content_type = draw(st.sampled_from(
        list(route.body_types or ('application/json',))
        + ['application/json', 'text/plain', 'application/zip', '']))
    choice = draw(st.integers(0, 9))
    if route.schema is not None and choice < 6:
        body = json.dumps(draw(valid_bodies(route))).encode()
    elif choice < 8:
        body = json.dumps(draw(json_values)).encode()
    else:
        body = draw(st.binary(max_size=64))
    return content_type, body


# ---- the test ----------------------------------------------------------

def check(response, method):
    assert response.status_code < 500, (
        response.status_code, response.request.method,
        response.request.url, response.text[:500])
    if response.status_code >= 400 and method != 'HEAD':
        assert response.headers['Content-Type'] == \
            'application/problem+json', response.text[:500]
        problem = response.json()
        assert problem['status'] == response.status_code
        assert problem['title'] and problem['detail']


@pytest.mark.parametrize('route', ROUTES, ids=lambda route: '%s %s' % (
    route.method, route.path))
def test_no_request_gets_a_5xx(fuzzed, route):
    deploy, known_ids = fuzzed

    @hypothesis.settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None,
                         derandomize=True, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(data=st.data())
    def fuzz(data):
        path = data.draw(paths(route, known_ids))
        query = data.draw(queries())
        content_type, body = data.draw(bodies(route))
        method = route.method
        if method == 'GET' and data.draw(st.integers(0, 9)) == 0:
            method = 'HEAD'
        # The v3-era APIs' routes take the request only with their
        # Version: the fuzzed bodies reach their validation.
        headers = routes.version_header(route)
        if content_type:
            headers['Content-Type'] = content_type
        response = requests.request(
            method, deploy.url + path + ('?' + query if query else ''),
            data=body, headers=headers, timeout=REQUEST_TIMEOUT)
        check(response, method)

    fuzz()
