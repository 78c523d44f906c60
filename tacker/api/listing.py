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
        # Invalid selectors are refused even for empty lists.
        self.select({})
        marker = self.params.get(sol013.MARKER_PARAM)
        self.marker = sol013.decode_marker(marker) if marker else None

    def wants(self, *attributes):
        """Whether the residual filter or the selectors need any of these
        top-level attributes, so costly ones are loaded only then."""
        if self.residual is not None and any(
                term.path.split('/')[0] in attributes
                for term in self.residual.terms):
            return True
        probe = self.select({'id': '', **{name: [{}] for name in attributes}})
        return any(name in probe for name in attributes)

    def select(self, item):
        return sol013.select_attributes(
            item, self.params, self.attributes.default_excluded,
            self.attributes)

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
        body = [self.select(item) for item in items]
        headers = {}
        if last_key is not None:
            headers['Link'] = sol013.next_link(
                self.req.url, sol013.encode_marker(last_key))
        return wsgi.Result(body, headers=headers)
