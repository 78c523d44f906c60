"""Names that VNF packages written for Tacker's v2 API import from their
scripts (coordination scripts: ``from tacker.sol_refactored.common import
exceptions as sol_ex``), so that those scripts run unchanged beside this
Tacker. Nothing of Tacker itself imports this package."""
