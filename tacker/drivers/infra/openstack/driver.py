"""The OpenStack infra driver: a VNF is the Heat stack ``vnf-<instanceId>``
made from its package's ``BaseHOT/<flavourId>/`` templates.

Instantiate creates the stack with the ``nfv`` parameter (``parameters``)
or what the package's LCM user-data script computes; scale changes the
desired capacities, after marking the members to remove unhealthy so that
Heat removes those; heal marks servers unhealthy so that an update
replaces them (or re-creates the whole stack with ``additionalParams.all``);
terminate deletes the stack. After each step the stack's resources are
read back into instantiatedVnfInfo (``inventory``).
"""
import contextlib
import dataclasses
import os

from oslo_log import log as logging
import yaml

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import safe_yaml
from tacker.common import sizing
from tacker.drivers.infra import base
from tacker.drivers.infra.openstack import heat
from tacker.drivers.infra.openstack import inventory
from tacker.drivers.infra.openstack import parameters
from tacker.drivers.infra.openstack import rolling
from tacker.drivers.infra.openstack import user_data
from tacker.drivers.infra import results
from tacker.vnfm.lcm_user_data import constants

LOG = logging.getLogger(__name__)

USER_DATA = infra_requirements.USER_DATA
USER_DATA_CLASS = infra_requirements.USER_DATA_CLASS


class OpenStackDriver(base.InfraDriver):
    """VNFs as Heat stacks on an OpenStack VIM."""

    def validate(self, request):
        base.check_requirements(infra_requirements.OPENSTACK, request)
        if request.operation == base.INSTANTIATE:
            sizing.check_instantiate(request.flavour, request.params)
        elif request.operation in base.SCALING:
            sizing.scale_plan(request.flavour, request.current,
                              request.params)
        elif request.operation == base.HEAL:
            sizing.heal_targets(request.current, request.params)

    @contextlib.contextmanager
    def _stacks(self, request):
        stacks = heat.HeatStacks(request.vim_connection, self.conf,
                                 request.cancellation)
        try:
            yield stacks
        finally:
            stacks.close()

    def _stack(self, stacks, request):
        stack = stacks.find(heat.stack_name(request.instance_id))
        if stack is None:
            raise exceptions.VimOperationFailed(
                action='find the stack of VNF %s' % request.instance_id,
                reason='stack %s does not exist' % heat.stack_name(
                    request.instance_id))
        return stack

    def _read(self, request, stacks, stack_id, scale_levels, base_info):
        vnfcs, links, storages = inventory.read(
            stacks.resources(stack_id), request.flavour,
            request.vim_connection.get('id'))
        return dict(base_info or {}, flavourId=request.flavour_id,
                    vnfState='STARTED',
                    scaleStatus=results.scale_status(scale_levels),
                    vnfcResourceInfo=vnfcs, virtualLinkResourceInfo=links,
                    virtualStorageResourceInfo=storages)

    def instantiate(self, request):
        params = request.params
        level_id = params.get('instantiationLevelId')
        per_vdu = sizing.instances_per_vdu(request.flavour, level_id)
        template, files = _base_hot(request.package_dir, request.flavour_id)
        ext_links, ext_cps = results.ext_connectivity(
            params, request.vim_connection.get('id'))
        with self._stacks(request) as stacks:
            stack_parameters = self._parameters(request, template, files,
                                                per_vdu)
            request.cancellation.check()
            name = heat.stack_name(request.instance_id)
            leftover = stacks.find(name)
            if leftover is not None:
                # A retry: start again from nothing.
                stacks.delete(leftover.id)
            stack_id = stacks.create(name, template, files,
                                     stack_parameters)
            info = self._read(
                request, stacks, stack_id,
                sizing.scale_levels(request.flavour, level_id),
                {'extCpInfo': ext_cps, 'extVirtualLinkInfo': ext_links})
        return results.diff(None, info)

    def _parameters(self, request, template, files, per_vdu):
        params = request.params
        script = request.additional_params.get(USER_DATA)
        if script:
            return user_data.run(
                request.package_dir, script,
                request.additional_params.get(USER_DATA_CLASS),
                request.operation, {
                    'heat_template': self._load_yaml(template),
                    'nested_hot_templates': {
                        name: self._load_yaml(text)
                        for name, text in files.items()}},
                _flavour_vnfd(request, self._load_yaml),
                _without_credentials(params),
                request.grant or {}, constants.USER_DATA_TIMEOUT)
        return {'nfv': parameters.nfv(
            request.flavour, per_vdu, params.get('extVirtualLinks'),
            params.get('extManagedVirtualLinks'), request.grant)}

    def _load_yaml(self, text):
        """A package's HOT or VNFD YAML, its nesting bounded as at
        onboarding (deeper would overflow the C stack and kill the
        conductor).

        :raises: InvalidCsar naming the problem.
        """
        try:
            return safe_yaml.load(text,
                                  self.conf.vnf_package.max_yaml_depth)
        except yaml.YAMLError as exc:
            raise exceptions.InvalidCsar(
                reason='a template is not usable YAML: %s' % (
                    getattr(exc, 'problem', None) or exc)) from None

    def terminate(self, request):
        base.wait_graceful_termination(request)
        with self._stacks(request) as stacks:
            stack = stacks.find(heat.stack_name(request.instance_id))
            if stack is not None:
                stacks.delete(stack.id)
        return results.removal(request.current)

    def scale(self, request):
        current = request.current or {}
        plan = sizing.scale_plan(request.flavour, current, request.params)
        with self._stacks(request) as stacks:
            stack = self._stack(stacks, request)
            self._resize(stacks, stack, current.get('vnfcResourceInfo'),
                         plan.target)
            info = self._read(request, stacks, stack.id, plan.levels,
                              current)
        return results.diff(current, info)

    def _resize(self, stacks, stack, vnfcs, target):
        """Give each VDU ``target`` VNFCs: the surplus (newest first) is
        marked unhealthy, so Heat removes those members."""
        for vnfc in sizing.scale_in_victims(vnfcs or [], target):
            metadata = vnfc.get('metadata') or {}
            if not metadata.get('memberName'):
                raise exceptions.VduNotScalable(vdu_id=vnfc['vduId'])
            stacks.mark_unhealthy(metadata['groupStackId'],
                                  metadata['memberName'], 'scale in')
        nfv = parameters.stack_nfv(stack)
        for vdu_id, count in target.items():
            entry = nfv.setdefault('VDU', {}).setdefault(vdu_id, {})
            for key in ('desiredCapacity', 'desired_capacity'):
                if key in entry or key == 'desiredCapacity':
                    entry[key] = count
        stacks.update(stack.id, {'nfv': nfv})

    def heal(self, request):
        current = request.current or {}
        targets = sizing.heal_targets(current, request.params)
        levels = sizing.scale_levels_of(current)
        with self._stacks(request) as stacks:
            stack = self._stack(stacks, request)
            if request.additional_params.get(
                    infra_requirements.HEAL_ALL) is True and \
                    not request.params.get('vnfcInstanceId'):
                template, files = _base_hot(request.package_dir,
                                            request.flavour_id)
                stack_parameters = {'nfv': parameters.stack_nfv(stack)}
                stacks.delete(stack.id)
                stack_id = stacks.create(stack.stack_name, template, files,
                                         stack_parameters)
            else:
                storages = {storage['id']: storage['virtualStorageDescId']
                            for storage in current.get(
                                'virtualStorageResourceInfo') or []}
                for vnfc in targets:
                    # The server and its volumes, which Heat re-creates.
                    for name in [vnfc['vduId']] + [
                            storages[storage_id] for storage_id in
                            vnfc.get('storageResourceIds') or []
                            if storage_id in storages]:
                        stacks.mark_unhealthy(vnfc['metadata']['stackId'],
                                              name, 'heal')
                stacks.update(stack.id, {})
                stack_id = stack.id
            info = self._read(request, stacks, stack_id, levels, current)
        return results.diff(current, info)

    def change_ext_conn(self, request):
        current = request.current or {}
        ext_links, ext_cps = results.ext_connectivity(
            request.params, request.vim_connection.get('id'))
        with self._stacks(request) as stacks:
            stack = self._stack(stacks, request)
            nfv = parameters.stack_nfv(stack)
            nfv.setdefault('CP', {}).update(
                parameters.cps(request.params['extVirtualLinks']))
            stacks.update(stack.id, {'nfv': nfv})
            info = self._read(
                request, stacks, stack.id,
                sizing.scale_levels_of(current),
                results.with_ext_connectivity(current, ext_links, ext_cps))
        return results.diff(current, info, ext_links)

    def change_flavour(self, request):
        """The stack updated to the new flavour's templates at the
        requested level: Heat keeps what both flavours name alike."""
        new = request.target_flavour
        level_id = request.params.get('instantiationLevelId')
        return self._redeploy(
            request, new, sizing.instances_per_vdu(new, level_id),
            sizing.scale_levels(new, level_id),
            results.kept_ext_links(request.params, request.current),
            request.params.get('extManagedVirtualLinks'), request.grant)

    def _redeploy(self, request, flavour, per_vdu, levels, ext_links,
                  managed_links, grant):
        """Update the stack to ``flavour``'s templates with ``per_vdu``
        VNFCs, connected to ``ext_links`` (and ``managed_links``, or the
        internal links it has now when None)."""
        current = request.current or {}
        template, files = _base_hot(request.package_dir,
                                    flavour['flavour_id'])
        links, cps = results.ext_connectivity(
            {'extVirtualLinks': ext_links},
            request.vim_connection.get('id'))
        nfv = parameters.nfv(flavour, per_vdu, ext_links, managed_links,
                             grant)
        with self._stacks(request) as stacks:
            stack = self._stack(stacks, request)
            if managed_links is None:
                nfv['VL'] = parameters.stack_nfv(stack).get('VL') or {}
            stacks.replace(stack.id, template, files, {'nfv': nfv})
            info = self._read(
                dataclasses.replace(request, flavour=flavour,
                                    flavour_id=flavour['flavour_id']),
                stacks, stack.id, levels,
                {'extCpInfo': cps, 'extVirtualLinkInfo': links})
        return results.diff(current, info)

    def change_vnfpkg(self, request):
        """One VNFC after the other to the new package (``rolling``)."""
        return self._move_vnfcs(request, rollback=False)

    def _move_vnfcs(self, request, rollback):
        current = request.current or {}
        folder = (request.package_dir if rollback
                  else request.target_package_dir)
        template, files = _base_hot(folder, request.flavour_id)
        with self._stacks(request) as stacks:
            stack = self._stack(stacks, request)
            to = rolling.destination(
                request, parameters.stack_nfv(stack),
                self._load_yaml(template), files, rollback)
            moved = rolling.move_vnfcs(
                stacks, stack, request, to,
                self.conf.vnf_lcm.coordination_timeout, rollback)
            request.cancellation.check()
            rolling.finish(stacks, stack, to)
            info = self._read(
                dataclasses.replace(request, flavour=to.flavour), stacks,
                stack.id, sizing.scale_levels_of(current), current)
        return rolling.affected(info, moved)

    def rollback(self, request):
        """INSTANTIATE: delete the stack. SCALE (out): return to the
        VNFCs of ``request.current``. CHANGE_VNFPKG: move the VNFCs back
        to the old package (``rolling``). CHANGE_FLAVOUR: the stack back
        to the old flavour's templates and VNFCs."""
        if request.operation == base.CHANGE_VNFPKG:
            return self._move_vnfcs(request, rollback=True)
        if request.operation == base.CHANGE_FLAVOUR:
            current = request.current or {}
            return self._redeploy(
                request, request.flavour, sizing.vnfcs_per_vdu(
                    request.flavour, current.get('vnfcResourceInfo') or []),
                sizing.scale_levels_of(current),
                results.kept_ext_links({}, current), None, None)
        with self._stacks(request) as stacks:
            stack = stacks.find(heat.stack_name(request.instance_id))
            if request.operation == base.INSTANTIATE:
                if stack is not None:
                    stacks.delete(stack.id)
                return results.removal(request.current)
            current = request.current or {}
            if stack is None:
                return base.LcmResult(current)
            actual, _, _ = inventory.read(
                stacks.resources(stack.id), request.flavour,
                request.vim_connection.get('id'))
            kept = {vnfc['id'] for vnfc in current.get('vnfcResourceInfo')
                    or []}
            # The VNFCs the failed scale out added are the newest.
            ordered = [v for v in actual if v['id'] in kept] + [
                v for v in actual if v['id'] not in kept]
            self._resize(stacks, stack, ordered, sizing.vnfcs_per_vdu(
                request.flavour, current.get('vnfcResourceInfo') or []))
            info = self._read(request, stacks, stack.id,
                              sizing.scale_levels_of(current), current)
        return results.diff(dict(current, vnfcResourceInfo=actual), info)


def _base_hot(package_dir, flavour_id):
    """(top template text, {nested file name: text}) of the flavour
    (``infra_requirements.base_hot``), with the templates under its
    ``nested/`` by file name (how the top template refers to them).

    :raises PackageNotDeployable: the package has no such template.
    """
    folder, top = infra_requirements.base_hot(package_dir, flavour_id)
    nested = os.path.join(folder, 'nested')
    files = {name: _read_text(os.path.join(nested, name))
             for name in infra_requirements.package_listing(nested)
             if name.endswith(infra_requirements.HOT_SUFFIXES)}
    return _read_text(os.path.join(folder, top)), files


def _read_text(path):
    with open(path, encoding='utf-8') as stream:
        return stream.read()


def _flavour_vnfd(request, load_yaml):
    """The flavour's VNFD template as a dict (for user-data scripts):
    the Definitions/ file whose substitution_mappings name the flavour."""
    folder = os.path.join(request.package_dir or '', 'Definitions')
    for name in sorted(infra_requirements.package_listing(folder)):
        if not name.endswith(infra_requirements.HOT_SUFFIXES):
            continue
        try:
            template = load_yaml(_read_text(os.path.join(folder, name)))
        except exceptions.InvalidCsar:
            continue
        mappings = ((template or {}).get('topology_template') or {}).get(
            'substitution_mappings') or {}
        if (mappings.get('properties') or {}).get('flavour_id') == \
                request.flavour_id:
            return template
    return {}


def _without_credentials(params):
    """The request as a package's script may see it: no VIM secrets."""
    return dict(params, vimConnectionInfo=[
        {key: value for key, value in entry.items() if key != 'accessInfo'}
        for entry in params.get('vimConnectionInfo') or []])
