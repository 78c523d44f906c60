"""Package onboarding in the conductor (conductor/packages.py), on real
small CSARs and the unit-test database: what each outcome leaves in the
package's row and on disk."""
import datetime
import os

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from tacker.common import context as tacker_context
from tacker.common import package_files
from tacker.common import states
from tacker.conductor import packages as pkg_workflows
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import packages as db_packages
from tests import packages

HOST = 'pkg-host'
# What onboarding says of the ``broken`` CSAR.
NOT_A_ZIP = 'zip'


@pytest.fixture(scope='module')
def package_dirs(database, tmp_path_factory):
    CONF.set_override('vnf_package_csar_path',
                      str(tmp_path_factory.mktemp('csars')),
                      group='vnf_package')
    CONF.set_override('tosca_definitions_dir', str(packages.SOL001_DIR),
                      group='vnf_package')
    yield
    CONF.clear_override('vnf_package_csar_path', group='vnf_package')
    CONF.clear_override('tosca_definitions_dir', group='vnf_package')


@pytest.fixture
def context(package_dirs, admin_context):
    return admin_context


@pytest.fixture
def workflows(context):
    return pkg_workflows.PackageWorkflows(CONF, HOST)


@pytest.fixture(scope='module')
def onboarded(package_dirs, tmp_path_factory):
    """(package id, vnfdId) of the sound package, onboarded once for the
    module (parsing a VNFD takes a second or two)."""
    context = tacker_context.get_admin_context()
    vnfd_id = uuidutils.generate_uuid()
    package_id = uploaded(context, sound(tmp_path_factory.mktemp('sound'),
                                         vnfd_id))
    pkg_workflows.PackageWorkflows(CONF, HOST).onboard(context, package_id)
    return package_id, vnfd_id


@pytest.fixture(scope='module')
def broken(tmp_path_factory):
    """A CSAR that onboarding refuses at once (not a zip): where only
    whether onboarding ran matters."""
    return packages.build_broken_csar(
        'not_a_zip', tmp_path_factory.mktemp('broken') / 'broken.zip')


def uploaded(context, zip_path):
    """A package whose CSAR the API stored and handed over (PROCESSING,
    unclaimed)."""
    package_id = db_packages.create(context, 'project-a', {})['id']
    assert db_packages.transition(context, package_id, states.UPLOADING)
    files = package_files.PackageFiles(CONF, package_id)
    with open(zip_path, 'rb') as csar:
        size, checksum, location = files.store(iter([csar.read()]),
                                               10 ** 8)
    assert db_packages.transition(
        context, package_id, states.PROCESSING, size=size,
        checksum=checksum, package_path=location, task_host=None)
    return package_id


def sound(tmp_path, vnfd_id=None):
    return packages.build_csar(
        'two_flavours', tmp_path / ('%s.zip' % uuidutils.generate_uuid()),
        vnfd_id=vnfd_id or uuidutils.generate_uuid())


def set_package(context, package_id, **values):
    with db_api.writing(context) as session:
        session.execute(db_packages.PKG.__table__.update().where(
            db_packages.PKG.id == package_id).values(**values))


def assert_failed(context, package_id, text):
    """Back to CREATED, the client's 4xx ProblemDetails recorded, the
    files gone, from this host and from the package store."""
    package = db_packages.get(context, package_id)
    assert package['onboarding_state'] == states.CREATED
    assert package['operational_state'] == states.DISABLED
    details = package['onboarding_failure_details']
    assert 400 <= details['status'] < 500, details
    assert text in details['detail'], details
    assert (package['task_host'], package['size'], package['checksum'],
            package['onboarding_attempts']) == (None, None, None, 0)
    assert not os.path.exists(
        package_files.PackageFiles(CONF, package_id).root)
    assert not [name for name in os.listdir(
        CONF.glance_store.filesystem_store_datadir)
        if name.startswith(package_id)]
    return details


def test_a_sound_csar_is_onboarded_and_enabled(context, onboarded):
    package_id, vnfd_id = onboarded
    package = db_packages.get(context, package_id)
    assert (package['onboarding_state'], package['operational_state'],
            package['usage_state']) == (states.ONBOARDED, states.ENABLED,
                                        states.NOT_IN_USE)
    assert package['vnfd_id'] == vnfd_id
    assert sorted(package['deployment_flavours']) == ['large', 'small']
    assert package['onboarding_failure_details'] is None
    assert (package['task_host'], package['onboarding_attempts']) == (
        None, 0)
    images = sorted(image['image_path']
                    for image in package['software_images'])
    assert images == ['Files/images/vdu1-0.3.qcow2',
                      'Files/images/vdu2-root-0.3.img']
    artifact_paths = {a['artifact_path'] for a in package['artifacts']}
    assert not artifact_paths & set(images)
    files = package_files.PackageFiles(CONF, package_id)
    assert os.path.isfile(files.vnfd_zip(package))
    assert files.content_file(package, 'TOSCA-Metadata/TOSCA.meta')


@pytest.mark.parametrize('kind', ['not_a_zip', 'parent_directory'])
def test_a_broken_csar_returns_to_created_with_the_reason(
        context, workflows, tmp_path, kind):
    package_id = uploaded(context, packages.build_broken_csar(
        kind, tmp_path / 'broken.zip'))
    workflows.onboard(context, package_id)
    assert_failed(context, package_id, '')


def test_a_second_package_of_the_same_vnfd_fails_and_the_first_stays(
        context, workflows, tmp_path, onboarded):
    first, vnfd_id = onboarded
    second = uploaded(context, sound(tmp_path, vnfd_id))
    workflows.onboard(context, second)
    details = assert_failed(context, second, vnfd_id)
    assert details['status'] == 409
    assert first in details['detail']
    assert db_packages.get(context, first)['onboarding_state'] == \
        states.ONBOARDED


@pytest.mark.parametrize('state', [states.CREATED, states.UPLOADING,
                                   states.ONBOARDED])
def test_only_a_processing_package_is_onboarded(context, workflows,
                                                broken, state):
    package_id = uploaded(context, broken)
    set_package(context, package_id, onboarding_state=state)
    workflows.onboard(context, package_id)
    package = db_packages.get(context, package_id)
    assert package['onboarding_state'] == state
    assert package['onboarding_failure_details'] is None


def test_a_package_a_live_conductor_works_on_is_left_to_it(
        context, workflows, broken):
    db_api.register_conductor(context, 'pkg-live-other')
    package_id = uploaded(context, broken)
    set_package(context, package_id, task_host='pkg-live-other',
                task_updated_at=timeutils.utcnow())
    workflows.onboard(context, package_id)
    package = db_packages.get(context, package_id)
    assert (package['onboarding_state'], package['task_host'],
            package['onboarding_attempts']) == (states.PROCESSING,
                                                'pkg-live-other', 0)


def test_a_package_a_dead_conductor_left_is_taken_over(context, workflows,
                                                       broken):
    package_id = uploaded(context, broken)
    set_package(context, package_id, task_host='pkg-dead-host',
                task_updated_at=timeutils.utcnow(), onboarding_attempts=1)
    workflows.onboard(context, package_id)
    assert_failed(context, package_id, NOT_A_ZIP)


def test_onboarding_started_too_often_fails_instead_of_starting_again(
        context, workflows, broken):
    attempts = CONF.vnf_package.max_onboarding_attempts
    package_id = uploaded(context, broken)
    set_package(context, package_id, task_host='pkg-dead-host',
                onboarding_attempts=attempts)
    workflows.onboard(context, package_id)
    details = assert_failed(context, package_id, str(attempts))
    assert NOT_A_ZIP not in details['detail']


def test_the_sweep_resets_a_stale_upload_and_takes_over_left_onboarding(
        context, workflows, broken):
    old = timeutils.utcnow() - datetime.timedelta(
        seconds=CONF.vnf_package.stale_task_timeout + 60)
    stale_upload = db_packages.create(context, 'project-a', {})['id']
    assert db_packages.transition(context, stale_upload, states.UPLOADING,
                                  task_updated_at=old)
    left = uploaded(context, broken)
    set_package(context, left, task_updated_at=old)
    fresh = uploaded(context, broken)
    workflows.sweep(context)
    assert_failed(context, stale_upload, 'upload')
    assert_failed(context, left, NOT_A_ZIP)
    assert db_packages.get(context, fresh)['onboarding_state'] == \
        states.PROCESSING


def test_a_download_the_outbound_policy_denies_fails_the_upload(
        context, workflows):
    package_id = db_packages.create(context, 'project-a', {})['id']
    assert db_packages.transition(context, package_id, states.UPLOADING)
    workflows.upload_from_uri(context, package_id,
                              'http://169.254.169.254/pkg.zip', None, None)
    package = db_packages.get(context, package_id)
    assert package['onboarding_state'] == states.CREATED
    assert package['onboarding_failure_details']['status'] < 500
    assert package['vnfd_id'] is None
