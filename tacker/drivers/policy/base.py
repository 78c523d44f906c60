"""The contract between the conductor and a policy driver.

A policy is what Tacker does of its own when monitoring says so, in two
places:

- Alerts ask for automatic requests (``tacker.db.automatic``); when some
  are due on a free INSTANTIATED instance, the conductor hands those of
  one policy to its driver (``decide``), which decides the LCM operation
  that serves them. The conductor starts it as a client's request would
  start (``isAutomaticInvocation`` true) and removes the requests it
  serves in the same transaction.
- A VDU of a legacy VNF fails the check of its VNFD's monitoring policy
  (``tacker.drivers.monitor``); the policy its ``actions.failure`` names
  decides the VNF's task (``on_vdu_failure``), which the conductor
  starts as a client's request would.

A driver serves either or both; what it does not serve it refuses.
"""
import abc
import dataclasses


@dataclasses.dataclass(frozen=True)
class Decision:
    """What serves the requests ``served`` (ids): the operation and its
    request body, or no operation (``operation`` None: they are
    dropped, the driver having done or logged what they asked)."""

    served: list
    operation: str | None = None
    params: dict | None = None


@dataclasses.dataclass(frozen=True)
class MonitorAction:
    """What a legacy VNF does when a VDU failed its monitoring: the task
    to start (a PENDING_* status of ``states.LEGACY_VNF``) with the
    attributes it takes, or none (``task`` None: the failure is told as
    an event and logged, nothing more)."""

    task: str | None = None
    attributes: dict | None = None


class PolicyDriver(abc.ABC):

    # Whether the driver serves automatic requests (``decide``), and the
    # failures of legacy monitoring policies (``on_vdu_failure``).
    AUTOMATIC = True
    MONITOR_ACTION = False

    def __init__(self, conf):
        self.conf = conf

    def decide(self, instance, requests):
        """The Decision on ``requests`` (rows of this policy waiting on
        ``instance``, oldest first; their ``params`` are what the alert
        asked). A driver that serves no automatic requests drops them."""
        return Decision([request['id'] for request in requests])

    def on_vdu_failure(self, vnf, vdu_name):
        """The MonitorAction of legacy VNF ``vnf`` (a row) whose VDU
        ``vdu_name`` failed its check, for a driver that serves them
        (MONITOR_ACTION)."""
        raise NotImplementedError(
            '%s takes no monitoring action' % type(self).__name__)
