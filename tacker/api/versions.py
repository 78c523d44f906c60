"""API version information (SOL013 clause 9.3) and the legacy root list.

``API_VERSIONS`` says which version each SOL URI prefix serves once it is
routed; only the routed ones are advertised (``tacker.api.app`` decides),
so that no client is pointed at an API whose resources all answer 404.
Every ``{apiName}/api_versions`` lists the versions of all routed major
versions of that API. Both answer any authenticated caller, with or
without a project scope.
"""
from tacker.api import wsgi
from tacker.common import context as tacker_context

API_VERSIONS = {
    '/vnflcm/v1': ('1.3.0',),
    '/vnflcm/v2': ('2.0.0',),
    '/vnfpkgm/v1': ('2.1.0',),
    '/vnffm/v1': ('1.3.0',),
    '/vnfpm/v2': ('2.1.0',),
    '/grant/v1': ('1.3.0',),
}
# The APIs of SOL002/SOL003 v3.3.1, whose requests name the API version
# in the Version header and whose answers carry it (SOL013 v3.3.1), as
# Tacker's v2-era APIs do; the v2.6.1 ones (v1) predate the header.
VERSION_HEADER = ('/vnflcm/v2', '/vnffm/v1', '/vnfpm/v2')


def required_version(prefix):
    """The version ``prefix``'s Version header names, or None when its
    API takes none."""
    if prefix in VERSION_HEADER:
        return API_VERSIONS[prefix][-1]
    return None


def api_name(prefix):
    """``/vnflcm`` for ``/vnflcm/v1``: the major-version-independent
    prefix (SOL013 9.3.1, ``{apiRoot}/{apiName}``)."""
    return prefix.rsplit('/', 1)[0]


def versioned_prefixes(served):
    """The prefixes that answer ``GET {prefix}/api_versions`` when the
    SOL prefixes ``served`` are routed: each of them and their API
    names."""
    return sorted({*served, *map(api_name, served)})


def api_version_information(uri_prefix, served):
    """ApiVersionInformation of a prefix, every served major version
    included when the prefix is an API name such as ``/vnflcm``."""
    versions = [version for prefix in sorted(served)
                if uri_prefix in (prefix, api_name(prefix))
                for version in API_VERSIONS[prefix]]
    return {'uriPrefix': uri_prefix,
            'apiVersions': [{'version': version, 'isDeprecated': False}
                            for version in versions]}


class ApiVersionsController:
    """``GET {prefix}/api_versions``."""

    def __init__(self, uri_prefix, served):
        self.uri_prefix = uri_prefix
        self.served = served

    @wsgi.responds(200)
    @wsgi.any_version
    @tacker_context.unscoped
    def show(self, req):
        return api_version_information(self.uri_prefix, self.served)


class RootController:
    """``GET /``: the legacy Tacker version list clients discover with,
    one entry per routed legacy prefix (``/v1.0``)."""

    def __init__(self, legacy_prefixes):
        self.legacy_prefixes = legacy_prefixes

    @wsgi.responds(200)
    @tacker_context.unscoped
    def index(self, req):
        return {'versions': [
            {'id': prefix.lstrip('/'), 'status': 'CURRENT',
             'links': [{'rel': 'self', 'href': req.host_url + prefix}]}
            for prefix in self.legacy_prefixes]}
