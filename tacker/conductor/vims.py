"""VIMs in the conductor: registration and update, which the legacy VIM
API (``/v1.0/vims``) calls and waits for, and the VIM connections of LCM
operations.

A VIM is checked by its driver before anything is stored, so a wrong
password or an unreachable auth_url is the client's 400 and leaves no
record. Secrets are encrypted (``tacker.common.vim_secrets``) before they
reach the database and decrypted only on their way to a VIM.
"""
from oslo_log import log as logging

from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import merge_patch
from tacker.common import states
from tacker.common import vim_secrets
from tacker.db import vims as db_vims
from tacker.drivers import vim as vim_drivers

LOG = logging.getLogger(__name__)

# Attributes of a VIM request stored as they are.
_PLAIN_ATTRIBUTES = ('name', 'description', 'is_default', 'extra')


def _with_secrets(conf, row):
    """The stored VIM ``row`` with its secrets in plain text."""
    return dict(row, auth_cred=vim_secrets.decrypt(conf, row['id'],
                                                   row['auth_cred']))


class VimWorkflows:

    def __init__(self, conf):
        self.conf = conf

    def register(self, context, vim):
        """Check the VIM of a ``VimRequest`` body (``tacker.api.nfvo``)
        and store it in the caller's project.

        :returns: its id.
        :raises: VimNameInUse; the driver's VimUnreachable,
            VimCredentialsRefused, VimRequestFailed.
        """
        project_id = owning_project(context)
        db_vims.check_name(context, project_id, vim['name'])
        placement = vim_drivers.load(vim['type'], self.conf).register(
            dict(vim, id=None, placement_attr=None))
        values = {name: vim[name] for name in _PLAIN_ATTRIBUTES
                  if name in vim}
        row = db_vims.create(context, dict(
            values, project_id=project_id, type=vim['type'],
            auth_url=vim['auth_url'], vim_project=vim.get('vim_project'),
            auth_cred=vim_secrets.encrypt(self.conf, vim['auth_cred']),
            placement_attr=placement))
        LOG.info('Registered VIM %s (%s, %s) in project %s', row['id'],
                 row['name'], row['type'], project_id)
        return row['id']

    def update(self, context, vim_id, changes):
        """Apply a ``VimUpdateRequest`` body; new credentials or a new
        project are checked by the driver first. ``auth_cred`` and
        ``vim_project`` are merged into the stored ones (RFC 7396).

        :returns: the VIM's id.
        :raises: VimNotFound, VimNameInUse; the driver's refusals.
        """
        stored = db_vims.get(context, vim_id, project_scope(context))
        values = {name: changes[name] for name in _PLAIN_ATTRIBUTES
                  if name in changes}
        if 'name' in values:
            db_vims.check_name(context, stored['project_id'],
                               values['name'], vim_id)
        if 'auth_cred' in changes or 'vim_project' in changes:
            vim = _with_secrets(self.conf, stored)
            vim['auth_cred'] = merge_patch.apply(
                vim['auth_cred'], changes.get('auth_cred', {}))
            vim['vim_project'] = merge_patch.apply(
                vim['vim_project'] or {}, changes.get('vim_project', {}))
            values['placement_attr'] = vim_drivers.load(
                vim['type'], self.conf).update(vim)
            values['auth_cred'] = vim_secrets.encrypt(self.conf,
                                                      vim['auth_cred'])
            values['vim_project'] = vim['vim_project']
        db_vims.update(context, stored, values)
        LOG.info('Updated VIM %s (%s)', vim_id, ', '.join(sorted(changes)))
        return vim_id

    def deregister(self, context, vim_id):
        """Delete a VIM no instance uses, then let its driver release
        what it set up (a failure there is logged: the VIM is gone).

        :raises: VimNotFound, VimInUse
        """
        row = db_vims.delete(context, vim_id, project_scope(context))
        try:
            vim_drivers.load(row['type'], self.conf).deregister(
                _with_secrets(self.conf, row))
        except Exception:
            LOG.exception('Driver clean-up of deleted VIM %s failed', vim_id)
        LOG.info('Deleted VIM %s (%s)', vim_id, row['name'])

    def check_reachability(self, context):
        """Authenticate to every registered VIM and record whether it is
        REACHABLE or UNREACHABLE (and its current regions)."""
        for row in db_vims.list_all(context, None, {}):
            try:
                placement = vim_drivers.load(row['type'], self.conf).update(
                    _with_secrets(self.conf, row))
                values = {'status': states.VIM_REACHABLE,
                          'placement_attr': placement}
            except Exception as error:
                LOG.warning('VIM %s (%s) is unreachable: %s', row['id'],
                            row['name'], error)
                values = {'status': states.VIM_UNREACHABLE}
            if any(row[name] != value for name, value in values.items()):
                if values['status'] != row['status']:
                    LOG.info('VIM %s (%s) is now %s', row['id'],
                             row['name'], values['status'])
                db_vims.update(context, row, values)


def connection_info(conf, row):
    """The VimConnectionInfo, secrets included, of the stored VIM
    ``row``."""
    return vim_drivers.load(row['type'], conf).get_connection_info(
        _with_secrets(conf, row))


def default_connection(context, conf, project_id, vim_type):
    """The VimConnectionInfo, secrets included, of the project's default
    VIM of ``vim_type`` (``infra_requirements.default_vim_type``), or
    None."""
    default = db_vims.get_default(context, project_id, vim_type)
    return None if default is None else connection_info(conf, default)


def resolve(context, conf, entries, project_id):
    """The VimConnectionInfo list an LCM step uses, secrets included.

    ``entries`` are those the request, the instance or the grant name
    (``tacker.common.vim_order``). An entry naming a VIM of
    ``project_id`` by ``vimId``, without a secret of its own, gets that
    VIM's connection info (keeping its own id and extra). VIMs of other
    projects are never used: a project's VNFs run with its own
    credentials only.
    """
    resolved = []
    for entry in entries:
        row = None
        if entry.get('vimId') and not vim_secrets.has_secret(entry):
            row = db_vims.find(context, entry['vimId'], project_id)
        if row is None:
            resolved.append(entry)
            continue
        info = dict(connection_info(conf, row), id=entry['id'])
        if 'extra' in entry:
            info['extra'] = entry['extra']
        resolved.append(info)
    return resolved
