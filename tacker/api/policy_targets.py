"""What Tacker's enhanced policy compares (``[oslo_policy]
enhanced_tacker_policy``): the area, vendor and tenant of the resource a
request names, and the caller's, read off its special roles.

A resource's attributes, as upstream Tacker defines them:

- vendor: the vnfProvider of a package, or of the package an instance
  (or an operation's instance) was made from;
- area: ``extra.area`` (``area@region``) of a VIM, or of an instance's
  VIM (its vimConnectionInfo's ``extra``, else the registered VIM it
  names);
- tenant: an instance's Kubernetes namespace, or the project its
  OpenStack VIM connection works in.

A caller holds ``AREA_<area>``, ``VENDOR_<vendor>``, ``TENANT_<tenant>``
roles; ``AREA_all@all``, ``AREA_all@<region>``, ``VENDOR_all`` and
``TENANT_all`` stand for whatever the resource has (in that region).
Rules compare them as oslo.policy does a list: ``vendor:%(vendor)s``
holds when the resource's vendor is one of the caller's.
"""
import collections
import functools

from tacker.common.context import project_scope
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import packages as db_packages
from tacker.db import vims as db_vims

ATTRIBUTES = {'AREA_': 'area', 'VENDOR_': 'vendor', 'TENANT_': 'tenant'}
ALL = 'all'
ALL_AREAS = 'all@all'
_NAMESPACE = 'namespace'


def credentials(roles, target):
    """The caller's area, vendor and tenant lists for ``target``, from
    its special roles."""
    held = {attribute: [] for attribute in ATTRIBUTES.values()}
    for role in roles:
        for prefix, attribute in ATTRIBUTES.items():
            if role.startswith(prefix):
                value = _resolve(attribute, role[len(prefix):],
                                 target.get(attribute))
                if value is not None:
                    held[attribute].append(value)
    return held


def _resolve(attribute, value, resource_value):
    """A role's value, its special value replaced by the resource's
    (None when it does not cover it)."""
    if attribute != 'area':
        return resource_value if value == ALL else value
    if value == ALL_AREAS:
        return resource_value
    area, _, region = value.partition('@')
    if area == ALL:
        covered = resource_value and resource_value.partition('@')[2] \
            == region
        return resource_value if covered else None
    return value


def package(context, package_id):
    """:raises: VnfPackageNotFound"""
    return _package_row(db_packages.get(context, package_id,
                                        project_scope(context)))


def _package_row(row):
    return {'vendor': row['vnf_provider']}


def vim(context, vim_id):
    """:raises: VimNotFound"""
    return _vim_row(db_vims.get(context, vim_id, project_scope(context)))


def _vim_row(row):
    return {'area': _area(row)}


def instance(context, instance_id):
    """:raises: VnfInstanceNotFound"""
    return _instance_row(
        db_instances.get(context, instance_id, project_scope(context)),
        _registered_areas(context))


def lcm_op_occ(context, op_id):
    """An operation has its instance's attributes.

    :raises: LcmOpOccNotFound
    """
    op = db_lcm_ops.get(context, op_id, project_scope(context))
    return _instance_row(db_instances.get(context, op['vnf_instance_id']),
                         _registered_areas(context))


def _instance_rows(context):
    return functools.partial(_instance_row,
                             area_of=_registered_areas(context))


def _lcm_op_occ_rows(context):
    """Each instance the operations name read once."""
    find = db_instances.finder(context)
    area_of = _registered_areas(context)

    def attributes(row):
        found = find(row['vnf_instance_id'])
        return _instance_row(found, area_of) if found else {}
    return attributes


def _instance_row(row, area_of):
    connections = row['vim_connection_info'] or []
    if isinstance(connections, dict):
        connections = list(connections.values())
    area = tenant = None
    for connection in connections:
        area = area or _area(connection) or area_of(
            row['project_id'], connection.get('vimId'))
        tenant = tenant or (connection.get('accessInfo') or {}).get(
            'project')
    namespace = ((row['instantiated_vnf_info'] or {}).get('metadata')
                 or {}).get(_NAMESPACE)
    return {'vendor': row['vnf_provider'], 'area': area,
            'tenant': namespace or tenant}


def _area(row):
    return (row.get('extra') or {}).get('area')


def _registered_areas(context):
    """``area_of(project_id, vim_id)``: the area of a registered VIM,
    each read once."""
    found = {}

    def area_of(project_id, vim_id):
        if not vim_id:
            return None
        if (project_id, vim_id) not in found:
            vim_row = db_vims.find(context, vim_id, project_id)
            found[project_id, vim_id] = _area(vim_row) if vim_row else None
        return found[project_id, vim_id]
    return area_of


class Kind(collections.namedtuple('Kind', ['load', 'rows'])):
    """A kind of resource: ``load(context, id)`` its attributes (raising
    its NotFound); ``rows(context)`` a function of a row of one list to
    its attributes."""


PACKAGE = Kind(package, lambda context: _package_row)
INSTANCE = Kind(instance, _instance_rows)
LCM_OP_OCC = Kind(lcm_op_occ, _lcm_op_occ_rows)
VIM = Kind(vim, lambda context: _vim_row)
