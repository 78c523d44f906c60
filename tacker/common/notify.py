"""What every SOL notification shares: picking the subscriptions of an
API whose filter selects it, and the common payload fields, written to the
outbox in the caller's transaction."""
from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.db import outbox
from tacker.db import subscriptions as db_subscriptions


def products_match(providers, provider, product, software_version,
                   vnfd_version):
    """A vnfProductsFromProviders filter: any provider entry matches, each
    nested level narrowing when present (SOL005 9.5.3.2, SOL003 4.4.1.5)."""
    for entry in providers:
        if entry['vnfProvider'] != provider:
            continue
        products = entry.get('vnfProducts')
        if not products:
            return True
        for wanted in products:
            if wanted['vnfProductName'] != product:
                continue
            versions = wanted.get('versions')
            if not versions:
                return True
            for version in versions:
                if version['vnfSoftwareVersion'] != software_version:
                    continue
                vnfd_versions = version.get('vnfdVersions')
                if not vnfd_versions or vnfd_version in vnfd_versions:
                    return True
    return False


def enqueue(session, api, prefix, base, notification_type, selected,
            fields, links, project_id):
    """Queue one notification per subscription of ``api`` in
    ``project_id`` (the resource's) for which ``selected(subscription
    filter)`` holds."""
    for subscription in db_subscriptions.all_for_api(session, api,
                                                     project_id):
        if not selected(subscription['filter'] or {}):
            continue
        payload = {
            'id': uuidutils.generate_uuid(),
            'notificationType': notification_type,
            'subscriptionId': subscription['id'],
            'timeStamp': timeutils.utcnow().isoformat(
                timespec='seconds') + 'Z',
            **fields,
            '_links': {**links, 'subscription': {
                'href': '%s%s/subscriptions/%s' % (
                    base, prefix, subscription['id'])}}}
        outbox.enqueue(session, subscription['id'], notification_type,
                       payload)
