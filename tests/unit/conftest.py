"""Unit-test fixtures: no services; a SQLite file stands in for the DB."""
import pathlib

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa
import webob

from tacker.api import app as tacker_app
from tacker.common import context as tacker_context
from tacker.common import csar
from tacker.common import states
from tacker.common import vnfd
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import migration
from tacker.db import packages as db_packages
from tests import packages


@pytest.fixture(scope='session', autouse=True)
def parsed_configuration():
    """The configuration parsed (of no file), as every process has it:
    oslo.policy, which every request goes through, reads its options
    only from a parsed one."""
    CONF([], project='tacker', default_config_files=[])


@pytest.fixture(scope='session')
def database(tmp_path_factory):
    """One migrated SQLite database for the whole unit-test session (the
    engine facade of a process is configured once)."""
    CONF([], project='tacker', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path_factory.mktemp('state')))
    db_api.configure(CONF)
    migration.upgrade(CONF)
    yield
    CONF.reset()


@pytest.fixture
def admin_context():
    return tacker_context.get_admin_context()


@pytest.fixture
def make_instance(database, admin_context):
    """``make_instance(project_id, state)``: the id of a new VNF instance
    row of a new (empty) package, for tests of the rows that hang off
    it."""
    def make(project_id, state=states.NOT_INSTANTIATED):
        package = db_packages.create(admin_context, project_id, None)
        instance_id = uuidutils.generate_uuid()
        now = timeutils.utcnow()
        with db_api.writing(admin_context) as session:
            session.execute(sa.insert(db_instances.INSTANCE).values(
                id=instance_id, project_id=project_id, vnfd_id='d',
                vnf_provider='p', vnf_product_name='n',
                vnf_software_version='1', vnfd_version='1',
                vnf_pkg_id=package['id'], api_version='1',
                instantiation_state=state, created_at=now, updated_at=now))
        return instance_id
    return make


@pytest.fixture
def api(database):
    """Call the real WSGI app in-process: ``api('GET', '/path', ...)``."""
    application = tacker_app.build_app(CONF)

    def call(method, path, body=None, headers=None, **kwargs):
        req = webob.Request.blank(path, method=method, headers=headers,
                                  **kwargs)
        if body is not None:
            req.body = body if isinstance(body, bytes) else body.encode()
        return req.get_response(application)
    return call


@pytest.fixture(scope='session')
def small(tmp_path_factory):
    """The 'small' flavour of the two_flavours sample package."""
    work = tmp_path_factory.mktemp('two_flavours')
    zip_path = packages.build_csar('two_flavours', work / 'pkg.zip')
    root = pathlib.Path(work, 'pkg')
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    parsed = vnfd.parse(csar.load(root), str(packages.SOL001_DIR))
    return parsed['flavours']['small']
