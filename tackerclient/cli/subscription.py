"""What the subscription commands of every API share (``vnflcm subsc``,
``vnffm sub``): a subscription is created from a request file, listed,
shown and deleted alike (SOL013 clause 5.x); only the names differ."""
import typing

from tackerclient.cli import common


class Kind(typing.NamedTuple):
    """One API's subscriptions, as its commands name them."""

    # The TackerClient attribute of their SubscriptionsClient.
    client: str
    # 'LCM subscription': in help and messages.
    name: str
    # The metavar of an id: '<vnf-lcm-subsc-id>'.
    metavar: str
    # The request the create file holds, for the help.
    request: str
    # Attributes to column names.
    labels: dict
    # Shown, blank, when absent (ShowCommand.every_label).
    every_label: bool = False


class _Subscriptions:
    """A command on the subscriptions of ``kind``."""

    kind = None

    @property
    def labels(self):
        return self.kind.labels

    @property
    def every_label(self):
        return self.kind.every_label

    def subscriptions(self):
        return getattr(common.client(self), self.kind.client)


class CreateSubscription(_Subscriptions, common.ShowCommand):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('request_file', metavar='<param-file>',
                            help='JSON file with the %s' % self.kind.request)
        return parser

    def take_action(self, parsed_args):
        subscription, created = self.subscriptions().create(
            common.load_json_file(parsed_args.request_file))
        if not created:
            common.note(self, 'An identical subscription exists already: '
                              '%s' % subscription['id'])
        return self.show(subscription)


class ListSubscription(_Subscriptions, common.ListCommand):

    attribute_selectors = False

    @property
    def columns(self):
        return tuple((key, self.labels[key]) for key in ('id', 'callbackUri'))

    def fetch(self, parsed_args, selectors):
        return self.subscriptions().list(**selectors)


class ShowSubscription(_Subscriptions, common.ShowCommand):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('subscription_id', metavar=self.kind.metavar,
                            help='%s ID to show' % self.kind.name)
        return parser

    def take_action(self, parsed_args):
        return self.show(self.subscriptions().show(
            parsed_args.subscription_id))


class DeleteSubscription(_Subscriptions, common.Command):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('subscription_ids', metavar=self.kind.metavar,
                            nargs='+',
                            help='%s ID(s) to delete' % self.kind.name)
        return parser

    def take_action(self, parsed_args):
        common.delete_each(self, parsed_args.subscription_ids,
                           self.subscriptions().delete, self.kind.name)
