"""SOL013 v3.3.1 query conventions shared by every list endpoint:
attribute-based filtering (5.2), attribute selectors (5.3) and paging of
large results (5.4).

Filter semantics, where the clause leaves room for interpretation:

* Terms joined by ``;`` must all hold.
* Following an attribute path through arrays reaches every element; a
  positive term (eq, in, gt, gte, lt, lte, cont) holds when some reached
  value satisfies it. Positive terms that reach into the same array must
  be satisfied by one and the same element (5.2.2: an array element must
  match all expressions with the same attribute prefix).
* neq, nin and ncont hold exactly where eq, in and cont do not: no
  reached value matches. Hence a missing (or null) attribute satisfies
  neq/nin/ncont and fails every positive operator.
* A value is compared as a number when the attribute is a JSON number,
  as a boolean ("true"/"false") when it is a JSON boolean (eq/neq/in/nin
  only) and as a string otherwise; a value that does not fit the
  attribute's type never equals it.
* Where the database evaluates a term, its column's type is known, so
  gt/gte/lt/lte on a boolean column is an InvalidFilter, and so is a
  DateTime that UTC cannot represent (0001-01-01T00:00:00+01:00).
"""
import base64
import binascii
import dataclasses
import datetime
import json
import math
import operator
import re
import urllib.parse

import sqlalchemy as sa

from tacker.common import exceptions

MAX_FILTER_LENGTH = 4096
MAX_FILTER_TERMS = 100
MAX_MARKER_LENGTH = 2048
MARKER_PARAM = 'nextpage_opaque_marker'
# Attribute selectors never remove these (5.3.2).
MANDATORY_ATTRIBUTES = frozenset({'id', '_links'})

ONE_VALUE_OPS = ('eq', 'neq', 'gt', 'gte', 'lt', 'lte')
MULTI_VALUE_OPS = ('in', 'nin', 'cont', 'ncont')
# A negated operator holds exactly where its positive twin does not.
_POSITIVE_OF = {'neq': 'eq', 'nin': 'in', 'ncont': 'cont'}
_ORDERING = {'eq': operator.eq, 'in': operator.eq, 'gt': operator.gt,
             'gte': operator.ge, 'lt': operator.lt, 'lte': operator.le}
# 5.2.2: "~" escapes characters of attribute names that the grammar uses.
_TILDE_ESCAPES = {'0': '~', '1': '/', 'a': ',', 'b': '@'}
_JSON_NUMBER = re.compile(r'-?\d+(\.\d+)?([eE][+-]?\d+)?', re.ASCII)
_MARKER_ALPHABET = re.compile(r'[A-Za-z0-9_-]+')
SELECTORS = ('all_fields', 'fields', 'exclude_fields', 'exclude_default')
_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1
# Returned by type coercions for a value the attribute can never equal.
_UNFIT = object()


class _OutOfRange(Exception):
    """A value of the attribute's type that the database cannot take."""


@dataclasses.dataclass(frozen=True)
class Term:
    """One ``(op,attrPath,value[,value...])`` expression.

    ``path`` is the attribute path as written (what ``allowed_paths`` and
    SQL column maps are keyed by); ``names`` its unescaped segments.
    """
    op: str
    path: str
    names: tuple
    values: tuple


class Filter:
    """A parsed ``filter`` parameter: the AND of its terms."""

    def __init__(self, terms):
        self.terms = tuple(terms)

    def matches(self, obj):
        """Whether the SOL JSON object ``obj`` passes the filter."""
        positive = [(t.names, t.op, t.values) for t in self.terms
                    if t.op not in _POSITIVE_OF]
        if not _all_hold(obj, positive):
            return False
        return not any(
            _all_hold(obj, [(t.names, _POSITIVE_OF[t.op], t.values)])
            for t in self.terms if t.op in _POSITIVE_OF)

    def split_sql(self, columns):
        """Translate the terms the database can evaluate.

        ``columns`` maps attribute paths to SQLAlchemy columns holding
        that (scalar) attribute. Returns ``(clauses, residual)``: a list
        of SQL clauses to AND into the query, and a Filter of the other
        terms to apply to loaded objects, or None when nothing is left.
        ``cont``/``ncont`` become LIKE, so they follow the backend's case
        rules for LIKE (ASCII case-insensitive on SQLite).
        """
        clauses, residual = [], []
        for term in self.terms:
            column = columns.get(term.path)
            if column is None:
                residual.append(term)
            else:
                clauses.append(_sql_clause(column, term))
        return clauses, Filter(residual) if residual else None


# In an attribute tree: an object whose keys are free (KeyValuePairs),
# so that any path below it exists.
OPEN = 'KeyValuePairs'


class Attributes:
    """The attributes of a SOL data type, from its one declaration: what
    filters (5.2) and attribute selectors (5.3) may name.

    ``tree`` maps each attribute name to None (a simple value), a dict
    (a structure, in the same notation), OPEN (KeyValuePairs) or a
    one-element list (an array of what the element says). Arrays are
    transparent to paths (``softwareImages/name``). ``default_excluded``
    lists what a list leaves out unless asked for (5.3.2).
    """

    def __init__(self, name, tree, default_excluded=()):
        self.name = name
        self.tree = tree
        self.default_excluded = tuple(default_excluded)
        self.complex_paths = frozenset(
            '/'.join(names) for names, node in _walk(tree, ())
            if node is not None)

    def _node(self, names):
        """The node at ``names``; OPEN below an open one; KeyError for
        a path the type does not have."""
        node = self.tree
        for name in names:
            while isinstance(node, list):
                node = node[0]
            if node == OPEN:
                return OPEN
            if not isinstance(node, dict):
                raise KeyError(name)
            node = node[name]
        return node

    def knows(self, names):
        """Whether the path (a sequence of names) is an attribute."""
        try:
            self._node(names)
        except KeyError:
            return False
        return True

    def is_complex(self, names):
        """Whether the path names an object or an array (5.3.2)."""
        try:
            return self._node(names) is not None
        except KeyError:
            return False


def _walk(tree, above):
    """(names, node) of every attribute of ``tree``."""
    while isinstance(tree, list):
        tree = tree[0]
    if not isinstance(tree, dict):
        return
    for name, node in tree.items():
        yield above + (name,), node
        yield from _walk(node, above + (name,))


def schema_tree(schema):
    """The attribute tree of a JSON Schema: an object without declared
    properties is OPEN."""
    if schema.get('type') == 'array':
        return [schema_tree(schema.get('items', {}))]
    if schema.get('type') == 'object':
        properties = schema.get('properties')
        if not properties:
            return OPEN
        return {name: schema_tree(sub) for name, sub in properties.items()}
    return None


# ProblemDetails (SOL013 6.3), as resources embed it.
PROBLEM_DETAILS = {'type': None, 'title': None, 'status': None,
                   'detail': None, 'instance': None}


def parse_filter(text, attributes=None):
    """Parse the value of a ``filter`` query parameter (SOL013 5.2.2).

    ``attributes``, when given, is the resource's ``Attributes``: a term
    naming a path it does not know is refused.

    :raises: InvalidFilter naming the offending part; its subclass
        UnknownFilterAttribute for an attribute the resource lacks.
    """
    if not text:
        raise exceptions.InvalidFilter(reason='the filter is empty')
    if len(text) > MAX_FILTER_LENGTH:
        raise exceptions.InvalidFilter(
            reason='the filter has %d characters, at most %d are allowed'
            % (len(text), MAX_FILTER_LENGTH))
    terms = []
    position = 0
    while True:
        if len(terms) == MAX_FILTER_TERMS:
            raise exceptions.InvalidFilter(
                reason='the filter has more than %d expressions'
                % MAX_FILTER_TERMS)
        term, position = _parse_term(text, position)
        if attributes is not None and not attributes.knows(term.names):
            raise exceptions.UnknownFilterAttribute(
                resource=attributes.name, path=term.path)
        terms.append(term)
        if position == len(text):
            return Filter(terms)
        if text[position] != ';':
            raise _syntax_error(text, position, "';' or the end")
        position += 1


def _parse_term(text, start):
    if not text.startswith('(', start):
        raise _syntax_error(text, start, "'('")
    op, position = _read_name(text, start + 1, 'an operator')
    if op not in ONE_VALUE_OPS + MULTI_VALUE_OPS:
        raise exceptions.InvalidFilter(
            reason="unknown operator '%s'; use one of %s"
            % (op, ', '.join(ONE_VALUE_OPS + MULTI_VALUE_OPS)))
    path, position = _read_name(text, position, 'an attribute name')
    names = tuple(_unescape_name(name, path) for name in path.split('/'))
    values = []
    while True:
        value, position = _read_value(text, position)
        values.append(value)
        if position == len(text):
            raise _syntax_error(text, position, "',' or ')'")
        position += 1
        if text[position - 1] == ')':
            break
    if op in ONE_VALUE_OPS and len(values) > 1:
        raise exceptions.InvalidFilter(
            reason="operator '%s' takes one value, '%s' has %d"
            % (op, text[start:position], len(values)))
    return Term(op, path, names, tuple(values)), position


def _read_name(text, position, what):
    """Read an operator or attribute path up to the ',' ending it."""
    end = position
    while end < len(text) and text[end] not in ',()':
        end += 1
    if end == position:
        raise _syntax_error(text, position, what)
    if end == len(text) or text[end] != ',':
        raise _syntax_error(text, end, "','")
    return text[position:end], end + 1


def _unescape_name(name, path):
    if not name:
        raise exceptions.InvalidFilter(
            reason="attribute path '%s' has an empty name" % path)
    parts = name.split('~')
    try:
        return parts[0] + ''.join(_TILDE_ESCAPES[part[:1]] + part[1:]
                                  for part in parts[1:])
    except KeyError:
        raise exceptions.InvalidFilter(
            reason="attribute name '%s' has a '~' not followed by 0, 1, "
                   "a or b" % name) from None


def _read_value(text, position):
    """Read one value, quoted or not, up to the ',' or ')' after it."""
    if text.startswith("'", position):
        return _read_quoted(text, position)
    end = position
    while end < len(text) and text[end] not in ",)'":
        end += 1
    if end < len(text) and text[end] == "'":
        raise exceptions.InvalidFilter(
            reason="value '%s' contains a quote; values with a quote, "
                   "',' or ')' must be in single quotes"
            % text[position:end + 1])
    if end == position:
        raise _syntax_error(text, position, 'a value')
    return text[position:end], end


def _read_quoted(text, start):
    chunks = []
    position = start + 1
    while True:
        quote = text.find("'", position)
        if quote == -1:
            raise exceptions.InvalidFilter(
                reason='quoted value %s is not closed'
                % _snippet(text, start))
        chunks.append(text[position:quote])
        if not text.startswith("''", quote):
            break
        chunks.append("'")
        position = quote + 2
    position = quote + 1
    if position < len(text) and text[position] not in ',)':
        raise _syntax_error(text, position, "',' or ')' after a quoted value")
    return ''.join(chunks), position


def _syntax_error(text, position, expected):
    return exceptions.InvalidFilter(
        reason='expected %s at offset %d, found %s'
        % (expected, position, _snippet(text, position)))


def _snippet(text, position):
    if position == len(text):
        return 'the end'
    return "'%s'" % text[position:position + 20]


def _all_hold(node, checks):
    """Whether ``node`` satisfies every check ``(names, op, values)``.

    In an array, one element has to satisfy all checks reaching into it.
    """
    if isinstance(node, list):
        return any(_all_hold(element, checks) for element in node)
    below = {}
    for names, op, values in checks:
        if not names:
            if not _leaf_holds(node, op, values):
                return False
        else:
            below.setdefault(names[0], []).append((names[1:], op, values))
    if below and not isinstance(node, dict):
        return False
    return all(name in node and _all_hold(node[name], sub_checks)
               for name, sub_checks in below.items())


def _leaf_holds(leaf, op, values):
    if isinstance(leaf, bool):
        return op in ('eq', 'in') and json.dumps(leaf) in values
    if isinstance(leaf, (int, float)):
        if op == 'cont':
            return False
        operands = [number for number in map(_number, values)
                    if number is not _UNFIT]
    elif isinstance(leaf, str):
        if op == 'cont':
            return any(value in leaf for value in values)
        operands = values
    else:
        return False
    compare = _ORDERING[op]
    return any(compare(leaf, operand) for operand in operands)


def _number(text):
    match = _JSON_NUMBER.fullmatch(text)
    if match is None:
        return _UNFIT
    if not (match.group(1) or match.group(2)):
        return int(text)
    number = float(text)
    return number if math.isfinite(number) else _UNFIT


def _sql_clause(column, term):
    op = _POSITIVE_OF.get(term.op, term.op)
    positive = _sql_positive(column, op, term)
    if op == term.op:
        return positive
    # NOT on a NULL comparison is NULL, yet a missing attribute matches.
    if column.nullable:
        return sa.or_(column.is_(None), sa.not_(positive))
    return sa.not_(positive)


def _sql_positive(column, op, term):
    if op == 'cont':
        if not isinstance(column.type, sa.String):
            return sa.false()
        return sa.or_(*(column.like('%' + _escape_like(value) + '%',
                                    escape='\\') for value in term.values))
    if op not in ('eq', 'in') and isinstance(column.type, sa.Boolean):
        raise exceptions.InvalidFilter(
            reason="'%s' is a boolean: use eq, neq, in or nin, not %s"
            % (term.path, op))
    try:
        operands = [operand for operand in
                    (_sql_operand(column.type, value)
                     for value in term.values)
                    if operand is not _UNFIT]
    except _OutOfRange as error:
        raise exceptions.InvalidFilter(reason=str(error)) from None
    if not operands:
        return sa.false()
    if op == 'in':
        return column.in_(operands)
    return _ORDERING[op](column, operands[0])


def _escape_like(value):
    return (value.replace('\\', '\\\\').replace('%', '\\%')
            .replace('_', '\\_'))


def _sql_operand(sql_type, text):
    """``text`` as a value of the column type, or _UNFIT."""
    if isinstance(sql_type, sa.Boolean):
        return {'true': True, 'false': False}.get(text, _UNFIT)
    if isinstance(sql_type, (sa.Integer, sa.Numeric)):
        number = _number(text)
        # Drivers cannot bind integers beyond 64 bits.
        if isinstance(number, int) and not \
                _INT64_MIN <= number <= _INT64_MAX:
            return _UNFIT
        return number
    if isinstance(sql_type, sa.DateTime):
        return _datetime(text, sql_type.timezone)
    return text


def _datetime(text, keep_timezone):
    try:
        moment = datetime.datetime.fromisoformat(text)
        if moment.tzinfo is None or keep_timezone:
            return moment
        # Timestamps are stored as naive UTC.
        return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    except ValueError:
        return _UNFIT
    except OverflowError:
        raise _OutOfRange("DateTime '%s' is out of range once in UTC"
                          % text) from None


class Selection:
    """The attribute selectors of SOL013 5.3 in one request, parsed once
    and applied to each item of a list.

    ``params`` is the request's query parameter mapping; the selectors
    are ``all_fields``, ``fields``, ``exclude_fields`` and
    ``exclude_default`` and only ``fields`` with ``exclude_default`` may
    be combined. Without any, ``exclude_default`` applies: the paths in
    ``default_excluded`` are removed. ``fields`` alone removes every
    complex attribute it does not name; with ``exclude_default`` it only
    gives back the named ones of ``default_excluded``. ``attributes``,
    the resource's ``Attributes``, says which attributes are complex,
    and ``fields`` and ``exclude_fields`` may name only those (5.3.2);
    without it any name is accepted and the complex attributes are the
    top-level ones of an item holding an object or array. ``id`` and
    ``_links`` always stay. Paths reach through arrays into every
    element.

    :raises: InvalidAttributeSelector; its subclass
        UnknownSelectedAttribute for a path that is no complex attribute.
    """

    def __init__(self, params, default_excluded, attributes=None):
        given = [name for name in SELECTORS if name in params]
        if len(given) > 1 and given != ['fields', 'exclude_default']:
            raise exceptions.InvalidAttributeSelector(
                reason='%s cannot be combined' % ' and '.join(given))
        listed = {name: _selector_paths(params, name, attributes)
                  for name in ('fields', 'exclude_fields') if name in given}
        # None: the complex attributes of each item not named in fields.
        self._kept = None
        if 'all_fields' in given:
            removed = []
        elif 'exclude_fields' in listed:
            removed = listed['exclude_fields']
        elif 'fields' in listed:
            self._kept = listed['fields']
            if 'exclude_default' in given:
                removed = self._unnamed(default_excluded)
            elif attributes is None:
                removed = None
            else:
                removed = self._unnamed(attributes.complex_paths)
        else:
            removed = default_excluded
        self._removed = None if removed is None else _split_paths(removed)

    def _unnamed(self, paths):
        return [path for path in paths if not _related(path, self._kept)]

    def drops(self, name):
        """Whether the top-level attribute ``name`` is never shown, so
        that it need not be read at all."""
        return self._removed is not None and name in self._removed[0]

    def apply(self, obj):
        """``obj`` as selected: a new dict, ``obj`` left unchanged."""
        if self._removed is None:
            top, deep = _split_paths(self._unnamed(
                name for name, value in obj.items()
                if isinstance(value, (dict, list))))
        else:
            top, deep = self._removed
        if top:
            obj = {name: value for name, value in obj.items()
                   if name not in top}
        for names in deep:
            obj = _without(obj, names)
        return obj


def _split_paths(paths):
    """Removable paths as (top-level names, deeper name lists); the
    mandatory attributes are never removed."""
    top, deep = set(), []
    for path in paths:
        names = path.split('/')
        if names[0] in MANDATORY_ATTRIBUTES:
            continue
        if len(names) == 1:
            top.add(names[0])
        else:
            deep.append(names)
    return frozenset(top), deep


def _selector_paths(params, name, attributes):
    text = params[name]
    paths = text.split(',')
    for path in paths:
        names = path.split('/')
        if '' in names:
            raise exceptions.InvalidAttributeSelector(
                reason="%s=%s has an empty attribute name" % (name, text))
        if attributes is not None and not attributes.is_complex(names):
            raise exceptions.UnknownSelectedAttribute(
                selector=name, path=path, resource=attributes.name)
    return paths


def _related(path, listed):
    """Whether ``path`` is named in ``listed``, lies below or above a
    named path, so that ``fields`` keeps it."""
    return any(path == name or name.startswith(path + '/')
               or path.startswith(name + '/') for name in listed)


def _without(node, names):
    """A copy of ``node`` without the attribute at ``names``, sharing the
    untouched parts."""
    if isinstance(node, list):
        return [_without(element, names) for element in node]
    if not isinstance(node, dict) or names[0] not in node:
        return node
    copy = dict(node)
    if len(names) == 1:
        del copy[names[0]]
    else:
        copy[names[0]] = _without(node[names[0]], names[1:])
    return copy


def encode_marker(values):
    """An opaque ``nextpage_opaque_marker`` for a paging key (SOL013
    5.4.2.1): URL-safe base64 of the JSON list of ``values``; datetimes
    become ISO 8601 strings (``marker_keys`` converts them back)."""
    data = json.dumps(list(values), separators=(',', ':'),
                      default=datetime.datetime.isoformat)
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip('=')


def decode_marker(text):
    """The paging key of a marker made by ``encode_marker``, as a tuple.

    :raises: InvalidPagingMarker when the marker was not made here.
    """
    if len(text) > MAX_MARKER_LENGTH or not _MARKER_ALPHABET.fullmatch(
            text):
        raise exceptions.InvalidPagingMarker()
    try:
        values = json.loads(
            base64.urlsafe_b64decode(text + '=' * (-len(text) % 4)))
    except (binascii.Error, ValueError):
        raise exceptions.InvalidPagingMarker() from None
    if not (isinstance(values, list) and values and all(
            isinstance(value, (str, int, float)) and '\0' not in str(value)
            for value in values)):
        raise exceptions.InvalidPagingMarker()
    return tuple(values)


def next_link(request_url, marker):
    """The ``Link`` header value pointing at the next page (SOL013
    5.4.2.1): ``request_url`` with its query parameters kept as sent,
    except a previous marker, plus ``marker``."""
    parts = urllib.parse.urlsplit(request_url)
    query = [part for part in parts.query.split('&') if part and
             urllib.parse.unquote_plus(part.partition('=')[0])
             != MARKER_PARAM]
    query.append('%s=%s' % (MARKER_PARAM, urllib.parse.quote(marker)))
    url = urllib.parse.urlunsplit(parts._replace(query='&'.join(query),
                                                 fragment=''))
    return '<%s>; rel="next"' % url


def marker_keys(order_columns, marker_values):
    """The values of a paging key (see ``paged``) as the types of
    ``order_columns``.

    :raises: InvalidPagingMarker when the key does not fit the columns.
    """
    if len(marker_values) != len(order_columns):
        raise exceptions.InvalidPagingMarker()
    return [_marker_operand(column, value)
            for column, value in zip(order_columns, marker_values)]


def paged(select, order_columns, keys, page_size):
    """Add keyset paging to a SQLAlchemy select.

    Rows come ordered by ``order_columns`` (ascending; together unique
    and not nullable, e.g. ``(created_at, id)``), starting after the key
    ``keys`` (None for the first page; SQL values from ``marker_keys``
    or bind parameters, so that a select built once serves every page of
    its shape), at most ``page_size + 1`` of them so that the caller
    sees whether another page follows; a ``page_size`` of 0 or None
    means no limit. The next marker is the key of the last row returned
    to the client.
    """
    if keys is not None:
        select = select.where(_after(list(order_columns), keys))
    select = select.order_by(*order_columns)
    return select.limit(page_size + 1) if page_size else select


def _marker_operand(column, value):
    """A key value as the column's type: as decoded from a marker, or
    as read from the row (``paging.list_page`` reads on past the rows
    its Python filter rejected)."""
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        operand = _sql_operand(column.type, text)
    except _OutOfRange:
        operand = _UNFIT
    if operand is _UNFIT:
        raise exceptions.InvalidPagingMarker()
    return operand


def _after(columns, keys):
    """``(c1, c2, ...) > (k1, k2, ...)`` spelled with AND/OR, as not
    every backend compares row values: ``c1 >= k1 AND (c1 > k1 OR
    (c2, ...) > (k2, ...))``, whose leading ``c1 >= k1`` lets an index
    on the columns range-scan from the key (on SQLite, PostgreSQL and
    MariaDB) rather than read every row before it."""
    if len(columns) == 1:
        return columns[0] > keys[0]
    return sa.and_(columns[0] >= keys[0],
                   sa.or_(columns[0] > keys[0],
                          _after(columns[1:], keys[1:])))
