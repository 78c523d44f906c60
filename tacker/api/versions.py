"""API version information (SOL013 clause 9.3) and the legacy root list.

One table, ``API_VERSIONS``, says which version each URI prefix serves;
the major-version-independent ``/vnflcm/api_versions`` is derived from it.
Both answer any authenticated caller, with or without a project scope.
"""
from tacker.common import context as tacker_context
from tacker.common import links

API_VERSIONS = {
    '/vnflcm/v1': ('1.3.0',),
    '/vnflcm/v2': ('2.0.0',),
    '/vnfpkgm/v1': ('2.1.0',),
    '/vnffm/v1': ('1.3.0',),
    '/vnfpm/v2': ('2.1.0',),
    '/grant/v1': ('1.3.0',),
}

# APIs that answer GET {apiName}/api_versions across their major versions.
MULTI_VERSION_APIS = ('/vnflcm',)


def api_version_information(uri_prefix):
    """ApiVersionInformation of a prefix, all major versions included when
    the prefix is an API name such as ``/vnflcm``."""
    versions = [version
                for prefix, prefix_versions in sorted(API_VERSIONS.items())
                if prefix == uri_prefix or prefix.startswith(uri_prefix + '/')
                for version in prefix_versions]
    return {'uriPrefix': uri_prefix,
            'apiVersions': [{'version': version, 'isDeprecated': False}
                            for version in versions]}


class ApiVersionsController:
    """``GET {prefix}/api_versions``."""

    def __init__(self, uri_prefix):
        self.uri_prefix = uri_prefix

    @tacker_context.unscoped
    def show(self, req):
        return api_version_information(self.uri_prefix)


class RootController:
    """``GET /``: the legacy Tacker version list clients discover with."""

    @tacker_context.unscoped
    def index(self, req):
        return {'versions': [{'id': 'v1.0', 'status': 'CURRENT',
                              'links': [{'rel': 'self',
                                         'href': links.legacy_api(
                                             req.host_url)}]}]}
