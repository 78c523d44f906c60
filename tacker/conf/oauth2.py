"""The ``[oauth2]`` group: OAuth 2.0 access tokens (the client
credentials grant of SOL013 v3.3.1 8.3.4) accepted by the API besides
Keystone tokens."""
from oslo_config import cfg

GROUP = 'oauth2'

opts = [
    cfg.StrOpt('token_filter', default='none',
               choices=[('none', 'Keystone tokens (X-Auth-Token) only.'),
                        ('keystone', 'Also Bearer tokens Keystone issued '
                                     '(its OS-OAUTH2 API, to application '
                                     'credentials), validated by '
                                     'keystonemiddleware\'s oauth2_token '
                                     'with [keystone_authtoken].'),
                        ('external', 'Also Bearer tokens of an external '
                                     'authorization server, validated by '
                                     'keystonemiddleware\'s '
                                     'external_oauth2_token against its '
                                     'RFC 7662 introspection endpoint, '
                                     'configured in [ext_oauth2_auth].')],
               help='With auth_strategy = keystone: which OAuth 2.0 access '
                    'tokens (Authorization: Bearer) the API accepts.'),
    cfg.DictOpt('api_scopes', default={},
                help='API name -> the scope an external authorization '
                     'server\'s token must carry to call it (e.g. '
                     'vnflcm:vnflcm_all,vnfpkgm:vnfpkgm_all); an API not '
                     'named needs none. A token without it gets 403.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
