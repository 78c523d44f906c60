"""The ``[vim_keys]`` group: where the keys that encrypt secrets at rest
live (named after its first use, VIM credentials; subscriptions'
credentials use the same keys)."""
from oslo_config import cfg

GROUP = 'vim_keys'

opts = [
    cfg.StrOpt('openstack', default='$state_path/vim/fernet_keys',
               help='Directory of the Fernet keys that encrypt secrets in '
                    'the database: the passwords, bearer tokens and client '
                    'secrets of registered VIMs and of vimConnectionInfo '
                    'sent with LCM requests, and the passwords of '
                    'subscriptions. API servers encrypt what clients '
                    'send before writing it and conductors decrypt it to '
                    'call VIMs and subscribers, so every tacker-server and '
                    'tacker-conductor host needs the same keys (copy the '
                    'directory to each before starting it; a host without '
                    'it makes a new key the others cannot read). Created '
                    '(mode 0700, one key file of mode 0600) on first use. '
                    'Each file holds one key and is named by a number: the '
                    'highest encrypts, all decrypt, so a key is rotated by '
                    'adding a file with a higher number.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
