"""``python -m tackerclient``: the ``tacker`` command line."""
import sys

from tackerclient import shell

sys.exit(shell.main())
