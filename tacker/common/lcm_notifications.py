"""VNF lifecycle notifications (SOL003 v2.6.1 5.5.2.16 - 5.5.2.18) of the
v1 API, written to the outbox in the transaction of the change."""
from tacker.common import notify

API = 'vnflcm_v1'
PREFIX = '/vnflcm/v1'
CREATION = 'VnfIdentifierCreationNotification'
DELETION = 'VnfIdentifierDeletionNotification'
OPERATION = 'VnfLcmOperationOccurrenceNotification'


def matches(subscription_filter, instance, notification_type,
            operation=None, operation_state=None):
    """Whether a LifecycleChangeNotificationsFilter selects this."""
    wanted = subscription_filter or {}
    if wanted.get('notificationTypes') and \
            notification_type not in wanted['notificationTypes']:
        return False
    if notification_type == OPERATION:
        for attribute, value in (('operationTypes', operation),
                                 ('operationStates', operation_state)):
            if wanted.get(attribute) and value not in wanted[attribute]:
                return False
    instances = wanted.get('vnfInstanceSubscriptionFilter') or {}
    for attribute, value in (
            ('vnfdIds', instance['vnfd_id']),
            ('vnfInstanceIds', instance['id']),
            ('vnfInstanceNames', instance['vnf_instance_name'])):
        if instances.get(attribute) and value not in instances[attribute]:
            return False
    providers = instances.get('vnfProductsFromProviders')
    return not providers or notify.products_match(
        providers, instance['vnf_provider'], instance['vnf_product_name'],
        instance['vnf_software_version'], instance['vnfd_version'])


def instance_url(base, instance_id):
    return '%s%s/vnf_instances/%s' % (base, PREFIX, instance_id)


def op_url(base, op_id):
    return '%s%s/vnf_lcm_op_occs/%s' % (base, PREFIX, op_id)


def _identifier(session, instance, base, notification_type):
    notify.enqueue(
        session, API, PREFIX, base, notification_type,
        lambda wanted: matches(wanted, instance, notification_type),
        {'vnfInstanceId': instance['id']},
        {'vnfInstance': {'href': instance_url(base, instance['id'])}},
        instance['project_id'])


def instance_created(session, instance, base):
    _identifier(session, instance, base, CREATION)


def instance_deleted(session, instance, base):
    _identifier(session, instance, base, DELETION)


# notificationStatus (SOL003 5.5.2.17): START while the operation runs,
# RESULT once it reached a state where it waits or is over.
_RESULT_STATES = frozenset({'COMPLETED', 'FAILED_TEMP', 'FAILED',
                            'ROLLED_BACK'})


def op_changed(session, op, instance, base):
    """VnfLcmOperationOccurrenceNotification for the state ``op`` is in."""
    state = op['operation_state']
    fields = {
        'notificationStatus': 'RESULT' if state in _RESULT_STATES
        else 'START',
        'operationState': state,
        'vnfInstanceId': instance['id'],
        'operation': op['operation'],
        'isAutomaticInvocation': bool(op['is_automatic_invocation']),
        'vnfLcmOpOccId': op['id'],
    }
    if state in _RESULT_STATES:
        for name, value in (op['resource_changes'] or {}).items():
            if value:
                fields[name] = value
        if op['changed_info']:
            fields['changedInfo'] = op['changed_info']
        if op['changed_ext_connectivity']:
            fields['changedExtConnectivity'] = op['changed_ext_connectivity']
    if op['error']:
        fields['error'] = op['error']
    notify.enqueue(
        session, API, PREFIX, base, OPERATION,
        lambda wanted: matches(wanted, instance, OPERATION,
                               op['operation'], state),
        fields,
        {'vnfInstance': {'href': instance_url(base, instance['id'])},
         'vnfLcmOpOcc': {'href': op_url(base, op['id'])}},
        instance['project_id'])
