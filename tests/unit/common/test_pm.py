"""Performance management's pure rules: which metrics a job measures,
threshold crossings with hysteresis, and the notifications."""
import datetime

import pytest

from tacker.common import pm

VNF = 'a0a0a0a0-0000-4000-8000-000000000001'
OTHER = 'a0a0a0a0-0000-4000-8000-000000000002'


def test_a_metric_names_its_object_or_every_object():
    measured = pm.job_metrics([VNF, OTHER], {
        'performanceMetric': ['VCpuUsageMeanVnf.' + VNF,
                              'VMemoryUsageMeanVnf']})
    assert measured == [
        ('VCpuUsageMeanVnf.' + VNF, 'VCpuUsageMeanVnf', VNF),
        ('VMemoryUsageMeanVnf', 'VMemoryUsageMeanVnf', VNF),
        ('VMemoryUsageMeanVnf', 'VMemoryUsageMeanVnf', OTHER)]


def test_a_group_measures_each_of_its_metrics_per_object_once():
    measured = pm.job_metrics([VNF], {
        'performanceMetric': ['VCpuUsageMeanVnf.' + VNF],
        'performanceMetricGroup': ['VirtualisedComputeResource']})
    assert [metric for metric, _, _ in measured] == [
        '%s.%s' % (name, VNF) for name in
        pm.METRIC_GROUPS['VirtualisedComputeResource']]


@pytest.mark.parametrize('criteria,reason', [
    ({'performanceMetric': ['Bogus.' + VNF]}, 'is not one of'),
    ({'performanceMetric': ['VCpuUsageMeanVnf.' + OTHER]},
     'not in objectInstanceIds'),
    ({'performanceMetricGroup': ['Nothing']}, 'is not one of'),
    ({}, 'no performanceMetric'),
])
def test_unknown_or_foreign_metrics_are_refused(criteria, reason):
    with pytest.raises(ValueError, match=reason):
        pm.job_metrics([VNF], criteria)


@pytest.mark.parametrize('text,value', [
    ('12.5', 12.5), ('0', 0.0), ('NaN', None), ('+Inf', None),
    ('', None), (None, None), ('1e3', 1000.0)])
def test_only_finite_values_are_measurements(text, value):
    assert pm.measured_value(text) == value


DETAILS = {'thresholdValue': 80.0, 'hysteresis': 5.0}


def test_crossings_with_hysteresis_are_told_once_each_way():
    side, told = None, []
    for value in (10, 84, 85, 95, 90, 76, 75, 60, 85):
        side, direction = pm.crossing(side, value, DETAILS)
        told.append(direction)
    # Armed below: up at 85 (80 + 5), down at 75 (80 - 5), up again.
    assert told == [None, None, 'UP', None, None, None, 'DOWN', None,
                    'UP']


def test_a_first_measurement_above_crosses_up():
    assert pm.crossing(None, 99, DETAILS) == ('UP', 'UP')
    assert pm.crossing(None, 0, DETAILS) == ('DOWN', None)


def test_zero_hysteresis_crosses_at_the_value():
    details = {'thresholdValue': 1.0, 'hysteresis': 0}
    assert pm.crossing('DOWN', 1.0, details) == ('UP', 'UP')
    assert pm.crossing('UP', 1.0, details) == ('DOWN', 'DOWN')


def _job():
    return {'id': 'job', 'object_type': 'Vnf',
            'object_instance_ids': [VNF, OTHER],
            'sub_object_instance_ids': None,
            'criteria': {'collectionPeriod': 5, 'reportingPeriod': 10},
            'callback_uri': 'http://consumer/pm'}


def test_a_report_is_told_once_per_measured_instance():
    report = {'id': 'r1', 'entries': [
        {'objectInstanceId': VNF, 'subObjectInstanceId': 'VDU1-x'},
        {'objectInstanceId': VNF, 'subObjectInstanceId': 'VDU1-y'},
        {'objectInstanceId': VNF, 'subObjectInstanceId': 'VDU1-x'},
        {'objectInstanceId': OTHER}]}
    told = pm.report_available(_job(), report, 'http://tacker')
    assert [(body['objectInstanceId'], body.get('subObjectInstanceIds'))
            for body in told] == [(VNF, ['VDU1-x', 'VDU1-y']),
                                  (OTHER, None)]
    assert {body['notificationType'] for body in told} == {
        pm.REPORT_AVAILABLE}
    assert told[0]['_links']['performanceReport']['href'] == \
        'http://tacker/vnfpm/v2/pm_jobs/job/reports/r1'
    assert 'subscriptionId' not in told[0]


def test_a_job_shows_its_reports_only_when_it_has_some():
    assert 'reports' not in pm.job_view(_job(), (), 'http://tacker')
    view = pm.job_view(_job(), [{
        'id': 'r1', 'created_at': datetime.datetime(2026, 12, 6),
        'expires_at': datetime.datetime(2026, 12, 7)}], 'http://tacker')
    assert view['reports'] == [{
        'href': 'http://tacker/vnfpm/v2/pm_jobs/job/reports/r1',
        'readyTime': '2026-12-06T00:00:00.000Z',
        'expiryTime': '2026-12-07T00:00:00.000Z'}]
    assert view['_links']['objects'][1]['href'].endswith(
        '/vnflcm/v2/vnf_instances/' + OTHER)


@pytest.mark.parametrize('object_type,subs,sub,measured', [
    ('Vnf', None, None, True), ('Vnf', None, 'VDU1-a', False),
    ('Vnf', ['VDU1-a'], 'VDU1-a', True), ('Vnf', ['VDU1-a'], None, False),
    ('Vnfc', None, 'VDU1-b', True), ('Vnfc', None, None, False),
    ('Vnfc', ['VDU1-a'], 'VDU1-b', False),
])
def test_what_a_job_measures_of_its_objects(object_type, subs, sub,
                                            measured):
    assert pm.measures(pm.allowed_sub_objects(object_type, subs),
                       sub) is measured
