"""SOL013 query parameters of list requests: filter (5.2), attribute
selectors (5.3) and paging (5.4), shared by every list endpoint."""
from tacker.api import validation
from tacker.api import wsgi
from tacker.common import sol013

# The query parameters of a list (SOL013 5.2 - 5.4); each takes one value.
PARAMS = ('filter', *sol013.SELECTORS, sol013.MARKER_PARAM)
# Those of a list of subscriptions, which has no attribute selectors
# (SOL003 v2.6.1 5.4.18.3.2, SOL005 v2.6.1 9.4.8.3.2).
SUBSCRIPTION_PARAMS = ('filter', sol013.MARKER_PARAM)


class ListQuery:
    """The parsed query of one list request.

    ``attributes`` are the ``sol013.Attributes`` of the listed resource;
    ``where`` holds the filter terms the database evaluates (those on
    ``filter_columns``, a map of attribute paths to columns); ``matches``
    evaluates the rest on the SOL representation of each item. Which
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
        self.where, self.residual = [], None
        if text is not None:
            self.where, self.residual = sol013.parse_filter(
                text, attributes).split_sql(filter_columns)
        # Parsed once per request; invalid selectors are refused even
        # for empty lists.
        self.selection = sol013.Selection(
            self.params, attributes.default_excluded, attributes)
        marker = self.params.get(sol013.MARKER_PARAM)
        self.marker = sol013.decode_marker(marker) if marker else None

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
        return frozenset(
            column for name, names in columns.items()
            if name is None or not self.wants(name) for column in names)

    def matches(self, item):
        return self.residual is None or self.residual.matches(item)

    def page_query(self, select, marker):
        return sol013.page_query(select, self.order_columns, marker,
                                 self.page_size)

    def respond(self, list_page, view, *scope, **options):
        """Read one page through ``list_page(context, *scope, where,
        accept, marker, page_size, page_query, **options)`` showing each
        item as ``view(item)``, and answer it."""
        def accept(item):
            item['view'] = view(item)
            return self.matches(item['view'])

        page, last_key = list_page(
            self.req.context, *scope, self.where, accept, self.marker,
            self.page_size, self.page_query, **options)
        return self.result([item['view'] for item in page], last_key)

    def result(self, items, last_key):
        """The page, with selectors applied and a ``Link: rel="next"``
        header when more items follow."""
        apply = self.selection.apply
        body = [apply(item) for item in items]
        headers = {}
        if last_key is not None:
            headers['Link'] = sol013.next_link(
                self.req.url, sol013.encode_marker(last_key))
        return wsgi.Result(body, headers=headers)
