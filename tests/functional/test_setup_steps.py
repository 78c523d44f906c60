"""A failed set-up step of the functional tests (rabbitmqctl, the
tacker-db-manage of a deployment) says why: its stderr is in the error,
not only its exit status."""
import uuid

import pytest

from tests.functional import deployment


def test_a_failed_rabbitmqctl_step_shows_its_stderr():
    vhost = 'tacker-test-missing-%s' % uuid.uuid4().hex[:12]
    with pytest.raises(deployment.StepFailed) as caught:
        deployment.rabbitmqctl('delete_vhost', vhost)
    assert "Virtual host '%s' does not exist" % vhost in str(caught.value)


def test_a_failed_tool_run_shows_its_stderr(tmp_path):
    config = tmp_path / 'tacker.conf'
    config.write_text('[database]\nconnection = nosuchdb://\n')
    with pytest.raises(deployment.StepFailed) as caught:
        deployment.run_step([str(deployment.BIN_DIR / 'tacker-db-manage'),
                             '--config-file', str(config), 'current'])
    assert 'nosuchdb' in str(caught.value)
