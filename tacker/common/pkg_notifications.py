"""VNF package notifications (SOL005 v2.6.1 9.5.2.8 - 9.5.2.9): which
subscriptions want one, and its payload, written to the outbox in the
transaction of the change that causes it."""
from tacker.common import notify

API = 'vnfpkgm'
PREFIX = '/vnfpkgm/v1'
ONBOARDING = 'VnfPackageOnboardingNotification'
CHANGE = 'VnfPackageChangeNotification'


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


def _notify(session, package, base, notification_type, extra):
    notify.enqueue(
        session, API, PREFIX, base, notification_type,
        lambda wanted: matches(wanted, package, notification_type),
        {'vnfPkgId': package['id'], 'vnfdId': package['vnfd_id'], **extra},
        {'vnfPackage': {'href': '%s%s/vnf_packages/%s' % (
            base, PREFIX, package['id'])}},
        package['project_id'])


def package_onboarded(session, package, base):
    _notify(session, package, base, ONBOARDING, {})


def package_changed(session, package, base, change_type):
    """OP_STATE_CHANGE or PKG_DELETE; only packages that were onboarded
    have the vnfdId every notification must carry."""
    if not package['vnfd_id']:
        return
    extra = {'changeType': change_type}
    if change_type == 'OP_STATE_CHANGE':
        extra['operationalState'] = package['operational_state']
    _notify(session, package, base, CHANGE, extra)
