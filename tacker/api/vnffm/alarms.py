"""``/vnffm/v1/alarms`` (SOL003 v3.3.1 clause 7.4.2 - 7.4.3): the alarms
the monitoring raised, listed, shown and acknowledged by clients."""
from tacker.api import listing
from tacker.api import wsgi
from tacker.common.context import project_scope
from tacker.common import fm_alarms
from tacker.common import links
from tacker.common import sol013
from tacker.conf import CONF
from tacker.db import alarms as db_alarms

_C = db_alarms.ALARM.c
FILTER_COLUMNS = {
    'id': _C.id, 'managedObjectId': _C.vnf_instance_id,
    'eventType': _C.event_type, 'perceivedSeverity': _C.perceived_severity,
    'probableCause': _C.probable_cause, 'ackState': _C.ack_state,
}
_HANDLE = {'vimConnectionId': None, 'resourceProviderId': None,
           'resourceId': None, 'vimLevelResourceType': None}
# Alarm (7.5.2.4): what filters may name.
ALARM = sol013.Attributes('Alarm', {
    'id': None, 'managedObjectId': None,
    'rootCauseFaultyResource': {'faultyResource': _HANDLE,
                                'faultyResourceType': None},
    'alarmRaisedTime': None, 'alarmChangedTime': None,
    'alarmClearedTime': None, 'alarmAcknowledgedTime': None,
    'ackState': None, 'perceivedSeverity': None, 'eventTime': None,
    'eventType': None, 'faultType': None, 'probableCause': None,
    'isRootCause': None, 'correlatedAlarmIds': [None],
    'faultDetails': [None],
    '_links': {'self': {'href': None}, 'objectInstance': {'href': None}},
})


class AlarmsController:

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        query = listing.ListQuery(req, ALARM, FILTER_COLUMNS,
                                  CONF.vnf_lcm.page_size, db_alarms.ORDER)
        return query.respond(
            db_alarms.list_page,
            lambda alarm: fm_alarms.alarm_view(alarm, base),
            project_scope(req.context))

    @wsgi.responds(200)
    def show(self, req, id):
        return fm_alarms.alarm_view(
            db_alarms.get(req.context, id, project_scope(req.context)),
            links.base_url(req))

    @wsgi.responds(200, 409)
    def update(self, req, id, body):
        """AlarmModifications (7.4.3.3.4): the ackState; 409 when the
        alarm has it already."""
        db_alarms.acknowledge(req.context, id, project_scope(req.context),
                              body['ackState'])
        return {'ackState': body['ackState']}
