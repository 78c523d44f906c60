"""Automatic operations (auto-heal, auto-scale): what alerts asked for,
started once due and once their instance is free.

Every ``[prometheus_plugin] automatic_interval`` seconds each conductor
looks at the due requests (``tacker.db.automatic``), per instance
oldest first. An instance an operation holds keeps its requests for a
later pass: an automatic operation waits behind a client's, it is never
refused. Otherwise the policy driver of the oldest request decides the
operation that serves its policy's requests (``tacker.drivers.policy``),
which starts as a client's request would, marked isAutomaticInvocation,
in one transaction with the removal of the requests it serves. Two
conductors racing for the same requests cannot both start: the one
whose removal finds them gone undoes its start.
"""
from oslo_log import log as logging

from tacker.common import exceptions
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.common import states
from tacker.conductor import rpcapi
from tacker.db import automatic as db_automatic
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_ops
from tacker.db import outbox
from tacker.drivers import policy as policy_drivers

LOG = logging.getLogger(__name__)


class AutomaticOperations:

    def __init__(self, conf):
        self.conf = conf

    def run(self, context):
        """Start what the due requests ask for; how many operations
        started."""
        by_instance = {}
        for request in db_automatic.due(context):
            by_instance.setdefault(request['vnf_instance_id'],
                                   []).append(request)
        started = 0
        for instance_id, requests in by_instance.items():
            try:
                started += self._serve(context, instance_id, requests)
            except Exception:
                LOG.exception('Automatic operation on VNF instance %s '
                              'failed to start', instance_id)
        return started

    def _serve(self, context, instance_id, requests):
        try:
            instance = db_instances.get(context, instance_id)
        except exceptions.VnfInstanceNotFound:
            return 0  # Its requests went with it.
        if instance['locked_by_op']:
            return 0
        policy = requests[0]['policy']
        batch = [request for request in requests
                 if request['policy'] == policy]
        if instance['instantiation_state'] != states.INSTANTIATED:
            LOG.warning('VNF instance %s is %s: its %s requests are '
                        'dropped', instance_id,
                        instance['instantiation_state'], policy)
            db_automatic.discard(context, [r['id'] for r in batch])
            return 0
        decision = policy_drivers.load(policy, self.conf).decide(instance,
                                                                 batch)
        if decision.operation is None:
            db_automatic.discard(context, decision.served)
            return 0
        base = links.base_url()

        def on_change(session, op, locked):
            db_automatic.take(session, decision.served)
            outbox.add(session, lcm_notifications.op_changed(op, locked,
                                                             base))
        try:
            op = db_ops.start(context, instance_id, None, decision.operation,
                              decision.params, on_change, automatic=True)
        except (exceptions.InstanceBusy, exceptions.AutomaticRequestTaken):
            return 0  # A client or another conductor came first.
        except exceptions.InstanceStateConflict:
            db_automatic.discard(context, decision.served)
            return 0  # Terminated meanwhile.
        LOG.info('Automatic %s %s of VNF instance %s (policy %s)',
                 decision.operation, op['id'], instance_id, policy)
        try:
            rpcapi.conductor_api().start_lcm_op(context, op['id'])
        except Exception:
            # Left STARTING and unclaimed: recovery sends it again.
            LOG.exception('Could not hand operation %s to a conductor',
                          op['id'])
        return 1
