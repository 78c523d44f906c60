"""The coordination scripts of a CHANGE_VNFPKG, run out of process."""
import pytest

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.drivers.infra import base
from tacker.drivers.infra import coordination

VNFC = {'id': 'vnfc-1', 'vduId': 'VDU1'}
SCRIPT = 'Scripts/coordinate.py'


def request(tmp_path, script_text, **new_vnfc_param):
    for folder in ('old', 'new'):
        (tmp_path / folder / 'Scripts').mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / SCRIPT).write_text(script_text)
    return base.LcmRequest(
        operation=base.CHANGE_VNFPKG, instance_id='vnf-1',
        flavour={'flavour_id': 'small', 'vdus': {}}, params={},
        package_dir=str(tmp_path / 'old'),
        target_package_dir=str(tmp_path / 'new'),
        grant={'vnfLcmOpOccId': 'op-1',
               '_links': {'vnfLcmOpOcc': {'href': 'http://x/op-1'}}},
        additional_params={
            infra_requirements.COORDINATE_NEW_VNF: SCRIPT,
            infra_requirements.COORDINATE_OLD_VNF: SCRIPT,
            'vdu_params': [{'vdu_id': 'VDU1',
                            'new_vnfc_param': new_vnfc_param,
                            'old_vnfc_param': {'side': 'old'}}]})


ECHO = '''\
import json, os, pickle, sys
param = pickle.load(sys.stdin.buffer)
print('noise on stdout')
with open(os.path.join(os.path.dirname(__file__), 'got'), 'w') as out:
    json.dump(param, out)
os._exit(0)
'''


def test_the_script_gets_its_vnfc_param_pickled(tmp_path):
    coordination.coordinate(request(tmp_path, ECHO, user='u'), VNFC,
                            '10.0.0.9', timeout=30)
    got = (tmp_path / 'new' / 'Scripts' / 'got').read_text()
    assert '"user": "u"' in got and '"ssh_ip": "10.0.0.9"' in got
    assert '"vnfc_info_id": "VDU1-vnfc-1"' in got
    assert '"vnfLcmOpOccId": "op-1"' in got
    assert not (tmp_path / 'old' / 'Scripts' / 'got').exists()


def test_a_rollback_runs_the_old_package_script_with_the_old_param(
        tmp_path):
    coordination.coordinate(request(tmp_path, ECHO), VNFC, None, timeout=30,
                            rollback=True)
    got = (tmp_path / 'old' / 'Scripts' / 'got').read_text()
    assert '"side": "old"' in got and '"is_rollback": true' in got


def test_a_failing_script_fails_naming_its_status_and_stderr(tmp_path):
    script = 'import sys\nsys.stderr.write("VM not ready")\nsys.exit(4)\n'
    with pytest.raises(exceptions.CoordinationFailed) as caught:
        coordination.coordinate(request(tmp_path, script), VNFC, None,
                                timeout=30)
    assert 'exited with status 4' in str(caught.value)
    assert 'VM not ready' in str(caught.value)


def test_a_script_that_hangs_is_killed_at_its_timeout(tmp_path):
    script = 'import time\nwhile True:\n    time.sleep(1)\n'
    with pytest.raises(exceptions.CoordinationFailed) as caught:
        coordination.coordinate(request(tmp_path, script), VNFC, None,
                                timeout=1)
    assert 'timed out after 1 s' in str(caught.value)


def test_no_script_named_runs_nothing(tmp_path):
    plain = request(tmp_path, 'raise SystemExit(1)\n')
    plain.additional_params = {}
    coordination.coordinate(plain, VNFC, None, timeout=30)


# Written as Tacker's sample coordination scripts are: oslo.log,
# paramiko and Tacker's v2 exceptions imported, os._exit at the end.
UPSTREAM_STYLE = '''\
import os
import pickle
import sys

from oslo_log import log as logging
import paramiko

from tacker.sol_refactored.common import exceptions as sol_ex

LOG = logging.getLogger(__name__)


def main():
    vnfc_param = pickle.load(sys.stdin.buffer)
    if vnfc_param.get('ssh_ip') is None:
        raise sol_ex.VMRunningFailed(error_info='no address to reach')
    assert paramiko.SSHClient


if __name__ == '__main__':
    try:
        main()
        os._exit(0)
    except Exception as ex:
        sys.stderr.write(str(ex))
        sys.stderr.flush()
        os._exit(1)
'''


def test_a_script_written_for_tacker_runs_unchanged(tmp_path):
    step = request(tmp_path, UPSTREAM_STYLE)
    coordination.coordinate(step, VNFC, '192.0.2.7', timeout=60)
    with pytest.raises(exceptions.CoordinationFailed) as caught:
        coordination.coordinate(step, VNFC, None, timeout=60)
    assert 'VM is running incorrectly. Reason: no address to reach' in str(
        caught.value)
