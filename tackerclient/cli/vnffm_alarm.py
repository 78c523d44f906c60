"""``vnffm alarm ...``: SOL003 v3.3.1 alarms (clause 7.4.2-7.4.3), raised
by the monitoring and acknowledged by users; API version 2 only, as in
python-tackerclient."""
from tackerclient.cli import common

LABELS = {
    'id': 'ID',
    'managedObjectId': 'Managed Object Id',
    'ackState': 'Ack State',
    'perceivedSeverity': 'Perceived Severity',
    'eventType': 'Event Type',
    'probableCause': 'Probable Cause',
    'vnfcInstanceIds': 'Vnfc Instance Ids',
    'rootCauseFaultyResource': 'Root Cause Faulty Resource',
    'alarmRaisedTime': 'Alarm Raised Time',
    'alarmChangedTime': 'Alarm Changed Time',
    'alarmClearedTime': 'Alarm Cleared Time',
    'alarmAcknowledgedTime': 'Alarm Acknowledged Time',
    'eventTime': 'Event Time',
    'faultType': 'Fault Type',
    'isRootCause': 'Is Root Cause',
    'correlatedAlarmIds': 'Correlated Alarm Ids',
    'faultDetails': 'Fault Details',
    '_links': 'Links',
}
ACK_STATES = ('ACKNOWLEDGED', 'UNACKNOWLEDGED')


def _alarm_argument(parser, action):
    parser.add_argument('vnf_fm_alarm_id', metavar='<vnf-fm-alarm-id>',
                        help='VNF FM alarm ID to %s' % action)


class ListVnfFmAlarm(common.ListCommand):
    """List VNF FM alarms (API version 2)."""

    columns = tuple((key, LABELS[key]) for key in (
        'id', 'managedObjectId', 'ackState', 'eventType',
        'perceivedSeverity', 'probableCause'))
    labels = LABELS
    attribute_selectors = False
    filter_example = ('(eq,managedObjectId,<vnf-instance-id>);'
                      '(neq,ackState,ACKNOWLEDGED)')

    def fetch(self, parsed_args, selectors):
        return common.client(self).fm_alarms.list(**selectors)


class ShowVnfFmAlarm(common.ShowCommand):
    """Show a VNF FM alarm (API version 2)."""

    labels = LABELS
    every_label = True

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _alarm_argument(parser, 'show')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).fm_alarms.show(
            parsed_args.vnf_fm_alarm_id))


class UpdateVnfFmAlarm(common.ShowCommand):
    """Acknowledge a VNF FM alarm, or take the acknowledgement back (API
    version 2).

    Shows the new Ack State; setting the state the alarm has already
    fails (409).
    """

    labels = {'ackState': LABELS['ackState']}

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _alarm_argument(parser, 'update')
        parser.add_argument('--ack-state', metavar='<ack-state>',
                            required=True, choices=ACK_STATES,
                            help=' or '.join(ACK_STATES))
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).fm_alarms.update(
            parsed_args.vnf_fm_alarm_id, parsed_args.ack_state))
