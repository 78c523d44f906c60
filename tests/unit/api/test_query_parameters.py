"""Every route refuses a query parameter it does not define with a 400
ProblemDetails naming it, before any other work."""
import json
import re

import pytest

from tacker.api import listing
from tests import routes

ROUTES = routes.ROUTES


@pytest.mark.parametrize('route', ROUTES, ids=lambda route: '%s %s' % (
    route.method, route.path))
def test_unknown_query_parameter_is_400(api, route):
    path = re.sub(r'\{[^}]+\}', 'x', route.path)
    # A versioned route refuses a request without Version before its
    # query.
    response = api(route.method, path + '?colour=red&filter=(eq,id,1)',
                   headers=routes.version_header(route))
    assert response.status_int == 400
    problem = json.loads(response.body)
    assert problem['status'] == 400
    assert problem['detail'].startswith(
        'Query parameter colour is not defined for %s %s, which takes '
        % (route.method, route.path))


def test_lists_declare_the_sol013_parameters():
    declared = {(route.method, route.path): route.params for route in ROUTES
                if route.params}
    assert declared == {
        ('GET', '/healthcheck'): ('rpc',),
        ('GET', '/vnfpkgm/v1/vnf_packages'): listing.PARAMS,
        ('GET', '/vnfpkgm/v1/subscriptions'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/vnflcm/v1/vnf_instances'): listing.PARAMS,
        ('GET', '/vnflcm/v1/vnf_lcm_op_occs'): listing.PARAMS,
        ('GET', '/vnflcm/v2/vnf_instances'): listing.PARAMS,
        ('GET', '/vnflcm/v2/vnf_lcm_op_occs'): listing.PARAMS,
        ('GET', '/vnflcm/v2/subscriptions'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/vnflcm/v1/subscriptions'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/vnffm/v1/alarms'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/vnffm/v1/subscriptions'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/vnfpm/v2/pm_jobs'): listing.PARAMS,
        ('GET', '/vnfpm/v2/thresholds'): listing.SUBSCRIPTION_PARAMS,
        ('GET', '/v1.0/vims'): ('name', 'type', 'status', 'is_default',
                                'tenant_id', 'id', 'fields'),
        ('GET', '/v1.0/events'): ('resource_id', 'resource_type',
                                  'resource_state', 'event_type', 'id',
                                  'fields'),
        ('GET', '/v1.0/vnfds'): ('name', 'template_source', 'tenant_id',
                                 'id', 'fields'),
        ('GET', '/v1.0/nsds'): ('name', 'tenant_id', 'id', 'fields'),
        ('GET', '/v1.0/nss'): ('name', 'status', 'nsd_id', 'tenant_id',
                               'id', 'fields'),
        ('GET', '/v1.0/vnfs'): ('name', 'status', 'vnfd_id', 'vim_id',
                                'tenant_id', 'id', 'fields'),
    }
    assert listing.PARAMS == ('filter', 'all_fields', 'fields',
                              'exclude_fields', 'exclude_default',
                              'nextpage_opaque_marker')


def test_show_takes_no_parameter(api):
    problem = json.loads(api('GET', '/vnflcm/v1/vnf_instances/x?fields=a')
                         .body)
    assert problem['detail'].endswith('which takes none.')
