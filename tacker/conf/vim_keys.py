"""The ``[vim_keys]`` group: where the keys that encrypt VIM secrets at
rest live."""
from oslo_config import cfg

GROUP = 'vim_keys'

opts = [
    cfg.StrOpt('openstack', default='$state_path/vim/fernet_keys',
               help='Directory of the Fernet keys that encrypt the '
                    'passwords and bearer tokens of registered VIMs in '
                    'the database. Only conductors read it; every '
                    'conductor host needs the same keys. Created (mode '
                    '0700, one key file of mode 0600) on first use. Each '
                    'file holds one key and is named by a number: the '
                    'highest encrypts, all decrypt, so a key is rotated '
                    'by adding a file with a higher number.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
