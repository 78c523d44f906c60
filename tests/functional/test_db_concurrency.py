"""The database under concurrent requests: a request waiting for a lock
does not hold up the other requests of its API worker, and deadlocks or
serialization failures are retried, never surfacing as a 5xx or a
rolled-back operation."""
import collections
import concurrent.futures
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from tests.functional import dbs
from tests.functional import test_vnf_lcm as lcm
from tests.functional import test_vnf_packages as pkgs

API = lcm.API


@pytest.mark.parametrize('backend', dbs.backends('sqlite'))
def test_request_waiting_for_sqlite_write_lock_does_not_block_worker(
        make_deployment, tmp_path):
    deployment = make_deployment()  # one API worker
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    holder = sqlite3.connect(sa.engine.make_url(deployment.db_url).database,
                             isolation_level=None)
    results = {}
    try:
        holder.execute('BEGIN IMMEDIATE')
        creating = threading.Thread(target=lambda: results.update(
            create=lcm.new_instance(deployment, vnfd_id, timeout=30)))
        creating.start()
        time.sleep(0.5)  # the create is waiting for the lock by now
        for path in ('/vnflcm/v1/api_versions', API + '/vnf_instances'):
            started = time.monotonic()
            assert deployment.get(path, timeout=5).status_code == 200
            assert time.monotonic() - started < 1, path
        assert creating.is_alive()
    finally:
        holder.execute('COMMIT')
        holder.close()
    creating.join(30)
    assert results['create']
    assert deployment.get('%s/vnf_instances/%s' % (
        API, results['create'])).status_code == 200


def _cycle(deployment, vnfd_id, statuses):
    """create -> instantiate -> terminate -> delete; every status seen and
    the final state of each operation."""
    def call(method, path, **kwargs):
        response = deployment.request(method, path, timeout=60, **kwargs)
        statuses[response.status_code] += 1
        return response

    response = call('POST', API + '/vnf_instances', json={'vnfdId': vnfd_id})
    assert response.status_code == 201, response.text
    url = '%s/vnf_instances/%s' % (API, response.json()['id'])
    ops = []
    for task, body in (('instantiate', lcm.instantiate_body()),
                       ('terminate', {'terminationType': 'FORCEFUL'})):
        response = call('POST', '%s/%s' % (url, task), json=body)
        assert response.status_code == 202, response.text
        ops.append(lcm.wait_op(deployment, response.headers[
            'Location'].rsplit('/', 1)[1], timeout=60)['operationState'])
    assert call('DELETE', url).status_code == 204
    return ops


@pytest.mark.parametrize('backend', dbs.backends('mysql', 'postgresql'))
def test_32_concurrent_lifecycles_without_5xx_or_rollback(make_deployment,
                                                          tmp_path):
    deployment = make_deployment(api_workers=2)
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    statuses = collections.Counter()
    # More cycles than clients: creates of the later ones meet deletes of
    # the first ones (on MariaDB, a create and a delete of instances of
    # one package lock the package row and the instance index in
    # opposite orders).
    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        ops = list(pool.map(lambda _: _cycle(deployment, vnfd_id, statuses),
                            range(48)))
    assert not [status for status in statuses if status >= 500], statuses
    assert {state for pair in ops for state in pair} == {'COMPLETED'}


@pytest.mark.parametrize('backend', dbs.backends('mysql', 'postgresql'))
def test_requests_after_database_connections_were_cut_succeed(
        make_deployment, tmp_path):
    """Pooled connections are not pinged, yet the first requests after the
    server closed them neither fail nor wait."""
    deployment = make_deployment(db_proxy=True)
    vnfd_id = pkgs.onboard(deployment, tmp_path, 'two_flavours')['vnfdId']
    lcm.new_instance(deployment, vnfd_id)
    deployment.db_proxy.stop()
    deployment.db_proxy.start()
    time.sleep(0.2)  # the FINs have arrived
    assert deployment.get(API + '/vnf_instances').status_code == 200
    lcm.new_instance(deployment, vnfd_id)
