"""VNF package notifications (SOL005 v2.6.1 9.5.2.8 - 9.5.2.9): which
subscriptions want one, and its payload, written to the outbox in the
transaction of the change that causes it."""
from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.db import outbox
from tacker.db import subscriptions as db_subscriptions

API = 'vnfpkgm'
PREFIX = '/vnfpkgm/v1'
ONBOARDING = 'VnfPackageOnboardingNotification'
CHANGE = 'VnfPackageChangeNotification'


def _products_match(providers, package):
    """vnfProductsFromProviders: any provider entry matches, each level
    narrowing when present (SOL005 9.5.3.2 PkgmNotificationsFilter)."""
    for provider in providers:
        if provider['vnfProvider'] != package['vnf_provider']:
            continue
        products = provider.get('vnfProducts')
        if not products:
            return True
        for product in products:
            if product['vnfProductName'] != package['vnf_product_name']:
                continue
            versions = product.get('versions')
            if not versions:
                return True
            for version in versions:
                if (version['vnfSoftwareVersion']
                        != package['vnf_software_version']):
                    continue
                vnfd_versions = version.get('vnfdVersions')
                if not vnfd_versions or \
                        package['vnfd_version'] in vnfd_versions:
                    return True
    return False


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
    return not providers or _products_match(providers, package)


def _notify(session, package, base, notification_type, extra):
    for subscription in db_subscriptions.all_for_api(session, API):
        if not matches(subscription['filter'], package, notification_type):
            continue
        payload = {
            'id': uuidutils.generate_uuid(),
            'notificationType': notification_type,
            'subscriptionId': subscription['id'],
            'timeStamp': timeutils.utcnow().isoformat(
                timespec='seconds') + 'Z',
            'vnfPkgId': package['id'],
            'vnfdId': package['vnfd_id'],
            '_links': {
                'vnfPackage': {'href': '%s%s/vnf_packages/%s' % (
                    base, PREFIX, package['id'])},
                'subscription': {'href': '%s%s/subscriptions/%s' % (
                    base, PREFIX, subscription['id'])}},
            **extra}
        outbox.enqueue(session, subscription['id'], notification_type,
                       payload)


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
