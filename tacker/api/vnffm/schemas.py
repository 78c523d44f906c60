"""JSON Schemas of /vnffm/v1's request bodies (SOL003 v3.3.1 clause 7.5)."""
import copy

from tacker.api.vnflcm import schemas as lcm_schemas
from tacker.api.vnfpkgm import schemas as pkg_schemas
from tacker.common import fm_alarms

_STRING = {'type': 'string', 'maxLength': 255}


def _strings(values=None):
    item = {'enum': list(values)} if values else _STRING
    return {'type': 'array', 'items': item, 'maxItems': 100}


# AlarmModifications (7.5.2.8).
alarm_modifications = {
    'type': 'object',
    'properties': {'ackState': {'enum': list(fm_alarms.ACK_STATES)}},
    'required': ['ackState'],
    'additionalProperties': False,
}

# FmSubscriptionRequest (7.5.2.2) with its FmNotificationsFilter (7.5.3.2).
fm_subscription_request = copy.deepcopy(
    lcm_schemas.lccn_subscription_request)
fm_subscription_request['properties']['authentication'] = \
    pkg_schemas.subscription_authentication_v2
fm_subscription_request['properties']['filter'] = {
    'type': 'object',
    'properties': {
        'vnfInstanceSubscriptionFilter': copy.deepcopy(
            lcm_schemas.lifecycle_change_notifications_filter[
                'properties']['vnfInstanceSubscriptionFilter']),
        'notificationTypes': _strings((fm_alarms.ALARM, fm_alarms.CLEARED,
                                       'AlarmListRebuiltNotification')),
        'faultyResourceTypes': _strings(('COMPUTE', 'STORAGE', 'NETWORK')),
        'perceivedSeverities': _strings(fm_alarms.SEVERITIES),
        'eventTypes': _strings(fm_alarms.EVENT_TYPES),
        'probableCauses': _strings(),
    },
    'additionalProperties': False,
}
