"""SOL013 query parameters of list requests: filter (5.2), attribute
selectors (5.3) and paging (5.4), shared by every list endpoint."""
import functools

from oslo_serialization import jsonutils

from tacker.api import validation
from tacker.api import wsgi
from tacker.common import joint_reads
from tacker.common import links
from tacker.common import sol013

# The query parameters of a list (SOL013 5.2 - 5.4); each takes one value.
PARAMS = ('filter', *sol013.SELECTORS, sol013.MARKER_PARAM)
# Those of a list of subscriptions, which has no attribute selectors
# (SOL003 v2.6.1 5.4.18.3.2, SOL005 v2.6.1 9.4.8.3.2).
SUBSCRIPTION_PARAMS = ('filter', sol013.MARKER_PARAM)


class _Shown:
    """What lists last answered, per worker and shape of list (its
    resource, base URL and selectors): a map of keys to serialised
    values, started over once it holds ``max_bytes`` of them."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.shapes = {}
        self.size = 0

    def of(self, shape):
        """The map of one shape, to look values up in."""
        return self.shapes.get(shape, {})

    def put(self, shape, key, value, size):
        if self.size + size > self.max_bytes:
            self.shapes.clear()
            self.size = 0
        self.shapes.setdefault(shape, {})[key] = value
        self.size += size


# Items: (id, updated_at) -> JSON. A row changes its updated_at with every
# change (the models' onupdate), so an entry of an older version is never
# found again.
_ITEMS = _Shown(max_bytes=32 * 1024 * 1024)
# Pages: (filter, marker, scope) -> (fingerprint, JSON, Link header).
_PAGES = _Shown(max_bytes=32 * 1024 * 1024)
# Fingerprints of equal pages read together, shared (pollers of one list).
_FINGERPRINTS = joint_reads.JointReads()


@functools.lru_cache(maxsize=1024)
def _filter_parts(text, attributes, filter_columns):
    """The SQL clauses (a tuple) and the residual filter of the filter
    ``text``, parsed once per text: the same clause objects for the same
    filter let the database layer reuse the statement it built and
    compiled with them (``tacker.db.paging.page_fingerprint``)."""
    where, residual = sol013.parse_filter(text, attributes).split_sql(
        dict(filter_columns))
    return tuple(where), residual


class ListQuery:
    """The parsed query of one list request.

    ``attributes`` are the ``sol013.Attributes`` of the listed resource;
    ``where`` holds the filter terms the database evaluates (those on
    ``filter_columns``, a map of attribute paths to columns); ``matches``
    evaluates the rest on the SOL representation of each item; with the
    enhanced policy, ``admits`` (``tacker.api.policy.authorize``) says
    which rows the caller may see. Which
    parameters a list takes at all its route declares (``query`` of
    ``wsgi.Router.connect``).
    """

    def __init__(self, req, attributes, filter_columns, page_size,
                 order_columns):
        self.req = req
        self.attributes = attributes
        self.page_size = page_size
        self.order_columns = order_columns
        self.params = {name: validation.query_value(req, name)
                       for name in PARAMS if name in req.GET}
        text = self.params.get('filter')
        self.where, self.residual = (), None
        if text is not None:
            self.where, self.residual = _filter_parts(
                text, attributes, tuple(filter_columns.items()))
        # Parsed once per request; invalid selectors are refused even
        # for empty lists.
        self.selection = sol013.Selection(
            self.params, attributes.default_excluded, attributes)
        marker = self.params.get(sol013.MARKER_PARAM)
        self.marker = sol013.decode_marker(marker) if marker else None
        self.admits = getattr(req.context, 'admits', None)
        # What an item's JSON depends on besides its row.
        self.shape = (attributes.name, links.base_url(req),
                      *(self.params.get(name) for name in sol013.SELECTORS))

    def wants(self, *attributes):
        """Whether the residual filter or the selectors need any of these
        top-level attributes, so costly ones are loaded only then."""
        if self.residual is not None and any(
                term.names[0] in attributes for term in self.residual.terms):
            return True
        return not all(self.selection.drops(name) for name in attributes)

    def unread(self, columns):
        """The columns this page need not read: ``columns`` maps each
        top-level attribute to the columns only it reads (None: columns
        no attribute shows)."""
        if self.admits is not None:
            # The policy reads any column of the row.
            return frozenset()
        return frozenset(
            column for name, names in columns.items()
            if name is None or not self.wants(name) for column in names)

    def matches(self, item):
        return self.residual is None or self.residual.matches(item)

    def respond(self, list_page, view, *scope, **options):
        """Read one page through ``list_page(context, *scope, where,
        accept, marker, page_size, **options)`` (which also takes
        ``fingerprint=True``, see ``tacker.db.paging.list_page``) showing
        each item as ``view(item)``, and answer it.

        Without a residual filter or the enhanced policy's ``admits`` no
        item needs its view to be taken (see ``_serialised_page``).
        """
        if self.residual is not None or self.admits is not None:
            def accept(item):
                if self.admits is not None and not self.admits(item):
                    return False
                item['view'] = view(item)
                return self.matches(item['view'])

            page, last_key = self._read(list_page, accept, self.where,
                                        self.marker, scope, options)
            apply = self.selection.apply
            body = [apply(item['view']) for item in page]
            link = self._next_link(last_key)
        else:
            body, link = self._serialised_page(list_page, view, scope,
                                               options)
        return wsgi.Result(body, headers={} if link is None
                           else {'Link': link})

    def _next_link(self, last_key):
        """The Link header of a page that ends at ``last_key`` (None:
        the last page has none)."""
        return None if last_key is None else sol013.next_link(
            self.req.url, sol013.encode_marker(last_key))

    def _read(self, list_page, accept, where, marker, scope, options):
        return list_page(
            self.req.context, *scope, where, accept, marker,
            self.page_size, **options)

    def _serialised_page(self, list_page, view, scope, options):
        """The page and its Link header: answered as before while its
        fingerprint (see ``tacker.db.paging.page_fingerprint``) is the
        one it had then, else made of the JSON of its items, of which only
        those no list showed in this shape since their last change are
        read whole and serialised."""
        page_key = (self.params.get('filter'),
                    self.params.get(sol013.MARKER_PARAM), scope)
        fingerprint = _FINGERPRINTS.read(
            (list_page, self.page_size, *page_key),
            lambda: list_page(self.req.context, *scope, self.where, None,
                              self.marker, self.page_size,
                              fingerprint=True))
        answered = _PAGES.of(self.shape).get(page_key)
        if answered is not None and answered[0] == fingerprint:
            return answered[1], answered[2]
        table = self.order_columns[0].table
        stubs, last_key = self._read(
            list_page, None, self.where, self.marker, scope,
            dict(options, unread=frozenset(table.c.keys()) - _VERSION))
        known = _ITEMS.of(self.shape)
        keys = [(stub['id'], stub['updated_at']) for stub in stubs]
        texts = [known.get(key) for key in keys]
        missing = {key[0]: key for key, text in zip(keys, texts)
                   if text is None}
        if missing:
            rows, _ = self._read(list_page, None,
                                 [table.c.id.in_(list(missing))], None,
                                 scope, options)
            fresh = {row['id']: self._serialise(missing[row['id']], row,
                                                view)
                     for row in rows}
            # An item deleted since the first read is left out.
            texts = [fresh.get(key[0]) if text is None else text
                     for key, text in zip(keys, texts)]
        body = wsgi.Serialised(b'[' + b', '.join(
            [text for text in texts if text is not None]) + b']')
        link = self._next_link(last_key)
        if fingerprint is not None:
            # Read before the page: should the page have changed since,
            # the next fingerprint differs from this one.
            _PAGES.put(self.shape, page_key, (fingerprint, body, link),
                       len(body))
        return body, link

    def _serialise(self, key, item, view):
        text = jsonutils.dump_as_bytes(self.selection.apply(view(item)))
        _ITEMS.put(self.shape, key, text, len(text))
        return text


# The columns that identify a version of a row.
_VERSION = frozenset({'id', 'created_at', 'updated_at'})
