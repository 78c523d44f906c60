"""State machines, one table each (ARCHITECTURE "State machines").

Every state change goes through these tables; the database layer turns a
transition into a conditional UPDATE on the allowed source states, so two
processes racing for the same transition cannot both win.
"""

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

# Which instantiationState each operation needs, and which it leaves
# (None: any, unchanged).
LCM_OPERATIONS = {
    'INSTANTIATE': (NOT_INSTANTIATED, INSTANTIATED),
    'TERMINATE': (INSTANTIATED, NOT_INSTANTIATED),
    'SCALE': (INSTANTIATED, INSTANTIATED),
    'HEAL': (INSTANTIATED, INSTANTIATED),
    'CHANGE_EXT_CONN': (INSTANTIATED, INSTANTIATED),
    'MODIFY_INFO': (None, None),
}
# Operations a rollback can undo (SOL003 5.4.15: instantiate, scale out).
ROLLBACK_OPERATIONS = frozenset({'INSTANTIATE', 'SCALE'})
# Operations that change VIM resources, so need the NFVO's grant first
# (SOL003 v2.6.1 clause 9, Annex: the grant sequence of each operation).
GRANTED_OPERATIONS = frozenset({'INSTANTIATE', 'TERMINATE', 'SCALE',
                                'HEAL'})

CANCEL_MODES = ('GRACEFUL', 'FORCEFUL')

# Status of a registered VIM (legacy /v1.0 API). Registration verifies the
# credentials before anything is stored, so a new VIM is REACHABLE; the
# conductors' VIM monitor keeps it current.
VIM_REACHABLE = 'REACHABLE'
VIM_UNREACHABLE = 'UNREACHABLE'
