"""VNF lifecycle notifications: which subscriptions want one, and its
payload, as each LCM API tells the change: v1 (SOL003 v2.6.1 5.5.2.16 -
5.5.2.18) and v2 (SOL003 v3.3.1 5.5.2.17 - 5.5.2.19, whose SHORT
subscriptions are not sent the changes). The database layer writes them
to the outbox in the transaction of the change."""
from tacker.common import links
from tacker.common import notify
from tacker.common import sol003_v3
from tacker.common import states

API = 'vnflcm_v1'
API_V2 = 'vnflcm_v2'
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
    return notify.instance_matches(
        wanted.get('vnfInstanceSubscriptionFilter'), instance)


# What a SHORT notification of an occurrence leaves out (v3.3.1
# 5.5.2.17).
_NOT_SHORT = ('affectedVnfcs', 'affectedVirtualLinks',
              'affectedExtLinkPorts', 'affectedVirtualStorages',
              'changedInfo', sol003_v3.PACKAGE_CHANGES,
              'changedExtConnectivity')


def _notifications(instance, base, notification_type, selected, fields,
                   resource_links):
    """(v1, v2) notifications of the change; ``resource_links(root)``
    links what it is about within the API at ``root``."""
    def within(root):
        return {'vnfInstance': {'href': links.vnf_instance(
            base, instance['id'], root=root)}, **resource_links(root)}
    return (
        notify.Notification(API, links.VNFLCM, base, notification_type,
                            instance['project_id'], selected, fields,
                            within(links.VNFLCM)),
        notify.Notification(API_V2, links.VNFLCM_V2, base,
                            notification_type, instance['project_id'],
                            selected, _v3_fields(fields),
                            within(links.VNFLCM_V2), _NOT_SHORT))


def _v3_fields(fields):
    fields = dict(fields)
    if fields.get('affectedVirtualLinks'):
        fields['affectedVirtualLinks'] = sol003_v3.affected_virtual_links(
            fields['affectedVirtualLinks'])
    if 'changedInfo' in fields:
        fields[sol003_v3.changes_name(fields['operation'])] = \
            sol003_v3.changed_info(fields.pop('changedInfo'))
    return fields


def _identifier(instance, base, notification_type):
    return _notifications(
        instance, base, notification_type,
        lambda wanted: matches(wanted, instance, notification_type),
        {'vnfInstanceId': instance['id']}, lambda root: {})


def instance_created(instance, base):
    return _identifier(instance, base, CREATION)


def instance_deleted(instance, base):
    return _identifier(instance, base, DELETION)


def op_changed(op, instance, base):
    """VnfLcmOperationOccurrenceNotification for the state ``op`` is in.
    notificationStatus (SOL003 5.5.2.17): START while the operation runs,
    RESULT once it waits (FAILED_TEMP) or is over."""
    state = op['operation_state']
    result = state not in states.LCM_OP_RUNNING
    fields = {
        'notificationStatus': 'RESULT' if result else 'START',
        'operationState': state,
        'vnfInstanceId': instance['id'],
        'operation': op['operation'],
        'isAutomaticInvocation': bool(op['is_automatic_invocation']),
        'vnfLcmOpOccId': op['id'],
    }
    if result:
        for name, value in (op['resource_changes'] or {}).items():
            if value:
                fields[name] = value
        if op['changed_info']:
            fields['changedInfo'] = op['changed_info']
        if op['changed_ext_connectivity']:
            fields['changedExtConnectivity'] = op['changed_ext_connectivity']
    if op['error']:
        fields['error'] = op['error']
    return _notifications(
        instance, base, OPERATION,
        lambda wanted: matches(wanted, instance, OPERATION,
                               op['operation'], state),
        fields,
        lambda root: {'vnfLcmOpOcc': {'href': links.vnf_lcm_op_occ(
            base, op['id'], root=root)}})
