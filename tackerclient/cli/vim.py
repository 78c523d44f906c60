"""``vim ...``: VIMs of the legacy Tacker NFVO API (``/v1.0/vims``).

A VIM is described by a YAML config file as python-tackerclient users
write it (``CONFIG_FILE_FORMATS``, which ``vim register --help`` shows).
Commands name a VIM by its name or its ID. No message quotes a credential
or a line of the file, and requests carrying credentials stay out of the
debug log.
"""
import argparse
import os

from cliff import lister
import yaml

from tackerclient.cli import common
from tackerclient import exceptions

VIM_TYPES = ('openstack', 'kubernetes')

CONFIG_FILE_FORMATS = """\
The config file of an OpenStack VIM (type openstack, the default):

  auth_url: https://keystone.example.com/identity/v3
  username: nfv_user
  password: secret
  project_name: nfv
  project_domain_name: Default
  user_domain_name: Default
  cert_verify: True
  ssl_ca_cert: ca.pem    # PEM text, or a file (relative to this one)

The config file of a Kubernetes VIM, with a bearer token:

  type: kubernetes
  auth_url: https://k8s.example.com:6443
  bearer_token: eyJhbGciOi...
  ssl_ca_cert: ca.pem    # PEM text, or a file; None: the system's CAs
  project_name: default  # the namespace of CNFs ("default" if absent)

or with a username and password (HTTP basic authentication) instead of
the bearer_token:

  username: admin
  password: secret
"""

# Config keys that go into auth_cred, by VIM type, besides _TLS_KEYS.
_CREDENTIAL_KEYS = {'openstack': ('username', 'password',
                                  'user_domain_name'),
                    'kubernetes': ('bearer_token', 'username', 'password')}
# The kinds of credentials each VIM type takes: one of them, whole.
_CREDENTIAL_KINDS = {'openstack': (('username', 'password'),),
                     'kubernetes': (('bearer_token',),
                                    ('username', 'password'))}
_TLS_KEYS = ('cert_verify', 'ssl_ca_cert')
# Tacker's documented Kubernetes examples write "ssl_ca_cert: None" for
# no CA certificate.
_NO_CA_CERT = 'None'
# Config keys that go into vim_project, and the field each becomes.
_PROJECT_KEYS = {'project_name': 'name',
                 'project_domain_name': 'project_domain_name'}
_OTHER_KEYS = ('type', 'auth_url', 'extra')
# What registering a VIM of each type needs, besides credentials.
_REQUIRED_KEYS = {'openstack': ('auth_url', 'project_name'),
                  'kubernetes': ('auth_url',)}
_PEM_MARK = '-----BEGIN '

CONFIG_FILE = 'VIM config'

# Show columns are attribute names, as in python-tackerclient, but
# the owner's.
LABELS = {'tenant_id': 'project_id'}

LIST_COLUMNS = (('id', 'ID'), ('name', 'Name'), ('tenant_id', 'Tenant_id'),
                ('type', 'Type'), ('is_default', 'Is Default'),
                ('placement_attr', 'Placement attribution'),
                ('status', 'Status'))
LONG_ONLY = ('placement_attr',)


def _config_error(path, message):
    return exceptions.ClientError('%s file %s: %s' % (CONFIG_FILE, path,
                                                      message))


def _load_config(path):
    text = common.read_file(path, CONFIG_FILE)
    try:
        config = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        # str(error) quotes the offending line, which may hold a secret.
        mark = error.problem_mark or error.context_mark
        raise _config_error(path, 'not valid YAML: %s%s' % (
            error.problem or error.context,
            ' (line %d, column %d)' % (mark.line + 1, mark.column + 1)
            if mark else ''))
    except yaml.YAMLError as error:
        # A ReaderError: names the character that cannot be read.
        raise _config_error(path, 'not valid YAML: %s' % ' '.join(
            str(error).split()))
    if not isinstance(config, dict):
        raise _config_error(path, 'not a YAML mapping of keys to values')
    return config


def _text(path, key, value):
    if isinstance(value, (dict, list)):
        raise _config_error(path, '%s must be text, not a %s' % (
            key, 'mapping' if isinstance(value, dict) else 'list'))
    return str(value)


def _cert_verify(path, value):
    """python-tackerclient writes "True" or "False"; YAML reads them as
    booleans unless quoted."""
    if isinstance(value, bool):
        return value
    if str(value).lower() in ('true', 'false'):
        return str(value).lower() == 'true'
    raise _config_error(path, 'cert_verify must be True or False, not %r'
                        % (value,))


def _ca_cert(path, value):
    """PEM text, given inline or as a file relative to the config file."""
    text = _text(path, 'ssl_ca_cert', value)
    if _PEM_MARK in text:
        return text
    cert_path = os.path.join(os.path.dirname(path),
                             os.path.expanduser(text.strip()))
    pem = common.read_file(cert_path, 'CA certificate')
    if _PEM_MARK not in pem:
        raise _config_error(path, 'ssl_ca_cert file %s holds no PEM '
                                  'certificate' % cert_path)
    return pem


def _given_kinds(vim_type, given):
    """The kinds of credentials ``given`` has a key of."""
    return [kind for kind in _CREDENTIAL_KINDS[vim_type]
            if any(key in given for key in kind)]


def _kinds_text(vim_type):
    return ', or '.join(' and '.join(kind)
                        for kind in _CREDENTIAL_KINDS[vim_type])


def _missing_credentials(vim_type, given):
    """The credential keys registering still needs, in words: those
    missing from the kind ``given`` started, or else any kind."""
    kinds = _CREDENTIAL_KINDS[vim_type]
    started = _given_kinds(vim_type, given) or (
        kinds if len(kinds) == 1 else ())
    if not started:
        return [_kinds_text(vim_type)]
    return [key for key in started[0] if key not in given]


def vim_from_config(path, complete=True, default_type='openstack'):
    """The VIM a config file describes: type, auth_url, auth_cred,
    vim_project and extra, as far as the file gives them. ``complete``:
    it must give all that registering needs.

    :raises ClientError: the file cannot be read, or a key is unknown,
        missing or of the wrong kind.
    """
    config = _load_config(path)
    vim_type = config.get('type') or default_type
    if vim_type not in VIM_TYPES:
        raise _config_error(path, 'type is %s; use %s' % (
            vim_type, ' or '.join(VIM_TYPES)))
    credential_keys = _CREDENTIAL_KEYS[vim_type] + _TLS_KEYS
    unknown = sorted(set(config) - set(credential_keys) - set(_PROJECT_KEYS)
                     - set(_OTHER_KEYS), key=str)
    if unknown:
        raise _config_error(path, 'unknown key(s) %s (type %s)' % (
            ', '.join(map(str, unknown)), vim_type))
    given = {key: value for key, value in config.items()
             if value is not None and value != ''
             and (key, value) != ('ssl_ca_cert', _NO_CA_CERT)}
    if len(_given_kinds(vim_type, given)) > 1:
        raise _config_error(path, 'give %s, not both (type %s)' % (
            _kinds_text(vim_type), vim_type))
    if complete:
        missing = [key for key in _REQUIRED_KEYS[vim_type]
                   if key not in given]
        missing += _missing_credentials(vim_type, given)
        if missing:
            raise _config_error(path, 'missing key(s) %s (type %s)' % (
                ', '.join(missing), vim_type))
    vim = {'type': vim_type}
    if 'auth_url' in given:
        vim['auth_url'] = _text(path, 'auth_url', given['auth_url'])
    cred = {key: _text(path, key, given[key])
            for key in _CREDENTIAL_KEYS[vim_type] if key in given}
    if 'cert_verify' in given:
        cred['cert_verify'] = _cert_verify(path, given['cert_verify'])
    if 'ssl_ca_cert' in given:
        cred['ssl_ca_cert'] = _ca_cert(path, given['ssl_ca_cert'])
    if cred:
        vim['auth_cred'] = cred
    project = {field: _text(path, key, given[key])
               for key, field in _PROJECT_KEYS.items() if key in given}
    if project:
        vim['vim_project'] = project
    if 'extra' in given:
        if not isinstance(given['extra'], dict):
            raise _config_error(path, 'extra must be a mapping')
        vim['extra'] = given['extra']
    return vim


def find_vim(cmd, name_or_id):
    """The VIM named ``name_or_id``, else the one with that ID.

    :raises ClientError: several VIMs have that name (an admin sees
        other projects' VIMs).
    :raises NotFound: no VIM has that name or ID.
    """
    vims = common.client(cmd).vims
    named = vims.list(name=name_or_id)
    if len(named) > 1:
        raise exceptions.ClientError(
            '%d VIMs are named %s; give the ID of one: %s' % (
                len(named), name_or_id,
                ', '.join(vim['id'] for vim in named)))
    return named[0] if named else vims.show(name_or_id)


def _boolean(value):
    if value.lower() not in ('true', 'false'):
        raise argparse.ArgumentTypeError('expected true or false, not %r'
                                         % value)
    return value.lower() == 'true'


def _vim_argument(parser, action):
    parser.add_argument('vim', metavar='<vim>',
                        help='VIM to %s (name or ID)' % action)


def _config_argument(parser, required, help):
    parser.add_argument('--config-file', metavar='<config-file>',
                        required=required, help=help)


class RegisterVim(common.ShowCommand):
    """Register a VIM.

    The server checks the credentials with the VIM before it answers:
    registration fails if the VIM is unreachable or refuses them.
    """

    labels = LABELS
    _epilog = CONFIG_FILE_FORMATS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        # Shows the config file formats (the epilog) as they are written.
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.add_argument('name', metavar='<name>',
                            help='Name of the VIM')
        _config_argument(parser, True, 'YAML file with the VIM\'s type, '
                                       'auth_url, credentials and project')
        parser.add_argument('--description', metavar='<description>',
                            help='Description of the VIM')
        parser.add_argument(
            '--is-default', action='store_true',
            help='Make it the default VIM of its type in the project '
                 '(the VIM of LCM operations that name none: a CNF\'s '
                 'Kubernetes, others\' OpenStack)')
        return parser

    def take_action(self, parsed_args):
        vim = vim_from_config(parsed_args.config_file)
        vim['name'] = parsed_args.name
        if parsed_args.description is not None:
            vim['description'] = parsed_args.description
        if parsed_args.is_default:
            vim['is_default'] = True
        return self.show(common.client(self).vims.register(vim))


class ListVim(lister.Lister, common.Command):
    """List VIMs."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--long', action='store_true',
                            help='Also show the placement attribution '
                                 '(regions)')
        return parser

    def take_action(self, parsed_args):
        columns = [(key, label) for key, label in LIST_COLUMNS
                   if parsed_args.long or key not in LONG_ONLY]
        keys = [key for key, _ in columns]
        return (tuple(label for _, label in columns),
                (common.row(vim, keys)
                 for vim in common.client(self).vims.list()))


class ShowVim(common.ShowCommand):
    """Show a VIM; its secrets are shown as ***."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _vim_argument(parser, 'show')
        return parser

    def take_action(self, parsed_args):
        return self.show(find_vim(self, parsed_args.vim))


class SetVim(common.ShowCommand):
    """Update a VIM: its name, description, default flag or credentials.

    New credentials are checked with the VIM as on registration; the
    VIM's type and auth_url cannot change.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _vim_argument(parser, 'update')
        _config_argument(parser, False, 'YAML file with new credentials '
                                        'or project; keys left out stay '
                                        'as they are')
        parser.add_argument('--name', metavar='<name>',
                            help='New name of the VIM')
        parser.add_argument('--description', metavar='<description>',
                            help='New description of the VIM')
        parser.add_argument(
            '--is-default', metavar='{true,false}', type=_boolean,
            help='Whether it is the default VIM of its type in the '
                 'project')
        return parser

    def take_action(self, parsed_args):
        changes = {key: value for key, value in (
            ('name', parsed_args.name),
            ('description', parsed_args.description),
            ('is_default', parsed_args.is_default)) if value is not None}
        if not (changes or parsed_args.config_file):
            common.usage_error(self, 'nothing to change: give '
                                     '--config-file, --name, --description '
                                     'or --is-default')
        vim = find_vim(self, parsed_args.vim)
        if parsed_args.config_file:
            changes.update(_config_changes(vim, parsed_args.config_file))
        return self.show(common.client(self).vims.update(vim['id'],
                                                         changes))


def _config_changes(vim, path):
    """What the config file at ``path`` changes of the registered
    ``vim``: credentials, project, extra."""
    config = vim_from_config(path, complete=False, default_type=vim['type'])
    for key in ('type', 'auth_url'):
        if config.pop(key, vim[key]) != vim[key]:
            raise _config_error(path, 'the %s of VIM %s cannot change from '
                                      '%s; register a new VIM instead' % (
                                          key, vim['name'], vim[key]))
    given = _given_kinds(vim['type'], config.get('auth_cred', {}))
    for kind in _CREDENTIAL_KINDS[vim['type']]:
        if given and kind not in given:
            # New credentials of one kind replace those of another.
            config['auth_cred'].update(dict.fromkeys(kind))
    return config


class DeleteVim(common.Command):
    """Delete VIM(s); a VIM that a VNF instance uses cannot be deleted."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('vims', metavar='<vim>', nargs='+',
                            help='VIM(s) to delete (name or ID)')
        return parser

    def take_action(self, parsed_args):
        vims = common.client(self).vims
        common.delete_each(
            self, parsed_args.vims,
            lambda name_or_id: vims.delete(find_vim(self, name_or_id)['id']),
            'VIM')
