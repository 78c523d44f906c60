"""/vnflcm/v2 (SOL003 v3.3.1) through the real server, conductor and
RabbitMQ with the noop infra driver: the same operations as v1's, in the
3.3.1 shapes (validated against ETSI's OpenAPI document), on instances
that either API may have created."""
import json
import re
import textwrap
import time

import pytest
import sqlalchemy as sa

from tests import etsi
from tests.functional import deployment as deployment_lib
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

V2 = '/vnflcm/v2'
VERSION = {'Version': '2.0.0'}
NOOP_VIM = {'vim-noop': {'vimType': 'noop'}}
INSTANCE = '/vnf_instances/{vnfInstanceId}'
OP_OCC = '/vnf_lcm_op_occs/{vnfLcmOpOccId}'
FINAL = ('COMPLETED', 'FAILED_TEMP', 'ROLLED_BACK', 'FAILED')
# A coordination script as Tacker's packages write them: its VNFC
# parameters pickled on stdin. It logs what it got, waits for a gate
# file when given one, and exits with the status it is told.
COORDINATE = textwrap.dedent('''\
    import json, os, pickle, sys, time
    param = pickle.load(sys.stdin.buffer)
    with open(param['log'], 'a') as log:
        log.write(json.dumps({key: param.get(key) for key in (
            'vnfc_info_id', 'ssh_ip', 'is_rollback', 'password')}) + '\\n')
    deadline = time.monotonic() + 60
    while param.get('gate') and not os.path.exists(param['gate']) and \\
            time.monotonic() < deadline:
        time.sleep(0.05)
    sys.exit(param.get('exit_status', 0))
    ''')
SCRIPT = 'Scripts/coordinate.py'


@pytest.fixture(scope='module')
def deployment(tmp_path_factory):
    with deployment_lib.sqlite_deployment(
            tmp_path_factory.mktemp('lcm-v2')) as deploy:
        yield deploy


@pytest.fixture
def vnfd_id(deployment, tmp_path):
    return pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']


def v2(deployment, method, path, **kwargs):
    response = deployment.request(method, V2 + path, headers=dict(
        VERSION, **kwargs.pop('headers', {})), timeout=30, **kwargs)
    assert response.headers['Version'] == '2.0.0'
    return response


def new_instance(deployment, vnfd_id):
    response = v2(deployment, 'POST', '/vnf_instances',
                  json={'vnfdId': vnfd_id, 'vnfInstanceName': 'v2'})
    assert response.status_code == 201, response.text
    etsi.validate_response(response.json(), 'lifecycle', '/vnf_instances',
                           'post', 201)
    return response.json()['id']


def instance(deployment, vnf):
    body = v2(deployment, 'GET', '/vnf_instances/' + vnf).json()
    etsi.validate_response(body, 'lifecycle', INSTANCE, 'get', 200)
    return body


def run(deployment, vnf, name, body, state='COMPLETED'):
    """Start task ``name`` through v2; the occurrence (as v2 shows it)
    once it ended ``state``."""
    response = v2(deployment, 'POST', '/vnf_instances/%s/%s' % (vnf, name),
                  json=body)
    assert response.status_code == 202, response.text
    location = response.headers['Location']
    assert location.startswith(deployment.url + V2 + '/vnf_lcm_op_occs/')
    return wait(deployment, location.rsplit('/', 1)[1], state)


def wait(deployment, op_id, state, after=None, timeout=90):
    """The occurrence, read through v2 (v1 shows no CHANGE_VNFPKG), once
    final (and entered after the stateEnteredTime ``after``)."""
    deadline = time.monotonic() + timeout
    while True:
        op = v2(deployment, 'GET', '/vnf_lcm_op_occs/' + op_id).json()
        if op['operationState'] in FINAL and (
                after is None or op['stateEnteredTime'] > after):
            break
        assert time.monotonic() < deadline, op
        time.sleep(0.1)
    etsi.validate_response(op, 'lifecycle', OP_OCC, 'get', 200)
    assert op['operationState'] == state, op
    return op


def test_a_whole_lifecycle_through_v2(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)

    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'instantiationLevelId':
        'instantiation_level_1', 'vimConnectionInfo': NOOP_VIM})
    assert op['operationParams']['vimConnectionInfo'] == NOOP_VIM
    info = instance(deployment, vnf)
    assert info['vimConnectionInfo'] == NOOP_VIM
    vnfcs = info['instantiatedVnfInfo']['vnfcResourceInfo']
    assert [vnfc['vnfcResourceInfoId'] for vnfc in
            info['instantiatedVnfInfo']['vnfcInfo']] == [
        vnfc['id'] for vnfc in vnfcs]

    run(deployment, vnf, 'scale', {'type': 'SCALE_OUT',
                                   'aspectId': 'worker_instance'})
    assert lcm.vnfc_count(instance(deployment, vnf), 'VDU1') == 2
    run(deployment, vnf, 'scale', {'type': 'SCALE_IN',
                                   'aspectId': 'worker_instance'})
    healed = instance(deployment, vnf)['instantiatedVnfInfo'][
        'vnfcResourceInfo'][0]['id']
    run(deployment, vnf, 'heal', {'vnfcInstanceId': [healed]})

    modified = v2(deployment, 'PATCH', '/vnf_instances/' + vnf, json={
        'vnfInstanceName': 'renamed', 'vimConnectionInfo': {
            'vim-extra': {'vimType': 'noop'}}},
        headers={'Content-Type': 'application/merge-patch+json'})
    assert modified.status_code == 202, modified.text
    op = wait(deployment, modified.headers['Location'].rsplit('/', 1)[1],
              'COMPLETED')
    assert op['changedInfo']['vimConnectionInfo'] == dict(
        NOOP_VIM, **{'vim-extra': {'vimType': 'noop'}})
    deleted = v2(deployment, 'PATCH', '/vnf_instances/' + vnf, json={
        'vimConnectionInfo': {'vim-extra': None}})
    wait(deployment, deleted.headers['Location'].rsplit('/', 1)[1],
         'COMPLETED')
    info = instance(deployment, vnf)
    assert (info['vnfInstanceName'], info['vimConnectionInfo']) == (
        'renamed', NOOP_VIM)

    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})
    listed = v2(deployment, 'GET', '/vnf_lcm_op_occs?filter=(eq,'
                'vnfInstanceId,%s)' % vnf).json()
    etsi.validate_response(listed, 'lifecycle', '/vnf_lcm_op_occs', 'get',
                           200)
    assert sorted(op['operation'] for op in listed) == [
        'HEAL', 'INSTANTIATE', 'MODIFY_INFO', 'MODIFY_INFO', 'SCALE',
        'SCALE', 'TERMINATE']
    assert v2(deployment, 'DELETE', '/vnf_instances/' + vnf
              ).status_code == 204
    assert v2(deployment, 'GET', '/vnf_instances/' + vnf
              ).status_code == 404


def test_each_api_operates_the_others_instances(deployment, vnfd_id):
    from_v1 = lcm.new_instance(deployment, vnfd_id)
    op = lcm.wait_op(deployment, lcm.task(deployment, from_v1,
                                          'instantiate',
                                          lcm.instantiate_body()))
    assert op['operationState'] == 'COMPLETED', op
    run(deployment, from_v1, 'terminate', {'terminationType': 'FORCEFUL'})

    from_v2 = new_instance(deployment, vnfd_id)
    run(deployment, from_v2, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    assert lcm.instance(deployment, from_v2)['vimConnectionInfo'] == [
        dict(NOOP_VIM['vim-noop'], id='vim-noop')]
    op = lcm.wait_op(deployment, lcm.task(deployment, from_v2, 'terminate',
                                          {'terminationType': 'FORCEFUL'}))
    assert op['operationState'] == 'COMPLETED', op
    assert instance(deployment, from_v2)['instantiationState'] == \
        'NOT_INSTANTIATED'


def test_a_failed_operation_is_failed_through_v2(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
        'additionalParams': {'noop_fail': True}}, state='FAILED_TEMP')
    assert set(op['_links']) >= {'retry', 'rollback', 'fail'}
    assert op['_links']['fail']['href'].startswith(deployment.url + V2)

    failed = v2(deployment, 'POST', '/vnf_lcm_op_occs/%s/fail' % op['id'])

    assert failed.status_code == 200, failed.text
    etsi.validate_response(failed.json(), 'lifecycle',
                           OP_OCC + '/fail', 'post', 200)
    assert failed.json()['operationState'] == 'FAILED'


def test_a_v2_request_without_version_is_a_400(deployment):
    response = deployment.request('GET', V2 + '/vnf_lcm_op_occs')
    pkgs.assert_problem(response, 400, 'The Version header is required')
    assert response.headers['Version'] == '2.0.0'


def test_subscriptions_of_each_api_get_its_notifications(
        deployment, consumer, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    wanted = {'vnfInstanceSubscriptionFilter': {'vnfInstanceIds': [vnf]},
              'notificationTypes': ['VnfLcmOperationOccurrenceNotification']}
    short = v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/v2-short', 'filter': wanted,
        'verbosity': 'SHORT'})
    assert short.status_code == 201, short.text
    etsi.validate_response(short.json(), 'lifecycle', '/subscriptions',
                           'post', 201)
    full = v2(deployment, 'POST', '/subscriptions', json={
        'callbackUri': consumer.url + '/v2-full', 'filter': wanted})
    assert full.json()['verbosity'] == 'FULL'
    v1 = deployment.request('POST', lcm.API + '/subscriptions', json={
        'callbackUri': consumer.url + '/v1', 'filter': wanted})
    assert v1.status_code == 201, v1.text
    assert 'verbosity' not in v1.json()
    listed = v2(deployment, 'GET', '/subscriptions').json()
    etsi.validate_response(listed, 'lifecycle', '/subscriptions', 'get',
                           200)
    assert {item['id'] for item in listed} >= {short.json()['id'],
                                               full.json()['id']}
    assert v1.json()['id'] not in {item['id'] for item in listed}

    op = run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})

    def results(received):
        done = {item['path']: item['body'] for item in received
                if item['body']['operationState'] == 'COMPLETED'}
        return done if len(done) == 3 else None
    done = consumer.wait_for(results)
    assert done['/v2-short']['verbosity'] == 'SHORT'
    assert 'affectedVnfcs' not in done['/v2-short']
    assert done['/v2-full']['verbosity'] == 'FULL'
    assert done['/v2-full']['affectedVnfcs']
    assert 'verbosity' not in done['/v1'] and done['/v1']['affectedVnfcs']
    for path, root in (('/v2-short', V2), ('/v2-full', V2),
                       ('/v1', lcm.API)):
        assert done[path]['vnfLcmOpOccId'] == op['id']
        # Built by the conductor: on its own host (no public_endpoint).
        assert done[path]['_links']['vnfLcmOpOcc']['href'].endswith(
            '%s/vnf_lcm_op_occs/%s' % (root, op['id']))
    for subscription in (short, full):
        assert v2(deployment, 'DELETE', '/subscriptions/' +
                  subscription.json()['id']).status_code == 204
    assert deployment.request('DELETE', '%s/subscriptions/%s' % (
        lcm.API, v1.json()['id'])).status_code == 204


def test_scale_to_a_level_and_back(deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    assert instance(deployment, vnf)['_links']['scaleToLevel']['href'] == \
        '%s%s/vnf_instances/%s/scale_to_level' % (deployment.url, V2, vnf)

    op = run(deployment, vnf, 'scale_to_level', {
        'scaleInfo': [{'aspectId': 'worker_instance', 'scaleLevel': 2}]})

    assert op['operation'] == 'SCALE_TO_LEVEL'
    assert [change['changeType'] for change in
            op['resourceChanges']['affectedVnfcs']] == ['ADDED', 'ADDED']
    info = instance(deployment, vnf)
    assert lcm.vnfc_count(info, 'VDU1') == 3
    assert info['instantiatedVnfInfo']['scaleStatus'] == [
        {'aspectId': 'worker_instance', 'scaleLevel': 2}]
    run(deployment, vnf, 'scale_to_level', {
        'instantiationLevelId': 'instantiation_level_1'})
    assert lcm.vnfc_count(instance(deployment, vnf), 'VDU1') == 1
    refused = v2(deployment, 'POST', '/vnf_instances/%s/scale_to_level'
                 % vnf, json={'scaleInfo': [
                     {'aspectId': 'worker_instance', 'scaleLevel': 3}]})
    pkgs.assert_problem(refused, 400, 'scaleLevel 3 would take aspect '
                        'worker_instance from scale level 0 to 3')
    run(deployment, vnf, 'terminate', {'terminationType': 'FORCEFUL'})


def onboard_version(deployment, tmp_path, sample, suffix=None, edits=()):
    """``sample`` with the coordination script (``SCRIPT``), its software
    images renamed "<name>-<suffix>" when ``suffix`` is given, edited by
    the ``edits`` (``mutate``s): another version of the same VNF
    product."""
    def mutate(package):
        (package / 'Scripts').mkdir(exist_ok=True)
        (package / SCRIPT).write_text(COORDINATE)
        for path in (package / 'Definitions').glob('*df*.yaml'):
            if suffix:
                path.write_text(re.sub(
                    r'(sw_image_data:\s*\n\s*name: )(\S+)',
                    r'\g<1>\g<2>-' + suffix, path.read_text()))
        for edit in edits:
            edit(package)
    return pkgs.onboard(deployment, tmp_path, sample, mutate=mutate)


def change_request(vnfd_id, log, vdu_id='VDU1', old_param=None,
                   **vnfc_param):
    """A ChangeCurrentVnfPkgRequest moving ``vdu_id`` with ``SCRIPT``,
    which logs to ``log``, as the new and the old package's script
    (``vnfc_param`` for both, or ``old_param`` for the old one's)."""
    vnfc_param = dict(vnfc_param, log=str(log))
    return {'vnfdId': vnfd_id, 'additionalParams': {
        'upgrade_type': 'RollingUpdate',
        'lcm-operation-coordinate-new-vnf': SCRIPT,
        'lcm-operation-coordinate-old-vnf': SCRIPT,
        'vdu_params': [{'vdu_id': vdu_id, 'new_vnfc_param': vnfc_param,
                        'old_vnfc_param': dict(
                            old_param or vnfc_param, log=str(log))}]}}


def logged(log):
    return [json.loads(line) for line in log.read_text().splitlines()] \
        if log.exists() else []


def stored_text(deployment):
    """The JSON columns where VIM credentials and VNFC passwords could
    end up, as text."""
    engine = sa.create_engine(deployment.db_url)
    try:
        with engine.connect() as connection:
            return json.dumps([list(map(str, row)) for row in (
                connection.execute(sa.text(
                    'SELECT operation_params FROM vnf_lcm_op_occs')).all()
                + connection.execute(sa.text(
                    'SELECT vim_connection_info FROM vnf_instances')).all())])
    finally:
        engine.dispose()


def two_versions(deployment, tmp_path):
    """Two versions of the two_flavours package and a VNF instantiated
    from the first, on the noop VIM."""
    old = onboard_version(deployment, tmp_path, 'two_flavours')
    new = onboard_version(deployment, tmp_path, 'two_flavours', 'v2')
    vnf = new_instance(deployment, old['vnfdId'])
    run(deployment, vnf, 'instantiate',
        {'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    return old, new, vnf


def usage(deployment, package):
    return deployment.get('/vnfpkgm/v1/vnf_packages/' + package['id']).json()[
        'usageState']


def test_change_vnfpkg_moves_the_vnf_and_its_packages_usage(
        deployment, tmp_path):
    old, new, vnf = two_versions(deployment, tmp_path)
    log = tmp_path / 'log'
    before = instance(deployment, vnf)['instantiatedVnfInfo']

    op = run(deployment, vnf, 'change_vnfpkg', change_request(
        new['vnfdId'], log, password='pw-secret'))

    assert op['operation'] == 'CHANGE_VNFPKG'
    shown = op['operationParams']['additionalParams']['vdu_params'][0]
    assert shown['new_vnfc_param']['password'] == '***'
    assert 'pw-secret' not in stored_text(deployment)
    assert op['modificationsTriggeredByVnfPkgChange']['vnfdId'] == \
        new['vnfdId']
    workers = {vnfc['id'] for vnfc in before['vnfcResourceInfo']
               if vnfc['vduId'] == 'VDU1'}
    assert {change['id'] for change in
            op['resourceChanges']['affectedVnfcs']} == workers
    info = instance(deployment, vnf)
    assert info['vnfdId'] == new['vnfdId']
    # The script ran once per moved VNFC, with the password in plain.
    assert sorted(entry['vnfc_info_id'].split('-', 1)[1]
                  for entry in logged(log)) == sorted(workers)
    assert {entry['password'] for entry in logged(log)} == {'pw-secret'}
    assert (usage(deployment, old), usage(deployment, new)) == (
        'NOT_IN_USE', 'IN_USE')
    # Back again, by the same operation.
    run(deployment, vnf, 'change_vnfpkg', change_request(old['vnfdId'], log))
    assert (usage(deployment, old), usage(deployment, new)) == (
        'IN_USE', 'NOT_IN_USE')


def test_a_failed_change_vnfpkg_rolls_back_with_the_old_script(
        deployment, tmp_path):
    old, new, vnf = two_versions(deployment, tmp_path)
    log = tmp_path / 'log'
    request = change_request(new['vnfdId'], log, exit_status=3)

    op = run(deployment, vnf, 'change_vnfpkg', request, 'FAILED_TEMP')

    assert op['error']['status'] == 409
    assert SCRIPT in op['error']['detail']
    assert 'exited with status 3' in op['error']['detail']
    assert usage(deployment, new) == 'IN_USE'
    response = v2(deployment, 'POST',
                  '/vnf_lcm_op_occs/%s/rollback' % op['id'])
    assert response.status_code == 202, response.text
    # The old package's script runs for the VNFC moved back; it fails
    # too (exit_status 3), so the rollback ends FAILED_TEMP again...
    wait(deployment, op['id'], 'FAILED_TEMP', after=op['stateEnteredTime'])
    assert logged(log)[-1]['is_rollback'] is True
    # ...and fail ends it, the instance on its old package.
    v2(deployment, 'POST', '/vnf_lcm_op_occs/%s/fail' % op['id'])
    wait(deployment, op['id'], 'FAILED')
    assert instance(deployment, vnf)['vnfdId'] == old['vnfdId']
    assert (usage(deployment, old), usage(deployment, new)) == (
        'IN_USE', 'NOT_IN_USE')


@pytest.mark.parametrize('change, status, words', [
    ({'vnfdId': 'same'}, 422, 'uses it already'),
    ({'vnfdId': 'no-such-vnfd'}, 422, 'No ONBOARDED'),
    ({'additionalParams': {'upgrade_type': 'BlueGreen'}}, 400,
     'RollingUpdate'),
    ({'additionalParams': {'vdu_params': [{'vdu_id': 'VDU9'}]}}, 400,
     'VDU9'),
    ({'additionalParams': {'lcm-operation-coordinate-new-vnf':
                           '../../etc/passwd'}}, 400, 'inside the package'),
    ({'extVirtualLinks': []}, 400, 'extVirtualLinks'),
])
def test_a_change_vnfpkg_that_cannot_run_is_refused_before_the_202(
        deployment, tmp_path, change, status, words):
    old, new, vnf = two_versions(deployment, tmp_path)
    body = dict({'vnfdId': new['vnfdId']}, **change)
    if body['vnfdId'] == 'same':
        body['vnfdId'] = old['vnfdId']
    response = v2(deployment, 'POST',
                  '/vnf_instances/%s/change_vnfpkg' % vnf, json=body)
    assert response.status_code == status, response.text
    assert words in response.json()['detail']
    assert usage(deployment, new) == 'NOT_IN_USE'
    ops = v2(deployment, 'GET', '/vnf_lcm_op_occs',
             params={'filter': '(eq,vnfInstanceId,%s)' % vnf}).json()
    assert [op['operation'] for op in ops] == ['INSTANTIATE']


def test_change_flavour_redeploys_and_a_failed_one_rolls_back(
        deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate',
        {'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    assert 'changeFlavour' in instance(deployment, vnf)['_links']

    op = run(deployment, vnf, 'change_flavour', {
        'newFlavourId': 'large',
        'instantiationLevelId': 'instantiation_level_2'})

    info = instance(deployment, vnf)['instantiatedVnfInfo']
    assert info['flavourId'] == 'large'
    assert {change['changeType'] for change in
            op['resourceChanges']['affectedVnfcs']} == {'ADDED', 'REMOVED'}
    failed = run(deployment, vnf, 'change_flavour', {
        'newFlavourId': 'small', 'additionalParams': {'noop_fail': True}},
        'FAILED_TEMP')
    assert 'rollback' in failed['_links']
    v2(deployment, 'POST', '/vnf_lcm_op_occs/%s/rollback' % failed['id'])
    wait(deployment, failed['id'], 'ROLLED_BACK',
         after=failed['stateEnteredTime'])
    assert instance(deployment, vnf)['instantiatedVnfInfo'] == info
    # v1 (SOL003 v2.6.1 5.4.7) serves it too.
    op = lcm.wait_op(deployment, lcm.task(deployment, vnf, 'change_flavour',
                                          {'newFlavourId': 'small'}))
    assert op['operationState'] == 'COMPLETED', op
    assert instance(deployment, vnf)['instantiatedVnfInfo'][
        'flavourId'] == 'small'


@pytest.mark.parametrize('body, words', [
    ({'newFlavourId': 'small'}, "the instance's flavour now"),
    ({'newFlavourId': 'huge'}, 'not a deployment flavour'),
    ({'newFlavourId': 'large', 'instantiationLevelId': 'level_9'},
     'level_9'),
    ({'newFlavourId': 'large', 'vimConnectionInfo': {}},
     'vimConnectionInfo'),
])
def test_a_change_flavour_that_cannot_run_is_a_400(deployment, vnfd_id,
                                                   body, words):
    vnf = new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate',
        {'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM})
    response = v2(deployment, 'POST',
                  '/vnf_instances/%s/change_flavour' % vnf, json=body)
    assert response.status_code == 400, response.text
    assert words in response.json()['detail']


def test_deploying_requests_merge_extensions_and_configurable_properties(
        deployment, vnfd_id):
    vnf = new_instance(deployment, vnfd_id)
    run(deployment, vnf, 'instantiate', {
        'flavourId': 'small', 'vimConnectionInfo': NOOP_VIM,
        'extensions': {'site': 'east', 'rack': 4},
        'vnfConfigurableProperties': {'isAutoscaleEnabled': False}})
    info = instance(deployment, vnf)
    assert info['extensions'] == {'site': 'east', 'rack': 4}
    assert info['vnfConfigurableProperties'] == {'isAutoscaleEnabled': False}
    run(deployment, vnf, 'change_flavour', {
        'newFlavourId': 'large', 'extensions': {'rack': None, 'row': 'b'}})
    assert instance(deployment, vnf)['extensions'] == {'site': 'east',
                                                       'row': 'b'}
