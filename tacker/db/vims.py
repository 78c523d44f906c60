"""Queries on registered VIMs (``vims``), as Core row dicts whose keys are
the table's column names. ``auth_cred`` holds its secrets encrypted; this
module stores and returns it as given."""
import itertools

from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from tacker.common import exceptions
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_ops
from tacker.db import legacy_events
from tacker.db import models
from tacker.db import paging

VIM = models.Vim.__table__
ORDER = paging.creation_order(VIM)
# The resource_type of a VIM's events (/v1.0/events).
RESOURCE = 'vim'


# Writes that lose a race for a default VIM of a project run again.
_WRITE_ATTEMPTS = 3


def _event(session, vim, event_type):
    legacy_events.record(session, vim['project_id'], RESOURCE, vim['id'],
                         vim['status'], event_type)


def _select(session, vim_id, project_id, lock=False):
    return db_api.one_in_project(session, VIM, vim_id, project_id,
                                 exceptions.VimNotFound, lock=lock)


def get(context, vim_id, project_id=None):
    """:raises: VimNotFound"""
    with db_api.reader.using(context) as session:
        return _select(session, vim_id, project_id)


def find(context, vim_id, project_id):
    """The VIM ``vim_id`` of project ``project_id``, or None."""
    try:
        return get(context, vim_id, project_id)
    except exceptions.VimNotFound:
        return None


def get_default(context, project_id, vim_type):
    """The project's default VIM of type ``vim_type``, or None."""
    with db_api.reader.using(context) as session:
        row = session.execute(sa.select(VIM).where(
            VIM.c.project_id == project_id, VIM.c.type == vim_type,
            VIM.c.is_default.is_(True))).mappings().one_or_none()
        return None if row is None else dict(row)


def list_all(context, project_id, filters):
    """Every VIM visible in ``project_id`` (None: all) whose columns equal
    ``filters`` (column name -> value), in creation order."""
    where = [VIM.c[name].is_(None) if value is None
             else VIM.c[name] == value for name, value in filters.items()]
    with db_api.reader.using(context) as session:
        return [dict(row) for row in session.execute(
            sa.select(VIM).where(*db_api.in_project(VIM.c, project_id),
                                 *where)
            .order_by(*ORDER)).mappings()]


def _name_taken(context, project_id, name, vim_id):
    with db_api.reader.using(context) as session:
        return session.execute(sa.select(VIM.c.id).where(
            VIM.c.project_id == project_id, VIM.c.name == name,
            VIM.c.id != vim_id)).first() is not None


def check_name(context, project_id, name, vim_id=None):
    """:raises: VimNameInUse when another VIM of the project has
    ``name``."""
    if _name_taken(context, project_id, name, vim_id):
        raise exceptions.VimNameInUse(project_id=project_id, name=name)


def _write(context, project_id, name, vim_id, write):
    """Run ``write(session)`` in a transaction. A duplicate is either the
    name (VimNameInUse) or a concurrent change of the project's default
    VIM of that type, after which the write runs again and takes the
    default."""
    for attempt in itertools.count(1):
        try:
            with db_api.writing(context) as session:
                return write(session)
        except db_exc.DBDuplicateEntry:
            check_name(context, project_id, name, vim_id)
            if attempt == _WRITE_ATTEMPTS:
                raise


def _take_default(session, project_id, vim_type, vim_id):
    """Make the project's default VIM of ``vim_type`` no longer the
    default; those of other types stay."""
    session.execute(sa.update(VIM).where(
        VIM.c.project_id == project_id, VIM.c.type == vim_type,
        VIM.c.is_default.is_(True),
        VIM.c.id != vim_id).values(is_default=None,
                                   updated_at=timeutils.utcnow()))


def _default_value(is_default):
    # See models.Vim: True or NULL, never False.
    return True if is_default else None


@db_api.retry_on_deadlock
def create(context, values):
    """Store a VIM; with ``values['is_default']`` it becomes its project's
    only default of its type.

    :raises: VimNameInUse
    """
    vim_id = uuidutils.generate_uuid()

    def write(session):
        now = timeutils.utcnow()
        if values.get('is_default'):
            _take_default(session, values['project_id'], values['type'],
                          vim_id)
        session.execute(sa.insert(VIM).values(
            dict(values, id=vim_id, created_at=now, updated_at=now,
                 status=states.VIM_REACHABLE,
                 is_default=_default_value(values.get('is_default')))))
        created = _select(session, vim_id, None)
        _event(session, created, 'CREATE')
        return created

    return _write(context, values['project_id'], values['name'], vim_id,
                  write)


@db_api.retry_on_deadlock
def update(context, vim, values):
    """Change the columns ``values`` of the stored ``vim`` (a row);
    ``is_default`` True makes it its project's only default of its
    type.

    :raises: VimNotFound, VimNameInUse
    """
    def write(session):
        _select(session, vim['id'], None, lock=True)
        changes = dict(values, updated_at=timeutils.utcnow())
        if 'is_default' in values:
            changes['is_default'] = _default_value(values['is_default'])
            if values['is_default']:
                _take_default(session, vim['project_id'], vim['type'],
                              vim['id'])
        session.execute(sa.update(VIM).where(VIM.c.id == vim['id'])
                        .values(**changes))
        updated = _select(session, vim['id'], None)
        _event(session, updated, 'UPDATE')
        return updated

    return _write(context, vim['project_id'],
                  values.get('name', vim['name']), vim['id'], write)


def _user(session, vim_id):
    """The id of a VNF instance whose VimConnectionInfo, or whose
    unfinished operation's request, names VIM ``vim_id``; else None.

    The JSON columns are searched as text for the id first, so only
    candidate rows are read."""
    def names_vim(entries):
        entries = entries or []
        if isinstance(entries, dict):
            entries = list(entries.values())
        return any(isinstance(entry, dict) and entry.get('vimId') == vim_id
                   for entry in entries)

    pattern = '%' + vim_id + '%'
    instances = db_instances.INSTANCE
    for row in session.execute(
            sa.select(instances.c.id, instances.c.vim_connection_info)
            .where(sa.cast(instances.c.vim_connection_info, sa.Text)
                   .like(pattern))):
        if names_vim(row.vim_connection_info):
            return row.id
    for row in session.execute(
            sa.select(db_ops.OP.c.vnf_instance_id,
                      db_ops.OP.c.operation_params)
            .where(db_ops.OP.c.operation_state.notin_(states.LCM_OP_FINAL),
                   sa.cast(db_ops.OP.c.operation_params, sa.Text)
                   .like(pattern))):
        if names_vim((row.operation_params or {}).get('vimConnectionInfo')):
            return row.vnf_instance_id
    return None


@db_api.retry_on_deadlock
def delete(context, vim_id, project_id=None):
    """Delete a VIM no VNF instance uses; returns its row.

    :raises: VimNotFound, VimInUse
    """
    with db_api.writing(context) as session:
        row = _select(session, vim_id, project_id, lock=True)
        user = _user(session, vim_id)
        if user is not None:
            raise exceptions.VimInUse(id=vim_id, instance_id=user)
        session.execute(sa.delete(VIM).where(VIM.c.id == vim_id))
        _event(session, row, 'DELETE')
        return row
