"""``vnflcm subsc ...``: SOL003 subscriptions to LCM notifications."""
from tackerclient.cli import common

LABELS = {'id': 'ID', 'filter': 'Filter', 'callbackUri': 'Callback URI',
          '_links': 'Links'}


def _subscription_argument(parser, action):
    parser.add_argument('vnf_lcm_subsc_id', metavar='<vnf-lcm-subsc-id>',
                        help='LCM subscription ID to %s' % action)


class CreateLccnSubscription(common.ShowCommand):
    """Subscribe to LCM notifications.

    The server first checks that the callback URI answers GET with 204.
    An identical existing subscription is shown instead of a new one.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'request_file', metavar='<param-file>',
            help='JSON file with the LccnSubscriptionRequest (callbackUri, '
                 'filter, authentication)')
        return parser

    def take_action(self, parsed_args):
        subscription, created = common.client(self).lcm_subscriptions.create(
            common.load_json_file(parsed_args.request_file))
        if not created:
            common.note(self, 'An identical subscription exists already: '
                              '%s' % subscription['id'])
        return self.show(subscription)


class ListLccnSubscription(common.ListCommand):
    """List LCM subscriptions."""

    columns = (('id', 'ID'), ('callbackUri', 'Callback URI'))
    labels = LABELS
    attribute_selectors = False

    def fetch(self, parsed_args, selectors):
        return common.client(self).lcm_subscriptions.list(**selectors)


class ShowLccnSubscription(common.ShowCommand):
    """Show an LCM subscription."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _subscription_argument(parser, 'show')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).lcm_subscriptions.show(
            parsed_args.vnf_lcm_subsc_id))


class DeleteLccnSubscription(common.Command):
    """Delete LCM subscription(s)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('vnf_lcm_subsc_ids', metavar='<vnf-lcm-subsc-id>',
                            nargs='+', help='LCM subscription ID(s) to '
                                            'delete')
        return parser

    def take_action(self, parsed_args):
        common.delete_each(self, parsed_args.vnf_lcm_subsc_ids,
                           common.client(self).lcm_subscriptions.delete,
                           'LCM subscription')
