"""Performance management (/vnfpm/v2, SOL003 v3.3.1 clause 6) through the
real server, conductor and RabbitMQ, without Prometheus: PM jobs and
thresholds created (or refused before they are stored), listed, shown,
modified and deleted; measurements posted as Alertmanager does become
reports and threshold crossings told to a real consumer; responses
validated against ETSI's performance management OpenAPI document. The
rules Prometheus evaluates are tested in test_monitoring."""
import pytest

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_fm as fm

PM = '/vnfpm/v2'
JOB = '/pm_jobs/{pmJobId}'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('pm'), sections={'prometheus_plugin': {
                'reporting_period_margin': 0}}) as deploy:
        yield deploy


@pytest.fixture(scope='module')
def vnf(deployment, tmp_path_factory):
    """An instantiated noop VNF: (its id, its VnfcInfo ids)."""
    vnf_id = fm.instantiated(deployment, tmp_path_factory.mktemp('vnf'))
    info = deployment.request('GET', '/vnflcm/v2/vnf_instances/' + vnf_id,
                              headers={'Version': '2.0.0'}).json()[
        'instantiatedVnfInfo']
    return vnf_id, [vnfc['id'] for vnfc in info['vnfcInfo']]


def pm(deployment, method, path, **kwargs):
    response = deployment.request(method, PM + path, headers=dict(
        {'Version': '2.1.0'}, **kwargs.pop('headers', {})), timeout=30,
        **kwargs)
    assert response.headers['Version'] == '2.1.0'
    return response


def job_request(vnf_id, consumer, **changes):
    return dict({'objectType': 'Vnf', 'objectInstanceIds': [vnf_id],
                 'criteria': {'performanceMetric': [
                     'VCpuUsageMeanVnf.' + vnf_id],
                     'collectionPeriod': 5, 'reportingPeriod': 600},
                 'callbackUri': consumer.url + '/job'}, **changes)


def threshold_request(vnf_id, consumer, **changes):
    return dict({'objectType': 'Vnf', 'objectInstanceId': vnf_id,
                 'criteria': {'performanceMetric': 'VCpuUsageMeanVnf.'
                              + vnf_id, 'thresholdType': 'SIMPLE',
                              'simpleThresholdDetails': {
                                  'thresholdValue': 80, 'hysteresis': 5}},
                 'callbackUri': consumer.url + '/threshold'}, **changes)


def measurement(function_type, owner, vnf_id, value, sub=None, **labels):
    return {'status': 'firing', 'labels': dict({
        'receiver_type': 'tacker', 'function_type': function_type,
        'metric': 'VCpuUsageMeanVnf.' + vnf_id,
        'object_instance_id': vnf_id, **owner,
        **({'sub_object_instance_id': sub} if sub else {})}, **labels),
        'annotations': {'value': str(value)},
        'startsAt': '2026-12-06T08:00:00.000Z',
        'endsAt': '0001-01-01T00:00:00Z'}


def post(deployment, path, *alerts):
    response = deployment.request('POST', path, json={
        'version': '4', 'status': 'firing', 'alerts': list(alerts)},
        timeout=30)
    assert response.status_code == 204, response.text


def test_a_job_is_created_listed_modified_reported_and_deleted(
        deployment, vnf, consumer):
    vnf_id, vnfcs = vnf
    created = pm(deployment, 'POST', '/pm_jobs', json=job_request(
        vnf_id, consumer, subObjectInstanceIds=vnfcs[:1]))
    assert created.status_code == 201, created.text
    job = created.json()
    etsi.validate_response(job, 'perf', '/pm_jobs', 'post', 201)
    assert created.headers['Location'] == job['_links']['self']['href']
    assert 'reports' not in job

    listed = pm(deployment, 'GET', '/pm_jobs', params={
        'filter': '(eq,id,%s)' % job['id']})
    etsi.validate_response(listed.json(), 'perf', '/pm_jobs', 'get', 200)
    assert [item['id'] for item in listed.json()] == [job['id']]

    patched = pm(deployment, 'PATCH', '/pm_jobs/' + job['id'], json={
        'callbackUri': consumer.url + '/moved'},
        headers={'Content-Type': 'application/merge-patch+json'})
    assert patched.status_code == 200, patched.text
    etsi.validate_response(patched.json(), 'perf', JOB, 'patch', 200)
    assert pm(deployment, 'GET', '/pm_jobs/' + job['id']).json()[
        'callbackUri'] == consumer.url + '/moved'

    # Two measurements within the reportingPeriod: one report. Another
    # job's, a foreign VNFC's and a NaN are left out.
    owner = {'job_id': job['id']}
    post(deployment, '/pm_event',
         measurement('vnfpm', owner, vnf_id, 42.5, vnfcs[0]),
         measurement('vnfpm', owner, vnf_id, 7, 'not-a-vnfc'),
         measurement('vnfpm', owner, vnf_id, 'NaN', vnfcs[0]),
         measurement('vnfpm', {'job_id': 'gone'}, vnf_id, 1))
    post(deployment, '/pm_event',
         measurement('vnfpm', owner, vnf_id, 50, vnfcs[0]))
    [told] = [item['body'] for item in consumer.wait_for(
        lambda received: received if received else None)]
    assert (told['notificationType'], told['pmJobId'],
            told['objectInstanceId'], told['subObjectInstanceIds']) == (
        'PerformanceInformationAvailableNotification', job['id'], vnf_id,
        vnfcs[:1])
    shown = pm(deployment, 'GET', '/pm_jobs/' + job['id']).json()
    etsi.validate_response(shown, 'perf', JOB, 'get', 200)
    [report_link] = shown['reports']
    assert report_link['href'] == told['_links']['performanceReport'][
        'href']
    report = pm(deployment, 'GET', report_link['href'].split(PM, 1)[1])
    etsi.validate_response(report.json(), 'perf',
                           JOB + '/reports/{reportId}', 'get', 200)
    [entry] = report.json()['entries']
    assert (entry['subObjectInstanceId'],
            entry['performanceValues'][0]['value']) == (vnfcs[0], 42.5)

    assert pm(deployment, 'DELETE', '/pm_jobs/' + job['id']
              ).status_code == 204
    assert pm(deployment, 'GET', '/pm_jobs/' + job['id']).status_code == 404
    assert pm(deployment, 'GET', report_link['href'].split(PM, 1)[1]
              ).status_code == 404


@pytest.mark.parametrize('changes,status,says', [
    ({'objectType': 'VnfIntCp'}, 422, 'objectType'),
    ({'objectInstanceIds': ['00000000-0000-4000-8000-000000000000']}, 422,
     'does not exist'),
    ({'subObjectInstanceIds': ['nope']}, 422, 'has no VNFC'),
    ({'criteria': {'performanceMetric': ['Bogus'], 'collectionPeriod': 5,
                   'reportingPeriod': 10}}, 422, 'not one of'),
    ({'criteria': {'performanceMetricGroup': ['VirtualisedComputeResource'],
                   'collectionPeriod': 5, 'reportingPeriod': 10}}, 422,
     'no ServerPromQL template of VDiskUsageMeanVnf'),
    ({'criteria': {'collectionPeriod': 0, 'reportingPeriod': 10}}, 400,
     'collectionPeriod'),
    ({'callbackUri': 'ftp://example.com/'}, 400, 'callback'),
])
def test_a_job_tacker_cannot_measure_is_refused_before_it_is_stored(
        deployment, vnf, consumer, changes, status, says):
    before = pm(deployment, 'GET', '/pm_jobs').json()
    refused = pm(deployment, 'POST', '/pm_jobs',
                 json=job_request(vnf[0], consumer, **changes))
    assert refused.status_code == status, refused.text
    assert says in refused.json()['detail']
    assert pm(deployment, 'GET', '/pm_jobs').json() == before


def test_a_threshold_tells_each_crossing_once(deployment, vnf, consumer):
    vnf_id, _ = vnf
    created = pm(deployment, 'POST', '/thresholds',
                 json=threshold_request(vnf_id, consumer))
    assert created.status_code == 201, created.text
    threshold = created.json()
    etsi.validate_response(threshold, 'perf', '/thresholds', 'post', 201)
    etsi.validate_response(pm(deployment, 'GET', '/thresholds').json(),
                           'perf', '/thresholds', 'get', 200)
    etsi.validate_response(
        pm(deployment, 'GET', '/thresholds/' + threshold['id']).json(),
        'perf', '/thresholds/{thresholdId}', 'get', 200)
    owner = {'threshold_id': threshold['id']}
    for value in (10, 84, 90, 95, 80, 74, 70, 86):
        post(deployment, '/pm_threshold',
             measurement('vnfpm_threshold', owner, vnf_id, value))

    def three(received):
        return received if len(received) >= 3 else None
    told = [item['body'] for item in consumer.wait_for(three)]
    assert [(body['crossingDirection'], body['performanceValue'])
            for body in told] == [('UP', 90), ('DOWN', 74), ('UP', 86)]
    assert all(body['notificationType'] == 'ThresholdCrossedNotification'
               and body['thresholdId'] == threshold['id'] for body in told)
    patched = pm(deployment, 'PATCH', '/thresholds/' + threshold['id'],
                 json={'authentication': {
                     'authType': ['BASIC'], 'paramsBasic': {
                         'userName': 'u', 'password': 'secret'}}})
    assert patched.status_code == 200, patched.text
    etsi.validate_response(patched.json(), 'perf',
                           '/thresholds/{thresholdId}', 'patch', 200)
    assert 'secret' not in patched.text
    assert pm(deployment, 'DELETE', '/thresholds/' + threshold['id']
              ).status_code == 204
    assert pm(deployment, 'GET', '/thresholds/' + threshold['id']
              ).status_code == 404


def test_a_malformed_measurement_is_refused(deployment):
    response = deployment.request('POST', '/pm_event', json={
        'alerts': [{'status': 'weird'}]}, timeout=30)
    assert response.status_code == 400
    assert response.json()['detail'].startswith(
        'The alert notification is not usable')
