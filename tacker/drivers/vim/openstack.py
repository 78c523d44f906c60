"""The OpenStack VIM driver: Keystone v3 through keystoneauth1.

``auth_url`` is the Identity endpoint, with or without its ``/v3`` (which
keystoneauth1 adds when missing). The user authenticates by password,
scoped to ``vim_project``; regions come from Keystone's region list, or
else from the token's catalog.
"""
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tacker.common import exceptions
from tacker.drivers.vim import base

VIM_TYPE = 'ETSINFV.OPENSTACK_KEYSTONE.V_3'
SERVICE = 'Keystone'
DEFAULT_DOMAIN = 'Default'


def _password(vim):
    cred, project = vim['auth_cred'], vim['vim_project']
    return v3.Password(
        auth_url=vim['auth_url'], username=cred['username'],
        password=cred['password'],
        user_domain_name=cred.get('user_domain_name', DEFAULT_DOMAIN),
        project_name=project['name'],
        project_domain_name=project.get('project_domain_name',
                                        DEFAULT_DOMAIN))


def _listed_regions(session, auth_url):
    """Ids of GET /v3/regions; empty when the user may not list them."""
    v3_url = auth_url.rstrip('/')
    if not v3_url.endswith('/v3'):
        v3_url += '/v3'
    response = session.get(v3_url + '/regions', raise_exc=False)
    if response.status_code != 200:
        return []
    try:
        return sorted(region['id']
                      for region in response.json().get('regions', []))
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


def _catalog_regions(access):
    return sorted({endpoint.get('region_id') or endpoint.get('region')
                   for service in access.service_catalog.catalog or []
                   for endpoint in service.get('endpoints', [])} - {None})


class OpenStackDriver(base.VimDriver):

    def register(self, vim):
        url = vim['auth_url']
        timeout = self.conf.openstack_vim.timeout
        with base.tls_verify(vim['auth_cred']) as verify:
            session = ks_session.Session(auth=_password(vim), verify=verify,
                                         timeout=timeout)
            try:
                access = session.auth.get_access(session)
                regions = (_listed_regions(session, url)
                           or _catalog_regions(access))
            except ks_exceptions.Unauthorized:
                raise exceptions.VimCredentialsRefused(
                    service=SERVICE, url=url, status=401)
            except ks_exceptions.NotFound:
                raise exceptions.VimRequestFailed(
                    service=SERVICE, url=url,
                    reason='no Identity v3 API there (HTTP 404)')
            except ks_exceptions.HttpError as error:
                raise exceptions.VimRequestFailed(
                    service=SERVICE, url=url,
                    reason='HTTP %s %s' % (error.http_status, error.message))
            except ks_exceptions.ConnectTimeout as error:
                raise base.unreachable(SERVICE, url, error, timeout)
            except ks_exceptions.ConnectionError as error:
                raise base.unreachable(SERVICE, url, error)
            except ks_exceptions.ClientException as error:
                raise exceptions.VimRequestFailed(
                    service=SERVICE, url=url, reason=str(error))
        return {'regions': regions}

    def get_connection_info(self, vim):
        cred, project = vim['auth_cred'], vim['vim_project']
        access = {'username': cred['username'],
                  'password': cred['password'],
                  'project': project['name'],
                  'projectDomain': project.get('project_domain_name',
                                               DEFAULT_DOMAIN),
                  'userDomain': cred.get('user_domain_name',
                                         DEFAULT_DOMAIN)}
        regions = (vim['placement_attr'] or {}).get('regions')
        if regions:
            access['region'] = regions[0]
        return {'id': vim['id'], 'vimId': vim['id'], 'vimType': VIM_TYPE,
                'interfaceInfo': base.interface_info(vim),
                'accessInfo': access}
