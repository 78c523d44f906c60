"""VNF package notifications (SOL005 v2.6.1 9.5.2.8 - 9.5.2.9): which
subscriptions want one, and its payload. The database layer writes them
to the outbox in the transaction of the change that causes them."""
from tacker.common import links
from tacker.common import notify

API = 'vnfpkgm'
ONBOARDING = 'VnfPackageOnboardingNotification'
CHANGE = 'VnfPackageChangeNotification'
OP_STATE_CHANGE = 'OP_STATE_CHANGE'
PKG_DELETE = 'PKG_DELETE'


def matches(subscription_filter, package, notification_type):
    """Whether a PkgmNotificationsFilter selects this notification."""
    wanted = subscription_filter or {}
    checks = (
        ('notificationTypes', notification_type),
        ('vnfdId', package['vnfd_id']),
        ('vnfPkgId', package['id']),
        ('operationalState', package['operational_state']),
        ('usageState', package['usage_state']),
    )
    for attribute, value in checks:
        if wanted.get(attribute) and value not in wanted[attribute]:
            return False
    providers = wanted.get('vnfProductsFromProviders')
    return not providers or notify.products_match(
        providers, package['vnf_provider'], package['vnf_product_name'],
        package['vnf_software_version'], package['vnfd_version'])


def _notification(package, base, notification_type, extra):
    return notify.Notification(
        API, links.VNFPKGM, base, notification_type, package['project_id'],
        lambda wanted: matches(wanted, package, notification_type),
        {'vnfPkgId': package['id'], 'vnfdId': package['vnfd_id'], **extra},
        {'vnfPackage': {'href': links.vnf_package(base, package['id'])}})


def package_onboarded(package, base):
    return _notification(package, base, ONBOARDING, {})


def package_changed(package, base, change_type):
    """OP_STATE_CHANGE or PKG_DELETE; None for a package never onboarded:
    it lacks the vnfdId every notification must carry."""
    if not package['vnfd_id']:
        return None
    extra = {'changeType': change_type}
    if change_type == OP_STATE_CHANGE:
        extra['operationalState'] = package['operational_state']
    return _notification(package, base, CHANGE, extra)
