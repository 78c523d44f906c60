"""SOL005 v2.6.1 structures built from database rows."""
from tacker.api import wsgi
from tacker.common import links
from tacker.common import sol013
from tacker.common import states

_CHECKSUM = {'algorithm': None, 'hash': None}
_LINK = {'href': None}
# VnfPkgInfo (SOL005 9.5.2.5): what filters and selectors may name.
# Left out of a list unless the selectors ask for them: 9.4.2.3.2.
VNF_PKG_INFO = sol013.Attributes('VnfPkgInfo', {
    'id': None, 'vnfdId': None, 'vnfProvider': None,
    'vnfProductName': None, 'vnfSoftwareVersion': None, 'vnfdVersion': None,
    'checksum': _CHECKSUM,
    'softwareImages': [{
        'id': None, 'name': None, 'provider': None, 'version': None,
        'checksum': _CHECKSUM, 'containerFormat': None, 'diskFormat': None,
        'createdAt': None, 'minDisk': None, 'minRam': None, 'size': None,
        'userMetadata': sol013.OPEN, 'imagePath': None}],
    'additionalArtifacts': [{'artifactPath': None, 'checksum': _CHECKSUM,
                             'metadata': sol013.OPEN}],
    'onboardingState': None, 'operationalState': None, 'usageState': None,
    'userDefinedData': sol013.OPEN,
    'onboardingFailureDetails': sol013.PROBLEM_DETAILS,
    '_links': {'self': _LINK, 'vnfd': _LINK, 'packageContent': _LINK},
}, default_excluded=('softwareImages', 'additionalArtifacts',
                     'userDefinedData', 'checksum'))


# The columns ``vnf_pkg_info`` reads for one attribute only, so that a
# list whose selectors drop the attribute leaves them unread; None: the
# columns it never shows.
VNF_PKG_INFO_COLUMNS = {
    'userDefinedData': ('user_defined_data',), 'checksum': ('checksum',),
    None: ('deployment_flavours', 'vnfd_files')}


def software_image(image):
    """VnfPackageSoftwareImageInfo (SOL005 9.5.3.2)."""
    return {'id': image['image_id'], 'name': image['name'],
            'provider': image['provider'] or '',
            'version': image['version'] or '',
            'checksum': image['checksum'],
            'containerFormat': image['container_format'],
            'diskFormat': image['disk_format'],
            'createdAt': wsgi.date_time(image['created_at']),
            'minDisk': image['min_disk'] or 0,
            'minRam': image['min_ram'] or 0,
            'size': image['size'] or 0,
            'imagePath': image['image_path'],
            'userMetadata': image['user_metadata'] or {}}


def artifact(row):
    """VnfPackageArtifactInfo (SOL005 9.5.3.3)."""
    info = {'artifactPath': row['artifact_path'],
            'checksum': row['checksum']}
    if row['metadata']:
        info['metadata'] = row['metadata']
    return info


def vnf_pkg_info(package, base):
    """VnfPkgInfo (SOL005 9.5.2.5); VNFD fields only once onboarded."""
    self_url = links.vnf_package(base, package['id'])
    info = {'id': package['id'],
            'onboardingState': package['onboarding_state'],
            'operationalState': package['operational_state'],
            'usageState': package['usage_state'],
            'userDefinedData': package['user_defined_data'] or {},
            '_links': {'self': {'href': self_url},
                       'packageContent': {'href': links.vnf_package(
                           base, package['id'], 'package_content')}}}
    if package['onboarding_state'] == states.ONBOARDED:
        info.update({
            'vnfdId': package['vnfd_id'],
            'vnfProvider': package['vnf_provider'],
            'vnfProductName': package['vnf_product_name'],
            'vnfSoftwareVersion': package['vnf_software_version'],
            'vnfdVersion': package['vnfd_version'],
            'checksum': package['checksum'],
            'softwareImages': [software_image(image)
                               for image in package['software_images']],
            'additionalArtifacts': [artifact(row)
                                    for row in package['artifacts']]})
        info['_links']['vnfd'] = {'href': links.vnf_package(
            base, package['id'], 'vnfd')}
    if package['onboarding_failure_details']:
        info['onboardingFailureDetails'] = \
            package['onboarding_failure_details']
    return info


def vnf_pkg_info_modifications(operational_state, user_defined_data):
    """VnfPkgInfoModifications (SOL005 9.5.2.3): what the PATCH changed."""
    changes = {}
    if operational_state is not None:
        changes['operationalState'] = operational_state
    if user_defined_data is not None:
        changes['userDefinedData'] = user_defined_data
    return changes
