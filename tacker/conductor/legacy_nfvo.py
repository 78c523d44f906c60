"""The legacy NFVO (/v1.0/nss) in the conductor: an NS is the VNFs of
its NSD's VNF nodes on one VIM.

PENDING_CREATE: for each VNF node (in name order) a legacy VNF is made,
in one transaction with its place in the NS's ``vnf_ids`` (a VNF made
before a crash is found there, never made twice): of the node's VNFD,
as an inline VNFD whose VLs mapped by the node's virtualLinkN
requirements are on the NSD's VLs' networks (``legacy_nsd``), with the
node's ``param_values``. Each VNF's task runs here
(``LegacyVnfm.run``; one another conductor took is waited for). All
ACTIVE: the NS is ACTIVE. One in ERROR: what was made is deleted (a
failure half-way rolls back) and the NS is in ERROR with its reason.

PENDING_DELETE: its VNFs deleted, then the NS.
"""
import copy
import time

from oslo_log import log as logging
import yaml

from tacker.common import exceptions
from tacker.common import legacy_nsd
from tacker.common import legacy_vnfd
from tacker.common import safe_yaml
from tacker.common import states
from tacker.conductor import rpcapi
from tacker.db import api as db_api
from tacker.db import legacy_nsds as db_nsds
from tacker.db import legacy_nss as db_nss
from tacker.db import legacy_vnfds as db_vnfds
from tacker.db import legacy_vnfs as db_vnfs

LOG = logging.getLogger(__name__)
# Seconds between two looks at VNFs another conductor runs.
_POLL = 0.5
_MAX_DEPTH = 20


class LegacyNfvo:

    def __init__(self, conf, host, vnfm):
        self.conf = conf
        self.host = host
        self.vnfm = vnfm
        self._tasks = {states.LEGACY_PENDING_CREATE: self._create,
                       states.LEGACY_PENDING_DELETE: self._delete}

    def _live_hosts(self, context):
        return db_api.live_hostnames(context, self.conf.service_down_time)

    def run(self, context, ns_id):
        """Run the NS's task if nobody alive runs it."""
        ns = db_nss.claim(context, ns_id, self.host,
                          self._live_hosts(context))
        if ns is None:
            return
        LOG.info('Legacy NS %s: %s', ns_id, ns['status'])
        try:
            self._tasks[ns['status']](context, ns)
        except Exception as exc:
            reason = getattr(exc, 'detail', None) or '%s: %s' % (
                type(exc).__name__, exc)
            LOG.warning('Legacy NS %s: %s failed: %s', ns_id, ns['status'],
                        reason)
            db_nss.finish(context, ns_id, self.host, states.LEGACY_ERROR,
                          'UPDATE', reason, error_reason=reason)

    def release(self, context):
        db_nss.release(context, self.host)

    def sweep(self, context):
        """Hand the tasks nobody alive runs to the conductors again."""
        for ns_id in db_nss.orphaned(context, self._live_hosts(context)):
            rpcapi.conductor_api().run_legacy_ns_task(context, ns_id)

    def _vnf_requests(self, context, ns):
        """{node: (VNF values, inline VNFD text)} of the NS's VNFs."""
        nsd_row = db_nsds.get(context, ns['nsd_id'])
        nsd = legacy_nsd.parse(nsd_row['template'])
        params = safe_yaml.load((ns['attributes'] or {}).get(
            'param_values') or '{}', _MAX_DEPTH) or {}
        networks = legacy_nsd.networks(nsd, params.get('nsd') or {})
        requests = {}
        for name in sorted(nsd.vnfs):
            vnfd_row = db_vnfds.get(context, nsd_row['vnfds'][name])
            vnf_params = params.get(name) or {}
            raw = safe_yaml.load(vnfd_row['template'], _MAX_DEPTH)
            vnfd = legacy_vnfd.parse(raw, vnf_params)
            template = legacy_nsd.vnf_template(copy.deepcopy(raw), vnfd,
                                               nsd.vnfs[name], networks)
            requests[name] = ({
                'project_id': ns['project_id'],
                'name': '%s-%s' % (ns['name'], name),
                'description': 'VNF %s of NS %s' % (name, ns['id']),
                'vim_id': ns['vim_id'], 'placement_attr': {},
                'attributes': ({'param_values': yaml.safe_dump(vnf_params)}
                               if vnf_params else {}),
                'monitoring': legacy_vnfd.monitoring_policies(vnfd)},
                template)
        return requests

    def _wait(self, context, vnf_ids):
        """The VNFs once none of them has a task (gone ones left out)."""
        deadline = time.monotonic() + (
            self.conf.openstack_vim.stack_retries *
            self.conf.openstack_vim.stack_retry_wait)
        while True:
            vnfs = {}
            for node, vnf_id in vnf_ids.items():
                try:
                    vnfs[node] = db_vnfs.get(context, vnf_id)
                except exceptions.LegacyVnfNotFound:
                    continue
            if not any(vnf['status'] in states.LEGACY_PENDING
                       for vnf in vnfs.values()):
                return vnfs
            if time.monotonic() > deadline:
                raise exceptions.LegacyNsTimedOut(id=vnf_ids)
            time.sleep(_POLL)

    def _run_all(self, context, vnf_ids):
        for vnf_id in vnf_ids.values():
            self.vnfm.run(context, vnf_id)
        return self._wait(context, vnf_ids)

    def _create(self, context, ns):
        vnf_ids = dict(ns['vnf_ids'] or {})
        for node, (values, template) in self._vnf_requests(
                context, ns).items():
            if node in vnf_ids:
                continue
            vnf = db_nss.add_vnf(context, ns['id'], self.host, node, values,
                                 yaml.safe_dump(template))
            if vnf is None:
                return  # Another conductor runs the task now.
            vnf_ids[node] = vnf['id']
        vnfs = self._run_all(context, vnf_ids)
        failed = {node: vnf for node, vnf in vnfs.items()
                  if vnf['status'] != states.LEGACY_ACTIVE}
        if failed or len(vnfs) != len(vnf_ids):
            reason = '; '.join('VNF %s (%s): %s' % (
                node, vnf['id'], vnf['error_reason'])
                for node, vnf in sorted(failed.items())) or \
                'a VNF of the NS was deleted'
            self._delete_vnfs(context, vnf_ids)
            db_nss.finish(context, ns['id'], self.host, states.LEGACY_ERROR,
                          'CREATE', reason, error_reason=reason)
            return
        db_nss.finish(context, ns['id'], self.host, states.LEGACY_ACTIVE,
                      'CREATE', vnf_ids=vnf_ids, error_reason=None,
                      mgmt_ip_addresses={
                          node: vnf['mgmt_ip_address']
                          for node, vnf in vnfs.items()})

    def _delete_vnfs(self, context, vnf_ids):
        """Delete the VNFs (those ACTIVE or in ERROR), and wait until
        they are gone."""
        for vnf_id in vnf_ids.values():
            try:
                db_vnfs.start_task(context, vnf_id, None,
                                   states.LEGACY_PENDING_DELETE, 'DELETE')
            except (exceptions.LegacyVnfNotFound, exceptions.LegacyVnfBusy):
                continue
        left = self._run_all(context, vnf_ids)
        if left:
            raise exceptions.LegacyNsVnfsLeft(vnfs=', '.join(
                '%s (%s)' % (vnf['id'], vnf['status'])
                for vnf in left.values()))

    def _delete(self, context, ns):
        self._delete_vnfs(context, ns['vnf_ids'] or {})
        db_nss.remove(context, ns['id'], self.host)
