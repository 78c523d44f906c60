"""Keeping instantiatedVnfInfo true to the VIM between operations.

Some VIMs change a VNF on their own: a Kubernetes cluster replaces a Pod
that died, and the new Pod has a new name. Every ``sync_interval``
seconds one conductor (the live one whose host name sorts first) asks
the infra driver of each INSTANTIATED instance that no operation holds
what the VNF looks like now (``InfraDriver.reconcile``) and records it,
unless an operation took the instance or changed it meanwhile
(``db.instances.record_observed_info``). Only drivers that implement
``reconcile`` are asked.
"""
from oslo_log import log as logging

from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.drivers import infra

LOG = logging.getLogger(__name__)

# Instances read at a time.
PAGE_SIZE = 100


class Reconciler:

    def __init__(self, conf, host, lcm):
        self.conf = conf
        self.host = host
        self.lcm = lcm

    def leads(self, context):
        """Whether this conductor is the one that reconciles now: the
        live conductor whose host name sorts first. While conductors
        start or die two may both think so for a moment; each write is
        conditional, so that costs reads, never a lost change."""
        live = db_api.list_live_conductors(context,
                                           self.conf.service_down_time)
        return bool(live) and live[0]['hostname'] == self.host

    def run(self, context):
        """Reconcile every instance, if this conductor leads; returns how
        many instances got a new instantiatedVnfInfo."""
        if not self.leads(context):
            return 0
        changed, marker = 0, None
        while True:
            page, marker = db_instances.settled_page(context, marker,
                                                     PAGE_SIZE)
            for instance in page:
                try:
                    changed += self._reconcile(context, instance)
                except Exception:
                    # An unreachable VIM or a broken package must not
                    # stop the others; the next pass tries again.
                    LOG.exception('Reconciling VNF instance %s failed',
                                  instance['id'])
            if marker is None:
                return changed

    def _reconcile(self, context, instance):
        vim_type = _vim_type(instance)
        if vim_type is None or not infra.reconciles(
                infra.load(vim_type, self.conf)):
            return False
        step = self.lcm.observation(context, instance)
        info = step.driver.reconcile(step.request)
        if info is None or info == instance['instantiated_vnf_info']:
            return False
        recorded = db_instances.record_observed_info(context, instance, info)
        if recorded:
            LOG.info('VNF instance %s changed on its VIM: recorded',
                     instance['id'])
        return recorded


def _vim_type(instance):
    """The vimType of the instance's first VIM, as INSTANTIATE stored it
    (a list of VimConnectionInfo, or a map of them); None without one."""
    entries = instance['vim_connection_info'] or []
    if isinstance(entries, dict):
        entries = list(entries.values())
    first = entries[0] if entries else None
    return first.get('vimType') if isinstance(first, dict) else None
