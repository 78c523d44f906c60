"""The attribute declarations that filters and selectors are checked
against are those of SOL003/SOL005 v2.6.1 (ETSI's conformance schemas),
and cover what the views emit."""
import datetime

import pytest

from tacker.api.vnflcm import views as lcm_views
from tacker.api.vnfpkgm import views as pkg_views
from tacker.common import sol013
from tacker.common import states
from tests import etsi

LCM = ('SOL003', 'VNFLifecycleManagement-API')
# Attributes Tacker shows beyond ETSI's schema of the type.
EXTENSIONS = {'VnfPkgInfo': {'onboardingFailureDetails'}}


def paths(tree, above=''):
    """Every attribute path of a tree; '*' stands below OPEN."""
    while isinstance(tree, list):
        tree = tree[0]
    if tree == sol013.OPEN:
        yield above + '/*'
    if isinstance(tree, dict):
        for name, node in tree.items():
            yield above + '/' + name
            yield from paths(node, above + '/' + name)


def etsi_tree(schema):
    """The attribute tree of a conformance schema, some of whose objects
    and arrays do not say their type."""
    if 'items' in schema or schema.get('type') == 'array':
        return [etsi_tree(schema.get('items', {}))]
    if 'properties' in schema:
        return {name: etsi_tree(sub)
                for name, sub in schema['properties'].items()}
    return sol013.OPEN if schema.get('type') == 'object' else None


@pytest.mark.parametrize('attributes, schema', [
    (pkg_views.VNF_PKG_INFO,
     ('SOL005', 'VNFPackageManagement-API', 'vnfPkgInfo.schema.json')),
    (lcm_views.VNF_INSTANCE, LCM + ('vnfInstance.schema.json',)),
    (lcm_views.VNF_LCM_OP_OCC, LCM + ('VnfLcmOpOcc.schema.json',)),
], ids=lambda value: getattr(value, 'name', ''))
def test_attributes_are_those_of_the_etsi_schema(attributes, schema):
    ours = set(paths(attributes.tree))
    theirs = set(paths(etsi_tree(etsi.conformance_schema(*schema))))
    assert len(theirs) > 40
    extensions = {'/' + name for name in EXTENSIONS.get(attributes.name, ())}
    assert ours - theirs == {path for path in ours if any(
        path == extension or path.startswith(extension + '/')
        for extension in extensions)}
    assert theirs - ours == set()


def emitted_paths(node, above=()):
    """Paths of a view's output, as name tuples, arrays looked through."""
    if isinstance(node, list):
        for element in node:
            yield from emitted_paths(element, above)
    elif isinstance(node, dict):
        for name, value in node.items():
            yield above + (name,)
            yield from emitted_paths(value, above + (name,))


NOW = datetime.datetime(2026, 12, 1)
CHECKSUM = {'algorithm': 'SHA-256', 'hash': 'ab'}
PACKAGE = {
    'id': 'p', 'onboarding_state': states.ONBOARDED,
    'operational_state': 'ENABLED', 'usage_state': 'IN_USE',
    'user_defined_data': {'k': {'deep': 1}}, 'vnfd_id': 'd',
    'vnf_provider': 'v', 'vnf_product_name': 'n',
    'vnf_software_version': '1', 'vnfd_version': '1', 'checksum': CHECKSUM,
    'software_images': [{
        'image_id': 'i', 'name': 'n', 'provider': 'p', 'version': '1',
        'checksum': CHECKSUM, 'container_format': 'bare',
        'disk_format': 'qcow2', 'created_at': NOW, 'min_disk': 1,
        'min_ram': 1, 'size': 1, 'image_path': 'a.img',
        'user_metadata': {'k': 'v'}}],
    'artifacts': [{'artifact_path': 'a', 'checksum': CHECKSUM,
                   'metadata': {'k': 'v'}}],
    'onboarding_failure_details': {'type': 'about:blank', 'title': 't',
                                   'status': 400, 'detail': 'd'},
}
OP = {
    'id': 'o', 'operation_state': states.FAILED_TEMP,
    'state_entered_time': NOW, 'start_time': NOW, 'vnf_instance_id': 'v',
    'operation': 'INSTANTIATE', 'is_automatic_invocation': False,
    'operation_params': {'flavourId': 'f'}, 'is_cancel_pending': True,
    'cancel_mode': 'FORCEFUL', 'grant_id': 'g',
    'resource_changes': {'affectedVnfcs': [{
        'id': 'c', 'vduId': 'VDU1', 'changeType': 'ADDED',
        'computeResource': {'resourceId': 'r'}}]},
    'error': {'title': 't', 'status': 500, 'detail': 'd'},
    'changed_info': {'vnfInstanceName': 'x'},
    'changed_ext_connectivity': [{'id': 'l', 'resourceHandle': {
        'resourceId': 'r'}}],
}

# A CNF as the Kubernetes driver stores it: its namespace and manifests
# in a member of its own beside SOL003's.
INSTANCE = {
    'id': 'v', 'vnf_instance_name': 'n', 'vnf_instance_description': None,
    'vnfd_id': 'd', 'vnf_provider': 'v', 'vnf_product_name': 'n',
    'vnf_software_version': '1', 'vnfd_version': '1',
    'instantiation_state': states.INSTANTIATED, 'metadata': {'k': 'v'},
    'extensions': None, 'vnf_configurable_properties': None,
    'vim_connection_info': [{'id': 'k8s', 'vimId': 'vim-1',
                             'vimType': 'kubernetes'}],
    'instantiated_vnf_info': {
        'flavourId': 'default', 'vnfState': 'STARTED',
        'scaleStatus': [{'aspectId': 'a', 'scaleLevel': 0}],
        'extCpInfo': [], 'vnfcResourceInfo': [{
            'id': 'c', 'vduId': 'VDU1', 'storageResourceIds': [],
            'computeResource': {'resourceId': 'web-frontend-x',
                                'vimLevelResourceType': 'Deployment'}}],
        'metadata': {'namespace': 'tenant-a',
                     'lcm-kubernetes-def-files': ['Files/a.yaml']}},
}


@pytest.mark.parametrize('attributes, view', [
    (pkg_views.VNF_PKG_INFO,
     pkg_views.vnf_pkg_info(PACKAGE, 'http://t')),
    (lcm_views.VNF_LCM_OP_OCC, lcm_views.vnf_lcm_op_occ(OP, 'http://t')),
    (lcm_views.VNF_INSTANCE, lcm_views.vnf_instance(INSTANCE, 'http://t')),
], ids=lambda value: getattr(value, 'name', ''))
def test_everything_the_view_shows_can_be_named(attributes, view):
    for names in emitted_paths(view):
        assert attributes.knows(names), names
