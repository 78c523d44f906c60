"""Default VIMs in the database: one per project and VIM type, kept by a
unique constraint whatever concurrent writers do."""
from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from tacker.db import api as db_api
from tacker.db import vims as db_vims


@pytest.fixture
def project(database):
    return uuidutils.generate_uuid()


def create(context, project, name, vim_type, is_default=True):
    return db_vims.create(context, {
        'project_id': project, 'name': name, 'type': vim_type,
        'auth_url': 'http://vim', 'auth_cred': {},
        'is_default': is_default})['id']


def default_id(context, project, vim_type):
    row = db_vims.get_default(context, project, vim_type)
    return None if row is None else row['id']


def defaults(context, project):
    return {vim['name'] for vim in db_vims.list_all(
        context, project, {'is_default': True})}


def test_defaults_of_different_types_coexist(admin_context, project):
    openstack = create(admin_context, project, 'os', 'openstack')
    kubernetes = create(admin_context, project, 'k8s', 'kubernetes')

    assert default_id(admin_context, project, 'openstack') == openstack
    assert default_id(admin_context, project, 'kubernetes') == kubernetes
    assert defaults(admin_context, project) == {'os', 'k8s'}


def test_a_new_default_takes_over_from_its_type_only(admin_context,
                                                     project):
    create(admin_context, project, 'os-1', 'openstack')
    create(admin_context, project, 'k8s', 'kubernetes')
    create(admin_context, project, 'os-2', 'openstack')
    assert defaults(admin_context, project) == {'os-2', 'k8s'}

    first = db_vims.list_all(admin_context, project, {'name': 'os-1'})[0]
    db_vims.update(admin_context, first, {'is_default': True})

    assert defaults(admin_context, project) == {'os-1', 'k8s'}
    assert default_id(admin_context, project, 'openstack') == first['id']


def test_a_default_of_an_unknown_type_is_none(admin_context, project):
    create(admin_context, project, 'os', 'openstack')

    assert default_id(admin_context, project, 'kubernetes') is None
    assert default_id(admin_context, 'other', 'openstack') is None


def insert_defaults(context, project, *types):
    """Insert default VIMs of ``types`` in one transaction, bypassing
    ``_take_default``: what two concurrent writers could leave."""
    now = timeutils.utcnow()
    with db_api.writing(context) as session:
        for index, vim_type in enumerate(types):
            session.execute(sa.insert(db_vims.VIM).values(
                id=uuidutils.generate_uuid(), project_id=project,
                name='vim-%d' % index, type=vim_type, auth_url='http://k',
                auth_cred={}, status='REACHABLE', is_default=True,
                created_at=now, updated_at=now))


def test_database_refuses_two_defaults_of_a_type(admin_context, project):
    with pytest.raises(db_exc.DBDuplicateEntry):
        insert_defaults(admin_context, project, 'openstack', 'openstack')
    assert defaults(admin_context, project) == set()

    insert_defaults(admin_context, project, 'openstack', 'kubernetes')
    assert defaults(admin_context, project) == {'vim-0', 'vim-1'}
