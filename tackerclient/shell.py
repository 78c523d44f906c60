"""The ``tacker`` command line: a cliff application over ``TackerClient``.

Authentication is the usual OpenStack one: ``--os-*`` options or
``OS_*`` environment variables, loaded with keystoneauth1; the endpoint
comes from the catalog (service type ``nfv-orchestration``) unless
``--os-endpoint`` is given. A server without authentication is reached
with ``--os-auth-type none --os-endpoint URL``.
"""
import importlib.metadata
import os
import sys

from cliff import app
from cliff import commandmanager
from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1 import loading

from tackerclient import cli
from tackerclient import client
from tackerclient import exceptions

DEFAULT_API_VERSION = '1'

# keystoneauth1 plugin options offered as --os-<name> / OS_<NAME>.
AUTH_OPTIONS = (
    ('auth_url', 'Keystone URL, e.g. https://keystone.example.com/v3'),
    ('username', 'User name'),
    ('user_id', 'User ID'),
    ('password', 'Password'),
    ('project_name', 'Project to scope the token to, by name'),
    ('project_id', 'Project to scope the token to, by ID'),
    ('user_domain_name', "The user's domain, by name"),
    ('user_domain_id', "The user's domain, by ID"),
    ('project_domain_name', "The project's domain, by name"),
    ('project_domain_id', "The project's domain, by ID"),
    ('domain_name', 'Domain to scope the token to, by name'),
    ('domain_id', 'Domain to scope the token to, by ID'),
    ('system_scope', 'System scope, e.g. "all"'),
    ('trust_id', 'Trust to scope the token to'),
    ('token', 'An existing token: with --os-auth-url it is rescoped, '
              'with --os-endpoint it is sent as is'),
    ('application_credential_id', 'Application credential ID'),
    ('application_credential_name', 'Application credential name'),
    ('application_credential_secret', 'Application credential secret'),
    ('oauth2_endpoint', 'OAuth 2.0 token endpoint, e.g. '
                        'https://keystone.example.com/v3/OS-OAUTH2/token '
                        '(with --os-auth-type v3oauth2clientcredential)'),
    ('oauth2_client_id', 'OAuth 2.0 client ID (Keystone: an application '
                         'credential ID)'),
    ('oauth2_client_secret', 'OAuth 2.0 client secret'),
)
AUTH_TYPE_ALIASES = {'noauth': 'none', 'token_endpoint': 'admin_token'}


def _version():
    try:
        return importlib.metadata.version('tacker')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


def _env(name, default=None):
    return os.environ.get(name) or default


def auth_type(options):
    """The keystoneauth1 plugin name: --os-auth-type, else what the
    given options suggest."""
    if options.os_auth_type:
        return AUTH_TYPE_ALIASES.get(options.os_auth_type,
                                     options.os_auth_type)
    if options.os_token:
        return 'token' if options.os_auth_url else 'admin_token'
    if options.os_auth_url:
        if options.os_oauth2_client_id:
            return 'v3oauth2clientcredential'
        if (options.os_application_credential_id
                or options.os_application_credential_name):
            return 'v3applicationcredential'
        return 'password'
    if options.os_endpoint:
        return 'none'
    raise exceptions.ClientError(
        'No credentials: set --os-auth-url and credentials (or OS_AUTH_URL '
        'etc.), or --os-endpoint with --os-auth-type none for a server '
        'without authentication')


def make_session(options):
    """A keystoneauth1 session authenticated as the options say."""
    name = auth_type(options)
    try:
        loader = loading.get_plugin_loader(name)
    except ksa_exceptions.NoMatchingPlugin:
        raise exceptions.ClientError('Unknown --os-auth-type %s' % name)
    if name in ('none', 'admin_token') and not options.os_endpoint:
        raise exceptions.ClientError(
            '--os-auth-type %s needs --os-endpoint (the Tacker URL)' % name)
    values = {opt.dest: getattr(options, 'os_' + opt.dest)
              for opt in loader.get_options()
              if getattr(options, 'os_' + opt.dest, None) is not None}
    try:
        auth = loader.load_from_options(**values)
    except ksa_exceptions.MissingRequiredOptions as error:
        raise exceptions.ClientError(
            '--os-auth-type %s needs %s' % (name, ', '.join(
                '--os-' + opt.dest.replace('_', '-')
                for opt in error.options)))
    return loading.load_session_from_argparse_arguments(options, auth=auth)


class ClientManager:
    """``self.app.client_manager`` of the commands, as in OpenStackClient;
    the client is made on first use, so that help and local commands
    need no credentials."""

    def __init__(self, options):
        self._options = options
        self._client = None

    @property
    def tackerclient(self):
        if self._client is None:
            options = self._options
            self._client = client.TackerClient(
                make_session(options), endpoint=options.os_endpoint,
                interface=options.os_interface,
                region_name=options.os_region_name,
                api_version=options.os_tacker_api_version)
        return self._client


class TackerShell(app.App):

    NAME = 'tacker'
    CONSOLE_MESSAGE_FORMAT = '%(message)s'

    def __init__(self, stdout=None, stderr=None):
        commands = commandmanager.CommandManager('tackerclient.cli')
        for name, command_class in cli.COMMANDS.items():
            commands.add_command(name, command_class)
        super().__init__(
            description='Command line of Tacker, the ETSI NFV orchestrator '
                        'and VNF manager: VNF packages (SOL005), VNF '
                        'lifecycle and fault management (SOL003) and '
                        'VIMs.',
            version=_version(), command_manager=commands,
            stdout=stdout, stderr=stderr, deferred_help=True)
        self.client_manager = None

    def build_option_parser(self, description, version,
                            argparse_kwargs=None):
        parser = super().build_option_parser(
            description, version,
            dict(argparse_kwargs or {}, prog=self.NAME, epilog=(
                "Run 'tacker help <command>' or 'tacker <command> --help' "
                "for a command's options. Every --os-* option can be set "
                "by its OS_* environment variable instead.")))
        auth = parser.add_argument_group('Authentication')
        auth.add_argument(
            '--os-auth-type', metavar='<auth-type>',
            default=_env('OS_AUTH_TYPE'),
            help='keystoneauth1 plugin: password, token, '
                 'v3applicationcredential, v3oauth2clientcredential, '
                 '..., or none (no '
                 'authentication, with --os-endpoint). Default: guessed '
                 'from the options given')
        for name, help_text in AUTH_OPTIONS:
            auth.add_argument('--os-' + name.replace('_', '-'),
                              metavar='<%s>' % name.replace('_', '-'),
                              default=_env('OS_' + name.upper()),
                              help=help_text)
        service = parser.add_argument_group('Service')
        service.add_argument(
            '--os-endpoint', metavar='<url>', default=_env('OS_ENDPOINT'),
            help='Tacker URL, e.g. http://127.0.0.1:9890 (default: from '
                 'the service catalog)')
        service.add_argument(
            '--os-region-name', metavar='<region-name>',
            default=_env('OS_REGION_NAME'),
            help='Region of the catalog endpoint')
        service.add_argument(
            '--os-interface', metavar='<interface>',
            default=_env('OS_INTERFACE', 'public'),
            choices=('public', 'internal', 'admin'),
            help='Catalog endpoint interface (default public)')
        service.add_argument(
            '--os-tacker-api-version', metavar='<tacker-api-version>',
            default=_env('OS_TACKER_API_VERSION', DEFAULT_API_VERSION),
            choices=tuple(client.VNFLCM_APIS),
            help='Major version of the Tacker API to use, 1 or 2: that '
                 'of the VNF LCM API; the vnffm and vnfpm commands need 2 '
                 '(default %s)' % DEFAULT_API_VERSION)
        loading.register_session_argparse_arguments(parser)
        return parser

    def configure_logging(self):
        if self.options.debug:
            self.options.verbose_level = max(self.options.verbose_level, 2)
        super().configure_logging()

    def initialize_app(self, argv):
        self.client_manager = ClientManager(self.options)

    def interact(self):
        self.stderr.write("tacker: no command given; see 'tacker --help'\n")
        raise SystemExit(2)


def main(argv=None):
    return TackerShell().run(sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
