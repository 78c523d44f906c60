"""Constants Tacker documents for LCM operation user data."""

# Seconds a user-data script may run: the default deadline of
# ``tacker.drivers.infra.openstack.user_data.run``.
USER_DATA_TIMEOUT = 60
