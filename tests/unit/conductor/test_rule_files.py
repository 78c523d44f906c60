"""The conductors' Prometheus rules files: one per PM job and threshold,
over the VNFCs their instances have now, written only when they change,
removed with their job, and Prometheus asked to reload until it did."""
import pytest
import yaml

from tacker.common import states
from tacker.conductor import rule_files
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import pm as db_pm
from tests.unit import fake_http
from tests.unit import rows

PROJECT = 'project-a'


def info(*servers):
    return {'flavourId': 'small', 'vnfState': 'STARTED',
            'vnfcResourceInfo': [
                {'id': 'c%d' % index, 'vduId': 'VDU1', 'computeResource': {
                    'resourceId': server,
                    'vimLevelResourceType': 'OS::Nova::Server'}}
                for index, server in enumerate(servers)]}


class Prometheus(fake_http.FakeHttp):
    """Answers POST /-/reload with ``status``; counts them."""

    def __init__(self):
        self.status = 200
        super().__init__(lambda method, path: (self.status, b''))
        self.url += '/-/reload'

    @property
    def reloads(self):
        return len(self.requests)


@pytest.fixture
def prometheus():
    server = Prometheus()
    yield server
    server.stop()


@pytest.fixture
def files(database, admin_context, tmp_path, prometheus):
    CONF.set_override('rules_dir', str(tmp_path), 'prometheus_plugin')
    CONF.set_override('reload_urls', [prometheus.url], 'prometheus_plugin')
    # The reload goes to loopback, which clients' addresses may not be.
    CONF.set_override('outbound_denied_networks', ['127.0.0.0/8'])
    yield rule_files.RuleFiles(CONF)
    for name in ('rules_dir', 'reload_urls'):
        CONF.clear_override(name, 'prometheus_plugin')
    CONF.clear_override('outbound_denied_networks')
    with db_api.writing(admin_context) as session:
        for table in (db_pm.JOB, db_pm.THRESHOLD):
            session.execute(table.delete())


@pytest.fixture
def instance(admin_context, small):
    package = rows.onboarded_package(admin_context, {'small': small},
                                     PROJECT)
    return rows.instance(admin_context, package, PROJECT,
                         instantiation_state=states.INSTANTIATED,
                         instantiated_vnf_info=info('s-1', 's-2'))


def job(context, instance, object_type='Vnf', **criteria):
    return db_pm.create_job(context, PROJECT, {
        'object_type': object_type,
        'object_instance_ids': [instance['id']],
        'sub_object_instance_ids': None,
        'criteria': dict({'performanceMetric': ['VCpuUsageMeanVnf'],
                          'collectionPeriod': 5, 'reportingPeriod': 30},
                         **criteria)}, 'http://consumer/pm', None)


def loaded(tmp_path):
    return {path.name: yaml.safe_load(path.read_text())
            for path in tmp_path.glob('tacker-*.yaml')}


def test_a_job_gets_its_rules_and_prometheus_reloads_once(
        files, admin_context, instance, tmp_path, prometheus):
    created = job(admin_context, instance)
    assert files.sync(admin_context) is True
    [(name, content)] = loaded(tmp_path).items()
    assert name == 'tacker-pmjob-%s.yaml' % created['id']
    [group] = content['groups']
    assert group['interval'] == '5s'
    [rule] = group['rules']
    assert rule['labels'] == {
        'receiver_type': 'tacker', 'function_type': 'vnfpm',
        'job_id': created['id'], 'metric': 'VCpuUsageMeanVnf',
        'object_instance_id': instance['id']}
    assert 'resource=~"s\\\\-1|s\\\\-2"' in rule['expr']
    assert '[30s]' in rule['expr']
    assert rule['annotations'] == {'value': '{{ $value }}'}
    assert prometheus.reloads == 1
    # Nothing changed: nothing written, no reload.
    assert files.sync(admin_context) is False
    assert prometheus.reloads == 1


def test_rules_follow_the_vnfcs_and_go_with_their_job(
        files, admin_context, instance, tmp_path, prometheus):
    created = job(admin_context, instance)
    files.sync(admin_context)
    db_instances.record_observed_info(admin_context, instance,
                                      info('s-3'))
    assert files.sync(admin_context) is True
    [content] = loaded(tmp_path).values()
    assert 's\\\\-3' in content['groups'][0]['rules'][0]['expr']
    db_pm.delete_job(admin_context, created['id'])
    assert files.sync(admin_context) is True
    assert loaded(tmp_path) == {}
    assert prometheus.reloads == 3


def test_a_vnfc_job_measures_each_vnfc_the_instance_has_now(
        files, admin_context, instance, tmp_path):
    job(admin_context, instance, object_type='Vnfc')
    files.sync(admin_context)
    [content] = loaded(tmp_path).values()
    measured = {rule['labels']['sub_object_instance_id']: rule['expr']
                for rule in content['groups'][0]['rules']}
    assert sorted(measured) == ['VDU1-c0', 'VDU1-c1']
    assert 'resource=~"s\\\\-1"' in measured['VDU1-c0']
    assert 'resource=~"s\\\\-2"' in measured['VDU1-c1']


def test_a_failed_reload_is_tried_again(files, admin_context, instance,
                                        prometheus):
    job(admin_context, instance)
    prometheus.status = 500
    files.sync(admin_context)
    files.sync(admin_context)
    assert prometheus.reloads == 2
    prometheus.status = 200
    files.sync(admin_context)
    files.sync(admin_context)
    assert prometheus.reloads == 3


def test_a_job_that_cannot_be_measured_now_has_no_rules(
        files, admin_context, instance, tmp_path):
    # No template of VDiskUsageMeanVnf for servers: skipped, the others
    # are written.
    job(admin_context, instance, performanceMetric=['VDiskUsageMeanVnf'])
    kept = job(admin_context, instance)
    files.sync(admin_context)
    assert list(loaded(tmp_path)) == ['tacker-pmjob-%s.yaml' % kept['id']]


def test_other_files_of_the_directory_are_left_alone(
        files, admin_context, tmp_path):
    (tmp_path / 'operator.yaml').write_text('groups: []\n')
    (tmp_path / 'tacker-stale.yaml').write_text('groups: []\n')
    files.sync(admin_context)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        'operator.yaml']
