"""What a package's LCM operation user-data script may import, under the
names Tacker documents: ``abstract_user_data.AbstractUserData`` (the base
class), ``utils`` (helpers building the HOT ``nfv`` parameter) and
``constants``. The scripts themselves run in a child process, see
``tacker.drivers.infra.openstack.user_data``.
"""
