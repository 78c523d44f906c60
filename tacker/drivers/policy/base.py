"""The contract between the conductor and a policy driver.

Alerts ask for automatic requests (``tacker.db.automatic``); when some
are due on a free INSTANTIATED instance, the conductor hands those of
one policy to its driver, which decides the LCM operation that serves
them. The conductor starts it as a client's request would start
(``isAutomaticInvocation`` true) and removes the requests it serves in
the same transaction.
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


class PolicyDriver(abc.ABC):

    def __init__(self, conf):
        self.conf = conf

    @abc.abstractmethod
    def decide(self, instance, requests):
        """The Decision on ``requests`` (rows of this policy waiting on
        ``instance``, oldest first; their ``params`` are what the alert
        asked)."""
