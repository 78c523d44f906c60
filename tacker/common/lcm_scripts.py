"""The management scripts of SOL VNF packages written for Tacker's v2 API
(upstream ``tacker.sol_refactored``): what runs when, and what a script
gets.

A flavour's VNF node implements operations of its ``Vnflcm`` interface
(SOL001 ``tosca.interfaces.nfv.Vnflcm``), ``<operation>_start`` and
``<operation>_end``, with ``tosca.artifacts.Implementation.Python``
artifacts; ``tacker.common.vnfd`` records them as the flavour's
``lcm_scripts``. Around an operation's infra driver step the conductor
has the ``vnf_script`` mgmt driver run the ``_start`` script before the
step and the ``_end`` one after it, as ``python3 <script>`` in the
package's folder with ``payload`` pickled on its stdin. A non-zero exit,
a crash or the timeout fails the step (``LcmScriptFailed``); a retry runs
the step again, scripts included; a rollback runs none.

Only instances of the v2 API run them: Tacker's v1 packages name mgmt
driver classes, not scripts, in the same place.
"""
from tacker.common import sol003_v3
from tacker.common import states
from tacker.common import vim_order
from tacker.common import vim_secrets

# The mgmt driver (setup.cfg ``tacker.mgmt.drivers``) that runs them.
DRIVER = 'vnf_script'
# VnfInstance.api_version of instances created through /vnflcm/v2.
API_VERSION = '2'
START = 'start'
END = 'end'

# Where an LCM operation's Vnflcm operations are not its name in lower
# case (SOL001 v2.6.1 6.7.1 tosca.interfaces.nfv.Vnflcm).
_INTERFACE_NAMES = {
    states.CHANGE_EXT_CONN: 'change_external_connectivity',
    states.CHANGE_VNFPKG: 'change_current_package',
}

# VnfInstance (SOL003 v3.3.1 5.5.2.2) member -> instance column, as given.
_INSTANCE_MEMBERS = {
    'id': 'id', 'vnfInstanceName': 'vnf_instance_name',
    'vnfInstanceDescription': 'vnf_instance_description',
    'vnfdId': 'vnfd_id', 'vnfProvider': 'vnf_provider',
    'vnfProductName': 'vnf_product_name',
    'vnfSoftwareVersion': 'vnf_software_version',
    'vnfdVersion': 'vnfd_version', 'vnfPkgId': 'vnf_pkg_id',
    'instantiationState': 'instantiation_state', 'metadata': 'metadata',
    'extensions': 'extensions',
    'vnfConfigurableProperties': 'vnf_configurable_properties'}


def hook(operation, phase):
    """The Vnflcm operation of ``phase`` (START, END) of an LCM
    ``operation``: ``instantiate_start``..."""
    return '%s_%s' % (_INTERFACE_NAMES.get(operation, operation.lower()),
                      phase)


def script(flavour, hook_name):
    """The package path of the script ``flavour`` (as ``vnfd.parse``
    gives it) runs for ``hook_name``, or None."""
    return (flavour.get('lcm_scripts') or {}).get(hook_name)


def runs_scripts(instance):
    """Whether operations on ``instance`` (a row) run scripts."""
    return instance['api_version'] == API_VERSION


def payload(hook_name, request, instance, grant_row):
    """What the script of ``hook_name`` gets, with the keys upstream
    Tacker's scripts read: ``operation`` (``hook_name``), ``request``
    (the operation's request, its additionalParams as the driver gets
    them), ``vnf_instance`` (the VnfInstance, SOL003 v3.3.1 5.5.2.2, as
    the step finds it or, for an ``_end``, leaves it), ``grant_request``
    and ``grant_response`` (the stored grant ``grant_row``'s, or None)
    and ``tmp_csar_dir`` (the package's folder). ``request`` is the
    step's ``LcmRequest``. VIM credentials are left out.
    """
    params = dict(request.params or {},
                  additionalParams=request.additional_params or {})
    if params.get('vimConnectionInfo'):
        params['vimConnectionInfo'] = _vim_connections(
            params['vimConnectionInfo'])
    grant = (grant_row or {}).get('grant')
    if grant and isinstance(grant.get('vimConnections'), list):
        grant = dict(grant, vimConnections=vim_secrets.without_secrets(
            grant['vimConnections']))
    return {'operation': hook_name, 'request': params,
            'vnf_instance': vnf_instance(instance),
            'grant_request': (grant_row or {}).get('grant_request'),
            'grant_response': grant,
            'tmp_csar_dir': request.package_dir}


def vnf_instance(instance):
    """VnfInstance (SOL003 v3.3.1 5.5.2.2) of an instance row, without
    links and VIM credentials."""
    info = {member: instance[column]
            for member, column in _INSTANCE_MEMBERS.items()}
    if instance['vim_connection_info']:
        info['vimConnectionInfo'] = _vim_connections(
            instance['vim_connection_info'])
    if instance['instantiated_vnf_info']:
        info['instantiatedVnfInfo'] = sol003_v3.renamed(
            instance['instantiated_vnf_info'], sol003_v3.RENAMED_INFO)
    return info


def _vim_connections(entries):
    """A vimConnectionInfo (a v2.6.1 list, or a map) as the v3.3.1 map
    keyed by id, without secrets."""
    return sol003_v3.vim_connection_map(vim_secrets.without_secrets(
        vim_order.entries(entries)))
