"""A RabbitMQ node of a test's own, which the test may stop and start:
the shared broker on 5672 serves every other test and is never touched.

The node runs from the packaged scripts (not the Debian wrapper, which
switches to the rabbitmq user) as the test's user, with its name, ports,
data, logs, configuration and Erlang cookie (``HOME``) in a temporary
directory, and no plugins. It registers with the host's epmd like any
node.
"""
import os
import pathlib
import subprocess
import uuid

from tests.functional import deployment as deployment_lib

SCRIPTS = pathlib.Path('/usr/lib/rabbitmq/bin')
# A node that does not answer within this is taken as failed to start.
START_TIMEOUT = 60
# Tries with new ports when the node cannot start: a port picked free may
# be taken by the time Erlang binds it.
START_TRIES = 3


class BrokerFailed(Exception):
    """The private RabbitMQ node did not start or answer."""


class PrivateBroker:
    """One RabbitMQ node on 127.0.0.1:``port``, in ``workdir``."""

    def __init__(self, workdir):
        self.workdir = pathlib.Path(workdir)
        self.node = 'tacker-test-%s@localhost' % uuid.uuid4().hex[:8]
        self.port = None
        self._process = None

    @property
    def url(self):
        return 'rabbit://guest:guest@127.0.0.1:%d/' % self.port

    def _env(self):
        base = self.workdir
        return dict(
            os.environ, HOME=str(base),
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_IP_ADDRESS='127.0.0.1',
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.dist_port),
            RABBITMQ_MNESIA_BASE=str(base / 'mnesia'),
            RABBITMQ_LOG_BASE=str(base / 'log'),
            RABBITMQ_PID_FILE=str(base / 'rabbitmq.pid'),
            RABBITMQ_CONFIG_FILE=str(base / 'rabbitmq.conf'),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(base / 'enabled_plugins'),
            # Not the host's rabbitmq-env.conf: it names the shared node.
            RABBITMQ_CONF_ENV_FILE=str(base / 'rabbitmq-env.conf'),
            ERL_EPMD_ADDRESS='127.0.0.1')

    def ctl(self, *args, timeout=START_TIMEOUT):
        """rabbitmqctl on this node only."""
        result = subprocess.run(
            [str(SCRIPTS / 'rabbitmqctl'), '-q', '-n', self.node, *args],
            capture_output=True, text=True, env=self._env(),
            timeout=timeout)
        if result.returncode:
            raise BrokerFailed('rabbitmqctl %s: %s%s' % (
                ' '.join(args), result.stdout, result.stderr))
        return result.stdout

    def start(self):
        """Start the node and wait until it takes connections.

        :raises BrokerFailed: it did not start in START_TRIES tries.
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / 'rabbitmq.conf').write_text('')
        (self.workdir / 'enabled_plugins').write_text('[].\n')
        (self.workdir / 'rabbitmq-env.conf').write_text('')
        error = None
        for _ in range(START_TRIES):
            self.port = deployment_lib.free_port()
            self.dist_port = deployment_lib.free_port()
            log = open(self.workdir / 'server.log', 'ab')
            self._process = subprocess.Popen(
                [str(SCRIPTS / 'rabbitmq-server')], env=self._env(),
                stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
            log.close()
            try:
                self.ctl('wait', str(self.workdir / 'rabbitmq.pid'),
                         '--timeout', str(START_TIMEOUT),
                         timeout=START_TIMEOUT + 10)
                return self
            except (BrokerFailed, subprocess.TimeoutExpired) as failure:
                error = failure
                self.stop()
        raise BrokerFailed('private RabbitMQ node %s did not start: %s' % (
            self.node, error))

    def stop_app(self):
        """Stop RabbitMQ in the node: every connection is closed, new
        ones are refused, as in a broker restart."""
        self.ctl('stop_app')

    def start_app(self):
        self.ctl('start_app')

    def stop(self):
        """Kill the node (its process group, which this object started)."""
        process, self._process = self._process, None
        if process is not None:
            deployment_lib.kill_group(process)
