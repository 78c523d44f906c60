"""The legacy VNFM (/v1.0/vnfs) in the conductor: the tasks of VNFs made
from legacy VNFDs, run on Heat.

A task is a VNF's PENDING_* status (``states.LEGACY_VNF``), written by
the API. The conductor that claims it (``legacy_vnfs.claim``) runs it to
ACTIVE, or ERROR with ``error_reason``; a task whose conductor died is
claimed by another (``sweep``) and runs again from the start: each step
looks at what the VIM has (the stack is found by its name) before it
acts, so running twice does what running once does.

- PENDING_CREATE: the VNFD (with the VNF's param_values) translated to
  HOT (``tacker.common.legacy_vnfd``), the stack created, the management
  addresses of its VDUs read from its ``mgmt_ip-<VDU>`` outputs, then
  each VDU's config applied by its management driver.
- PENDING_UPDATE: the new config applied.
- PENDING_SCALE_OUT / _IN: the scaling group of the policy resized to
  the size the API computed from its increment and bounds (a stack
  update of the group's desired_capacity: no signals).
- PENDING_HEAL: the stack replaced by a new one (respawn).
- PENDING_DELETE: the stack deleted, then the VNF.
"""
import threading

import yaml

from oslo_log import log as logging

from tacker.common import exceptions
from tacker.common import legacy_vnfd
from tacker.common import safe_yaml
from tacker.common import states
from tacker.common import vim_secrets
from tacker.conductor import rpcapi
from tacker.conductor import vims
from tacker.db import api as db_api
from tacker.db import legacy_vnfds as db_vnfds
from tacker.db import legacy_vnfs as db_vnfs
from tacker.db import vims as db_vims
from tacker.drivers.infra.openstack import heat
from tacker.drivers import mgmt
from tacker.drivers import monitor
from tacker.drivers import policy as policy_drivers

LOG = logging.getLogger(__name__)
MGMT_OUTPUT = 'mgmt_ip-'
# The mgmt driver of a VDU that names none.
DEFAULT_MGMT_DRIVER = 'noop'
_MAX_DEPTH = 20


def stack_name(vnf_id):
    return 'legacy-vnf-%s' % vnf_id


def _param_values(vnf):
    return _yaml((vnf['attributes'] or {}).get('param_values'))


def _yaml(text):
    return safe_yaml.load(text, _MAX_DEPTH) if text else {}


def vdu_configs(vnfd, vnf_config):
    """{VDU: config text} of a VNF: each VDU's ``config`` property, or
    what the VNF's ``attributes.config`` (YAML ``{vdus: {VDU: {config:
    ...}}}``, Tacker's layout) gives it instead."""
    configs = {name: vdu.config for name, vdu in vnfd.vdus.items()}
    overrides = (_yaml(vnf_config).get('vdus') or {}) if vnf_config else {}
    for name, override in overrides.items():
        if name not in configs or not isinstance(override, dict):
            raise ValueError('attributes.config names no VDU %s of the VNFD'
                             % name)
        config = override.get('config')
        configs[name] = config if isinstance(config, str) or config is None \
            else yaml.safe_dump(config, default_flow_style=False)
    return configs


def mgmt_addresses(outputs):
    """{VDU: address (or list of addresses of a scaled VDU)} of a
    stack's ``mgmt_ip-<VDU>`` outputs."""
    return {key[len(MGMT_OUTPUT):]: value for key, value in outputs.items()
            if key.startswith(MGMT_OUTPUT) and value is not None}


class LegacyVnfm:

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self._tasks = {
            states.LEGACY_PENDING_CREATE: self._create,
            states.LEGACY_PENDING_UPDATE: self._update,
            states.LEGACY_PENDING_SCALE_OUT: self._scale,
            states.LEGACY_PENDING_SCALE_IN: self._scale,
            states.LEGACY_PENDING_HEAL: self._respawn,
            states.LEGACY_PENDING_DELETE: self._delete,
        }

    def _live_hosts(self, context):
        return db_api.live_hostnames(context, self.conf.service_down_time)

    def run(self, context, vnf_id):
        """Run the VNF's task if nobody alive runs it."""
        vnf = db_vnfs.claim(context, vnf_id, self.host,
                            self._live_hosts(context))
        if vnf is None:
            return
        LOG.info('Legacy VNF %s: %s', vnf_id, vnf['status'])
        try:
            self._tasks[vnf['status']](context, vnf)
        except Exception as exc:
            reason = getattr(exc, 'detail', None) or '%s: %s' % (
                type(exc).__name__, exc)
            if not isinstance(exc, exceptions.TackerException):
                LOG.exception('Legacy VNF %s: %s failed', vnf_id,
                              vnf['status'])
            else:
                LOG.warning('Legacy VNF %s: %s failed: %s', vnf_id,
                            vnf['status'], reason)
            db_vnfs.finish(context, vnf_id, self.host,
                           states.LEGACY_ERROR, 'UPDATE', reason,
                           error_reason=reason)

    def release(self, context):
        """At start: the tasks this host ran before are run by nobody."""
        db_vnfs.release(context, self.host)

    def sweep(self, context):
        """Hand the tasks nobody alive runs (a lost cast, a dead
        conductor) to the conductors again."""
        for vnf_id in db_vnfs.orphaned(context, self._live_hosts(context)):
            rpcapi.conductor_api().run_legacy_vnf_task(context, vnf_id)

    # What a task works on.

    def _stacks(self, context, vnf):
        vim = db_vims.get(context, vnf['vim_id'])
        connection = vims.connection_info(self.conf, vim)
        region = (vnf['placement_attr'] or {}).get('region_name')
        if region:
            connection = dict(connection, accessInfo=dict(
                connection.get('accessInfo') or {}, region=region))
        # Nothing cancels a legacy task: its waits run their course.
        return heat.HeatStacks(connection, self.conf, threading.Event())

    def vnfd_of(self, context, vnf):
        """(parsed VNFD, param_values) of a VNF."""
        template = db_vnfds.get(context, vnf['vnfd_id'])['template']
        params = _param_values(vnf)
        return legacy_vnfd.parse(template, params), params

    def _templates(self, context, vnf):
        """(VNFD, HOT main template, files as Heat takes them: texts) of
        the VNF, its scaling groups at the sizes its scale tasks left
        them."""
        vnfd, params = self.vnfd_of(context, vnf)
        main, files = legacy_vnfd.to_hot(vnfd, params)
        for policy, size in ((vnf['attributes'] or {}).get(
                'scale_sizes') or {}).items():
            main['resources'][policy]['properties'][
                'desired_capacity'] = size
        return vnfd, main, {name: yaml.safe_dump(template)
                            for name, template in files.items()}

    def _deploy(self, context, vnf, stacks):
        """Create the stack unless it is there; its id and management
        addresses."""
        _, main, files = self._templates(context, vnf)
        name = stack_name(vnf['id'])
        found = stacks.find(name)
        if found is None:
            stack_id = stacks.create(name, main, files, {})
        else:
            stack_id = found.id
            stacks.wait(stack_id, 'CREATE')
        db_vnfs.record(context, vnf['id'], self.host, instance_id=stack_id)
        return stack_id, mgmt_addresses(stacks.outputs(stack_id))

    def check(self, template, param_values, vnf_config=None):
        """Whether a VNFD (with a VNF's param_values and config) can be
        deployed and watched: its drivers exist and take its VDUs'
        configs and monitoring parameters, and its actions are
        monitoring actions.

        :raises InvalidLegacyVnfd: naming what is wrong.
        """
        try:
            vnfd = legacy_vnfd.parse(template, param_values)
            configs = vdu_configs(vnfd, vnf_config)
            for name, vdu in vnfd.vdus.items():
                mgmt.load(vdu.mgmt_driver or DEFAULT_MGMT_DRIVER,
                          self.conf).validate_config(configs[name])
                policy = vdu.monitoring_policy
                if not policy:
                    continue
                monitor.load(policy['name'], self.conf).parameters(
                    policy.get('parameters'))
                for action in (policy.get('actions') or {}).values():
                    if not policy_drivers.load(
                            action, self.conf).MONITOR_ACTION:
                        raise ValueError('policy %s takes no monitoring '
                                         'action' % action)
        except exceptions.NoDriver as exc:
            raise exceptions.InvalidLegacyVnfd(reason=exc.detail)
        except ValueError as exc:
            raise exceptions.InvalidLegacyVnfd(reason=str(exc))

    def _configure(self, context, vnf, addresses):
        """Apply each VDU's config with its management driver, on each
        of its management addresses (several for a scaled VDU)."""
        vnfd, _ = self.vnfd_of(context, vnf)
        configs = vdu_configs(vnfd, vim_secrets.unseal_text(
            self.conf, (vnf['attributes'] or {}).get('config')))
        for name, vdu in vnfd.vdus.items():
            driver = mgmt.load(vdu.mgmt_driver or DEFAULT_MGMT_DRIVER,
                               self.conf)
            found = addresses.get(name) or []
            for address in [found] if isinstance(found, str) else found:
                driver.apply_config(mgmt.MgmtTarget(vnf['id'], name,
                                                    address),
                                    configs[name])

    # The tasks.

    def _create(self, context, vnf):
        stacks = self._stacks(context, vnf)
        try:
            stack_id, addresses = self._deploy(context, vnf, stacks)
        finally:
            stacks.close()
        self._configure(context, vnf, addresses)
        db_vnfs.finish(context, vnf['id'], self.host, states.LEGACY_ACTIVE,
                       'CREATE', instance_id=stack_id,
                       mgmt_ip_address=addresses, error_reason=None)

    def _update(self, context, vnf):
        self._configure(context, vnf, vnf['mgmt_ip_address'] or {})
        db_vnfs.finish(context, vnf['id'], self.host, states.LEGACY_ACTIVE,
                       'UPDATE', error_reason=None)

    def _scale(self, context, vnf):
        """The policy's group resized to the size the API computed."""
        scale = vnf['attributes']['scale']
        sizes = dict(vnf['attributes'].get('scale_sizes') or {},
                     **{scale['policy']: scale['size']})
        vnf = dict(vnf, attributes=dict(vnf['attributes'],
                                        scale_sizes=sizes))
        _, main, files = self._templates(context, vnf)
        stacks = self._stacks(context, vnf)
        try:
            stacks.replace(vnf['instance_id'], main, files)
            addresses = mgmt_addresses(stacks.outputs(vnf['instance_id']))
        finally:
            stacks.close()
        db_vnfs.finish(context, vnf['id'], self.host, states.LEGACY_ACTIVE,
                       'SCALE', 'scaled %(policy)s %(type)s to %(size)d'
                       % scale, attributes=vnf['attributes'],
                       mgmt_ip_address=addresses, error_reason=None)

    def _respawn(self, context, vnf):
        """PENDING_HEAL: with ``attributes.heal.vdu`` that VDU re-created
        (marked unhealthy, the stack updated: Heat replaces it), else a
        new stack for the whole VNF (Tacker's respawn)."""
        heal = (vnf['attributes'] or {}).get('heal') or {}
        stacks = self._stacks(context, vnf)
        try:
            if heal.get('vdu') and vnf['instance_id']:
                stack_id = vnf['instance_id']
                stacks.mark_unhealthy(stack_id, heal['vdu'],
                                      'failed its monitoring')
                stacks.update(stack_id, {})
                addresses = mgmt_addresses(stacks.outputs(stack_id))
            else:
                if vnf['instance_id']:
                    stacks.delete(vnf['instance_id'])
                    db_vnfs.record(context, vnf['id'], self.host,
                                   instance_id=None)
                stack_id, addresses = self._deploy(context, vnf, stacks)
        finally:
            stacks.close()
        self._configure(context, vnf, addresses)
        db_vnfs.finish(context, vnf['id'], self.host, states.LEGACY_ACTIVE,
                       'RESPAWN' if not heal.get('vdu') else 'HEAL',
                       instance_id=stack_id, mgmt_ip_address=addresses,
                       error_reason=None)

    def _delete(self, context, vnf):
        stacks = self._stacks(context, vnf)
        try:
            found = stacks.find(stack_name(vnf['id']))
            if found is not None:
                stacks.delete(found.id)
        finally:
            stacks.close()
        db_vnfs.remove(context, vnf['id'], self.host)

    def resources(self, context, vnf_id):
        """The VNF's Heat resources: name, type, id."""
        vnf = db_vnfs.get(context, vnf_id)
        if not vnf['instance_id']:
            return []
        stacks = self._stacks(context, vnf)
        try:
            return [{'name': resource['resource_name'],
                     'type': resource['resource_type'],
                     'id': resource['physical_resource_id']}
                    for resource in stacks.resources(vnf['instance_id'])]
        finally:
            stacks.close()
