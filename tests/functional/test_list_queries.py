"""Every list endpoint refuses, with a 400 ProblemDetails, a query
parameter it does not define, a filter on an attribute its resource does
not have and an attribute selector naming no complex attribute of it
(SOL013 5.2 - 5.4); what it does define still answers 200."""
import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib

PKGM, LCM = '/vnfpkgm/v1', '/vnflcm/v1'
# Each SOL list, with a complex attribute of its items and a path deep
# inside them.
SOL_LISTS = {
    PKGM + '/vnf_packages': ('softwareImages', 'softwareImages/checksum/hash'),
    LCM + '/vnf_instances': (
        'instantiatedVnfInfo',
        'instantiatedVnfInfo/vnfcResourceInfo/computeResource/resourceId'),
    LCM + '/vnf_lcm_op_occs': ('resourceChanges',
                               'resourceChanges/affectedVnfcs/vduId'),
}
SUBSCRIPTION_LISTS = {
    PKGM + '/subscriptions': 'filter/vnfProductsFromProviders/vnfProvider',
    LCM + '/subscriptions': 'filter/vnfInstanceSubscriptionFilter/vnfdIds',
}
ALL_LISTS = sorted([*SOL_LISTS, *SUBSCRIPTION_LISTS, '/v1.0/vims'])


@pytest.fixture(scope='module')
def deploy(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('lists')) as deploy:
        response = deploy.request('POST', PKGM + '/vnf_packages',
                                  json={'userDefinedData': {'k': 'v'}})
        assert response.status_code == 201, response.text
        yield deploy


def assert_problem(response, *fragments):
    assert response.status_code == 400, response.text
    assert response.headers['Content-Type'] == 'application/problem+json'
    problem = response.json()
    etsi.validate(problem, 'SOL003', 'VNFLifecycleManagement-API',
                  'ProblemDetails.schema.json')
    for fragment in fragments:
        assert fragment in problem['detail'], problem['detail']


@pytest.mark.parametrize('path', ALL_LISTS)
def test_undefined_query_parameter_is_400(deploy, path):
    assert_problem(deploy.get(path + '?colour=red'),
                   'Query parameter colour is not defined for GET %s' % path)


@pytest.mark.parametrize('path', sorted([*SOL_LISTS, *SUBSCRIPTION_LISTS]))
@pytest.mark.parametrize('attribute', ['nope', 'id/nope', '_links/nope'])
def test_filter_on_an_attribute_the_resource_lacks_is_400(deploy, path,
                                                          attribute):
    assert_problem(deploy.get(path + '?filter=(eq,%s,1)' % attribute),
                   'has no attribute %s' % attribute)


@pytest.mark.parametrize('path', sorted(SOL_LISTS))
def test_filter_deep_in_the_resource_is_answered(deploy, path):
    response = deploy.get(path + '?filter=(neq,%s,x)' % SOL_LISTS[path][1])
    assert response.status_code == 200, response.text


@pytest.mark.parametrize('path', sorted(SOL_LISTS))
@pytest.mark.parametrize('selector', ['fields', 'exclude_fields'])
def test_selector_naming_no_complex_attribute_is_400(
        deploy, path, selector):
    complex_attribute, simple_attribute = SOL_LISTS[path]
    for name in ('nope', complex_attribute + '/nope', simple_attribute):
        assert_problem(deploy.get('%s?%s=%s' % (path, selector, name)),
                       '%s names %s, which is not a complex attribute'
                       % (selector, name))
    response = deploy.get('%s?%s=%s' % (path, selector, complex_attribute))
    assert response.status_code == 200, response.text


def test_selectors_apply_to_the_listed_items(deploy):
    path = PKGM + '/vnf_packages'
    assert 'userDefinedData' not in deploy.get(path).json()[0]
    assert deploy.get(path + '?fields=userDefinedData/k').json()[0][
        'userDefinedData'] == {'k': 'v'}
    assert deploy.get(path + '?filter=(eq,userDefinedData/k,v)').json()
    assert not deploy.get(path + '?filter=(eq,userDefinedData/k,w)').json()
    # ';' joins the terms (SOL013 5.2.2); it does not end the parameter.
    assert not deploy.get(path + '?filter=(eq,userDefinedData/k,v);'
                          '(eq,userDefinedData/k,w)').json()


@pytest.mark.parametrize('path', sorted(SUBSCRIPTION_LISTS))
def test_subscription_lists_take_a_filter_but_no_selectors(deploy, path):
    response = deploy.get(path + '?filter=(eq,%s,x)'
                          % SUBSCRIPTION_LISTS[path])
    assert response.status_code == 200, response.text
    assert_problem(deploy.get(path + '?fields=filter'),
                   'Query parameter fields is not defined')


def test_vim_list_takes_its_filters(deploy):
    response = deploy.get('/v1.0/vims?name=x&is_default=true')
    assert response.status_code == 200, response.text
    assert response.json() == {'vims': []}


def test_individual_resource_takes_no_query_parameter(deploy):
    package = deploy.get(PKGM + '/vnf_packages').json()[0]
    path = PKGM + '/vnf_packages/' + package['id']
    assert deploy.get(path).status_code == 200
    assert_problem(deploy.get(path + '?fields=softwareImages'),
                   'Query parameter fields is not defined for GET '
                   '%s/vnf_packages/{id}, which takes none' % PKGM)
