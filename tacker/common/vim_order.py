"""Which VIM an LCM operation uses: one order for the API's check before
the 202 and for every conductor step, so they never pick differently.

The VimConnectionInfo entries (SOL003 v2.6.1 4.4.1.6) the request names,
else those stored on the VNF instance, else those the NFVO granted
(9.5.2.3 Grant.vimConnections), else the project's default VIM.
"""
import dataclasses

REQUEST = 'request'
INSTANCE = 'instance'
GRANT = 'grant'
DEFAULT = 'default'


@dataclasses.dataclass(frozen=True)
class VimChoice:
    """The chosen VimConnectionInfo entries and where they came from
    (``REQUEST``, ``INSTANCE``, ``GRANT``, ``DEFAULT``; None when there
    is no VIM at all)."""

    source: str | None
    connections: list


def entries(vim_connection_info):
    """A vimConnectionInfo as a list: SOL003 v2.6.1 sends a list, later
    versions a map keyed by id."""
    if isinstance(vim_connection_info, dict):
        return list(vim_connection_info.values())
    return list(vim_connection_info or [])


def choose(request_vims, instance_vims, grant_vims, default_vim):
    """The VimChoice of an operation.

    :param default_vim: called (only) when nothing else names a VIM; the
        default VIM's VimConnectionInfo (or row), or None.
    """
    for source, vims in ((REQUEST, request_vims), (INSTANCE, instance_vims),
                         (GRANT, grant_vims)):
        if entries(vims):
            return VimChoice(source, entries(vims))
    default = default_vim()
    if default is None:
        return VimChoice(None, [])
    return VimChoice(DEFAULT, [default])
