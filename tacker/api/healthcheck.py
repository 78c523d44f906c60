"""``GET /healthcheck``: the operators' probe (no authentication).

200 when the database answers and at least one conductor heartbeats
within ``service_down_time``; 503 with the same JSON otherwise. With
``?rpc=true`` it also makes a round trip through the broker to a
conductor, which proves the whole API -> RabbitMQ -> conductor path.

Conductor host names are shown only to an authenticated caller (a valid
token; with noauth, a caller on this host): others learn the status, not
the deployment's layout.
"""
from oslo_log import log as logging

from tacker.api import auth
from tacker.api import validation
from tacker.api import wsgi
from tacker.common import context as tacker_context
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api

LOG = logging.getLogger(__name__)

RPC_PING_TIMEOUT = 5
# The query parameters GET /healthcheck takes.
PARAMS = ('rpc',)


class HealthcheckController:

    @wsgi.responds(200, 503)
    @tacker_context.unscoped
    def show(self, req):
        healthy = True
        report = {}
        try:
            db_api.check_connection(req.context)
            conductors = db_api.list_live_conductors(
                req.context, CONF.service_down_time)
            report['database'] = {'status': 'OK'}
        except Exception as error:
            LOG.warning('Healthcheck: database unreachable: %s', error)
            conductors = []
            healthy = False
            report['database'] = {'status': 'ERROR',
                                  'detail': type(error).__name__}
        shown = auth.is_authenticated(req, CONF)
        report['conductors'] = [
            {'host': c['hostname'],
             'startedAt': wsgi.date_time(c['started_at'], 'auto'),
             'lastHeartbeat': wsgi.date_time(c['heartbeat_at'], 'auto')}
            if shown else
            {'lastHeartbeat': wsgi.date_time(c['heartbeat_at'], 'auto')}
            for c in conductors]
        healthy = healthy and bool(conductors)
        if validation.query_bool(req, 'rpc'):
            report['rpc'] = self._check_rpc(req.context)
            if not shown:
                report['rpc'].pop('host', None)
            healthy = healthy and report['rpc']['status'] == 'OK'
        report['status'] = 'OK' if healthy else 'UNAVAILABLE'
        return wsgi.Result(report, status=200 if healthy else 503)

    def _check_rpc(self, context):
        try:
            reply = rpcapi.conductor_api().ping(context,
                                                timeout=RPC_PING_TIMEOUT)
        except Exception as error:
            LOG.warning('Healthcheck: RPC ping failed: %s', error)
            return {'status': 'ERROR', 'detail': type(error).__name__}
        return {'status': 'OK', 'host': reply['host']}
