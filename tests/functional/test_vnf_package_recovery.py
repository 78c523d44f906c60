"""No package is left UPLOADING or PROCESSING for ever: work a dead
process left behind is finished or returned to CREATED with a reason."""
import datetime
import json
import signal

import pytest
import sqlalchemy as sa

from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs

# The sweep runs every stale_task_timeout / 4, at least every 5 s.
SECTIONS = {'vnf_package': {
    'stale_task_timeout': 10}}


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the tests that stop no process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('recovery'),
            sections=SECTIONS) as deploy:
        yield deploy


def set_package_row(deployment, package_id, **values):
    engine = sa.create_engine(deployment.db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(
                'UPDATE vnf_packages SET %s WHERE id = :id' % ', '.join(
                    '%s = :%s' % (name, name) for name in values)),
                dict(values, id=package_id))
    finally:
        engine.dispose()


def test_onboarding_left_by_a_dead_conductor_is_taken_over(deployment,
                                                           tmp_path):
    package = pkgs.create_package(deployment)
    location, checksum = pkgs.stage_stored_csar(
        deployment, package['id'],
        pkgs.samples.build_csar('single_vdu', tmp_path / 'p.zip'))
    set_package_row(deployment, package['id'],
                    onboarding_state='PROCESSING', task_host='gone-host',
                    task_updated_at=datetime.datetime.utcnow(),
                    package_path=location, checksum=json.dumps(checksum))
    info = pkgs.wait_onboarding_ends(deployment, package['id'], timeout=30)
    assert info['onboardingState'] == 'ONBOARDED'


def test_interrupted_upload_returns_to_created_with_reason(deployment):
    package = pkgs.create_package(deployment)
    set_package_row(deployment, package['id'], onboarding_state='UPLOADING',
                    task_updated_at=datetime.datetime.utcnow()
                    - datetime.timedelta(hours=1))
    info = pkgs.wait_onboarding_ends(deployment, package['id'], timeout=30)
    assert info['onboardingState'] == 'CREATED'
    assert 'interrupted' in info['onboardingFailureDetails']['detail']


@pytest.mark.parametrize('backend', dbs.backends('sqlite'))
def test_upload_while_no_conductor_runs_is_onboarded_later(make_deployment,
                                                           tmp_path):
    deployment = make_deployment(sections=SECTIONS)
    deployment.stop_process('tacker-conductor', signal.SIGKILL)
    package = pkgs.create_package(deployment)
    csar = pkgs.samples.build_csar('single_vdu', tmp_path / 'p.zip')
    assert pkgs.upload(deployment, package['id'], csar).status_code == 202
    deployment.start_process('tacker-conductor')
    info = pkgs.wait_onboarding_ends(deployment, package['id'], timeout=60)
    assert info['onboardingState'] == 'ONBOARDED'
