"""Subscriptions to notifications, the same for every SOL API that has
them (SOL013 clause 5.x; SOL005 9.4.8-9.4.9, SOL003 5.4.18-5.4.19).

Creating one first tests the callback with a GET that must answer 204,
and an identical subscription (same callback, same filter) is answered
with 303 See Other pointing at the existing one.
"""
from tacker.api import listing
from tacker.api import wsgi
from tacker.common import callbacks
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import links
from tacker.common import sol013
from tacker.common import vim_secrets
from tacker.conf import CONF
from tacker.db import subscriptions as db_subscriptions

FILTER_COLUMNS = {'id': db_subscriptions.SUB.id,
                  'callbackUri': db_subscriptions.SUB.callback_uri}


def attributes(name, request_schema):
    """The attributes of a subscription: its request's but the secret
    ``authentication``, with ``id`` and ``_links``."""
    tree = sol013.schema_tree(request_schema)
    del tree['authentication']
    return sol013.Attributes(name, dict(
        tree, id=None, _links={'self': {'href': None}}))


class SubscriptionsController:
    """``{prefix}/subscriptions`` of one API."""

    def __init__(self, api, prefix, options, attributes,
                 verbosity=None):
        """``options``: the API's config group, for its page_size;
        ``attributes``: those of the subscription type; ``verbosity``:
        the default of an API whose subscriptions choose one (SOL003
        v3.3.1 LccnSubscription), else None."""
        self.api = api
        self.prefix = prefix
        self.options = options
        self.attributes = attributes
        self.verbosity = verbosity

    def _url(self, base, subscription_id):
        return links.subscription(base, self.prefix, subscription_id)

    def _view(self, subscription, base):
        """PkgmSubscription / LccnSubscription: secrets never returned."""
        view = {'id': subscription['id'],
                'callbackUri': subscription['callback_uri'],
                '_links': {'self': {
                    'href': self._url(base, subscription['id'])}}}
        if subscription['filter']:
            view['filter'] = subscription['filter']
        if subscription['verbosity']:
            view['verbosity'] = subscription['verbosity']
        return view

    @wsgi.responds(201, 303)
    def create(self, req, body):
        uri = body['callbackUri']
        base = links.base_url(req)
        owner = owning_project(req.context)
        duplicate = db_subscriptions.find_duplicate(
            req.context, self.api, owner, uri,
            body.get('filter'))
        if duplicate:
            return wsgi.Result(status=303, headers={
                'Location': self._url(base, duplicate)})
        callbacks.check_callback(uri, body.get('authentication'), CONF)
        subscription = db_subscriptions.create(
            req.context, self.api, owner, uri,
            vim_secrets.seal_authentication(
                CONF, body.get('authentication')), body.get('filter'),
            self.verbosity and body.get('verbosity', self.verbosity))
        view = self._view(subscription, base)
        return wsgi.Result(view, status=201, headers={
            'Location': view['_links']['self']['href']})

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        return listing.ListQuery(
            req, self.attributes, FILTER_COLUMNS, self.options.page_size,
            db_subscriptions.ORDER).respond(
                db_subscriptions.list_page,
                lambda subscription: self._view(subscription, base),
                self.api, project_scope(req.context))

    @wsgi.responds(200)
    def show(self, req, id):
        return self._view(db_subscriptions.get(
            req.context, self.api, id, project_scope(req.context)),
            links.base_url(req))

    @wsgi.responds(204)
    def delete(self, req, id):
        db_subscriptions.delete(req.context, self.api, id,
                                project_scope(req.context))
        return wsgi.Result(status=204)
