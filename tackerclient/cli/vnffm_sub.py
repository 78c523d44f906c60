"""``vnffm sub ...``: SOL003 v3.3.1 subscriptions to alarm notifications
(clause 7.4.4-7.4.5); API version 2 only, as in python-tackerclient."""
from tackerclient.cli import subscription

KIND = subscription.Kind(
    client='fm_subscriptions', name='VNF FM subscription',
    metavar='<vnf-fm-sub-id>',
    request='FmSubscriptionRequest (callbackUri, filter, authentication)',
    # python-tackerclient's names: "Uri", unlike its LCM subscriptions.
    labels={'id': 'ID', 'filter': 'Filter', 'callbackUri': 'Callback Uri',
            '_links': 'Links'}, every_label=True)


class CreateVnfFmSub(subscription.CreateSubscription):
    """Subscribe to VNF FM (alarm) notifications (API version 2).

    The server first checks that the callback URI answers GET with 204.
    An identical existing subscription is shown instead of a new one.
    """

    kind = KIND


class ListVnfFmSub(subscription.ListSubscription):
    """List VNF FM subscriptions (API version 2)."""

    kind = KIND


class ShowVnfFmSub(subscription.ShowSubscription):
    """Show a VNF FM subscription (API version 2)."""

    kind = KIND


class DeleteVnfFmSub(subscription.DeleteSubscription):
    """Delete VNF FM subscription(s) (API version 2)."""

    kind = KIND
