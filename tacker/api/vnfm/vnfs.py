"""``/v1.0/vnfs``: the VNFs of the legacy Tacker VNFM API.

The API checks a request whole (the VNFD with its param_values, the
VIM, the drivers it names), writes the VNF or its task (a PENDING_*
status) and casts to the conductors, which run it
(``tacker.conductor.legacy_vnfm``); should the cast be lost, a
conductor's sweep finds the task. Listing VNF resources asks a conductor,
the API never calling a VIM.
"""
import yaml

from tacker.api import conductor_call
from tacker.api import legacy_queries
from tacker.api.vnfm import views
from tacker.api.vnfm import vnfds
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import legacy_vnfd
from tacker.common import safe_yaml
from tacker.common import states
from tacker.common import vim_secrets
from tacker.conf import CONF
from tacker.db import legacy_vnfds as db_vnfds
from tacker.db import legacy_vnfs as db_vnfs
from tacker.db import vims as db_vims

# Query parameters of GET /v1.0/vnfs -> column they filter on.
FILTER_COLUMNS = {'name': 'name', 'status': 'status', 'vnfd_id': 'vnfd_id',
                  'vim_id': 'vim_id', 'tenant_id': 'project_id'}
# The VIM type legacy VNFs deploy on (Heat).
VIM_TYPE = 'openstack'
# Nesting a param_values or config may have.
_MAX_DEPTH = 20


def _refuse(reason):
    return exceptions.InvalidLegacyVnf(reason=reason)


def yaml_mapping(name, value):
    """(the mapping, its YAML text) of ``attributes.<name>``: YAML text or
    a mapping."""
    if isinstance(value, dict):
        return value, yaml.safe_dump(value, default_flow_style=False)
    try:
        parsed = safe_yaml.load(value, _MAX_DEPTH) if value else {}
    except yaml.YAMLError as exc:
        raise _refuse('attributes.%s is not YAML: %s' % (
            name, str(exc).splitlines()[0]))
    if not isinstance(parsed, dict):
        raise _refuse('attributes.%s must be a mapping' % name)
    return parsed, value


def resolve_vim(context, vnf):
    """The VIM a VNF (or an NS: ``vnf`` its request) is to run on:
    vim_id, else vim_name, else the project's default OpenStack VIM."""
    scope = project_scope(context)
    if vnf.get('vim_id'):
        vim = db_vims.get(context, vnf['vim_id'], scope)
    elif vnf.get('vim_name'):
        found = db_vims.list_all(context, scope, {'name': vnf['vim_name']})
        if not found:
            raise _refuse('there is no VIM named %s' % vnf['vim_name'])
        vim = found[0]
    else:
        vim = db_vims.get_default(context, owning_project(context),
                                  VIM_TYPE)
        if vim is None:
            raise _refuse('no vim_id or vim_name, and the project has no '
                          'default OpenStack VIM')
    if vim['type'] != VIM_TYPE:
        raise _refuse('VIM %s is of type %s: legacy VNFs run on OpenStack '
                      'VIMs' % (vim['id'], vim['type']))
    return vim


def _template(context, vnf):
    """(VNFD YAML text, whether inline) of the request: its vnfd_id's or
    its vnfd_template, one of the two."""
    if ('vnfd_id' in vnf) == ('vnfd_template' in vnf):
        raise _refuse('give vnfd_id or vnfd_template, one of the two')
    if vnf.get('vnfd_template') is not None:
        return vnfds.template_text(vnf['vnfd_template']), True
    return db_vnfds.get(context, vnf['vnfd_id'],
                        project_scope(context))['template'], False


def _monitoring(template, param_values):
    """{VDU: monitoring_policy} of the VNFD, None when it has none.

    :raises InvalidLegacyVnf: the VNFD does not take the param_values.
    """
    try:
        return legacy_vnfd.monitoring_policies(legacy_vnfd.parse(
            template, param_values))
    except ValueError as exc:
        raise _refuse(str(exc))


class VnfsController:

    @wsgi.responds(201, 503)
    def create(self, req, body):
        vnf = body['vnf']
        vim = resolve_vim(req.context, vnf)
        template, inline = _template(req.context, vnf)
        attributes = vnf.get('attributes') or {}
        param_values, param_text = yaml_mapping(
            'param_values', attributes.get('param_values') or {})
        stored = {}
        if attributes.get('param_values'):
            stored['param_values'] = param_text
        config = yaml_mapping('config', attributes['config'])[1] \
            if attributes.get('config') else None
        monitoring = _monitoring(template, param_values)
        vnfds.check_drivers(req.context, template, param_values, config)
        if config:
            # Credentials of the mgmt drivers: never stored in plain text.
            stored['config'] = vim_secrets.seal_text(CONF, config)
        row = db_vnfs.create(req.context, {
            'project_id': owning_project(req.context), 'name': vnf['name'],
            'description': vnf.get('description'),
            'vnfd_id': None if inline else vnf['vnfd_id'],
            'vim_id': vim['id'],
            'placement_attr': vnf.get('placement_attr') or {},
            'attributes': stored, 'monitoring': monitoring},
            template if inline else None)
        conductor_call.cast_task(req.context, 'run_legacy_vnf_task',
                                 vnf_id=row['id'])
        return wsgi.Result({'vnf': views.vnf(row)}, status=201)

    @wsgi.responds(200)
    def index(self, req):
        filters = legacy_queries.filters(req, FILTER_COLUMNS)
        return {'vnfs': [views.vnf(row) for row in db_vnfs.list_vnfs(
            req.context, project_scope(req.context), filters)]}

    @wsgi.responds(200)
    def show(self, req, id):
        return {'vnf': views.vnf(db_vnfs.get(req.context, id,
                                             project_scope(req.context)))}

    @wsgi.responds(200, 409)
    def update(self, req, id, body):
        """A new config, applied by the VNF's management driver."""
        config = yaml_mapping('config',
                              body['vnf']['attributes']['config'])[1]
        row = db_vnfs.get(req.context, id, project_scope(req.context))
        vnfds.check_drivers(
            req.context, db_vnfds.get(req.context, row['vnfd_id'])[
                'template'], yaml_mapping('param_values', (
                    row['attributes'] or {}).get('param_values') or {})[0],
            config)
        row = db_vnfs.start_task(req.context, id, project_scope(req.context),
                                 states.LEGACY_PENDING_UPDATE, 'UPDATE',
                                 {'config': vim_secrets.seal_text(CONF,
                                                                  config)})
        conductor_call.cast_task(req.context, 'run_legacy_vnf_task',
                                 vnf_id=id)
        return {'vnf': views.vnf(row)}

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        db_vnfs.start_task(req.context, id, project_scope(req.context),
                           states.LEGACY_PENDING_DELETE, 'DELETE')
        conductor_call.cast_task(req.context, 'run_legacy_vnf_task',
                                 vnf_id=id)
        return wsgi.Result(status=204)

    @wsgi.responds(202, 409)
    def action(self, req, id, body):
        """Scale out or in by one of the VNFD's scaling policies, by its
        increment within its bounds (409 at a bound)."""
        scale = dict(body['scale'])
        row = db_vnfs.get(req.context, id, project_scope(req.context))
        attributes = row['attributes'] or {}
        vnfd = legacy_vnfd.parse(
            db_vnfds.get(req.context, row['vnfd_id'])['template'],
            yaml_mapping('param_values',
                         attributes.get('param_values') or {})[0])
        policy = vnfd.scaling_policies.get(scale['policy'])
        if policy is None:
            raise _refuse('the VNFD has no scaling policy %s (it has %s)' % (
                scale['policy'], ', '.join(vnfd.scaling_policies) or
                'none'))
        current, scale['size'] = legacy_vnfd.scaled_size(
            policy, attributes.get('scale_sizes'), scale['type'])
        if scale['size'] == current:
            raise exceptions.LegacyScaleOutOfBounds(
                id=id, policy=policy.name, size=current)
        db_vnfs.start_task(req.context, id, project_scope(req.context),
                           states.LEGACY_PENDING_SCALE_OUT
                           if scale['type'] == 'out'
                           else states.LEGACY_PENDING_SCALE_IN, 'SCALE',
                           {'scale': scale},
                           'scale %(type)s by %(policy)s' % scale)
        conductor_call.cast_task(req.context, 'run_legacy_vnf_task',
                                 vnf_id=id)
        return wsgi.Result(status=202)

    @wsgi.responds(200, 503)
    def resources(self, req, id):
        """The VNF's Heat resources, as a conductor reads them."""
        db_vnfs.get(req.context, id, project_scope(req.context))
        return {'resources': conductor_call.call(
            req.context, 'read the VNF\'s resources', 'legacy_vnf_resources',
            vnf_id=id)}
