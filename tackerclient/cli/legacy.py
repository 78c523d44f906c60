"""What the commands of the legacy Tacker VNFM and NFVO APIs (``/v1.0``)
share, as python-tackerclient 1.x had them: descriptors (``vnf
descriptor``, ``ns descriptor``) are created from a TOSCA template file,
listed, shown and deleted alike, and instances (``vnf``, ``ns``) are
created from a descriptor given by ID, name or template file, listed,
shown and deleted alike; only the names differ.

Commands name a descriptor or instance by its name or its ID. Templates,
parameters and configs are YAML files, sent as the mappings they hold.
"""
import typing

from cliff import lister
import yaml

from tackerclient.cli import common
from tackerclient.cli import vim as vim_cli
from tackerclient import exceptions

# Show columns are attribute names, as in python-tackerclient, but
# the owner's.
LABELS = {'tenant_id': 'project_id'}

DESCRIPTOR_COLUMNS = (('id', 'ID'), ('name', 'Name'),
                      ('template_source', 'Template_Source'),
                      ('description', 'Description'))


class Kind(typing.NamedTuple):
    """VNFDs, VNFs, NSDs or NSs, as their commands name them."""

    # The TackerClient attribute of their client: 'legacy_vnfds'.
    client: str
    # 'VNFD': in help and messages.
    name: str
    # 'vnfd': the argument naming one (shown <vnfd>), and a descriptor's
    # key in attributes and in the options of instances (--vnfd-id).
    key: str
    # Query parameters of the name lookup besides the name.
    lookup: tuple = ()

    def resources(self, cmd):
        return getattr(common.client(cmd), self.client)

    def add_argument(self, parser, action, nargs=None):
        parser.add_argument(self.key, metavar='<%s>' % self.key,
                            nargs=nargs, help='%s%s to %s (name or ID)' % (
                                self.name, '(s)' if nargs else '', action))

    def find(self, cmd, name_or_id):
        """The one named ``name_or_id``, else the one with that ID.

        :raises ClientError: several have that name (an admin sees other
            projects').
        :raises NotFound: none has that name or ID.
        """
        resources = self.resources(cmd)
        named = resources.list(name=name_or_id, **dict(self.lookup))
        if len(named) > 1:
            raise exceptions.ClientError(
                '%d %ss are named %s; give the ID of one: %s' % (
                    len(named), self.name, name_or_id,
                    ', '.join(item['id'] for item in named)))
        return named[0] if named else resources.show(name_or_id)


def parse_mapping(text, source):
    """The YAML (or JSON) mapping in ``text``; ``source`` names it in
    errors, which quote no line of it (configs and parameters may hold
    passwords)."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = '' if mark is None else ' (line %d, column %d)' % (
            mark.line + 1, mark.column + 1)
        raise exceptions.ClientError('%s is not valid YAML: %s%s' % (
            source, error.problem or error.context, where))
    except yaml.YAMLError as error:
        raise exceptions.ClientError('%s is not valid YAML: %s' % (
            source, ' '.join(str(error).split())))
    if not data:
        raise exceptions.ClientError('%s is empty' % source)
    if not isinstance(data, dict):
        raise exceptions.ClientError('%s does not hold a YAML mapping'
                                     % source)
    return data


def load_mapping(path, what):
    """The mapping in the YAML file ``path``, a ``what`` file ('VNFD')."""
    return parse_mapping(common.read_file(path, what),
                         '%s file %s' % (what, path))


def with_template(descriptor, key):
    """The descriptor with its template, which the server shows as YAML
    text, as the mapping it is (as python-tackerclient showed it)."""
    attributes = dict(descriptor.get('attributes') or {})
    if isinstance(attributes.get(key), str):
        try:
            attributes[key] = yaml.safe_load(attributes[key])
        except yaml.YAMLError:
            pass  # shown as the text it is
    return dict(descriptor, attributes=attributes)


class ListCommand(lister.Lister, common.Command):
    """Lists what ``fetch`` returns in ``columns``, (attribute, label)
    pairs, and with --long in ``long_columns`` too."""

    columns = ()
    long_columns = ()

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        if self.long_columns:
            parser.add_argument('--long', action='store_true',
                                help='Also show %s' % ', '.join(
                                    label for _, label in self.long_columns))
        return parser

    def fetch(self, parsed_args):
        raise NotImplementedError

    def take_action(self, parsed_args):
        columns = self.columns + (
            self.long_columns if getattr(parsed_args, 'long', False)
            else ())
        keys = [key for key, _ in columns]
        items = self.fetch(parsed_args)
        return (tuple(label for _, label in columns),
                (common.row(item, keys) for item in items))


class KindCommand:
    """A command on the descriptors or instances of ``kind``."""

    kind = None

    def resources(self):
        return self.kind.resources(self)

    def find(self, parsed_args):
        """The one the command's argument names."""
        return self.kind.find(self, getattr(parsed_args, self.kind.key))


class _ShowOneCommand(KindCommand, common.ShowCommand):
    """Shows one of ``kind``."""

    labels = LABELS
    action = 'display'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.kind.add_argument(parser, self.action)
        return parser


class ShowInstance(_ShowOneCommand):

    def take_action(self, parsed_args):
        return self.show(self.find(parsed_args))


class ShowDescriptor(_ShowOneCommand):

    def take_action(self, parsed_args):
        return self.show(with_template(self.find(parsed_args),
                                       self.kind.key))


class ShowDescriptorTemplate(ShowDescriptor):
    """Shows the template only, in the row 'attributes'."""

    def show(self, obj):
        return common.show_data({'attributes': obj['attributes']}, {})


class Delete(KindCommand, common.Command):

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.kind.add_argument(parser, 'delete', nargs='+')
        return parser

    def take_action(self, parsed_args):
        resources = self.resources()
        common.delete_each(
            self, getattr(parsed_args, self.kind.key),
            lambda name_or_id: resources.delete(
                self.kind.find(self, name_or_id)['id']),
            self.kind.name)


class CreateDescriptor(KindCommand, common.ShowCommand):

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        key = self.kind.key
        parser.add_argument('name', metavar='<name>',
                            help='Name of the %s' % self.kind.name)
        parser.add_argument('--%s-file' % key, metavar='<%s-file>' % key,
                            required=True,
                            help='YAML file with the %s (a TOSCA template)'
                                 % self.kind.name)
        parser.add_argument('--description', metavar='<description>',
                            help='Description of the %s' % self.kind.name)
        return parser

    def take_action(self, parsed_args):
        key = self.kind.key
        body = {'name': parsed_args.name, 'attributes': {key: load_mapping(
            getattr(parsed_args, key + '_file'), self.kind.name)}}
        if parsed_args.description is not None:
            body['description'] = parsed_args.description
        return self.show(with_template(self.resources().create(body), key))


class ListDescriptor(KindCommand, ListCommand):

    columns = DESCRIPTOR_COLUMNS
    # Whether the server keeps template sources apart (VNFDs).
    template_sources = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        if self.template_sources:
            parser.add_argument(
                '--template-source', metavar='<template-source>',
                choices=('onboarded', 'inline', 'all'), default='onboarded',
                help='onboarded (the default): %ss created as such; inline: '
                     'those created from a template file with an '
                     'instance; or all' % self.kind.name)
        return parser

    def fetch(self, parsed_args):
        filters = {'template_source': parsed_args.template_source} \
            if self.template_sources else {}
        return self.resources().list(**filters)


class CreateInstance(KindCommand, common.ShowCommand):
    """Creates one of ``kind`` from a ``descriptor``; subclasses add
    options in ``add_options`` and their fields in ``add_fields``."""

    labels = LABELS
    descriptor = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        key, name = self.descriptor.key, self.descriptor.name
        parser.add_argument('name', metavar='<name>',
                            help='Name of the %s' % self.kind.name)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument('--%s-id' % key, metavar='<%s-id>' % key,
                            help='ID of the %s to create the %s from' % (
                                name, self.kind.name))
        source.add_argument('--%s-name' % key, metavar='<%s-name>' % key,
                            help='Name of the %s to create the %s from' % (
                                name, self.kind.name))
        source.add_argument('--%s-template' % key,
                            metavar='<%s-template>' % key,
                            help='YAML file with a %s of the %s alone '
                                 '(stored as an inline %s)' % (
                                     name, self.kind.name, name))
        vim = parser.add_mutually_exclusive_group()
        vim.add_argument('--vim-id', metavar='<vim-id>',
                         help='ID of the VIM to deploy on (default: the '
                              'default VIM of the project)')
        vim.add_argument('--vim-name', metavar='<vim-name>',
                         help='Name of the VIM to deploy on')
        self.add_options(parser)
        parser.add_argument('--param-file', metavar='<param-file>',
                            help='YAML file with the values of the '
                                 '%s\'s inputs' % name)
        parser.add_argument('--description', metavar='<description>',
                            help='Description of the %s' % self.kind.name)
        return parser

    def add_options(self, parser):
        pass

    def add_fields(self, parsed_args, body):
        """Files are read before any request is made."""

    def take_action(self, parsed_args):
        descriptor = self.descriptor
        body = {'name': parsed_args.name, 'attributes': {}}
        if parsed_args.description is not None:
            body['description'] = parsed_args.description
        template = getattr(parsed_args, descriptor.key + '_template')
        if template:
            body[descriptor.key + '_template'] = load_mapping(
                template, descriptor.name)
        if parsed_args.param_file:
            body['attributes']['param_values'] = load_mapping(
                parsed_args.param_file, 'parameter')
        self.add_fields(parsed_args, body)
        descriptor_name = getattr(parsed_args, descriptor.key + '_name')
        if descriptor_name:
            body[descriptor.key + '_id'] = descriptor.find(
                self, descriptor_name)['id']
        elif not template:
            body[descriptor.key + '_id'] = getattr(parsed_args,
                                                   descriptor.key + '_id')
        vim_id = vim_cli.find_vim(self, parsed_args.vim_name)['id'] \
            if parsed_args.vim_name else parsed_args.vim_id
        if vim_id:
            body['vim_id'] = vim_id
        return self.show(self.resources().create(body))


class ListInstance(KindCommand, ListCommand):
    """Lists ``kind``, filtered by what ``filters`` makes of the
    options."""

    def filters(self, parsed_args):
        return {}

    def fetch(self, parsed_args):
        return self.resources().list(**self.filters(parsed_args))
