"""Monitoring end to end: a real Prometheus scrapes the sandbox VIM's
server and Pod metrics and evaluates the operator's rules and those
Tacker writes for PM jobs and thresholds, a real Alertmanager posts to
Tacker's webhooks, and the real server and conductor raise an alarm
(told to a real consumer), auto-heal the VNFC (a server of a VNF, a Pod
of a CNF) and clear the alarm once the healed VNFC's alert resolves; a
busy VNFC scales its VNF out; PM jobs on a VNF and a CNF report, and a
threshold's crossings are told."""
import time

import pytest
import yaml

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import prometheus
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_fm as fm
from tests.functional import test_vnf_lcm_kubernetes as kubernetes
from tests.functional import test_vnf_lcm_openstack as openstack
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs


@pytest.fixture(scope='module')
def stack(tmp_path_factory):
    """The sandbox VIM (OpenStack and Kubernetes), Tacker writing the
    rules of PM jobs and thresholds for Prometheus, Alertmanager posting
    to Tacker's webhooks, and Prometheus scraping the sandbox and
    alerting through that Alertmanager."""
    work = tmp_path_factory.mktemp('monitoring')
    for name in ('vim', 'tacker', 'alertmanager', 'prometheus'):
        (work / name).mkdir()
    rules_dir = work / 'prometheus' / 'rules'
    rules_dir.mkdir()
    # Tacker is told where Prometheus and Alertmanager will listen
    # before they start. Prometheus scrapes and evaluates, and
    # Alertmanager groups, every half second rather than every second:
    # each change the tests make reaches Tacker sooner.
    port, alertmanager_port = (deployment_lib.free_port(),
                               deployment_lib.free_port())
    with sandbox_lib.SandboxVim(work / 'vim', delay=0.1, kubernetes=True,
                                kubernetes_tls=True) as vim, \
            deployment_lib.sqlite_deployment(work / 'tacker', sections={
                'prometheus_plugin': {
                    'auto_heal_window': 0.5, 'automatic_interval': 0.2,
                    'rules_dir': str(rules_dir),
                    'reload_urls': 'http://127.0.0.1:%d/-/reload' % port,
                    'rules_sync_interval': 0.5,
                    'collection_period_threshold': 1,
                    'reporting_period_threshold': 3,
                    'alertmanager_url': 'http://127.0.0.1:%d'
                    % alertmanager_port,
                    'alarm_resync_interval': 1,
                    'alarm_resync_grace': 4}}) as tacker, \
            prometheus.PrivateAlertmanager(
                work / 'alertmanager', tacker.url + '/alert',
                routes={'auto_heal': tacker.url + '/alert/auto_healing',
                        'auto_scale': tacker.url + '/alert/auto_scaling',
                        'vnfpm': tacker.url + '/pm_event',
                        'vnfpm_threshold': tacker.url + '/pm_threshold'},
                repeat_intervals={'vnfpm': '1s', 'vnfpm_threshold': '1s'},
                group_wait='500ms', group_interval='500ms',
                port=alertmanager_port) as alertmanager, \
            prometheus.PrivatePrometheus(
                work / 'prometheus', ['127.0.0.1:%d' % vim.port],
                rules_dir=rules_dir, alertmanager_url=alertmanager.url,
                interval='500ms', port=port) as server:
        yield vim, tacker, server, alertmanager


def rules(vnf, servers):
    """The operator's rules: a VNFC whose health drops is a CRITICAL
    equipment alarm, and is to be healed; one whose CPU is above 90%
    asks for another worker."""
    groups = []
    for server_id, vnfc_info_id in servers.items():
        expr = 'sandbox_server_health{server_id="%s"} < 1' % server_id
        common = {'receiver_type': 'tacker', 'vnf_instance_id': vnf}
        groups.append({'name': server_id, 'rules': [
            {'alert': 'VnfcDown', 'expr': expr, 'labels': dict(
                common, function_type='vnffm', perceived_severity='CRITICAL',
                event_type='EQUIPMENT_ALARM'),
             'annotations': {'probable_cause': 'health gauge dropped',
                             'fault_type': 'Server Down'}},
            {'alert': 'VnfcDownHeal', 'expr': expr, 'labels': dict(
                common, function_type='auto_heal',
                vnfc_info_id=vnfc_info_id)},
            {'alert': 'VnfcBusy', 'expr':
             'sandbox_server_cpu_utilization{server_id="%s"} > 90'
             % server_id, 'labels': dict(
                 common, function_type='auto_scale',
                 auto_scale_type='SCALE_OUT',
                 aspect_id='worker_instance')}]})
    return {'groups': groups}


def wait(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        assert time.monotonic() < deadline, 'no %s in %s s' % (what,
                                                               timeout)
        time.sleep(0.25)


PM = '/vnfpm/v2'


def pm(tacker, method, path, **kwargs):
    response = tacker.request(method, PM + path, headers={
        'Version': '2.1.0'}, timeout=30, **kwargs)
    assert response.headers['Version'] == '2.1.0'
    return response


def openstack_vnf(vim, tacker, tmp_path):
    """An instantiated VNF on the sandbox OpenStack: (id, its servers)."""
    vnfd_id = pkgs.onboard(tacker, tmp_path, 'two_flavours')['vnfdId']
    vnf = v2_lcm.new_instance(tacker, vnfd_id)
    [connection] = openstack.vim_connection(vim)
    v2_lcm.run(tacker, vnf, 'instantiate', {
        'flavourId': 'small',
        'vimConnectionInfo': {connection.pop('id'): connection}})
    info = v2_lcm.instance(tacker, vnf)['instantiatedVnfInfo']
    return vnf, [vnfc['computeResource']['resourceId']
                 for vnfc in info['vnfcResourceInfo']]


def cnf(vim, tacker, tmp_path, **properties):
    """An instantiated CNF on the sandbox Kubernetes, with
    ``vnfConfigurableProperties``: (id, namespace, {VnfcInfo id: Pod
    name})."""
    with vim.kubernetes_api_client() as api:
        namespace = kubernetes.new_namespace(vim.kubernetes_client(api))
    registered = kubernetes.register(tacker, kubernetes.vim_request(
        vim, namespace, name=namespace))
    assert registered.status_code == 201, registered.text
    package = kubernetes.onboard_cnf(tacker, tmp_path)
    vnf = v2_lcm.new_instance(tacker, package['vnfdId'])
    v2_lcm.run(tacker, vnf, 'instantiate', dict(
        kubernetes.v2_instantiate_body(registered.json()['vim'], namespace),
        vnfConfigurableProperties=properties))
    info = v2_lcm.instance(tacker, vnf)['instantiatedVnfInfo']
    pods = {vnfc['id']: vnfc['computeResource']['resourceId']
            for vnfc in info['vnfcResourceInfo']}
    return vnf, namespace, {vnfc['id']: pods[vnfc['vnfcResourceInfoId']]
                            for vnfc in info['vnfcInfo']}


def notified(consumer, path, count=1, **fields):
    """The first ``count`` notifications to ``path`` with ``fields``."""
    def found(received):
        bodies = [item['body'] for item in received if item['path'] == path
                  and all(item['body'].get(name) == value
                          for name, value in fields.items())]
        return bodies[:count] if len(bodies) >= count else None
    return consumer.wait_for(found, timeout=90)


# First: it needs no scrape, and the first scrape of the sandbox comes
# about 5 s after Prometheus starts, which this test's wait for the
# comparison with Alertmanager covers.
def test_an_alarm_whose_resolution_was_lost_is_cleared(stack, tmp_path,
                                                       consumer):
    """An alarm raised by a post Alertmanager never knew of (or whose
    resolution Tacker missed) is cleared by the comparison with
    Alertmanager's alerts, told as cleared and as a rebuilt list."""
    vim, tacker, server, alertmanager = stack
    (tmp_path / 'vnf').mkdir()
    vnf, servers = openstack_vnf(vim, tacker, tmp_path / 'vnf')
    subscribed = fm.fm(tacker, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/rebuilt', 'filter': {
            'notificationTypes': ['AlarmClearedNotification',
                                  'AlarmListRebuiltNotification']}})
    assert subscribed.status_code == 201, subscribed.text
    assert fm.post_alerts(tacker, fm.alert(vnf, servers[0],
                                           fingerprint='lost')
                          ).status_code == 204
    [alarm] = fm.alarms_of(tacker, vnf)
    cleared, rebuilt = notified(consumer, '/rebuilt', count=2)
    assert (cleared['notificationType'], cleared['alarmId']) == (
        'AlarmClearedNotification', alarm['id'])
    assert rebuilt['notificationType'] == 'AlarmListRebuiltNotification'
    assert rebuilt['_links']['alarms']['href'].endswith('/vnffm/v1/alarms')
    assert fm.alarms_of(tacker, vnf)[0]['perceivedSeverity'] == 'CLEARED'
    assert fm.fm(tacker, 'DELETE', '/subscriptions/' + subscribed.json()[
        'id']).status_code == 204


def test_a_vnfc_going_down_is_alarmed_healed_and_cleared(stack, tmp_path,
                                                         consumer):
    vim, tacker, server, alertmanager = stack
    vnfd_id = pkgs.onboard(tacker, tmp_path, 'two_flavours')['vnfdId']
    vnf = v2_lcm.new_instance(tacker, vnfd_id)
    [connection] = openstack.vim_connection(vim)
    v2_lcm.run(tacker, vnf, 'instantiate', {
        'flavourId': 'small',
        'vimConnectionInfo': {connection.pop('id'): connection},
        'vnfConfigurableProperties': {'isAutohealEnabled': True,
                                      'isAutoscaleEnabled': True}})
    info = v2_lcm.instance(tacker, vnf)['instantiatedVnfInfo']
    worker = next(vnfc for vnfc in info['vnfcResourceInfo']
                  if vnfc['vduId'] == 'VDU1')
    server_id = worker['computeResource']['resourceId']
    vnfc_info_ids = {vnfc['vnfcResourceInfoId']: vnfc['id']
                     for vnfc in info['vnfcInfo']}
    (server.rules_dir / 'vnf.yaml').write_text(yaml.safe_dump(rules(
        vnf, {server_id: vnfc_info_ids[worker['id']]})))
    server.reload()
    assert fm.fm(tacker, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/fm', 'filter': {
            'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [vnf]}}}
    ).status_code == 201
    wait(lambda: server.query('sandbox_server_health{server_id="%s"}'
                              % server_id), 'scrape of the server')

    vim.admin('PUT', '/metrics/servers/' + server_id,
              {'health': 0})

    alarm = wait(lambda: fm.alarms_of(tacker, vnf), 'alarm')[0]
    assert (alarm['perceivedSeverity'], alarm['faultType'],
            alarm['rootCauseFaultyResource']['faultyResource'][
                'resourceId']) == ('CRITICAL', 'Server Down', server_id)
    [heal] = fm.wait_for_op(tacker, vnf, 'HEAL', timeout=60)
    assert heal['operationState'] == 'COMPLETED'
    assert heal['operationParams']['vnfcInstanceId'] == [
        vnfc_info_ids[worker['id']]]
    healed = next(vnfc for vnfc in v2_lcm.instance(tacker, vnf)[
        'instantiatedVnfInfo']['vnfcResourceInfo']
        if vnfc['id'] == worker['id'])
    assert healed['computeResource']['resourceId'] != server_id
    # The replaced server's series ends: its alert resolves, the alarm
    # clears.
    cleared = wait(lambda: [alarm for alarm in fm.alarms_of(tacker, vnf)
                            if alarm['perceivedSeverity'] == 'CLEARED'],
                   'cleared alarm')
    assert cleared[0]['id'] == alarm['id']

    def told(received):
        types = [item['body']['notificationType'] for item in received
                 if item['path'] == '/fm']
        return types if 'AlarmClearedNotification' in types else None
    assert consumer.wait_for(told)[0] == 'AlarmNotification'

    # The healed worker gets busy: the VNF scales out once.
    vim.admin('PUT', '/metrics/servers/' + healed['computeResource'][
        'resourceId'], {'cpu_utilization': 95.0})
    (server.rules_dir / 'vnf.yaml').write_text(yaml.safe_dump(rules(
        vnf, {healed['computeResource']['resourceId']:
              vnfc_info_ids[worker['id']]})))
    server.reload()
    try:
        [scale] = fm.wait_for_op(tacker, vnf, 'SCALE', timeout=60)
    except AssertionError as error:
        raise AssertionError('%s; Prometheus alerts: %s; Alertmanager: %s'
                             % (error, server.alerts(),
                                alertmanager.alerts())) from None
    assert (scale['operationState'], scale['operationParams']['type']) == (
        'COMPLETED', 'SCALE_OUT')
    assert sum(1 for vnfc in v2_lcm.instance(tacker, vnf)[
        'instantiatedVnfInfo']['vnfcResourceInfo']
        if vnfc['vduId'] == 'VDU1') == 2


def test_pm_jobs_report_and_a_threshold_tells_its_crossings(
        stack, tmp_path, consumer):
    vim, tacker, server, alertmanager = stack
    for name in ('vnf', 'cnf'):
        (tmp_path / name).mkdir()
    vnf, servers = openstack_vnf(vim, tacker, tmp_path / 'vnf')
    cnf_id, namespace, pods = cnf(vim, tacker, tmp_path / 'cnf')
    vnfc_id, pod = sorted(pods.items())[0]

    vnf_job = pm(tacker, 'POST', '/pm_jobs', json={
        'objectType': 'Vnf', 'objectInstanceIds': [vnf],
        'criteria': {'performanceMetric': ['VCpuUsageMeanVnf.' + vnf],
                     'collectionPeriod': 1, 'reportingPeriod': 3},
        'callbackUri': consumer.url + '/vnf-job'})
    assert vnf_job.status_code == 201, vnf_job.text
    etsi.validate_response(vnf_job.json(), 'perf', '/pm_jobs', 'post', 201)
    cnf_job = pm(tacker, 'POST', '/pm_jobs', json={
        'objectType': 'Vnfc', 'objectInstanceIds': [cnf_id],
        'subObjectInstanceIds': [vnfc_id],
        'criteria': {'performanceMetricGroup': [
            'VirtualisedComputeResource'],
            'collectionPeriod': 1, 'reportingPeriod': 3},
        'callbackUri': consumer.url + '/cnf-job'})
    assert cnf_job.status_code == 201, cnf_job.text
    threshold = pm(tacker, 'POST', '/thresholds', json={
        'objectType': 'Vnf', 'objectInstanceId': vnf,
        'criteria': {'performanceMetric': 'VCpuUsageMeanVnf.' + vnf,
                     'thresholdType': 'SIMPLE',
                     'simpleThresholdDetails': {'thresholdValue': 50,
                                                'hysteresis': 5}},
        'callbackUri': consumer.url + '/threshold'})
    assert threshold.status_code == 201, threshold.text
    etsi.validate_response(threshold.json(), 'perf', '/thresholds', 'post',
                           201)
    ids = {vnf_job.json()['id'], cnf_job.json()['id'],
           threshold.json()['id']}

    # Tacker wrote their rules and Prometheus loaded them.
    wait(lambda: {group['name'].split('-', 2)[2] for group in
                  server.rules()} >= ids, 'rules of the jobs', timeout=30)
    cnf_rules = [rule for group in server.rules() for rule in
                 group['rules'] if group['name'].endswith(
                     cnf_job.json()['id'])]
    assert {rule['labels']['metric'] for rule in cnf_rules} == {
        name + '.' + cnf_id for name in (
            'VCpuUsageMeanVnf', 'VCpuUsagePeakVnf', 'VMemoryUsageMeanVnf',
            'VMemoryUsagePeakVnf', 'VDiskUsageMeanVnf', 'VDiskUsagePeakVnf')}
    # The Pod's name stands escaped in a regular expression.
    assert all(pod in rule['query'].replace('\\', '') and
               'namespace="%s"' % namespace in rule['query']
               for rule in cnf_rules)

    # The VNF's servers get busy: reports, and the threshold crossed up.
    for server_id in servers:
        vim.admin('PUT', '/metrics/servers/' + server_id,
                  {'cpu_utilization': 90.0})
    vim.admin('PUT', '/metrics/pods/%s/%s' % (namespace, pod),
              {'memory_bytes': 2 ** 30})
    [up] = notified(consumer, '/threshold', crossingDirection='UP')
    assert (up['thresholdId'], up['objectInstanceId'],
            up['performanceMetric']) == (threshold.json()['id'], vnf,
                                         'VCpuUsageMeanVnf.' + vnf)
    assert up['performanceValue'] >= 55
    for path, job in (('/vnf-job', vnf_job), ('/cnf-job', cnf_job)):
        [told] = notified(consumer, path)
        assert (told['notificationType'], told['pmJobId']) == (
            'PerformanceInformationAvailableNotification', job.json()['id'])
        report = pm(tacker, 'GET', told['_links']['performanceReport'][
            'href'].split(PM, 1)[1])
        assert report.status_code == 200, report.text
        etsi.validate_response(report.json(), 'perf',
                               '/pm_jobs/{pmJobId}/reports/{reportId}',
                               'get', 200)
        entries = report.json()['entries']
        assert entries and all(entry['objectInstanceId'] in (vnf, cnf_id)
                               for entry in entries)
    shown = pm(tacker, 'GET', '/pm_jobs/' + cnf_job.json()['id']).json()
    etsi.validate_response(shown, 'perf', '/pm_jobs/{pmJobId}', 'get', 200)

    def memory_reported():
        """The VNFC's memory in the job's reports: 1 GiB of a 16 GiB
        node once the knob's value fills the reporting period."""
        reports = pm(tacker, 'GET', '/pm_jobs/' + cnf_job.json()['id']
                     ).json().get('reports', [])
        return [entry['performanceValues'][0]['value']
                for report in reports for entry in pm(
                    tacker, 'GET', report['href'].split(PM, 1)[1]).json()[
                    'entries']
                if entry['performanceMetric'].startswith(
                    'VMemoryUsageMeanVnf') and
                abs(entry['performanceValues'][0]['value'] - 6.25) < 0.01]
    wait(memory_reported, 'report of the VNFC memory', timeout=60)

    # Idle again: crossed down, once.
    for server_id in servers:
        vim.admin('PUT', '/metrics/servers/' + server_id,
                  {'cpu_utilization': 5.0})
    [_, down] = notified(consumer, '/threshold', count=2)
    assert down['crossingDirection'] == 'DOWN'

    # Deleting a job removes its rules.
    assert pm(tacker, 'DELETE', '/pm_jobs/' + vnf_job.json()['id']
              ).status_code == 204
    wait(lambda: vnf_job.json()['id'] not in {
        group['name'].split('-', 2)[2] for group in server.rules()},
        'rules gone', timeout=30)


def test_a_pod_going_down_is_alarmed_healed_and_cleared(stack, tmp_path,
                                                        consumer):
    vim, tacker, server, alertmanager = stack
    cnf_id, namespace, pods = cnf(vim, tacker, tmp_path,
                                  isAutohealEnabled=True)
    vnfc_id, pod = sorted(pods.items())[0]
    expr = 'sandbox_pod_health{namespace="%s",pod="%s"} < 1' % (
        namespace, pod)
    common = {'receiver_type': 'tacker', 'vnf_instance_id': cnf_id}
    (server.rules_dir / 'cnf.yaml').write_text(yaml.safe_dump({'groups': [{
        'name': 'cnf', 'rules': [
            {'alert': 'PodDown', 'expr': expr, 'labels': dict(
                common, function_type='vnffm', perceived_severity='MAJOR',
                event_type='PROCESSING_ERROR_ALARM'),
             'annotations': {'probable_cause': 'health gauge dropped'}},
            {'alert': 'PodDownHeal', 'expr': expr, 'labels': dict(
                common, function_type='auto_heal', vnfc_info_id=vnfc_id)}]}]}))
    server.reload()
    assert fm.fm(tacker, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/cnf-fm', 'filter': {
            'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [cnf_id]}}}
    ).status_code == 201
    wait(lambda: server.query(expr.replace(' < 1', '')), 'scrape of the Pod')

    vim.admin('PUT', '/metrics/pods/%s/%s' % (namespace, pod), {'health': 0})

    alarm = wait(lambda: fm.alarms_of(tacker, cnf_id), 'alarm')[0]
    assert (alarm['perceivedSeverity'], alarm['eventType'],
            alarm['rootCauseFaultyResource']['faultyResource'][
                'resourceId']) == ('MAJOR', 'PROCESSING_ERROR_ALARM', pod)
    [heal] = fm.wait_for_op(tacker, cnf_id, 'HEAL', timeout=60)
    assert heal['operationState'] == 'COMPLETED'
    assert heal['operationParams']['vnfcInstanceId'] == [vnfc_id]
    info = v2_lcm.instance(tacker, cnf_id)['instantiatedVnfInfo']
    assert pod not in {vnfc['computeResource']['resourceId']
                       for vnfc in info['vnfcResourceInfo']}
    # The deleted Pod's series ends: its alert resolves, the alarm clears.
    wait(lambda: [each for each in fm.alarms_of(tacker, cnf_id)
                  if each['perceivedSeverity'] == 'CLEARED'],
         'cleared alarm')
    [raised, cleared] = notified(consumer, '/cnf-fm', count=2)
    assert (raised['notificationType'], cleared['notificationType']) == (
        'AlarmNotification', 'AlarmClearedNotification')
