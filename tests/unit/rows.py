"""Rows for unit tests of the conductor and the DB layer: an onboarded
package and an instance of it, written through the DB modules the API
uses (the unit-test DB is shared by the session, so every call makes
rows of its own)."""
import functools
import io
import zipfile

from oslo_utils import uuidutils

from tacker.common import package_files
from tacker.common import states
from tacker.conf import CONF
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import packages as db_packages

HOST = 'rows-host'


@functools.cache
def _csar():
    """A CSAR of one file, stored for the packages made here: the
    conductor extracts it as it would a real one."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, 'w') as archive:
        archive.writestr('TOSCA-Metadata/TOSCA.meta',
                         'Entry-Definitions: Definitions/vnfd.yaml\n')
    return data.getvalue()


def onboarded_package(context, flavours, project_id='project-a',
                      vnfd_id=None):
    """An ONBOARDED, ENABLED package of ``vnfd_id`` (by default a fresh
    one) with the parsed deployment ``flavours`` ({flavour id:
    flavour})."""
    package = db_packages.create(context, project_id, {})
    assert db_packages.transition(context, package['id'], states.UPLOADING)
    size, checksum, location = package_files.PackageFiles(
        CONF, package['id']).store(iter([_csar()]), len(_csar()))
    assert db_packages.transition(context, package['id'], states.PROCESSING,
                                  task_host=HOST, size=size,
                                  checksum=checksum, package_path=location)
    return db_packages.save_onboarded(
        context, package['id'], HOST,
        {'vnfd_id': vnfd_id or uuidutils.generate_uuid(), 'vnf_provider': 'p',
         'vnf_product_name': 'n', 'vnf_software_version': '1',
         'vnfd_version': '1', 'deployment_flavours': flavours,
         'vnfd_files': []}, [], [])


def instance(context, package, project_id='project-a', **values):
    """A NOT_INSTANTIATED instance of ``package`` (or in the state of
    ``values``)."""
    created = db_instances.create(
        context, {'project_id': project_id, 'vnfd_id': package['vnfd_id'],
                  'metadata': {}, 'api_version': '1'})
    if values:
        set_instance(context, created['id'], **values)
    return db_instances.get(context, created['id'])


def set_instance(context, instance_id, **values):
    """Force columns of an instance, as another process would have."""
    _update(context, db_instances.INSTANCE, instance_id, values)


def set_op(context, op_id, **values):
    """Force columns of an occurrence, as another process would have."""
    _update(context, db_lcm_ops.OP, op_id, values)


def _update(context, table, row_id, values):
    with db_api.writing(context) as session:
        session.execute(table.update().where(table.c.id == row_id)
                        .values(**values))
