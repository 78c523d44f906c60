"""``vnf ...``: VNFs of the legacy Tacker VNFM API (``/v1.0/vnfs``),
deployed by Heat from a VNFD, as in python-tackerclient 1.x.

Creating, updating, scaling and deleting a VNF go on after the command
returns: ``vnf show`` follows its Status.
"""
from tackerclient.cli import common
from tackerclient.cli import legacy
from tackerclient.cli import legacy_vnfd
from tackerclient.cli import vim as vim_cli

KIND = legacy.Kind(client='legacy_vnfs', name='VNF', key='vnf')
TEMPLATE_SOURCES = ('onboarded', 'inline', 'all')
SCALING_TYPES = ('out', 'in')


def _add_config_file(parser, required=False):
    parser.add_argument('--config-file', metavar='<config-file>',
                        required=required,
                        help='YAML file with the VNF\'s configuration, for '
                             'its management driver')


def _config(path):
    return legacy.load_mapping(path, 'VNF config')


class CreateVnf(legacy.CreateInstance):
    """Create a VNF from a VNFD."""

    kind = KIND
    descriptor = legacy_vnfd.KIND

    def add_options(self, parser):
        parser.add_argument('--vim-region-name', metavar='<vim-region-name>',
                            help='Region of the VIM to deploy on')
        _add_config_file(parser)

    def add_fields(self, parsed_args, body):
        if parsed_args.vim_region_name:
            body['placement_attr'] = {
                'region_name': parsed_args.vim_region_name}
        if parsed_args.config_file:
            body['attributes']['config'] = _config(parsed_args.config_file)


class ListVnf(legacy.ListInstance):
    """List VNFs."""

    kind = KIND
    columns = (('id', 'ID'), ('name', 'Name'),
               ('mgmt_ip_address', 'Mgmt Ip Address'), ('status', 'Status'),
               ('vim_id', 'VIM ID'), ('vnfd_id', 'VNFD ID'))
    long_columns = (('tenant_id', 'Project ID'),)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--template-source', metavar='<template-source>',
            choices=TEMPLATE_SOURCES, default='all',
            help='Only the VNFs of onboarded VNFDs, or of inline ones '
                 '(created with the VNF from a template file); all (the '
                 'default) lists both')
        vim = parser.add_mutually_exclusive_group()
        vim.add_argument('--vim-id', metavar='<vim-id>',
                         help='Only the VNFs on this VIM')
        vim.add_argument('--vim-name', metavar='<vim-name>',
                         help='Only the VNFs on the VIM of this name')
        vnfd = parser.add_mutually_exclusive_group()
        vnfd.add_argument('--vnfd-id', metavar='<vnfd-id>',
                          help='Only the VNFs of this VNFD')
        vnfd.add_argument('--vnfd-name', metavar='<vnfd-name>',
                          help='Only the VNFs of the VNFD of this name')
        parser.add_argument('--tenant-id', metavar='<tenant-id>',
                            help='Only the VNFs of this project')
        return parser

    def filters(self, parsed_args):
        filters = {'vim_id': parsed_args.vim_id,
                   'vnfd_id': parsed_args.vnfd_id,
                   'tenant_id': parsed_args.tenant_id}
        if parsed_args.vim_name:
            filters['vim_id'] = vim_cli.find_vim(
                self, parsed_args.vim_name)['id']
        if parsed_args.vnfd_name:
            filters['vnfd_id'] = legacy_vnfd.KIND.find(
                self, parsed_args.vnfd_name)['id']
        return filters

    def fetch(self, parsed_args):
        vnfs = super().fetch(parsed_args)
        source = parsed_args.template_source
        if source == 'all':
            return vnfs
        # The server filters VNFs by VNFD, not by the VNFD's source.
        vnfds = {vnfd['id'] for vnfd in legacy_vnfd.KIND.resources(
            self).list(template_source=source)}
        return [vnf for vnf in vnfs if vnf.get('vnfd_id') in vnfds]


class ShowVnf(legacy.ShowInstance):
    """Show a VNF."""

    kind = KIND


class SetVnf(legacy.ShowInstance):
    """Give a VNF a new configuration, which its management driver
    applies; shows the VNF, now updating."""

    kind = KIND
    action = 'update'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        config = parser.add_mutually_exclusive_group(required=True)
        _add_config_file(config)
        config.add_argument('--config', metavar='<config>',
                            help='The configuration as YAML or JSON text')
        return parser

    def take_action(self, parsed_args):
        config = _config(parsed_args.config_file) \
            if parsed_args.config_file \
            else legacy.parse_mapping(parsed_args.config, '--config')
        return self.show(self.resources().update(
            self.find(parsed_args)['id'], {'attributes': {'config': config}}))


class ScaleVnf(legacy.KindCommand, common.Command):
    """Scale a VNF out or in by a scaling policy of its VNFD, by the
    policy's increment."""

    kind = KIND

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--scaling-policy-name',
                            metavar='<scaling-policy-name>', required=True,
                            help='Scaling policy of the VNFD to scale by')
        parser.add_argument('--scaling-type', metavar='<scaling-type>',
                            required=True, choices=SCALING_TYPES,
                            help='out (add instances) or in (remove some)')
        KIND.add_argument(parser, 'scale')
        return parser

    def take_action(self, parsed_args):
        vnf = self.find(parsed_args)
        self.resources().scale(vnf['id'], parsed_args.scaling_policy_name,
                               parsed_args.scaling_type)
        common.note(self, 'Scaling VNF %s %s by %s.' % (
            parsed_args.vnf, parsed_args.scaling_type,
            parsed_args.scaling_policy_name))


class ListVnfResources(legacy.KindCommand, legacy.ListCommand):
    """List the resources of a VNF on its VIM (servers, ports, ...)."""

    kind = KIND
    columns = (('id', 'ID'), ('name', 'Name'), ('type', 'Type'))

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        KIND.add_argument(parser, 'list the resources of')
        return parser

    def fetch(self, parsed_args):
        return self.resources().resources(self.find(parsed_args)['id'])


class DeleteVnf(legacy.Delete):
    """Delete VNF(s) and what they have on their VIM."""

    kind = KIND
