"""``vnflcm op ...``: SOL003 VNF LCM operation occurrences."""
from tackerclient.cli import common

LABELS = {
    'id': 'ID',
    'operationState': 'Operation State',
    'stateEnteredTime': 'State Entered Time',
    'startTime': 'Start Time',
    'vnfInstanceId': 'VNF Instance ID',
    'grantId': 'Grant ID',
    'operation': 'Operation',
    'isAutomaticInvocation': 'Is Automatic Invocation',
    'operationParams': 'Operation Parameters',
    'isCancelPending': 'Is Cancel Pending',
    'cancelMode': 'Cancel Mode',
    'error': 'Error',
    'resourceChanges': 'Resource Changes',
    'changedInfo': 'Changed Info',
    'changedExtConnectivity': 'Changed External Connectivity',
    '_links': 'Links',
}


def _op_argument(parser, action):
    parser.add_argument('vnf_lcm_op_occ_id', metavar='<vnf-lcm-op-occ-id>',
                        help='VNF lifecycle management operation occurrence '
                             'ID to %s' % action)


class ListVnfLcmOp(common.ListCommand):
    """List LCM operation occurrences."""

    columns = (('id', 'ID'), ('operationState', 'Operation State'),
               ('vnfInstanceId', 'VNF Instance ID'),
               ('operation', 'Operation'))
    labels = LABELS
    resource = 'the operation occurrence list'

    def fetch(self, parsed_args, selectors):
        return common.client(self).op_occs.list(**selectors)


class ShowVnfLcmOp(common.ShowCommand):
    """Show an LCM operation occurrence."""

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _op_argument(parser, 'show')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).op_occs.show(
            parsed_args.vnf_lcm_op_occ_id))


class _Recovery(common.ShowCommand):
    """Acts on an occurrence that the server then works on; shows the
    occurrence, with --wait once it rests again."""

    labels = LABELS
    action = None
    # The state that --wait counts as success.
    success = 'COMPLETED'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _op_argument(parser, self.action)
        self.add_arguments(parser)
        common.add_wait_arguments(parser, 'the operation occurrence')
        return parser

    def add_arguments(self, parser):
        pass

    def request(self, op_occs, parsed_args):
        raise NotImplementedError

    def take_action(self, parsed_args):
        op_occs = common.client(self).op_occs
        op_id = parsed_args.vnf_lcm_op_occ_id
        # Its current state ends before the action's result can show.
        before = op_occs.show(op_id)['stateEnteredTime'] \
            if parsed_args.wait else None
        self.request(op_occs, parsed_args)
        common.note(self, '%s request for LCM operation %s has been '
                          'accepted.' % (self.action.capitalize(), op_id))
        if parsed_args.wait:
            op = common.wait_for_op(self, parsed_args, op_id, after=before,
                                    success=self.success)
        else:
            op = op_occs.show(op_id)
        return self.show(op)


class RetryVnfLcmOp(_Recovery):
    """Retry an LCM operation occurrence that is FAILED_TEMP."""

    action = 'retry'

    def request(self, op_occs, parsed_args):
        op_occs.retry(parsed_args.vnf_lcm_op_occ_id)


class RollbackVnfLcmOp(_Recovery):
    """Roll back an LCM operation occurrence that is FAILED_TEMP.

    Only INSTANTIATE and SCALE_OUT can be rolled back.
    """

    action = 'rollback'
    success = 'ROLLED_BACK'

    def request(self, op_occs, parsed_args):
        op_occs.rollback(parsed_args.vnf_lcm_op_occ_id)


class CancelVnfLcmOp(_Recovery):
    """Cancel an LCM operation occurrence in progress.

    An occurrence STARTING, PROCESSING or ROLLING_BACK can be cancelled;
    it then rests FAILED_TEMP, to be retried, rolled back or failed.
    """

    action = 'cancel'
    success = 'FAILED_TEMP'

    def add_arguments(self, parser):
        parser.add_argument(
            '--cancel-mode', metavar='<cancel-mode>',
            choices=('GRACEFUL', 'FORCEFUL'), default='GRACEFUL',
            help='GRACEFUL (let the current resource step finish; the '
                 'default) or FORCEFUL (stop at once)')

    def request(self, op_occs, parsed_args):
        op_occs.cancel(parsed_args.vnf_lcm_op_occ_id,
                       parsed_args.cancel_mode)


class FailVnfLcmOp(common.ShowCommand):
    """Mark an LCM operation occurrence that is FAILED_TEMP as FAILED.

    FAILED is final: the occurrence can no longer be retried or rolled
    back.
    """

    labels = LABELS

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _op_argument(parser, 'fail')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).op_occs.fail(
            parsed_args.vnf_lcm_op_occ_id))
