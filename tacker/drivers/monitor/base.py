"""The contract between the conductor's monitor loop and a monitor driver.

A legacy VNFD's VDU may carry ``monitoring_policy: {name, parameters,
actions}``. ``name`` picks the driver; ``parameters`` are the driver's,
plus ``monitoring_delay`` which every driver accepts and the conductor
alone uses (seconds after the VNF is created before the first check; the
conductor supplies its default when absent). ``actions`` are the
policy drivers'.

The conductor calls ``parameters`` when a VNFD is created, so that a bad
policy is refused then (400), and ``check`` for one VDU's management
address at each round of its loop.
"""
import abc
import dataclasses
import ipaddress
import math

# No check may last longer: parameters whose worst case (every attempt
# timing out) would exceed it are refused, so one slow VDU cannot stall
# the monitor loop for long.
MAX_CHECK_SECONDS = 120
# Bounds of monitoring_delay, in seconds (a day).
MAX_MONITORING_DELAY = 86400


@dataclasses.dataclass(frozen=True)
class Health:
    """The outcome of one check: whether the VDU answered, and a short
    text saying how (for the log and the VNF's events)."""

    alive: bool
    detail: str


class MonitorDriver(abc.ABC):
    """A way of checking that a VDU is alive."""

    # Its entry-point name, for messages.
    name = None
    # name -> converter (a callable returning the value to use or raising
    # ValueError with the reason) of the driver's own parameters.
    SPEC = {}
    # name -> default of those that have one.
    DEFAULTS = {}

    def __init__(self, conf):
        self.conf = conf

    def parameters(self, raw):
        """The policy's parameters, checked and completed with the
        driver's defaults: a new dict (``monitoring_delay`` only when
        given).

        :raises ValueError: not a mapping, a name the driver does not
            know, a value of the wrong type or out of bounds, or values
            whose worst case outlasts MAX_CHECK_SECONDS.
        """
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ValueError('monitoring_policy parameters must be a '
                             'mapping, not %s' % type(raw).__name__)
        spec = dict(self.SPEC, monitoring_delay=number(
            0, MAX_MONITORING_DELAY))
        unknown = sorted(str(name) for name in raw if name not in spec)
        if unknown:
            raise ValueError('unknown monitoring_policy parameters %s (%s '
                             'takes %s)' % (', '.join(unknown), self.name,
                                            ', '.join(sorted(spec))))
        checked = dict(self.DEFAULTS)
        for name, value in raw.items():
            try:
                checked[name] = spec[name](value)
            except ValueError as exc:
                raise ValueError('monitoring_policy parameter %s: %s' % (
                    name, exc)) from None
        worst = self.worst_case(checked)
        if worst > MAX_CHECK_SECONDS:
            raise ValueError(
                'monitoring_policy parameters let one %s check last up '
                'to %g s; at most %d s is allowed' % (
                    self.name, worst, MAX_CHECK_SECONDS))
        return checked

    @abc.abstractmethod
    def worst_case(self, parameters):
        """Seconds one check with these checked parameters may last at
        most, every attempt timing out included: its deadline."""

    @abc.abstractmethod
    def check(self, address, parameters):
        """Check the VDU reachable at ``address``, its management IP
        address, with its policy's ``parameters`` (raw: checked here as
        ``parameters`` does).

        Returns within ``worst_case`` (plus process start-up) whatever
        the target does: a target that does not answer, refuses or
        answers wrongly gives ``Health(alive=False)``, never an
        exception.

        :returns: Health
        :raises ValueError: invalid parameters, or ``address`` is not an
            IP address literal.
        """


def ip_literal(address):
    """``address`` (an IPv4 or IPv6 literal, IPv6 with a zone allowed)
    as an ``ipaddress`` object; anything else, host names included, is
    refused, so what reaches a command line or URI is only an address.

    :raises ValueError
    """
    if not isinstance(address, str):
        raise ValueError('the management address must be a string, not %s'
                         % type(address).__name__)
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        raise ValueError('the management address %r is not an IP address'
                         % address[:64]) from None


def number(low, high, integral=False):
    """A converter of numbers (or their text, as TOSCA properties may be)
    within ``[low, high]``; integers only when ``integral``."""
    def convert(value):
        if isinstance(value, bool) or not isinstance(value,
                                                     (int, float, str)):
            raise ValueError('must be a number')
        try:
            converted = int(value) if integral and isinstance(
                value, str) else float(value)
        except ValueError:
            raise ValueError('%r is not %s' % (
                value[:32], 'an integer' if integral else 'a number')) \
                from None
        if integral and not float(converted).is_integer():
            raise ValueError('must be an integer')
        if not math.isfinite(converted) or not low <= converted <= high:
            raise ValueError('must be between %g and %g' % (low, high))
        return int(converted) if integral else converted
    return convert
