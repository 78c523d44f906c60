"""The http_ping monitor: ``GET http://<address>:<port><path>``.

Parameters, with the defaults of upstream Tacker's legacy http_ping
driver (which had no ``path`` and asked for ``/``):

- ``port`` (80, 1..65535);
- ``path`` ('/'): absolute, printable, without spaces;
- ``timeout`` (1, 0.1..60 s): each attempt's total deadline, connect
  and answer included;
- ``retry`` (5, 1..10): attempts.

An attempt succeeds when the VDU answers with a status below 400: the
rule of upstream's driver (urllib's urlopen, for which an error status
is a failure), except that a redirect is not followed (any outbound call
of Tacker's is not) but taken as the answer. No connection, no answer
within the timeout or a 4xx/5xx status fail the attempt; the VDU is
alive at the first attempt that succeeds. The body is not read.

The call goes through ``tacker.common.outbound`` with a policy that
permits exactly the VDU's address: management addresses are the VIM's,
usually private, which the client-facing outbound policy denies.
"""
from oslo_log import log as logging

from tacker.common import outbound
from tacker.drivers.monitor import base

LOG = logging.getLogger(__name__)

# Seconds beyond the attempts' deadlines, for the client's own work.
SLACK = 1
# Statuses from this one up fail an attempt.
FAILURE_STATUS = 400


def _path(value):
    if not isinstance(value, str) or not value.startswith('/') or \
            not value.isprintable() or ' ' in value or len(value) > 1024:
        raise ValueError('must be an absolute path of at most 1024 '
                         'printable characters, without spaces')
    return value


class HttpPing(base.MonitorDriver):

    name = 'http_ping'
    SPEC = {
        'port': base.number(1, 65535, integral=True),
        'path': _path,
        'timeout': base.number(0.1, 60),
        'retry': base.number(1, 10, integral=True),
    }
    DEFAULTS = {'port': 80, 'path': '/', 'timeout': 1, 'retry': 5}

    def worst_case(self, parameters):
        return parameters['retry'] * parameters['timeout'] + SLACK

    def check(self, address, parameters):
        ip = base.ip_literal(address)
        parameters = self.parameters(parameters)
        host = '[%s]' % ip if ip.version == 6 else str(ip)
        uri = 'http://%s:%d%s' % (host, parameters['port'],
                                  parameters['path'])
        try:
            # An IP literal resolves to itself; only an IPv6 zone naming
            # no interface here fails.
            policy = outbound.AddressPolicy.exactly([uri])
        except outbound.OutboundError as exc:
            return base.Health(False, 'GET %s: %s' % (uri, exc.detail))
        client = outbound.Client(self.conf, parameters['timeout'],
                                 policy=policy)
        for attempt in range(parameters['retry']):
            alive, detail = _get(client, uri)
            if alive:
                return base.Health(True, detail)
            LOG.debug('GET %s, attempt %d: %s', uri, attempt + 1, detail)
        return base.Health(False, detail)


def _get(client, uri):
    """Whether ``uri`` answered with a status below FAILURE_STATUS, and
    how it answered."""
    try:
        with client.request('GET', uri) as answer:
            status = answer.status_code
    except outbound.OutboundError as exc:
        return False, 'GET %s: %s' % (uri, exc.detail)
    return status < FAILURE_STATUS, 'GET %s answered %d' % (uri, status)
