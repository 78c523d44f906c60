"""What a new PM job or threshold measures, checked before it is
stored (SOL003 v3.3.1 6.4.2.3.1, 6.4.5.3.1): VNF instances of the
client's project that are instantiated, metrics that have templates for
them, and a callback that answers; and its authentication sealed."""
from tacker.common import callbacks
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import pm
from tacker.common import states
from tacker.common import vim_secrets
from tacker.conf import CONF
from tacker.db import instances as db_instances


def refuse(reason):
    return exceptions.UnmeasurableObject(reason=reason)


def check_object_type(object_type):
    if object_type not in pm.OBJECT_TYPES:
        raise refuse('objectType %s is not one of %s' % (
            object_type, ', '.join(pm.OBJECT_TYPES)))


def instances(context, instance_ids):
    """The VNF instances, by id.

    :raises UnmeasurableObject: for one the client cannot see or that is
        not instantiated.
    """
    found = {}
    for instance_id in instance_ids:
        try:
            instance = db_instances.get(context, instance_id,
                                        project_scope(context))
        except exceptions.VnfInstanceNotFound:
            raise refuse('VNF instance %s does not exist' % instance_id)
        if instance['instantiation_state'] != states.INSTANTIATED:
            raise refuse('VNF instance %s is not instantiated'
                         % instance_id)
        found[instance_id] = instance
    return found


def checked(measure):
    """``measure()``'s result, its ValueError a 422."""
    try:
        return measure()
    except ValueError as exc:
        raise refuse(str(exc))


def callback(body):
    """(callbackUri, sealed authentication) of a request whose callback
    answered SOL013's test GET."""
    callbacks.check_callback(body['callbackUri'], body.get('authentication'),
                             CONF)
    return body['callbackUri'], vim_secrets.seal_authentication(
        CONF, body.get('authentication'))


def modification(body, current_uri):
    """(callbackUri or None, sealed authentication or None) of a
    PmJobModifications / ThresholdModifications; a new callback (or new
    credentials for it) is tested first."""
    uri = body.get('callbackUri')
    authentication = body.get('authentication')
    if uri is None and authentication is None:
        return None, None
    callbacks.check_callback(uri or current_uri, authentication, CONF)
    return uri, vim_secrets.seal_authentication(CONF, authentication)
