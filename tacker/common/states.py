"""State machines, one table each (ARCHITECTURE "State machines").

Every state change goes through these tables; the database layer turns a
transition into a conditional UPDATE on the allowed source states, so two
processes racing for the same transition cannot both win.
"""
import typing

from tacker.common import sizing

# VNF package onboardingState (SOL005 9.5.4.3). Failures return to
# CREATED with onboardingFailureDetails, so the upload can be retried.
CREATED = 'CREATED'
UPLOADING = 'UPLOADING'
PROCESSING = 'PROCESSING'
ONBOARDED = 'ONBOARDED'

PACKAGE_ONBOARDING = {
    CREATED: {UPLOADING},
    UPLOADING: {PROCESSING, CREATED},
    PROCESSING: {ONBOARDED, CREATED},
    ONBOARDED: set(),
}

# operationalState (SOL005 9.5.4.4): only an onboarded package changes it.
ENABLED = 'ENABLED'
DISABLED = 'DISABLED'
PACKAGE_OPERATIONAL = {ENABLED: {DISABLED}, DISABLED: {ENABLED}}

# usageState (SOL005 9.5.4.5), driven by VNF instances.
IN_USE = 'IN_USE'
NOT_IN_USE = 'NOT_IN_USE'


def sources(table, target):
    """The states from which ``table`` allows moving to ``target``."""
    return sorted(state for state, targets in table.items()
                  if target in targets)


# VnfInstance instantiationState (SOL003 5.5.4.2 InstantiationState).
NOT_INSTANTIATED = 'NOT_INSTANTIATED'
INSTANTIATED = 'INSTANTIATED'

# LCM operation occurrence operationState (SOL003 5.5.4.3, ARCHITECTURE).
STARTING = 'STARTING'
COMPLETED = 'COMPLETED'
FAILED_TEMP = 'FAILED_TEMP'
FAILED = 'FAILED'
ROLLING_BACK = 'ROLLING_BACK'
ROLLED_BACK = 'ROLLED_BACK'

LCM_OP = {
    STARTING: {PROCESSING, ROLLED_BACK, FAILED_TEMP},
    PROCESSING: {COMPLETED, FAILED_TEMP},
    FAILED_TEMP: {PROCESSING, ROLLING_BACK, FAILED},
    ROLLING_BACK: {ROLLED_BACK, FAILED_TEMP},
    COMPLETED: set(),
    FAILED: set(),
    ROLLED_BACK: set(),
}
# States in which the operation is over and the instance lock released.
LCM_OP_FINAL = frozenset(state for state, targets in LCM_OP.items()
                         if not targets)

# States in which the operation runs in a conductor, and may be
# cancelled (SOL003 v2.6.1 5.4.17).
LCM_OP_RUNNING = frozenset({STARTING, PROCESSING, ROLLING_BACK})

# The LcmOperationType values (SOL003 v2.6.1) Tacker runs.
INSTANTIATE = 'INSTANTIATE'
TERMINATE = 'TERMINATE'
SCALE = 'SCALE'
SCALE_TO_LEVEL = 'SCALE_TO_LEVEL'
HEAL = 'HEAL'
CHANGE_EXT_CONN = 'CHANGE_EXT_CONN'
CHANGE_VNFPKG = 'CHANGE_VNFPKG'
CHANGE_FLAVOUR = 'CHANGE_FLAVOUR'
MODIFY_INFO = 'MODIFY_INFO'


class LcmOperation(typing.NamedTuple):
    """What the state machines need to know of one operation."""

    # instantiationState it needs, and the one it leaves (None: any,
    # unchanged).
    needs: str | None
    leaves: str | None
    # The InfraDriver method that does its VIM work (None: no VIM work).
    driver_step: str | None
    # Changes VIM resources, so needs the NFVO's grant first (SOL003
    # v2.6.1 clause 9, Annex: the grant sequence of each operation).
    granted: bool
    # A FAILED_TEMP occurrence of it may be rolled back (SOL003 v2.6.1
    # 5.4.15): the drivers undo a failed instantiation or scale out.
    rollback: bool


LCM_OPERATIONS = {
    INSTANTIATE: LcmOperation(NOT_INSTANTIATED, INSTANTIATED,
                              'instantiate', granted=True, rollback=True),
    TERMINATE: LcmOperation(INSTANTIATED, NOT_INSTANTIATED, 'terminate',
                            granted=True, rollback=False),
    SCALE: LcmOperation(INSTANTIATED, INSTANTIATED, 'scale', granted=True,
                        rollback=True),
    # The same VIM work as SCALE (``sizing.scale_plan``), to the levels
    # named (SOL003 5.4.6); a failed one is rolled back to the levels
    # before it.
    SCALE_TO_LEVEL: LcmOperation(INSTANTIATED, INSTANTIATED, 'scale',
                                 granted=True, rollback=True),
    HEAL: LcmOperation(INSTANTIATED, INSTANTIATED, 'heal', granted=True,
                       rollback=False),
    CHANGE_EXT_CONN: LcmOperation(INSTANTIATED, INSTANTIATED,
                                  'change_ext_conn', granted=False,
                                  rollback=False),
    # Moves the VNFCs to another package's images or manifests, one at a
    # time (SOL003 v3.3.1 5.4.11a); a failed one is rolled back to the
    # package the instance still names.
    CHANGE_VNFPKG: LcmOperation(INSTANTIATED, INSTANTIATED, 'change_vnfpkg',
                                granted=True, rollback=True),
    # Redeploys the VNF in another flavour of its package (SOL003 5.4.7);
    # a failed one is rolled back to the flavour and levels before it.
    CHANGE_FLAVOUR: LcmOperation(INSTANTIATED, INSTANTIATED,
                                 'change_flavour', granted=True,
                                 rollback=True),
    MODIFY_INFO: LcmOperation(None, None, None, granted=False,
                              rollback=False),
}
GRANTED_OPERATIONS = frozenset(
    name for name, operation in LCM_OPERATIONS.items() if operation.granted)


def rollback_allowed(operation, params):
    """Whether a FAILED_TEMP occurrence of ``operation`` requested with
    ``params`` (its operationParams) may be rolled back: INSTANTIATE,
    SCALE_OUT, SCALE_TO_LEVEL, CHANGE_VNFPKG and CHANGE_FLAVOUR (a failed
    SCALE_IN is retried or failed)."""
    return LCM_OPERATIONS[operation].rollback and not (
        operation == SCALE
        and (params or {}).get('type') == sizing.SCALE_IN)


# CancelModeType of a cancel (SOL003 v2.6.1 5.4.17): GRACEFUL lets the
# VIM call in progress finish, FORCEFUL stops waiting for it too.
GRACEFUL = 'GRACEFUL'
FORCEFUL = 'FORCEFUL'
CANCEL_MODES = (GRACEFUL, FORCEFUL)

# Status of a registered VIM (legacy /v1.0 API). Registration verifies the
# credentials before anything is stored, so a new VIM is REACHABLE; the
# conductors' VIM monitor keeps it current.
VIM_REACHABLE = 'REACHABLE'
VIM_UNREACHABLE = 'UNREACHABLE'


# Status of a VNF of the legacy API (/v1.0/vnfs, Tacker's names). A
# PENDING_* status is a task a conductor runs (and another takes over
# when it dies); ACTIVE and ERROR are at rest. PENDING_HEAL re-creates
# the VNF or some of its VDUs (the respawn and vdu_autoheal actions).
LEGACY_PENDING_CREATE = 'PENDING_CREATE'
LEGACY_ACTIVE = 'ACTIVE'
LEGACY_ERROR = 'ERROR'
LEGACY_PENDING_UPDATE = 'PENDING_UPDATE'
LEGACY_PENDING_DELETE = 'PENDING_DELETE'
LEGACY_PENDING_SCALE_OUT = 'PENDING_SCALE_OUT'
LEGACY_PENDING_SCALE_IN = 'PENDING_SCALE_IN'
LEGACY_PENDING_HEAL = 'PENDING_HEAL'
_LEGACY_TASK_ENDS = {LEGACY_ACTIVE, LEGACY_ERROR}
LEGACY_VNF = {
    LEGACY_PENDING_CREATE: _LEGACY_TASK_ENDS,
    LEGACY_ACTIVE: {LEGACY_PENDING_UPDATE, LEGACY_PENDING_DELETE,
                    LEGACY_PENDING_SCALE_OUT, LEGACY_PENDING_SCALE_IN,
                    LEGACY_PENDING_HEAL},
    LEGACY_ERROR: {LEGACY_PENDING_DELETE, LEGACY_PENDING_HEAL},
    LEGACY_PENDING_UPDATE: _LEGACY_TASK_ENDS,
    LEGACY_PENDING_SCALE_OUT: _LEGACY_TASK_ENDS,
    LEGACY_PENDING_SCALE_IN: _LEGACY_TASK_ENDS,
    LEGACY_PENDING_HEAL: _LEGACY_TASK_ENDS,
    # The VNF's row goes when its deletion is done; a failure is ERROR.
    LEGACY_PENDING_DELETE: {LEGACY_ERROR},
}
LEGACY_PENDING = frozenset(state for state in LEGACY_VNF
                           if state not in _LEGACY_TASK_ENDS)
