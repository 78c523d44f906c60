"""Packages kept in an S3 package store ([glance_store], moto's S3 API
server on loopback): a host without the package's files (its cache
removed, as on another host) serves its content, VNFD and artifacts and
instantiates it from the stored CSAR; DELETE removes the stored object."""
import io
import shutil
import zipfile

import boto3
from moto import server as moto_server
import pytest

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

BUCKET = 'tacker-packages'
KEYS = {'aws_access_key_id': 'tacker', 'aws_secret_access_key': 'secret'}


@pytest.fixture(scope='module')
def s3_url():
    port = deployment_lib.free_port()
    server = moto_server.ThreadedMotoServer(ip_address='127.0.0.1',
                                            port=port, verbose=False)
    server.start()
    yield 'http://127.0.0.1:%d' % port
    server.stop()


@pytest.fixture(scope='module')
def s3_deployment(s3_url, tmp_path_factory):
    store = {'stores': 's3', 'default_store': 's3',
             's3_store_host': s3_url,
             's3_store_access_key': KEYS['aws_access_key_id'],
             's3_store_secret_key': KEYS['aws_secret_access_key'],
             's3_store_bucket': BUCKET,
             's3_store_create_bucket_on_put': True,
             's3_store_bucket_url_format': 'path'}
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('s3store'),
            sections={'glance_store': store}) as deploy:
        yield deploy


def stored_keys(s3_url):
    client = boto3.client('s3', endpoint_url=s3_url, region_name='us-east-1',
                          **KEYS)
    listing = client.list_objects_v2(Bucket=BUCKET)
    return [item['Key'] for item in listing.get('Contents', [])]


def forget_files(deployment):
    """What another host has of the packages: nothing."""
    shutil.rmtree(deployment.workdir / 'state' / 'vnfpackages')


def test_a_host_without_the_files_reads_them_from_the_store(
        s3_deployment, s3_url, tmp_path):
    info = pkgs.onboard(s3_deployment, tmp_path, 'two_flavours')
    url = '%s/vnf_packages/%s' % (pkgs.API, info['id'])
    [key] = [key for key in stored_keys(s3_url)
             if key.startswith(info['id'])]
    csar_bytes = (tmp_path / ('%s.zip' % info['id'])).read_bytes()

    forget_files(s3_deployment)
    content = s3_deployment.get(url + '/package_content')
    assert content.status_code == 200 and content.content == csar_bytes
    forget_files(s3_deployment)
    vnfd_zip = s3_deployment.get(url + '/vnfd',
                                 headers={'Accept': 'application/zip'})
    assert vnfd_zip.status_code == 200, vnfd_zip.text
    assert zipfile.ZipFile(io.BytesIO(vnfd_zip.content)).namelist()
    forget_files(s3_deployment)
    artifact = info['additionalArtifacts'][0]['artifactPath']
    response = s3_deployment.get(url + '/artifacts/' + artifact)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(csar_bytes)) as csar:
        assert response.content == csar.read(artifact)

    forget_files(s3_deployment)
    vnf = lcm.new_instance(s3_deployment, info['vnfdId'])
    for name, body in (('instantiate', lcm.instantiate_body()),
                       ('terminate', {'terminationType': 'FORCEFUL'})):
        op = lcm.wait_op(s3_deployment, lcm.task(s3_deployment, vnf, name,
                                                 body))
        assert op['operationState'] == 'COMPLETED', op
    assert s3_deployment.request('DELETE', '%s/vnf_instances/%s' % (
        lcm.API, vnf)).status_code == 204

    assert s3_deployment.request(
        'PATCH', url, json={'operationalState': 'DISABLED'},
        headers={'Content-Type': 'application/merge-patch+json'}
    ).status_code == 200
    assert s3_deployment.request('DELETE', url).status_code == 204
    assert key not in stored_keys(s3_url)
