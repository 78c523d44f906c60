"""VNF package management through the real server and conductor:
upload (PUT and from URI), onboarding, VNFD/content/artifact reads,
PATCH/DELETE, SOL013 queries, and every error path of SOL005 9.4."""
import hashlib
import io
import pathlib
import shutil
import time
import uuid
import zipfile

import pytest

from tests import etsi
from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import http_servers
from tests import packages as samples

API = '/vnfpkgm/v1'
SOL005 = ('SOL005', 'VNFPackageManagement-API')
ZIP = {'Content-Type': 'application/zip'}
# The tests on pkg_deployment share one deployment per backend.
ON_ALL_BACKENDS = pytest.mark.parametrize('backend', dbs.backends(),
                                          scope='module')
ON_SQLITE = pytest.mark.parametrize('backend', dbs.backends('sqlite'),
                                    scope='module')


def assert_pkg_info(body):
    etsi.validate(body, *SOL005, 'vnfPkgInfo.schema.json')
    return body


def assert_problem(response, status, *fragments):
    assert response.status_code == status, response.text
    assert response.headers['Content-Type'] == 'application/problem+json'
    problem = response.json()
    etsi.validate(problem, *SOL005, 'ProblemDetails.schema.json')
    for fragment in fragments:
        assert fragment in problem['detail'], problem['detail']
    return problem


@pytest.fixture(scope='module')
def pkg_deployment(backend, tmp_path_factory):
    with deployment_lib.shared_deployment(
            tmp_path_factory.mktemp('packages'), backend) as deploy:
        yield deploy


def create_package(deployment, **body):
    response = deployment.request('POST', API + '/vnf_packages', json=body)
    assert response.status_code == 201, response.text
    assert response.headers['Location'] == \
        response.json()['_links']['self']['href']
    return assert_pkg_info(response.json())


def wait_onboarding_ends(deployment, package_id, timeout=60):
    """The package once onboarding succeeded or failed (not in flight)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = deployment.get('%s/vnf_packages/%s' % (API, package_id)).json()
        if info['onboardingState'] in ('ONBOARDED', 'CREATED') and (
                info['onboardingState'] == 'ONBOARDED'
                or 'onboardingFailureDetails' in info):
            return assert_pkg_info(info)
        time.sleep(0.2)
    raise AssertionError('onboarding of %s did not end' % package_id)


def upload(deployment, package_id, csar_path):
    with open(csar_path, 'rb') as body:
        return deployment.request(
            'PUT', '%s/vnf_packages/%s/package_content' % (API, package_id),
            data=body, headers=ZIP, timeout=60)


def stage_stored_csar(deployment, package_id, csar_path):
    """Put a CSAR in the deployment's package store (the default, a
    directory) as an upload would; returns its location and checksum for
    a package row staged by hand."""
    stored = pathlib.Path(deployment.options['state_path'],
                          'vnfpackage_store', '%s-staged' % package_id)
    stored.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(csar_path, stored)
    checksum = {'algorithm': 'SHA-512',
                'hash': hashlib.sha512(stored.read_bytes()).hexdigest()}
    return 'file://%s' % stored, checksum


def onboard(deployment, tmp_path, sample='single_vdu', **build_args):
    """Onboard ``sample`` under a fresh vnfdId (unless ``vnfd_id`` says
    otherwise): tests sharing a deployment never collide on it."""
    build_args.setdefault('vnfd_id', str(uuid.uuid4()))
    package = create_package(deployment, userDefinedData={'k': 'v'})
    csar = samples.build_csar(sample, tmp_path / ('%s.zip' % package['id']),
                              **build_args)
    assert upload(deployment, package['id'], csar).status_code == 202
    info = wait_onboarding_ends(deployment, package['id'])
    assert info['onboardingState'] == 'ONBOARDED', info
    return info


@ON_ALL_BACKENDS
def test_put_upload_onboards_with_vnfd_fields(pkg_deployment, tmp_path):
    vnfd_id = str(uuid.uuid4())
    info = onboard(pkg_deployment, tmp_path, 'single_vdu', vnfd_id=vnfd_id)
    assert info['operationalState'] == 'ENABLED'
    assert info['usageState'] == 'NOT_IN_USE'
    assert info['vnfdId'] == vnfd_id
    assert info['vnfProvider'] and info['vnfProductName']
    assert info['checksum']['algorithm'] == 'SHA-512'
    assert [image['imagePath'] for image in info['softwareImages']]
    assert 'vnfd' in info['_links']
    assert info['userDefinedData'] == {'k': 'v'}


@ON_SQLITE
def test_upload_from_uri_onboards(pkg_deployment, tmp_path):
    served = tmp_path / 'served'
    served.mkdir()
    vnfd_id = str(uuid.uuid4())
    samples.build_csar('two_flavours', served / 'pkg.zip', vnfd_id=vnfd_id)
    server = http_servers.file_server(str(served)).start()
    try:
        package = create_package(pkg_deployment)
        response = pkg_deployment.request(
            'POST', '%s/vnf_packages/%s/package_content/upload_from_uri' % (
                API, package['id']),
            json={'addressInformation': server.url + '/pkg.zip'})
        assert response.status_code == 202
        info = wait_onboarding_ends(pkg_deployment, package['id'])
    finally:
        server.stop()
    assert info['onboardingState'] == 'ONBOARDED', info
    assert info['vnfdId'] == vnfd_id


@ON_SQLITE
def test_upload_from_unreachable_uri_returns_to_created(pkg_deployment):
    package = create_package(pkg_deployment)
    pkg_deployment.request(
        'POST', '%s/vnf_packages/%s/package_content/upload_from_uri' % (
            API, package['id']),
        json={'addressInformation': 'http://127.0.0.1:9/none.zip'})
    info = wait_onboarding_ends(pkg_deployment, package['id'])
    assert info['onboardingState'] == 'CREATED'
    assert 'could not be downloaded' in \
        info['onboardingFailureDetails']['detail']


@ON_SQLITE
def test_failed_onboarding_records_reason_and_retry_works(
        pkg_deployment, tmp_path):
    package = create_package(pkg_deployment)
    bad = tmp_path / 'bad.zip'
    bad.write_bytes(b'this is not a zip file')
    assert upload(pkg_deployment, package['id'], bad).status_code == 202
    info = wait_onboarding_ends(pkg_deployment, package['id'])
    assert info['onboardingState'] == 'CREATED'
    assert info['operationalState'] == 'DISABLED'
    assert info['onboardingFailureDetails']['status'] == 400
    assert 'zip' in info['onboardingFailureDetails']['detail'].lower()

    good = samples.build_csar('single_vdu', tmp_path / 'good.zip',
                              vnfd_id=str(uuid.uuid4()))
    assert upload(pkg_deployment, package['id'], good).status_code == 202
    info = wait_onboarding_ends(pkg_deployment, package['id'])
    assert info['onboardingState'] == 'ONBOARDED'
    assert 'onboardingFailureDetails' not in info


@ON_SQLITE
@pytest.mark.parametrize('broken, reason', [
    ('hash_mismatch', 'hash'),
    ('parent_directory', '..'),
    ('symlink', 'link'),
    ('unknown_import', 'unknown_types.yaml'),
    ('missing_entry_definitions', 'Definitions'),
    ('bad_yaml', 'YAML'),
])
def test_broken_packages_fail_with_a_clear_reason(pkg_deployment, tmp_path,
                                                  broken, reason):
    package = create_package(pkg_deployment)
    csar = samples.build_broken_csar(broken, tmp_path / 'broken.zip')
    assert upload(pkg_deployment, package['id'], csar).status_code == 202
    info = wait_onboarding_ends(pkg_deployment, package['id'])
    assert info['onboardingState'] == 'CREATED'
    assert reason.lower() in \
        info['onboardingFailureDetails']['detail'].lower()


@ON_SQLITE
def test_same_vnfd_id_cannot_be_onboarded_twice(pkg_deployment, tmp_path):
    first = onboard(pkg_deployment, tmp_path)
    second = create_package(pkg_deployment)
    csar = samples.build_csar('single_vdu', tmp_path / 'again.zip',
                              vnfd_id=first['vnfdId'])
    upload(pkg_deployment, second['id'], csar)
    info = wait_onboarding_ends(pkg_deployment, second['id'])
    assert info['onboardingState'] == 'CREATED'
    assert first['id'] in info['onboardingFailureDetails']['detail']


@ON_SQLITE
def test_state_conflicts_are_409(pkg_deployment, tmp_path):
    package = create_package(pkg_deployment)
    url = '%s/vnf_packages/%s' % (API, package['id'])
    assert_problem(pkg_deployment.get(url + '/package_content'), 409)
    assert_problem(pkg_deployment.get(url + '/vnfd',
                                      headers={'Accept': 'text/plain'}), 409)
    assert_problem(pkg_deployment.request(
        'PATCH', url, json={'operationalState': 'ENABLED'},
        headers={'Content-Type': 'application/merge-patch+json'}), 409)
    info = onboard(pkg_deployment, tmp_path)
    url = '%s/vnf_packages/%s' % (API, info['id'])
    csar = samples.build_csar('single_vdu', tmp_path / 'x.zip')
    assert_problem(upload(pkg_deployment, info['id'], csar), 409, 'CREATED')
    assert_problem(pkg_deployment.request('DELETE', url), 409, 'DISABLED')
    assert_problem(pkg_deployment.request(
        'PATCH', url, json={'operationalState': 'ENABLED'},
        headers={'Content-Type': 'application/merge-patch+json'}), 409)


@ON_ALL_BACKENDS
def test_disable_then_delete(pkg_deployment, tmp_path):
    info = onboard(pkg_deployment, tmp_path)
    url = '%s/vnf_packages/%s' % (API, info['id'])
    response = pkg_deployment.request(
        'PATCH', url, json={'operationalState': 'DISABLED',
                            'userDefinedData': {'k': None, 'n': 1}},
        headers={'Content-Type': 'application/merge-patch+json'})
    assert response.status_code == 200, response.text
    etsi.validate(response.json(), *SOL005,
                  'VnfPkgInfoModification.schema.json')
    assert response.json() == {'operationalState': 'DISABLED',
                               'userDefinedData': {'n': 1}}
    assert pkg_deployment.get(url).json()['userDefinedData'] == {'n': 1}
    assert pkg_deployment.request('DELETE', url).status_code == 204
    assert_problem(pkg_deployment.get(url), 404)


@ON_SQLITE
def test_content_ranges_vnfd_and_artifacts(pkg_deployment, tmp_path):
    info = onboard(pkg_deployment, tmp_path, 'two_flavours')
    url = '%s/vnf_packages/%s' % (API, info['id'])
    csar_bytes = (tmp_path / ('%s.zip' % info['id'])).read_bytes()
    whole = pkg_deployment.get(url + '/package_content')
    assert whole.status_code == 200 and whole.content == csar_bytes
    part = pkg_deployment.get(url + '/package_content',
                              headers={'Range': 'bytes=10-19'})
    assert part.status_code == 206
    assert part.content == csar_bytes[10:20]
    assert part.headers['Content-Range'] == 'bytes 10-19/%d' % len(
        csar_bytes)
    assert_problem(pkg_deployment.get(
        url + '/package_content',
        headers={'Range': 'bytes=%d-' % (len(csar_bytes) + 10)}), 416)

    vnfd_zip = pkg_deployment.get(url + '/vnfd',
                                  headers={'Accept': 'application/zip'})
    assert vnfd_zip.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(vnfd_zip.content)).namelist()
    assert len(names) > 1 and all(name.endswith('.yaml') for name in names)
    assert_problem(pkg_deployment.get(url + '/vnfd',
                                      headers={'Accept': 'text/plain'}), 406)

    artifact = info['additionalArtifacts'][0]['artifactPath']
    response = pkg_deployment.get(url + '/artifacts/' + artifact)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(csar_bytes)) as csar:
        assert response.content == csar.read(artifact)
    assert_problem(pkg_deployment.get(url + '/artifacts/no/such/file'), 404)


@ON_SQLITE
def test_single_file_vnfd_as_text(pkg_deployment, tmp_path):
    info = onboard(pkg_deployment, tmp_path, 'no_meta')
    response = pkg_deployment.get(
        '%s/vnf_packages/%s/vnfd' % (API, info['id']),
        headers={'Accept': 'text/plain'})
    assert response.status_code == 200
    assert 'tosca_definitions_version' in response.text


@pytest.mark.parametrize('backend', dbs.backends())
def test_list_filters_selectors_and_paging(make_deployment, tmp_path):
    deployment = make_deployment(sections={'vnf_package': {'page_size': 2}})
    onboarded = onboard(deployment, tmp_path)
    created = [create_package(deployment)['id'] for _ in range(3)]

    listed = deployment.get(API + '/vnf_packages?filter='
                            '(eq,onboardingState,ONBOARDED)').json()
    assert [item['id'] for item in listed] == [onboarded['id']]
    assert 'softwareImages' not in listed[0]
    etsi.validate(listed, *SOL005, 'vnfPkgsInfo.schema.json')
    listed = deployment.get(
        API + '/vnf_packages?all_fields&filter=(eq,onboardingState,'
        'ONBOARDED);(cont,softwareImages/name,' +
        onboarded['softwareImages'][0]['name'][:3] + ')').json()
    assert [item['id'] for item in listed] == [onboarded['id']]
    assert 'softwareImages' in listed[0]

    seen, url = [], deployment.url + API + '/vnf_packages'
    while url:
        response = deployment.request('GET', url[len(deployment.url):])
        page = response.json()
        assert len(page) <= 2
        seen += [item['id'] for item in page]
        link = response.headers.get('Link')
        url = link[1:link.index('>')] if link else None
    assert sorted(seen) == sorted(created + [onboarded['id']])

    assert_problem(deployment.get(API + '/vnf_packages?filter=(eq,nope,1)'),
                   400, 'nope')
    assert_problem(deployment.get(API + '/vnf_packages?filter=(eq,id'), 400)
    assert_problem(deployment.get(
        API + '/vnf_packages?nextpage_opaque_marker=garbage'), 400)


@ON_SQLITE
def test_request_errors_are_problem_details(pkg_deployment, tmp_path):
    assert_problem(pkg_deployment.request(
        'POST', API + '/vnf_packages', json={'userDefinedData': 'x'}), 400,
        'userDefinedData')
    assert_problem(pkg_deployment.get(API + '/vnf_packages/nope'), 404)
    package = create_package(pkg_deployment)
    url = '%s/vnf_packages/%s' % (API, package['id'])
    assert_problem(pkg_deployment.request(
        'PUT', url + '/package_content', data=b'x',
        headers={'Content-Type': 'text/plain'}), 415)
    assert_problem(pkg_deployment.request(
        'POST', url + '/package_content/upload_from_uri',
        json={'addressInformation': 'file:///etc/passwd'}), 400, 'http')
    assert_problem(pkg_deployment.request(
        'PATCH', url, json={'operationalState': 'BROKEN'},
        headers={'Content-Type': 'application/merge-patch+json'}), 400,
        'operationalState')


@pytest.mark.parametrize('backend', dbs.backends('sqlite'))
def test_package_larger_than_limit_is_413(make_deployment, tmp_path):
    deployment = make_deployment(sections={'vnf_package': {
        'max_package_size': 1000}})
    package = create_package(deployment)
    csar = samples.build_csar('single_vdu', tmp_path / 'big.zip')
    assert_problem(upload(deployment, package['id'], csar), 413)
    info = deployment.get('%s/vnf_packages/%s' % (API, package['id'])).json()
    assert info['onboardingState'] == 'CREATED'


@ON_SQLITE
def test_cnf_package_lists_its_kubernetes_manifests(pkg_deployment,
                                                    tmp_path):
    info = onboard(pkg_deployment, tmp_path, 'cnf')
    paths = {item['artifactPath'] for item in info['additionalArtifacts']}
    assert {'Files/kubernetes/deployment.yaml',
            'Files/kubernetes/service.yaml'} <= paths
    assert info['softwareImages'] == []
