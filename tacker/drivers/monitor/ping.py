"""The ping monitor: ICMP echo requests sent by the system's ``ping``
(Debian's iputils-ping).

Parameters, with the defaults of upstream Tacker's legacy ping driver:

- ``count`` (5, 1..20): echo requests per attempt;
- ``interval`` (1, 0.2..10 s): between two requests;
- ``timeout`` (5, 0.1..60 s): how long ping waits for a reply when none
  has come (ping's ``-W``);
- ``retry`` (1, 1..10): attempts.

An attempt succeeds when any request is answered (ping exits 0); the
VDU is alive at the first attempt that succeeds. Each attempt is a ping
process of its own, killed (with its process group) when it outlasts
what its parameters allow.

The address is an IP literal, re-formatted by ``ipaddress`` and given
after ``--``: nothing a VIM returns can become an option of ping. ``-n``
keeps ping from looking up names, which could take any time.
"""
import os
import signal
import subprocess

from oslo_log import log as logging

from tacker.drivers.monitor import base

LOG = logging.getLogger(__name__)

# Seconds allowed for a ping process to start and report, beyond what
# its requests and last wait take.
SLACK = 1
# Characters of ping's output kept in Health.detail.
DETAIL_CHARS = 300
# ping's messages in English, decimals with a dot; nothing else of the
# conductor's environment.
_ENVIRONMENT = {'PATH': os.environ.get('PATH') or os.defpath,
                'LC_ALL': 'C'}


class Ping(base.MonitorDriver):

    name = 'ping'
    SPEC = {
        'count': base.number(1, 20, integral=True),
        'interval': base.number(0.2, 10),
        'timeout': base.number(0.1, 60),
        'retry': base.number(1, 10, integral=True),
    }
    DEFAULTS = {'count': 5, 'interval': 1, 'timeout': 5, 'retry': 1}

    def worst_case(self, parameters):
        return parameters['retry'] * self._attempt_seconds(parameters)

    @staticmethod
    def _attempt_seconds(parameters):
        return ((parameters['count'] - 1) * parameters['interval'] +
                parameters['timeout'] + SLACK)

    def check(self, address, parameters):
        """See MonitorDriver.check.

        :raises OSError: ping cannot be run (not installed).
        """
        ip = base.ip_literal(address)
        parameters = self.parameters(parameters)
        command = ['ping', '-n', '-q', '-%d' % ip.version,
                   '-c', str(parameters['count']),
                   '-i', '%g' % parameters['interval'],
                   '-W', '%g' % parameters['timeout'], '--', str(ip)]
        seconds = self._attempt_seconds(parameters)
        for attempt in range(parameters['retry']):
            alive, detail = _run(command, seconds)
            if alive:
                return base.Health(True, detail)
            LOG.debug('ping %s, attempt %d: %s', ip, attempt + 1, detail)
        return base.Health(False, detail)


def _run(command, seconds):
    """Whether ping got a reply, and the end of its output; ping is
    killed after ``seconds``."""
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, env=_ENVIRONMENT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return False, 'ping gave no result within %g s' % seconds
    lines = output.decode('utf-8', 'replace').strip().splitlines()
    detail = ' '.join(line for line in lines[-2:] if line.strip())
    if process.returncode:
        detail = 'ping exited with status %d: %s' % (process.returncode,
                                                     detail)
    return process.returncode == 0, detail[-DETAIL_CHARS:]
