"""``vnf package ...``: SOL005 VNF package management, plus ``validate``
that checks a CSAR locally with the server's own code."""
import os
import pathlib
import tempfile
import zipfile

from tackerclient.cli import common
from tackerclient.cli import progress
from tackerclient import exceptions

LABELS = {
    'id': 'ID',
    'vnfdId': 'VNFD ID',
    'vnfProvider': 'VNF Provider',
    'vnfProductName': 'VNF Product Name',
    'vnfSoftwareVersion': 'VNF Software Version',
    'vnfdVersion': 'VNFD Version',
    'onboardingState': 'Onboarding State',
    'operationalState': 'Operational State',
    'usageState': 'Usage State',
    'userDefinedData': 'User Defined Data',
    'checksum': 'Checksum',
    'softwareImages': 'Software Images',
    'additionalArtifacts': 'Additional Artifacts',
    'onboardingFailureDetails': 'Onboarding Failure Details',
    '_links': 'Links',
}

VNFD_TYPES = {'text/plain': 'text/plain',
              'application/zip': 'application/zip',
              'both': 'text/plain, application/zip'}


def _package_argument(parser):
    parser.add_argument('vnf_package', metavar='<vnf-package>',
                        help='VNF package ID')


class CreateVnfPackage(common.ShowCommand):
    """Create a new VNF package resource (CREATED, nothing uploaded)."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--user-data', metavar='<key=value>',
            action=common.KeyValueAction,
            help='User defined data for the VNF package (repeat the option '
                 'to set several)')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).vnf_packages.create(
            parsed_args.user_data))


class ListVnfPackage(common.ListCommand):
    """List VNF packages."""

    columns = (('id', 'Id'), ('vnfProductName', 'Vnf Product Name'),
               ('onboardingState', 'Onboarding State'),
               ('usageState', 'Usage State'),
               ('operationalState', 'Operational State'),
               ('_links', 'Links'))
    labels = LABELS
    resource = 'the VNF package list'

    def fetch(self, parsed_args, selectors):
        return common.client(self).vnf_packages.list(**selectors)


class ShowVnfPackage(common.ShowCommand):
    """Show VNF package details."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _package_argument(parser)
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).vnf_packages.show(
            parsed_args.vnf_package))


class UploadVnfPackage(common.ShowCommand):
    """Upload a VNF package (CSAR) from a file, a directory or a URL.

    With --url the server fetches the package itself. Onboarding follows
    the upload; the package is shown as it is afterwards, or once
    onboarding has ended with --wait.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _package_argument(parser)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            '--path', metavar='<file>',
            help='Local CSAR zip to upload, streamed from disk; a directory '
                 'is zipped first')
        source.add_argument(
            '--url', metavar='<url>',
            help='http(s) URL the server downloads the CSAR from')
        parser.add_argument(
            '--user-name', metavar='<user-name>',
            help='User name for the --url server (basic authentication)')
        parser.add_argument(
            '--password', metavar='<password>',
            help='Password for the --url server (basic authentication)')
        common.add_wait_arguments(parser, 'onboarding (ONBOARDED, or back '
                                          'to CREATED on failure)')
        return parser

    def take_action(self, parsed_args):
        packages = common.client(self).vnf_packages
        package_id = parsed_args.vnf_package
        if parsed_args.url:
            packages.upload_from_uri(package_id, parsed_args.url,
                                     parsed_args.user_name,
                                     parsed_args.password)
        elif parsed_args.user_name or parsed_args.password:
            common.usage_error(self, '--user-name and --password go with '
                                     '--url')
        elif os.path.isdir(parsed_args.path):
            with tempfile.TemporaryDirectory() as work:
                self._upload(packages, package_id, _zip_directory(
                    parsed_args.path, pathlib.Path(work) / 'package.zip'))
        else:
            self._upload(packages, package_id, parsed_args.path)
        common.note(self, 'Upload request for VNF package %s has been '
                          'accepted.' % package_id)
        if parsed_args.wait:
            with progress.StatusLine(self.app.stderr) as status:
                package = packages.wait_onboarded(
                    package_id, parsed_args.wait_timeout,
                    lambda package: status.update(
                        'VNF package %s' % package_id,
                        package['onboardingState']))
        else:
            package = packages.show(package_id)
        return self.show(package)

    def _upload(self, packages, package_id, path):
        if not os.path.isfile(path):
            raise exceptions.ClientError('%s is not a file' % path)
        with progress.ByteBar(self.app.stderr, 'Uploading %s' %
                              os.path.basename(path)) as bar:
            packages.upload(package_id, path, bar)


def _zip_directory(directory, dest):
    """Zip the files under ``directory`` with names relative to it."""
    root = pathlib.Path(directory)
    with zipfile.ZipFile(dest, 'w', zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob('*')):
            if path.is_file():
                archive.write(path, path.relative_to(root).as_posix())
    return dest


class UpdateVnfPackage(common.ShowCommand):
    """Update a VNF package's operational state or user defined data.

    Shows what changed.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _package_argument(parser)
        parser.add_argument(
            '--operational-state', metavar='<operational-state>',
            choices=('ENABLED', 'DISABLED'),
            help='ENABLED or DISABLED (a disabled package cannot be '
                 'instantiated and can be deleted)')
        parser.add_argument(
            '--user-data', metavar='<key=value>',
            action=common.KeyValueAction,
            help='User defined data to merge in (repeat the option to set '
                 'several)')
        return parser

    def take_action(self, parsed_args):
        if not (parsed_args.operational_state or parsed_args.user_data):
            common.usage_error(self, 'give --operational-state and/or '
                                     '--user-data')
        return self.show(common.client(self).vnf_packages.update(
            parsed_args.vnf_package, parsed_args.operational_state,
            parsed_args.user_data))


class DownloadVnfPackage(common.Command):
    """Download the CSAR of an onboarded VNF package, or its VNFD."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _package_argument(parser)
        parser.add_argument(
            '--file', metavar='<file>',
            help='Local file to save the download to (default: stdout, '
                 'when redirected)')
        parser.add_argument(
            '--vnfd', action='store_true',
            help='Download the VNFD rather than the whole package')
        parser.add_argument(
            '--type', metavar='<type>', choices=tuple(VNFD_TYPES),
            help='With --vnfd: text/plain (a VNFD in one YAML file), '
                 'application/zip, or both (whichever fits; the default)')
        return parser

    def take_action(self, parsed_args):
        packages = common.client(self).vnf_packages
        if parsed_args.type and not parsed_args.vnfd:
            common.usage_error(self, '--type goes with --vnfd')
        if parsed_args.vnfd:
            accept = VNFD_TYPES[parsed_args.type or 'both']
            with common.binary_output(
                    self, parsed_args.file,
                    allow_terminal=parsed_args.type == 'text/plain') as dest:
                packages.download_vnfd(parsed_args.vnf_package, dest, accept)
            return
        with common.binary_output(self, parsed_args.file) as dest, \
                progress.ByteBar(self.app.stderr, 'Downloading') as bar:
            packages.download(parsed_args.vnf_package, dest, bar)


class DownloadVnfPackageArtifact(common.Command):
    """Download one artifact of an onboarded VNF package."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _package_argument(parser)
        parser.add_argument('artifact_path', metavar='<artifact-path>',
                            help="The artifact's path in the package")
        parser.add_argument(
            '--file', metavar='<file>',
            help='Local file to save the artifact to (default: stdout, '
                 'when redirected)')
        return parser

    def take_action(self, parsed_args):
        with common.binary_output(self, parsed_args.file) as dest, \
                progress.ByteBar(self.app.stderr, 'Downloading') as bar:
            common.client(self).vnf_packages.download_artifact(
                parsed_args.vnf_package, parsed_args.artifact_path, dest,
                bar)


class DeleteVnfPackage(common.Command):
    """Delete VNF package(s); a package must be DISABLED and not in use."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('vnf_packages', metavar='<vnf-package>',
                            nargs='+', help='VNF package ID(s) to delete')
        return parser

    def take_action(self, parsed_args):
        packages = common.client(self).vnf_packages
        common.delete_each(self, parsed_args.vnf_packages, packages.delete,
                           'VNF package')


class ValidateVnfPackage(common.ShowCommand):
    """Check a VNF package locally, as the server does when onboarding.

    Takes a CSAR zip or an unpacked package directory and shows what it
    holds: VNFD identity, deployment flavours with their instantiation
    levels and scaling aspects, software images and artifacts.
    """

    labels = {'vnfdId': 'VNFD ID', 'vnfProvider': 'VNF Provider',
              'vnfProductName': 'VNF Product Name',
              'vnfSoftwareVersion': 'VNF Software Version',
              'vnfdVersion': 'VNFD Version', 'flavours': 'Flavours',
              'softwareImages': 'Software Images',
              'artifacts': 'Artifacts', 'vnfdFiles': 'VNFD Files'}

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('path', metavar='<path>',
                            help='CSAR zip file, or an unpacked package '
                                 'directory')
        parser.add_argument(
            '--tosca-definitions-dir', metavar='<dir>',
            default=os.environ.get('TACKER_TOSCA_DEFINITIONS_DIR'),
            help='Directory of the TOSCA type files that the VNFD imports '
                 'by URL; nothing is fetched (env '
                 'TACKER_TOSCA_DEFINITIONS_DIR; default: ETSI\'s SOL001 '
                 'types shipped with Tacker, as the server\'s default)')
        return parser

    def take_action(self, parsed_args):
        # The server's own checks; imported here so that the other
        # commands do not need the server's modules.
        from tacker.common import csar
        from tacker.common import exceptions as tacker_exceptions
        from tacker.common import vnfd
        from tacker.conf import vnf_package as package_options
        from tacker import data as package_data

        path = parsed_args.path
        if not os.path.exists(path):
            raise exceptions.ClientError('%s does not exist' % path)
        with tempfile.TemporaryDirectory(prefix='tacker-validate-') as work:
            work = pathlib.Path(work)
            types_dir = (parsed_args.tosca_definitions_dir
                         or package_data.TOSCA_DEFINITIONS_DIR)
            try:
                root = path
                if not os.path.isdir(path):
                    root = work / 'content'
                    root.mkdir()
                    csar.extract(path, root, _server_limits(
                        csar, package_options))
                contents = csar.load(root)
                info = vnfd.parse(contents, types_dir)
            except tacker_exceptions.TackerException as error:
                hint = ''
                if not parsed_args.tosca_definitions_dir and \
                        'imports by URL' in error.detail:
                    hint = ' (give --tosca-definitions-dir)'
                raise exceptions.ClientError(
                    '%s is not a valid VNF package: %s%s' % (
                        path, error.detail, hint))
        return self.show(_package_summary(info, contents))


def _server_limits(csar, package_options):
    """The zip bomb limits a server has by default."""
    defaults = {opt.name: opt.default for opt in package_options.opts}
    return csar.Limits(
        max_entries=defaults['max_entries'],
        max_uncompressed_size=defaults['max_uncompressed_size'],
        max_compression_ratio=defaults['max_compression_ratio'])


def _package_summary(info, contents):
    """What ``validate`` reports of a parsed package."""
    flavours = {
        flavour_id: {
            'description': flavour['description'],
            'vdus': sorted(flavour['vdus']),
            'instantiationLevels': sorted(flavour['instantiation_levels']),
            'defaultInstantiationLevel':
                flavour['default_instantiation_level'],
            'scalingAspects': {
                aspect_id: {'maxScaleLevel': aspect['max_scale_level']}
                for aspect_id, aspect in flavour['scaling_aspects'].items()},
        } for flavour_id, flavour in info['flavours'].items()}
    summary = {key: info[key] for key in (
        'vnfdId', 'vnfProvider', 'vnfProductName', 'vnfSoftwareVersion',
        'vnfdVersion')}
    summary.update(
        flavours=flavours,
        softwareImages=[image['imagePath'] for image in
                        info['software_images']],
        artifacts=[item.get('artifactPath') or item.get('artifactURI')
                   for item in contents.artifacts
                   + contents.external_artifacts],
        vnfdFiles=info['vnfd_files'])
    return summary
