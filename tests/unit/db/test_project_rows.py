"""One rule for every resource: a row of another project is not found,
exactly like a row that does not exist (``db_api.one_in_project``)."""
from oslo_utils import uuidutils
import pytest

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import grants as db_grants
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_ops
from tacker.db import models
from tacker.db import packages as db_packages
from tacker.db import subscriptions as db_subscriptions
from tacker.db import vims as db_vims
from tests.unit import rows as row_helpers

OWNER = 'project-a'
OTHER = 'project-b'


@pytest.fixture
def rows(admin_context, make_instance):
    """A package, instance, operation, grant, subscription and VIM of
    ``OWNER``, by kind."""
    instance_id = make_instance(OWNER)
    package_id = db_instances.get(admin_context, instance_id)['vnf_pkg_id']
    op = db_ops.start(admin_context, instance_id, OWNER, states.INSTANTIATE,
                      {})
    assert db_ops.claim(admin_context, op['id'], 'host', [states.STARTING])
    grant = {'id': uuidutils.generate_uuid()}
    assert db_grants.record(admin_context, op['id'], 'host', 'local',
                            {'vnfInstanceId': instance_id}, grant)
    subscription = db_subscriptions.create(
        admin_context, 'vnflcm_v1', OWNER, 'http://consumer', None, None)
    vim = db_vims.create(admin_context, {
        'project_id': OWNER, 'name': uuidutils.generate_uuid(),
        'type': 'openstack', 'auth_url': 'http://keystone',
        'auth_cred': {}})
    return {'package': package_id, 'instance': instance_id,
            'op': op['id'], 'grant': grant['id'],
            'subscription': subscription['id'], 'vim': vim['id']}


GETTERS = {
    'package': (db_packages.get, exceptions.VnfPackageNotFound),
    'instance': (db_instances.get, exceptions.VnfInstanceNotFound),
    'op': (db_ops.get, exceptions.LcmOpOccNotFound),
    'grant': (db_grants.get, exceptions.GrantNotFound),
    'subscription': (
        lambda context, row_id, project_id: db_subscriptions.get(
            context, 'vnflcm_v1', row_id, project_id),
        exceptions.SubscriptionNotFound),
    'vim': (db_vims.get, exceptions.VimNotFound),
}


@pytest.mark.parametrize('kind', sorted(GETTERS))
def test_a_row_is_found_in_its_project_and_by_an_admin(rows, admin_context,
                                                       kind):
    get, _ = GETTERS[kind]
    assert get(admin_context, rows[kind], OWNER)['id'] == rows[kind]
    assert get(admin_context, rows[kind], None)['id'] == rows[kind]


@pytest.mark.parametrize('kind', sorted(GETTERS))
def test_another_projects_row_is_not_found_like_a_missing_one(
        rows, admin_context, kind):
    get, not_found = GETTERS[kind]
    with pytest.raises(not_found) as other:
        get(admin_context, rows[kind], OTHER)
    missing_id = uuidutils.generate_uuid()
    with pytest.raises(not_found) as missing:
        get(admin_context, missing_id, OWNER)
    assert other.value.detail == missing.value.detail.replace(
        missing_id, rows[kind])


def test_one_in_project_gives_a_dict_of_a_table_and_an_object_of_a_class(
        rows, admin_context):
    with db_api.reader.using(admin_context) as session:
        row = db_api.one_in_project(
            session, models.VnfPackage.__table__, rows['package'], OWNER,
            exceptions.VnfPackageNotFound)
        assert isinstance(row, dict) and row['project_id'] == OWNER
        row = db_api.one_in_project(
            session, models.VnfPackage, rows['package'], OWNER,
            exceptions.VnfPackageNotFound)
        assert isinstance(row, models.VnfPackage)


def test_one_in_project_applies_the_extra_conditions(rows, admin_context):
    with db_api.reader.using(admin_context) as session:
        with pytest.raises(exceptions.SubscriptionNotFound):
            db_api.one_in_project(
                session, models.Subscription, rows['subscription'], OWNER,
                exceptions.SubscriptionNotFound,
                models.Subscription.api == 'vnfpkgm')


def test_a_vnfd_id_is_unique_in_its_project_only(admin_context):
    """Two projects onboard the same package; each instance finds the
    package of its own project, an admin's included."""
    vnfd_id = uuidutils.generate_uuid()
    packages = {project: row_helpers.onboarded_package(
        admin_context, {}, project, vnfd_id) for project in (OWNER, OTHER)}
    with pytest.raises(exceptions.VnfdIdInUse) as raised:
        row_helpers.onboarded_package(admin_context, {}, OWNER, vnfd_id)
    assert packages[OWNER]['id'] in str(raised.value)
    for project, package in packages.items():
        instance = row_helpers.instance(admin_context, package, project)
        assert instance['vnf_pkg_id'] == package['id']
