"""What the ``vnfpm job`` and ``vnfpm threshold`` commands share: PM jobs
and thresholds (SOL003 v3.3.1 clause 6) are created from a request file,
listed, shown, modified (callbackUri, authentication) and deleted alike;
only the names differ. API version 2 only, as in python-tackerclient."""
import typing

from tackerclient.cli import common


class Kind(typing.NamedTuple):
    """PM jobs or thresholds, as their commands name them."""

    # The TackerClient attribute of their client: 'pm_jobs'.
    client: str
    # 'VNF PM job': in help and messages.
    name: str
    # The argument naming one: 'vnf_pm_job_id' (shown <vnf-pm-job-id>).
    id_dest: str
    # The request of create and update, for the help.
    create_request: str
    update_request: str
    # Attributes to column names.
    labels: dict
    # The id's column in a list: python-tackerclient's job list says
    # 'Id', its threshold list 'ID'.
    list_id_label: str = 'ID'

    def add_id(self, parser, action, nargs=None):
        parser.add_argument(self.id_dest, nargs=nargs,
                            metavar='<%s>' % self.id_dest.replace('_', '-'),
                            help='%s ID%s to %s' % (
                                self.name, '(s)' if nargs else '', action))


# python-tackerclient's columns of a list (the others on request).
LIST_COLUMNS = ('id', 'objectType', '_links')
# What the update shows: the modifications, secrets left out by the server.
UPDATE_LABELS = {'callbackUri': 'Callback Uri'}


class _PmCommand:
    """A command on the PM jobs or thresholds of ``kind``."""

    kind = None

    @property
    def labels(self):
        return self.kind.labels

    def resources(self):
        return getattr(common.client(self), self.kind.client)

    def resource_id(self, parsed_args):
        return getattr(parsed_args, self.kind.id_dest)


def _add_request_file(parser, request):
    parser.add_argument('request_file', metavar='<param-file>',
                        help='JSON file with the %s' % request)


class CreatePm(_PmCommand, common.ShowCommand):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_request_file(parser, self.kind.create_request)
        return parser

    def take_action(self, parsed_args):
        return self.show(self.resources().create(
            common.load_json_file(parsed_args.request_file)))


class ListPm(_PmCommand, common.ListCommand):

    filter_example = '(eq,objectType,Vnf)'

    @property
    def labels(self):
        return dict(self.kind.labels, id=self.kind.list_id_label)

    @property
    def columns(self):
        return tuple((key, self.labels[key]) for key in LIST_COLUMNS)

    def fetch(self, parsed_args, selectors):
        return self.resources().list(**selectors)


class ShowPm(_PmCommand, common.ShowCommand):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.kind.add_id(parser, 'display')
        return parser

    def take_action(self, parsed_args):
        return self.show(self.resources().show(
            self.resource_id(parsed_args)))


class UpdatePm(_PmCommand, common.ShowCommand):

    labels = UPDATE_LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.kind.add_id(parser, 'update')
        _add_request_file(parser, self.kind.update_request)
        return parser

    def take_action(self, parsed_args):
        return self.show(self.resources().update(
            self.resource_id(parsed_args),
            common.load_json_file(parsed_args.request_file)))


class DeletePm(_PmCommand, common.Command):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.kind.add_id(parser, 'delete', nargs='+')
        return parser

    def take_action(self, parsed_args):
        common.delete_each(self, self.resource_id(parsed_args),
                           self.resources().delete, self.kind.name)
