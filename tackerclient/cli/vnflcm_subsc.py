"""``vnflcm subsc ...``: SOL003 subscriptions to LCM notifications."""
from tackerclient.cli import subscription

KIND = subscription.Kind(
    client='lcm_subscriptions', name='LCM subscription',
    metavar='<vnf-lcm-subsc-id>',
    request='LccnSubscriptionRequest (callbackUri, filter, authentication)',
    labels={'id': 'ID', 'filter': 'Filter', 'callbackUri': 'Callback URI',
            '_links': 'Links'})


class CreateLccnSubscription(subscription.CreateSubscription):
    """Subscribe to LCM notifications.

    The server first checks that the callback URI answers GET with 204.
    An identical existing subscription is shown instead of a new one.
    """

    kind = KIND


class ListLccnSubscription(subscription.ListSubscription):
    """List LCM subscriptions."""

    kind = KIND


class ShowLccnSubscription(subscription.ShowSubscription):
    """Show an LCM subscription."""

    kind = KIND


class DeleteLccnSubscription(subscription.DeleteSubscription):
    """Delete LCM subscription(s)."""

    kind = KIND
