"""Packages written for Tacker onboard unchanged: laid out like Tacker's
published v1 and v2 samples (``Created-by`` in TOSCA.meta, no manifest,
the SOL001 types imported by their ETSI URL, BaseHOT/ and UserData/),
on a deployment that names no tosca_definitions_dir, so the SOL001 types
come from the copy Tacker ships. ``[vnf_package] require_manifest``
refuses them."""
import io
import zipfile

import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs

SAMPLES = {'tacker_v1': 'simple', 'tacker_v2': 'default'}


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment with the default [vnf_package] options."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('tacker-layout')) as deploy:
        yield deploy


@pytest.mark.parametrize('name', sorted(SAMPLES))
def test_tacker_layout_package_onboards(deployment, tmp_path, name):
    # Unchanged: under the vnfdId the sample's VNFD itself gives.
    info = pkgs.onboard(deployment, tmp_path, name,
                        vnfd_id=pkgs.samples.VNFD_IDS[name])
    assert info['vnfdId'] == pkgs.samples.VNFD_IDS[name]
    paths = {item['artifactPath'] for item in info['additionalArtifacts']}
    flavour = SAMPLES[name]
    assert {f'BaseHOT/{flavour}/{name}.hot.yaml',
            f'BaseHOT/{flavour}/nested/VDU1.yaml'} <= paths
    assert any(path.startswith('UserData/') for path in paths)
    assert 'TOSCA-Metadata/TOSCA.meta' not in paths
    images = {image['imagePath'] for image in info['softwareImages']}
    assert images and not images & paths
    url = '%s/vnf_packages/%s' % (pkgs.API, info['id'])
    vnfd = deployment.get(url + '/vnfd', headers={'Accept': 'application/zip'})
    assert vnfd.status_code == 200
    with zipfile.ZipFile(io.BytesIO(vnfd.content)) as archive:
        assert sorted(archive.namelist()) == [
            f'Definitions/{name}_df_{flavour}.yaml',
            f'Definitions/{name}_top.vnfd.yaml',
            f'Definitions/{name}_types.yaml']
    hot = f'BaseHOT/{flavour}/{name}.hot.yaml'
    artifact = deployment.get(f'{url}/artifacts/{hot}')
    assert artifact.status_code == 200
    assert artifact.content == (pkgs.samples.SAMPLES_DIR / name / hot
                                ).read_bytes()


def test_require_manifest_refuses_a_package_without_one(
        tmp_path_factory, tmp_path):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('strict'), sections={'vnf_package': {
                'require_manifest': True}}) as strict:
        package = pkgs.create_package(strict)
        csar = pkgs.samples.build_csar('tacker_v2', tmp_path / 'v2.zip')
        assert pkgs.upload(strict, package['id'], csar).status_code == 202
        info = pkgs.wait_onboarding_ends(strict, package['id'])
        assert info['onboardingState'] == 'CREATED'
        detail = info['onboardingFailureDetails']['detail']
        assert 'require_manifest' in detail, detail
        assert 'tacker_v2_top.vnfd.mf' in detail, detail
        vnfd_id = pkgs.samples.VNFD_IDS['single_vdu']
        assert pkgs.onboard(strict, tmp_path, 'single_vdu',
                            vnfd_id=vnfd_id)['vnfdId'] == vnfd_id
