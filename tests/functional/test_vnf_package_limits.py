"""No package can crash or hang the conductor: YAML that nests deep, is
huge, or holds huge integers, and paths nested deep, each fail their own
onboarding with a named reason, while the conductor (same process, still
heartbeating) onboards the next sound package. Onboarding that never ends
is not taken over for ever."""
import datetime
import json
import pathlib
import time

import pytest
import sqlalchemy as sa

from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_packages as pkgs
from tests import packages as samples

MIB = 1024 * 1024
# The sweep runs every max(5, stale_task_timeout / 4) seconds.
STALE_TASK_TIMEOUT = 10
MAX_ATTEMPTS = 2


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    """One SQLite deployment for the module: no test stops a process."""
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('deployment'),
            sections={'vnf_package': {
                'stale_task_timeout': STALE_TASK_TIMEOUT,
                'max_onboarding_attempts': MAX_ATTEMPTS}}) as deploy:
        yield deploy


def sql(deployment, statement, **params):
    engine = sa.create_engine(deployment.db_url)
    try:
        with engine.begin() as connection:
            return connection.execute(sa.text(statement), params).all() \
                if statement.lstrip().upper().startswith('SELECT') else \
                connection.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def heartbeat(deployment):
    return sql(deployment, 'SELECT heartbeat_at FROM conductors WHERE '
               'hostname = :host', host=deployment.options['host'])[0][0]


def vm_hwm_kib(pid):
    """The process's peak resident set size (VmHWM), in KiB."""
    for line in pathlib.Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmHWM:'):
            return int(line.split()[1])
    raise AssertionError('no VmHWM')


def onboarding_fails(deployment, csar_path):
    """Upload; the package's failure details once onboarding ended."""
    package = pkgs.create_package(deployment)
    assert pkgs.upload(deployment, package['id'],
                       csar_path).status_code == 202
    info = pkgs.wait_onboarding_ends(deployment, package['id'], timeout=120)
    assert info['onboardingState'] == 'CREATED', info
    return info['onboardingFailureDetails']


def assert_conductor_unharmed(deployment, conductor, beat_before):
    """Same process, still heartbeating, and onboarding sound packages."""
    assert deployment.processes['tacker-conductor'] is conductor
    assert conductor.poll() is None
    deployment.wait_for(lambda: heartbeat(deployment) > beat_before, 10,
                        'a newer heartbeat')
    package = pkgs.create_package(deployment)
    csar = samples.build_csar(
        'single_vdu', deployment.workdir / f'{package["id"]}.zip',
        vnfd_id=package['id'])
    assert pkgs.upload(deployment, package['id'], csar).status_code == 202
    info = pkgs.wait_onboarding_ends(deployment, package['id'])
    assert info['onboardingState'] == 'ONBOARDED', info


@pytest.mark.parametrize('style, depth', [
    ('flow_sequence', 200_000), ('flow_mapping', 200_000),
    ('block_sequence', 200_000), ('block_mapping', 1000)])
def test_deep_yaml_fails_onboarding_and_the_conductor_keeps_running(
        deployment, tmp_path, style, depth):
    conductor = deployment.processes['tacker-conductor']
    beat = heartbeat(deployment)
    csar = samples.deep_yaml(tmp_path / 'deep.zip', style, depth)
    if style == 'flow_sequence':
        assert csar.stat().st_size < 20 * 1024
    problem = onboarding_fails(deployment, csar)
    assert problem['status'] == 400
    assert problem['detail'].startswith(
        'VNFD beyond the limits of this VNFM: '
        f'{samples.HOSTILE_TOP} nests deeper than 64 levels at line ')
    assert problem['detail'].endswith('([vnf_package] max_yaml_depth)')
    assert_conductor_unharmed(deployment, conductor, beat)


@pytest.mark.parametrize('build, reason', [
    (samples.big_integer,
     f'Invalid VNFD: {samples.HOSTILE_TOP} holds an integer larger than 64 '
     'bits at line 6, column 8; a VNFD may not use aliases'),
    (samples.nested_directories,
     'Invalid VNF package: an entry under Files/ is 2002 levels deep; at '
     'most 32 are allowed (max_path_depth)'),
])
def test_hostile_packages_fail_with_a_named_reason(deployment, tmp_path,
                                                   build, reason):
    conductor = deployment.processes['tacker-conductor']
    beat = heartbeat(deployment)
    problem = onboarding_fails(deployment, build(tmp_path / 'p.zip'))
    assert problem['detail'] == reason
    assert_conductor_unharmed(deployment, conductor, beat)


def test_60_mb_of_yaml_fails_without_growing_the_conductor(deployment,
                                                           tmp_path):
    conductor = deployment.processes['tacker-conductor']
    beat = heartbeat(deployment)
    csar = samples.huge_yaml(tmp_path / 'huge.zip', 60 * MIB)
    started = time.monotonic()
    problem = onboarding_fails(deployment, csar)
    elapsed = time.monotonic() - started
    peak_mib = vm_hwm_kib(conductor.pid) / 1024
    print(f'60 MB of YAML: {csar.stat().st_size} byte CSAR failed in '
          f'{elapsed:.1f} s; conductor peak RSS {peak_mib:.0f} MiB')
    assert problem['detail'] == (
        f'VNFD beyond the limits of this VNFM: with {samples.HOSTILE_TOP},'
        " the VNFD's YAML files hold more than 10485760 bytes "
        '([vnf_package] max_vnfd_yaml_bytes)')
    # Before the limits, reading it took the conductor to 1.2-1.4 GB.
    assert peak_mib < 400
    assert_conductor_unharmed(deployment, conductor, beat)


def stage_processing(deployment, tmp_path, attempts):
    """A package left PROCESSING by a conductor that died, after
    ``attempts`` onboardings were started."""
    package = pkgs.create_package(deployment)
    location, checksum = pkgs.stage_stored_csar(
        deployment, package['id'],
        samples.build_csar('single_vdu', tmp_path / 'p.zip',
                           vnfd_id=package['id']))
    sql(deployment,
        'UPDATE vnf_packages SET onboarding_state = :state, task_host = '
        ':host, task_updated_at = :now, package_path = :path, checksum = '
        ':checksum, onboarding_attempts = :attempts WHERE id = :id',
        state='PROCESSING', host='dead-host',
        now=datetime.datetime.utcnow(), path=location,
        checksum=json.dumps(checksum), attempts=attempts, id=package['id'])
    return package['id']


def test_onboarding_taken_over_too_often_fails_with_the_reason(deployment,
                                                               tmp_path):
    package_id = stage_processing(deployment, tmp_path, MAX_ATTEMPTS)
    info = pkgs.wait_onboarding_ends(deployment, package_id, timeout=60)
    assert info['onboardingState'] == 'CREATED'
    assert info['onboardingFailureDetails']['detail'] == (
        f'Onboarding was attempted {MAX_ATTEMPTS} times without finishing '
        '(max_onboarding_attempts); upload the package again once it is '
        'fixed.')
    # The count starts again with the next upload.
    assert sql(deployment, 'SELECT onboarding_attempts FROM vnf_packages '
               'WHERE id = :id', id=package_id) == [(0,)]
    csar = samples.build_csar('single_vdu', tmp_path / 'again.zip',
                              vnfd_id=package_id)
    assert pkgs.upload(deployment, package_id, csar).status_code == 202
    info = pkgs.wait_onboarding_ends(deployment, package_id)
    assert info['onboardingState'] == 'ONBOARDED', info


def test_onboarding_below_the_attempt_limit_is_taken_over(deployment,
                                                          tmp_path):
    package_id = stage_processing(deployment, tmp_path, MAX_ATTEMPTS - 1)
    info = pkgs.wait_onboarding_ends(deployment, package_id, timeout=60)
    assert info['onboardingState'] == 'ONBOARDED', info
