"""What each infra driver needs of a VNF package and of an LCM request's
additionalParams, checkable without a VIM (ARCHITECTURE, doc/source
architecture "Early validation").

The API checks a request against these rules before its 202 (it never
imports ``tacker.drivers``), and the driver's ``validate`` runs the same
rules in the conductor before the grant, so both refuse the same
requests. A driver listed nowhere here needs nothing of the package.
"""
import importlib.metadata
import os
import pathlib

from tacker.common import exceptions
from tacker.common import kubernetes_manifests
from tacker.common import states
from tacker.common import vim_secrets
from tacker.conf import CONF

# The stevedore namespace of infra drivers (setup.cfg).
NAMESPACE = 'tacker.infra.drivers'

# The infra driver of the vimTypes of the ETSI NFV registry of VIM-related
# information (SOL003 v2.6.1 4.4.1.6); other vimTypes, and the types of
# registered VIMs, name their driver themselves ("openstack", "noop").
DRIVER_OF_VIM_TYPE = {
    'ETSINFV.OPENSTACK_KEYSTONE.V_2': 'openstack',
    'ETSINFV.OPENSTACK_KEYSTONE.V_3': 'openstack',
    'ETSINFV.KUBERNETES.V_1': 'kubernetes',
}

OPENSTACK = 'openstack'
KUBERNETES = kubernetes_manifests.DRIVER
NOOP = 'noop'

# The OpenStack driver's package layout and additionalParams, as Tacker
# documents them for packages deployed with Heat.
HOT_SUFFIXES = ('.yaml', '.yml')
USER_DATA = 'lcm-operation-user-data'
USER_DATA_CLASS = 'lcm-operation-user-data-class'
HEAL_ALL = 'all'
# ChangeCurrentVnfPkgRequest's additionalParams, as Tacker's packages
# use them (``tacker.drivers.infra.coordination``).
UPGRADE_TYPE = 'upgrade_type'
ROLLING_UPDATE = 'RollingUpdate'
VDU_PARAMS = 'vdu_params'
COORDINATE_NEW_VNF = 'lcm-operation-coordinate-new-vnf'
COORDINATE_OLD_VNF = 'lcm-operation-coordinate-old-vnf'

# The noop driver's knobs.
NOOP_DELAY = 'noop_delay_s'
NOOP_FAIL = 'noop_fail'
NOOP_MAX_DELAY_S = 600


def driver_name(vim_type):
    """The infra driver that serves ``vim_type`` (a VimConnectionInfo
    vimType, or the type of a registered VIM)."""
    return DRIVER_OF_VIM_TYPE.get(vim_type, vim_type)


def default_vim_type(additional_params):
    """The type of the project's default VIM an operation that names no
    VIM runs on: KUBERNETES for a CNF (its request names its manifests),
    else OPENSTACK. The API's check before the 202 and the conductor
    both ask here, so they pick the same VIM."""
    if kubernetes_manifests.DEF_FILES in (additional_params or {}):
        return KUBERNETES
    return OPENSTACK


def check(vim_type, operation, flavour_id, package_dir, additional_params,
          flavour=None):
    """Refuse what the driver of ``vim_type`` could not deploy.
    ``flavour`` (as ``vnfd.parse`` gives it), when known, lets a rule
    check the package against the VDUs.

    :raises NoDriver: no infra driver serves the vimType.
    :raises PackageNotDeployable: the package lacks what the driver needs.
    :raises InvalidAdditionalParam: an additionalParams value the driver
        defines is of the wrong type or out of range.
    :raises OperationNotSupported: the driver cannot run the operation.
    """
    name = driver_name(vim_type)
    if name not in _registered_drivers():
        raise exceptions.NoDriver(
            kind='infra', field='vimType', name=vim_type)
    check_driver(name, operation, flavour_id, package_dir,
                 additional_params, flavour)


def check_driver(name, operation, flavour_id, package_dir,
                 additional_params, flavour=None):
    """The rules of the infra driver ``name`` (what its ``validate``
    runs).

    :raises PackageNotDeployable, InvalidAdditionalParam,
        OperationNotSupported: as ``check``.
    """
    rule = _RULES.get(name)
    if rule is not None:
        rule(operation, flavour_id, package_dir, additional_params or {},
             flavour)


def check_package_change(vim_type, flavour_id, package_dir,
                         target_package_dir, additional_params,
                         target_flavour, current, target_vnfd_id=None):
    """Refuse a CHANGE_VNFPKG of an instance (instantiatedVnfInfo
    ``current``, deployed from ``package_dir``) to the package in
    ``target_package_dir``, whose flavour ``flavour_id`` is
    ``target_flavour``, that could not run.

    :raises InvalidAdditionalParam: upgrade_type, vdu_params or a
        coordination script are not usable.
    :raises PackageNotCompatible: the new flavour lacks a VDU the
        instance has VNFCs of.
    :raises: what ``check`` raises for the new package.
    """
    params = additional_params or {}
    upgrade = params.get(UPGRADE_TYPE, ROLLING_UPDATE)
    if upgrade != ROLLING_UPDATE:
        raise exceptions.InvalidAdditionalParam(
            name=UPGRADE_TYPE, reason=f'must be {ROLLING_UPDATE}, the one '
                                      f'kind of upgrade run, not {upgrade!r}')
    vdus = target_flavour['vdus']
    _check_vdu_params(params.get(VDU_PARAMS), vdus)
    for key, folder in ((COORDINATE_NEW_VNF, target_package_dir),
                        (COORDINATE_OLD_VNF, package_dir)):
        if params.get(key) is None:
            continue
        try:
            package_file(folder or '', params[key])
        except ValueError as error:
            raise exceptions.InvalidAdditionalParam(
                name=key, reason=f'{params[key]!r} {error}') from None
    missing = sorted({vnfc['vduId'] for vnfc in (current or {}).get(
        'vnfcResourceInfo') or []} - set(vdus))
    if missing:
        raise exceptions.PackageNotCompatible(
            vnfd_id=target_vnfd_id,
            reason=f'its flavour {flavour_id} has no VDU {missing[0]}, '
                   f'of which the instance has VNFCs')
    check(vim_type, states.CHANGE_VNFPKG, flavour_id, target_package_dir,
          params, target_flavour)


def _check_vdu_params(vdu_params, vdus):
    """vdu_params: [{vdu_id, old_vnfc_param, new_vnfc_param}], one entry
    per VDU of the new flavour at most."""
    if vdu_params is None:
        return
    if not isinstance(vdu_params, list):
        raise exceptions.InvalidAdditionalParam(
            name=VDU_PARAMS, reason='must be a list of objects')
    seen = set()
    for index, entry in enumerate(vdu_params):
        where = f'{VDU_PARAMS}[{index}]'
        vdu_id = entry.get('vdu_id') if isinstance(entry, dict) else None
        if vdu_id not in vdus:
            raise exceptions.InvalidAdditionalParam(
                name=f'{where}.vdu_id',
                reason=f'must name a VDU of the new flavour, not '
                       f'{vdu_id!r}')
        if vdu_id in seen:
            raise exceptions.InvalidAdditionalParam(
                name=f'{where}.vdu_id', reason=f'repeats {vdu_id}')
        seen.add(vdu_id)
        for key in vim_secrets.VNFC_PARAMS:
            if not isinstance(entry.get(key, {}), dict):
                raise exceptions.InvalidAdditionalParam(
                    name=f'{where}.{key}', reason='must be an object')


def vdu_param(additional_params, vdu_id):
    """The vdu_params entry of ``vdu_id``, or None."""
    return next((entry for entry in (additional_params or {}).get(
        VDU_PARAMS) or [] if entry.get('vdu_id') == vdu_id), None)


def changed_vdus(additional_params, flavour, target_flavour):
    """The VDUs a CHANGE_VNFPKG moves, in the new flavour's order: those
    vdu_params names, or else every VDU whose image or compute flavour
    (or one of its storages' images) differs between the packages."""
    named = [entry['vdu_id'] for entry in (additional_params or {}).get(
        VDU_PARAMS) or []]
    if named:
        return [vdu_id for vdu_id in target_flavour['vdus']
                if vdu_id in named]
    old_images = flavour.get('software_images') or {}
    new_images = target_flavour.get('software_images') or {}

    def looks(vdus, images, vdu_id):
        vdu = vdus.get(vdu_id) or {}
        return (vdu.get('compute_flavour'), images.get(vdu_id), [
            images.get(storage) for storage in
            vdu.get('virtual_storages') or []])
    return [vdu_id for vdu_id in target_flavour['vdus']
            if looks(flavour['vdus'], old_images, vdu_id) !=
            looks(target_flavour['vdus'], new_images, vdu_id)]


def base_hot(package_dir, flavour_id):
    """The folder of the flavour's Heat templates and the file name of
    its top template: the one YAML file in ``BaseHOT/<flavourId>/``.

    :raises PackageNotDeployable: there is none, or more than one.
    """
    folder = os.path.join(package_dir or '', 'BaseHOT', flavour_id)
    tops = sorted(name for name in package_listing(folder)
                  if name.endswith(HOT_SUFFIXES))
    if len(tops) != 1:
        raise exceptions.PackageNotDeployable(
            driver=OPENSTACK,
            reason=f'it needs exactly one Heat template in '
                   f'BaseHOT/{flavour_id}/ for flavour {flavour_id} (found '
                   f'{len(tops)})')
    return folder, tops[0]


def package_listing(folder):
    """The regular files (no links) directly in ``folder``; none when it
    is missing."""
    try:
        return [name for name in os.listdir(folder)
                if os.path.isfile(os.path.join(folder, name))
                and not os.path.islink(os.path.join(folder, name))]
    except OSError:
        return []


def package_file(package_dir, relative):
    """The resolved path of the package's file ``relative``.

    :raises ValueError: naming why it is no file of the package (an
        absolute path, '..', a link out, or nothing there).
    """
    if not isinstance(relative, str) or not relative:
        raise ValueError('must be a relative path inside the package')
    parts = pathlib.PurePosixPath(relative)
    if parts.is_absolute() or '..' in parts.parts:
        raise ValueError('must be a relative path inside the package')
    root = pathlib.Path(package_dir).resolve()
    try:
        path = (root / parts).resolve()
        if not path.is_relative_to(root):
            raise ValueError('leads outside the package')
        if not path.is_file():
            raise ValueError('is not a file of the package')
    except OSError:
        # A name no file system holds (too long, say).
        raise ValueError('is not a file of the package') from None
    return path


def noop_delay_s(additional_params):
    """The seconds the noop driver waits in each step.

    :raises InvalidAdditionalParam: not a number from 0 to
        NOOP_MAX_DELAY_S.
    """
    delay = additional_params.get(NOOP_DELAY, 0)
    # NaN and infinities fail the range test too.
    if (isinstance(delay, bool) or not isinstance(delay, (int, float))
            or not 0 <= delay <= NOOP_MAX_DELAY_S):
        raise exceptions.InvalidAdditionalParam(
            name=NOOP_DELAY, reason=f'must be a number of seconds from 0 '
                                    f'to {NOOP_MAX_DELAY_S}, not {delay!r}')
    return delay


def _registered_drivers():
    return {entry.name for entry in importlib.metadata.entry_points(
        group=NAMESPACE)}


def _boolean(additional_params, name):
    value = additional_params.get(name)
    if value is not None and not isinstance(value, bool):
        raise exceptions.InvalidAdditionalParam(
            name=name, reason=f'must be true or false, not {value!r}')


def _openstack(operation, flavour_id, package_dir, additional_params,
               flavour):
    """INSTANTIATE (CHANGE_VNFPKG, CHANGE_FLAVOUR: to its new package or
    flavour) deploys BaseHOT/<flavourId>/, maybe through the package's
    user-data class; HEAL with ``all`` deploys it again."""
    if operation == states.HEAL:
        _boolean(additional_params, HEAL_ALL)
    if operation in (states.INSTANTIATE, states.CHANGE_VNFPKG,
                     states.CHANGE_FLAVOUR) or (
            operation == states.HEAL and additional_params.get(HEAL_ALL)):
        base_hot(package_dir, flavour_id)
    script = additional_params.get(USER_DATA)
    class_name = additional_params.get(USER_DATA_CLASS)
    if script is None and class_name is None:
        return
    if script is None:
        raise exceptions.InvalidAdditionalParam(
            name=USER_DATA, reason=f'is needed with {USER_DATA_CLASS}')
    try:
        package_file(package_dir or '', script)
    except ValueError as error:
        raise exceptions.InvalidAdditionalParam(
            name=USER_DATA, reason=f'{script!r} {error}') from None
    if not (isinstance(class_name, str) and class_name.isidentifier()):
        raise exceptions.InvalidAdditionalParam(
            name=USER_DATA_CLASS,
            reason=f'must name the Python class of {USER_DATA}, not '
                   f'{class_name!r}')


def _noop(operation, flavour_id, package_dir, additional_params, flavour):
    noop_delay_s(additional_params)
    _boolean(additional_params, NOOP_FAIL)


def kubernetes_objects(package_dir, additional_params, flavour=None,
                       conf=None):
    """The objects of the manifests ``additionalParams`` names, each
    VDU of ``flavour`` (if given) checked to have its workload.

    :raises InvalidAdditionalParam, PackageNotDeployable: as
        ``kubernetes_manifests.load`` and ``vdu_workloads``.
    """
    # The VNFD's YAML limits.
    options = (conf or CONF).vnf_package
    objects = kubernetes_manifests.load(
        package_dir, kubernetes_manifests.def_files(additional_params),
        package_file, options.max_yaml_depth, options.max_vnfd_yaml_bytes)
    kubernetes_manifests.manifest_namespace(objects)
    if flavour is not None:
        kubernetes_manifests.vdu_workloads(flavour, objects)
    return objects


def _kubernetes(operation, flavour_id, package_dir, additional_params,
                flavour):
    """INSTANTIATE and CHANGE_FLAVOUR (in its new flavour) deploy the
    manifests of lcm-kubernetes-def-files in additionalParams.namespace
    (if given), as CHANGE_VNFPKG may; a CNF has no external CPs to
    reconnect."""
    if operation == states.CHANGE_EXT_CONN:
        raise exceptions.OperationNotSupported(
            driver=KUBERNETES, operation='change external connectivity',
            reason='a CNF\'s Pods have no external connection points '
                   'the driver manages')
    kubernetes_manifests.namespace(additional_params)
    # A CHANGE_VNFPKG that names no manifests reads those of the
    # INSTANTIATE from the new package (the driver checks them).
    if operation in (states.INSTANTIATE, states.CHANGE_FLAVOUR) or (
            operation == states.CHANGE_VNFPKG and
            kubernetes_manifests.DEF_FILES in additional_params):
        kubernetes_objects(package_dir, additional_params, flavour)


_RULES = {OPENSTACK: _openstack, KUBERNETES: _kubernetes, NOOP: _noop}
