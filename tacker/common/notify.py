"""What every SOL notification shares: the common payload fields and the
vnfProductsFromProviders filter. Pure: the database layer picks the
subscriptions and writes to the outbox (``tacker.db.outbox.add``)."""
import dataclasses
import typing

from oslo_utils import timeutils
from oslo_utils import uuidutils

from tacker.common import links

SHORT = 'SHORT'


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


def instance_matches(instances_filter, instance):
    """A VnfInstanceSubscriptionFilter (SOL003 4.4.1.5): ``instance``
    (a VNF instance row) is one of those it names."""
    instances = instances_filter or {}
    for attribute, value in (
            ('vnfdIds', instance['vnfd_id']),
            ('vnfInstanceIds', instance['id']),
            ('vnfInstanceNames', instance['vnf_instance_name'])):
        if instances.get(attribute) and value not in instances[attribute]:
            return False
    providers = instances.get('vnfProductsFromProviders')
    return not providers or products_match(
        providers, instance['vnf_provider'], instance['vnf_product_name'],
        instance['vnf_software_version'], instance['vnfd_version'])


@dataclasses.dataclass(frozen=True)
class Notification:
    """One notification of a resource of ``project_id``, before it is
    addressed: it goes to each subscription of ``api`` in that project
    for whose filter ``selected(filter)`` holds (a notification tells
    only the project that owns its resource)."""

    api: str
    prefix: str
    base: str
    notification_type: str
    project_id: str
    selected: typing.Callable[[dict], bool]
    fields: dict
    links: dict
    # What a subscription of SHORT verbosity is not sent (SOL003 v3.3.1
    # 5.5.2.17).
    not_short: tuple = ()

    def payload(self, subscription_id, verbosity=None):
        """The notification as sent to ``subscription_id``, of
        ``verbosity`` (FULL, SHORT; None where its API has none)."""
        fields = self.fields
        if verbosity is not None:
            fields = dict(fields, verbosity=verbosity)
        if verbosity == SHORT:
            fields = {name: value for name, value in fields.items()
                      if name not in self.not_short}
        return {
            'id': uuidutils.generate_uuid(),
            'notificationType': self.notification_type,
            'subscriptionId': subscription_id,
            'timeStamp': timeutils.utcnow().isoformat(
                timespec='seconds') + 'Z',
            **fields,
            '_links': {**self.links, 'subscription': {
                'href': links.subscription(self.base, self.prefix,
                                           subscription_id)}}}
