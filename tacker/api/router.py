"""Routes several APIs declare alike."""
from tacker.api import listing
from tacker.api import subscriptions


def add_subscription_routes(router, api, type_name, request_schema,
                            options, verbosity=None):
    """``{prefix}/subscriptions[/{id}]`` of ``api``, whose subscriptions
    are ``type_name`` requested as ``request_schema``; ``options``: the
    API's config group (page size); ``verbosity``: as the controller
    takes it."""
    subs = subscriptions.SubscriptionsController(
        api, router.prefix, options,
        subscriptions.attributes(type_name, request_schema), verbosity)
    router.connect('/subscriptions', subs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': request_schema},
                   query={'GET': listing.SUBSCRIPTION_PARAMS})
    router.connect('/subscriptions/{id}', subs,
                   {'GET': 'show', 'DELETE': 'delete'})
