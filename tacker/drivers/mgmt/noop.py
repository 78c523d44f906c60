"""The noop mgmt driver: VDUs that need no configuration, and tests."""
from tacker.drivers.mgmt import base


class NoopDriver(base.MgmtDriver):
    """Accepts any config and applies none."""

    def apply_config(self, target, config):
        pass
