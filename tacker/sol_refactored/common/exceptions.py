"""The exceptions Tacker's sample coordination scripts raise (see
``tacker.drivers.infra.coordination``): a script that raises one exits
non-zero, and its message reaches the operation's error through the
script's stderr."""


class SolException(Exception):
    """A message made from the keyword arguments, as scripts pass them
    (``sol_detail`` gives it whole)."""

    message = 'An error occurred.'

    def __init__(self, sol_detail=None, **kwargs):
        try:
            detail = sol_detail or self.message % kwargs
        except (KeyError, TypeError, ValueError):
            detail = self.message
        self.detail = detail
        super().__init__(detail)


class VMRunningFailed(SolException):
    message = 'VM is running incorrectly. Reason: %(error_info)s'


class CoordinateVNFExecutionFailed(SolException):
    message = 'CoordinateVNF execution failed.'


class SshIpNotFoundException(SolException):
    message = 'Ssh ip not found.'
