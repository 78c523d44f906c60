"""Monitoring end to end: a real Prometheus scrapes the sandbox VIM's
server metrics and evaluates the operator's rules, a real Alertmanager
posts to Tacker's webhooks, and the real server and conductor raise an
alarm (told to a real consumer), auto-heal the VNFC and clear the alarm
once the healed VNFC's alert resolves; a busy VNFC scales its VNF
out."""
import time

import pytest
import yaml

from tests.functional import deployment as deployment_lib
from tests.functional import prometheus
from tests.functional import sandbox as sandbox_lib
from tests.functional import test_vnf_fm as fm
from tests.functional import test_vnf_lcm_openstack as openstack
from tests.functional import test_vnf_lcm_v2 as v2_lcm
from tests.functional import test_vnf_packages as pkgs


@pytest.fixture(scope='module')
def stack(tmp_path_factory):
    """The sandbox VIM, Tacker, Alertmanager posting to Tacker's two
    webhooks, and Prometheus scraping the sandbox and alerting through
    that Alertmanager."""
    work = tmp_path_factory.mktemp('monitoring')
    for name in ('vim', 'tacker', 'alertmanager', 'prometheus'):
        (work / name).mkdir()
    with sandbox_lib.SandboxVim(work / 'vim', delay=0.1) as vim, \
            deployment_lib.sqlite_deployment(work / 'tacker', sections={
                'prometheus_plugin': {'auto_heal_window': 1,
                                      'automatic_interval': 0.2}}) as tacker, \
            prometheus.PrivateAlertmanager(
                work / 'alertmanager', tacker.url + '/alert',
                routes={'auto_heal': tacker.url + '/alert/auto_healing',
                        'auto_scale': tacker.url + '/alert/auto_scaling'}
            ) as alertmanager, \
            prometheus.PrivatePrometheus(
                work / 'prometheus', ['127.0.0.1:%d' % vim.port],
                alertmanager_url=alertmanager.url) as server:
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
