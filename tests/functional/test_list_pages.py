"""A list page answered again shows what changed since, on every
database: an API worker answers a page as it did before only while its
items keep the versions they had, and reads those versions through the
database driver directly (marker keys converted as SQLAlchemy would)."""
import pytest

from tests.functional import dbs

PACKAGES = '/vnfpkgm/v1/vnf_packages'


def page(deployment, url):
    """The ids and user data of one page, and the URL of the next."""
    response = deployment.get(url)
    assert response.status_code == 200, response.text
    following = response.links.get('next', {}).get('url')
    if following:
        assert following.startswith(deployment.url)
        following = following[len(deployment.url):]
    return ([(item['id'], item.get('userDefinedData'))
             for item in response.json()], following)


def every_page(deployment, query=''):
    """Every page of the package list, walked by its Link headers."""
    pages, url = [], PACKAGES + query
    while url:
        items, url = page(deployment, url)
        pages.append(items)
    return pages


def create(deployment, value):
    response = deployment.request('POST', PACKAGES,
                                  json={'userDefinedData': {'v': value}})
    assert response.status_code == 201, response.text
    return response.json()['id']


def patch(deployment, package_id, value):
    response = deployment.request(
        'PATCH', '%s/%s' % (PACKAGES, package_id),
        json={'userDefinedData': {'v': value}},
        headers={'Content-Type': 'application/merge-patch+json'})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize('backend', dbs.backends())
def test_pages_answered_again_show_changes_deletions_and_additions(
        make_deployment):
    deployment = make_deployment(sections={'vnf_package': {'page_size': 2}})
    a, b, c = (create(deployment, value) for value in 'abc')
    query = '?all_fields'
    expected = [[(a, {'v': 'a'}), (b, {'v': 'b'})], [(c, {'v': 'c'})]]
    # The second walk is answered from what the first one served.
    assert every_page(deployment, query) == expected
    assert every_page(deployment, query) == expected

    patch(deployment, b, 'B')
    assert every_page(deployment, query) == [
        [(a, {'v': 'a'}), (b, {'v': 'B'})], [(c, {'v': 'c'})]]

    assert deployment.request('DELETE', '%s/%s' % (PACKAGES, a)) \
        .status_code == 204
    assert every_page(deployment, query) == [
        [(b, {'v': 'B'}), (c, {'v': 'c'})]]

    d = create(deployment, 'd')
    assert every_page(deployment, query) == [
        [(b, {'v': 'B'}), (c, {'v': 'c'})], [(d, {'v': 'd'})]]
    # A filtered list agrees, answered again too; so does one with a
    # list of values (its fingerprint read through SQLAlchemy).
    filtered = query + '&filter=(neq,id,%s)' % b
    assert every_page(deployment, filtered) == [
        [(c, {'v': 'c'}), (d, {'v': 'd'})]]
    patch(deployment, c, 'C')
    assert every_page(deployment, filtered) == [
        [(c, {'v': 'C'}), (d, {'v': 'd'})]]
    assert every_page(deployment, query + '&filter=(in,id,%s,%s)' % (
        d, b)) == [[(b, {'v': 'B'}), (d, {'v': 'd'})]]


@pytest.mark.parametrize('backend', dbs.backends('mysql', 'postgresql'))
def test_a_list_while_the_database_is_unreachable_is_503(make_deployment):
    deployment = make_deployment(db_proxy=True)
    create(deployment, 'a')
    assert deployment.get(PACKAGES).status_code == 200
    deployment.db_proxy.stop()
    response = deployment.get(PACKAGES, timeout=30)
    assert response.status_code == 503, response.text
    assert response.headers['Content-Type'] == 'application/problem+json'
    deployment.db_proxy.start()
    assert deployment.get(PACKAGES).status_code == 200
