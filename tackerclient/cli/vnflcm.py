"""``vnflcm ...``: SOL003 VNF instances and their lifecycle operations.

Operations are asynchronous: each command shows the operation occurrence
it started (``vnflcm op show`` follows it later) or, with ``--wait``,
the occurrence once it has ended.
"""
import argparse

from tackerclient.cli import common
from tackerclient.cli import vnflcm_op

LABELS = {
    'id': 'ID',
    'vnfInstanceName': 'VNF Instance Name',
    'vnfInstanceDescription': 'VNF Instance Description',
    'vnfdId': 'VNFD ID',
    'vnfProvider': 'VNF Provider',
    'vnfProductName': 'VNF Product Name',
    'vnfSoftwareVersion': 'VNF Software Version',
    'vnfdVersion': 'VNFD Version',
    'instantiationState': 'Instantiation State',
    'instantiatedVnfInfo': 'Instantiated Vnf Info',
    'vimConnectionInfo': 'VIM Connection Info',
    'vnfConfigurableProperties': 'VNF Configurable Properties',
    'metadata': 'Metadata',
    'extensions': 'Extensions',
    '_links': 'Links',
}


def _instance_argument(parser, action):
    parser.add_argument('vnf_instance', metavar='<vnf-instance>',
                        help='VNF instance ID to %s' % action)


def _additional_params(parser):
    parser.add_argument(
        '--additional-param-file', metavar='<additional-param-file>',
        help='JSON file with additionalParams for the operation')


def _with_additional_params(body, parsed_args):
    if parsed_args.additional_param_file:
        body['additionalParams'] = common.load_json_file(
            parsed_args.additional_param_file, 'additional parameter')
    return body


class CreateVnfLcm(common.ShowCommand):
    """Create a new VNF instance, and instantiate it with --I.

    The new instance is NOT_INSTANTIATED; with --I the instantiation
    starts right away.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'vnfd_id', metavar='<vnfd-id>',
            help='VNFD ID of an onboarded VNF package defining the instance')
        parser.add_argument('--name', metavar='<vnf-instance-name>',
                            help='Name of the VNF instance')
        parser.add_argument('--description',
                            metavar='<vnf-instance-description>',
                            help='Description of the VNF instance')
        parser.add_argument(
            '--I', metavar='<param-file>',
            help='Instantiate the instance after creating it, with this '
                 'JSON InstantiateVnfRequest file')
        common.add_wait_arguments(parser, 'the instantiation (with --I)')
        return parser

    def take_action(self, parsed_args):
        body = {'vnfdId': parsed_args.vnfd_id}
        if parsed_args.name:
            body['vnfInstanceName'] = parsed_args.name
        if parsed_args.description:
            body['vnfInstanceDescription'] = parsed_args.description
        instantiate = parsed_args.I and common.load_json_file(parsed_args.I)
        lcm = common.client(self).vnf_lcm
        instance = lcm.create(body)
        if instantiate:
            op_id = lcm.instantiate(instance['id'], instantiate)
            common.note(self, 'VNF Instance %s is created and its '
                              'instantiation request has been accepted '
                              '(operation %s).' % (instance['id'], op_id))
            if parsed_args.wait:
                common.wait_for_op(self, parsed_args, op_id)
                instance = lcm.show(instance['id'])
        return self.show(instance)


class ListVnfLcm(common.ListCommand):
    """List VNF instances."""

    columns = (('id', 'ID'), ('vnfInstanceName', 'VNF Instance Name'),
               ('instantiationState', 'Instantiation State'),
               ('vnfProvider', 'VNF Provider'),
               ('vnfSoftwareVersion', 'VNF Software Version'),
               ('vnfProductName', 'VNF Product Name'),
               ('vnfdId', 'VNFD ID'))
    labels = LABELS
    resource = 'the VNF instance list'

    def fetch(self, parsed_args, selectors):
        return common.client(self).vnf_lcm.list(**selectors)


class ShowVnfLcm(common.ShowCommand):
    """Show a VNF instance."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _instance_argument(parser, 'show')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).vnf_lcm.show(
            parsed_args.vnf_instance))


class DeleteVnfLcm(common.Command):
    """Delete VNF instance(s); they must be NOT_INSTANTIATED."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('vnf_instances', metavar='<vnf-instance>',
                            nargs='+', help='VNF instance ID(s) to delete')
        return parser

    def take_action(self, parsed_args):
        common.delete_each(self, parsed_args.vnf_instances,
                           common.client(self).vnf_lcm.delete,
                           'VNF Instance')


class _Task(common.ShowCommand):
    """Starts an LCM operation on an instance and shows its occurrence."""

    labels = vnflcm_op.LABELS
    # "Instantiate": used in help and messages.
    verb = None
    # The request as the acceptance message names it, in
    # python-tackerclient's words.
    request_name = '%s request'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _instance_argument(parser, self.verb.lower())
        self.add_arguments(parser)
        common.add_wait_arguments(parser, 'the operation')
        return parser

    def add_arguments(self, parser):
        pass

    def start(self, lcm, parsed_args):
        """Send the request; return the occurrence id."""
        raise NotImplementedError

    def wants_wait(self, parsed_args):
        return parsed_args.wait

    def take_action(self, parsed_args):
        tacker = common.client(self)
        op_id = self.start(tacker.vnf_lcm, parsed_args)
        common.note(self, '%s for VNF Instance %s has been accepted '
                          '(operation %s).' % (self.request_name % self.verb,
                                               parsed_args.vnf_instance,
                                               op_id))
        if self.wants_wait(parsed_args):
            op = common.wait_for_op(self, parsed_args, op_id)
            self.after(tacker, parsed_args)
        else:
            op = tacker.op_occs.show(op_id)
        return self.show(op)

    def after(self, tacker, parsed_args):
        """What to do once the operation COMPLETED (with waiting)."""


class _RequestFileTask(_Task):
    """A task whose whole request is the JSON file given."""

    # The request the file holds, for the help.
    request = None
    # The VnfLcmClient method that sends it.
    task = None

    def add_arguments(self, parser):
        parser.add_argument('request_file', metavar='<param-file>',
                            help='JSON file with the %s' % self.request)

    def start(self, lcm, parsed_args):
        return getattr(lcm, self.task)(
            parsed_args.vnf_instance,
            common.load_json_file(parsed_args.request_file))


class InstantiateVnfLcm(_RequestFileTask):
    """Instantiate a VNF instance."""

    verb = 'Instantiate'
    request = 'InstantiateVnfRequest (flavourId, vimConnectionInfo, ...)'
    task = 'instantiate'


class TerminateVnfLcm(_Task):
    """Terminate a VNF instance, and delete it afterwards with --D."""

    verb = 'Terminate'

    def add_arguments(self, parser):
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument(
            '--termination-type', metavar='<termination-type>',
            choices=('GRACEFUL', 'FORCEFUL'),
            help="GRACEFUL (the default) or FORCEFUL")
        kind.add_argument('--graceful', dest='termination_type',
                          action='store_const', const='GRACEFUL',
                          help='Same as --termination-type GRACEFUL')
        kind.add_argument('--forceful', dest='termination_type',
                          action='store_const', const='FORCEFUL',
                          help='Same as --termination-type FORCEFUL')
        parser.add_argument(
            '--graceful-termination-timeout', metavar='<seconds>', type=int,
            help='With GRACEFUL termination: seconds to wait for the VNF to '
                 'be taken out of service before its resources are '
                 'released')
        parser.add_argument(
            '--D', action='store_true',
            help='Delete the VNF instance once terminated (implies --wait)')

    def start(self, lcm, parsed_args):
        body = {'terminationType': parsed_args.termination_type
                or 'GRACEFUL'}
        if parsed_args.graceful_termination_timeout is not None:
            if body['terminationType'] == 'FORCEFUL':
                common.usage_error(self, '--graceful-termination-timeout '
                                         'goes with GRACEFUL termination')
            body['gracefulTerminationTimeout'] = \
                parsed_args.graceful_termination_timeout
        return lcm.terminate(parsed_args.vnf_instance, body)

    def wants_wait(self, parsed_args):
        return parsed_args.wait or parsed_args.D

    def after(self, tacker, parsed_args):
        if parsed_args.D:
            tacker.vnf_lcm.delete(parsed_args.vnf_instance)
            common.note(self, 'VNF Instance %s deleted.' %
                        parsed_args.vnf_instance)


class HealVnfLcm(_Task):
    """Heal a VNF instance, or some of its VNFC instances."""

    verb = 'Heal'

    def add_arguments(self, parser):
        parser.add_argument('--cause', metavar='<cause>',
                            help='Why healing is needed')
        parser.add_argument(
            '--vnfc-instance', metavar='<vnfc-instance-id>', nargs='+',
            help='VNFC instance(s) to heal (default: the whole VNF)')
        _additional_params(parser)

    def start(self, lcm, parsed_args):
        body = {}
        if parsed_args.cause:
            body['cause'] = parsed_args.cause
        if parsed_args.vnfc_instance:
            body['vnfcInstanceId'] = parsed_args.vnfc_instance
        return lcm.heal(parsed_args.vnf_instance,
                        _with_additional_params(body, parsed_args))


class ScaleVnfLcm(_Task):
    """Scale a VNF instance out or in along one scaling aspect."""

    verb = 'Scale'

    def add_arguments(self, parser):
        parser.add_argument('--type', metavar='<type>', required=True,
                            choices=('SCALE_OUT', 'SCALE_IN'),
                            help='SCALE_OUT or SCALE_IN')
        parser.add_argument('--aspect-id', metavar='<aspect-id>',
                            required=True,
                            help='Scaling aspect of the flavour, from the '
                                 'VNFD')
        parser.add_argument('--number-of-steps', metavar='<number>',
                            type=int,
                            help='Scaling steps to take (default 1)')
        _additional_params(parser)

    def start(self, lcm, parsed_args):
        body = {'type': parsed_args.type,
                'aspectId': parsed_args.aspect_id}
        if parsed_args.number_of_steps is not None:
            if parsed_args.number_of_steps < 1:
                common.usage_error(self, '--number-of-steps must be 1 or '
                                         'more')
            body['numberOfSteps'] = parsed_args.number_of_steps
        return lcm.scale(parsed_args.vnf_instance,
                         _with_additional_params(body, parsed_args))


def _scale_info(text):
    """``<aspect-id>:<scale-level>`` as a ScaleInfo (SOL003 v3.3.1
    5.5.3.4)."""
    aspect, sep, level = text.rpartition(':')
    if not (sep and aspect and level.isdigit()):
        raise argparse.ArgumentTypeError(
            'expects <aspect-id>:<scale-level>, not %r' % text)
    return {'aspectId': aspect, 'scaleLevel': int(level)}


class ScaleToLevelVnfLcm(_Task):
    """Scale a VNF instance to an instantiation level, or aspects to scale
    levels (API version 2).

    The levels come from one of <param-file>, --instantiation-level-id
    or --scale-info.
    """

    verb = 'Scale to Level'

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            'request_file', metavar='<param-file>', nargs='?',
            help='JSON file with the whole ScaleVnfToLevelRequest')
        target.add_argument(
            '--instantiation-level-id', metavar='<instantiation-level-id>',
            help='Instantiation level of the flavour to scale to, from the '
                 'VNFD')
        target.add_argument(
            '--scale-info', metavar='<aspect-id>:<scale-level>',
            action='append', type=_scale_info,
            help='Scale level to scale an aspect to; repeat for each '
                 'aspect')
        _additional_params(parser)

    def start(self, lcm, parsed_args):
        if parsed_args.request_file:
            body = common.load_json_file(parsed_args.request_file)
        elif parsed_args.instantiation_level_id:
            body = {'instantiationLevelId':
                    parsed_args.instantiation_level_id}
        else:
            body = {'scaleInfo': parsed_args.scale_info}
        return lcm.scale_to_level(parsed_args.vnf_instance,
                                  _with_additional_params(body, parsed_args))


class ChangeFlavourVnfLcm(_RequestFileTask):
    """Change the deployment flavour of a VNF instance (API version 2)."""

    verb = 'Change VNF Flavour'
    request = ('ChangeVnfFlavourRequest (newFlavourId, '
               'instantiationLevelId, ...)')
    task = 'change_flavour'


class ChangeExtConnVnfLcm(_RequestFileTask):
    """Change the external connectivity of a VNF instance."""

    verb = 'Change External VNF Connectivity'
    request = 'ChangeExtVnfConnectivityRequest'
    task = 'change_ext_conn'


class ChangeVnfPkgVnfLcm(_RequestFileTask):
    """Change the current VNF package of a VNF instance (API version 2)."""

    verb = 'Change Current VNF Package'
    request_name = '%s'
    request = 'ChangeCurrentVnfPkgRequest (vnfdId, additionalParams, ...)'
    task = 'change_vnfpkg'


class UpdateVnfLcm(_Task):
    """Update a VNF instance's information.

    Name, description, metadata, VNF package, vimConnectionInfo...: what
    the VnfInfoModificationRequest in the file says, merged in.
    """

    verb = 'Update'

    def add_arguments(self, parser):
        parser.add_argument(
            '--I', metavar='<param-file>', required=True,
            help='JSON file with the VnfInfoModificationRequest')

    def start(self, lcm, parsed_args):
        return lcm.update(parsed_args.vnf_instance,
                          common.load_json_file(parsed_args.I))


class VnfLcmVersions(common.ShowCommand):
    """Show the VNF LCM API versions the server offers."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--major-version', metavar='<major-version>', choices=('1', '2'),
            help='Only this major version (1 or 2)')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).vnf_lcm.api_versions(
            parsed_args.major_version))
