"""oslo.messaging plumbing shared by the API (client) and the conductor
(server): one transport per process, contexts serialized into messages."""
import oslo_messaging as messaging

from tacker.common import context as tacker_context
from tacker.conf import CONF

EXCHANGE = 'tacker'
# Exceptions from these modules cross RPC as themselves, so the API can
# turn a conductor's refusal into the right ProblemDetails.
ALLOWED_EXMODS = ['tacker.common.exceptions']

_transport = None


def init(conf=CONF):
    """Create this process's transport; call after config is parsed."""
    global _transport
    messaging.set_transport_defaults(control_exchange=EXCHANGE)
    _transport = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)


def cleanup():
    global _transport
    if _transport is not None:
        _transport.cleanup()
        _transport = None


def get_transport():
    if _transport is None:
        init()
    return _transport


class RequestContextSerializer(messaging.NoOpSerializer):
    """Puts the request context into each message and back."""

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return tacker_context.RequestContext.from_dict(context)


def get_client(target, version_cap=None):
    return messaging.get_rpc_client(
        get_transport(), target, version_cap=version_cap,
        serializer=RequestContextSerializer())


def get_server(target, endpoints):
    """An RPC server; in the conductor, which is not monkey-patched,
    oslo.messaging picks its threading executor (naming it is
    deprecated)."""
    return messaging.get_rpc_server(
        get_transport(), target, endpoints,
        serializer=RequestContextSerializer())
