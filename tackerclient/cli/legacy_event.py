"""``nfv event ...``: what happened to the resources of the legacy Tacker
API (VNFDs, VNFs, NSDs, NSs, VIMs), from ``/v1.0/events``, as in
python-tackerclient 1.x."""
from tackerclient.cli import common
from tackerclient.cli import legacy
from tackerclient import exceptions

# Options of the list that the server filters by.
FILTERS = ('resource_type', 'resource_id', 'resource_state', 'event_type')


def _events(cmd):
    return common.client(cmd).legacy_events


class ListEvent(legacy.ListCommand):
    """List events of resources, newest last."""

    columns = (('id', 'ID'), ('resource_type', 'Resource Type'),
               ('resource_id', 'Resource ID'),
               ('resource_state', 'Resource State'),
               ('event_type', 'Event Type'), ('timestamp', 'Timestamp'))
    long_columns = (('event_details', 'Event Details'),)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--id', metavar='<event-id>',
                            help='Only the event of this ID')
        for name in FILTERS:
            parser.add_argument(
                '--' + name.replace('_', '-'),
                metavar='<%s>' % name.replace('_', '-'),
                help='Only the events of this %s' % name.replace('_', ' '))
        return parser

    def fetch(self, parsed_args):
        filters = {name: getattr(parsed_args, name) for name in FILTERS
                   if getattr(parsed_args, name) is not None}
        if parsed_args.id is None:
            return _events(self).list(**filters)
        # The server filters by anything but the ID.
        try:
            event = _events(self).show(parsed_args.id)
        except exceptions.NotFound:
            return []
        return [event] if all(event.get(name) == value
                              for name, value in filters.items()) else []


class ShowEvent(common.ShowCommand):
    """Show an event."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('event', metavar='<event-id>',
                            help='ID of the event to display')
        return parser

    def take_action(self, parsed_args):
        return self.show(_events(self).show(parsed_args.event))
