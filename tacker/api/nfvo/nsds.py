"""``/v1.0/nsds`` and ``/v1.0/nss``: the NSDs and NSs of the legacy
Tacker NFVO API. An NSD imports onboarded VNFDs by name; its VNF nodes
are typed by their substitution_mappings node_type. An NS is checked
whole (its NSD, the networks of its VLs, each VNF's param_values, the
VIM) before it is stored; a conductor makes its VNFs
(``tacker.conductor.legacy_nfvo``)."""
import yaml

from tacker.api import conductor_call
from tacker.api import legacy_queries
from tacker.api.vnfm import views
from tacker.api.vnfm import vnfds
from tacker.api.vnfm import vnfs
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import legacy_nsd
from tacker.common import legacy_vnfd
from tacker.common import states
from tacker.db import legacy_descriptors
from tacker.db import legacy_nsds as db_nsds
from tacker.db import legacy_nss as db_nss
from tacker.db import legacy_vnfds as db_vnfds

NSD_FILTERS = {'name': 'name', 'tenant_id': 'project_id'}
NS_FILTERS = {'name': 'name', 'status': 'status', 'nsd_id': 'nsd_id',
              'tenant_id': 'project_id'}


def _refuse(reason):
    return exceptions.InvalidLegacyNsd(reason=reason)


def _text(template):
    if isinstance(template, str):
        return template
    return yaml.safe_dump(template, default_flow_style=False,
                          sort_keys=False)


def checked_nsd(context, template):
    """(parsed NSD, {node: onboarded VNFD row}) of a template.

    :raises InvalidLegacyNsd: naming what is wrong.
    """
    try:
        nsd = legacy_nsd.parse(template)
    except ValueError as exc:
        raise _refuse(str(exc))
    by_type = {}
    for name in nsd.imports:
        found = db_vnfds.list_vnfds(context, project_scope(context), {
            'name': name,
            'template_source': legacy_descriptors.ONBOARDED})
        if len(found) != 1:
            raise _refuse('it imports %s, which is not one onboarded VNFD '
                          'of the project' % name)
        substitution = legacy_vnfd.parse(found[0]['template']).substitution
        if not substitution:
            raise _refuse('VNFD %s has no substitution_mappings node_type'
                          % name)
        by_type[substitution['node_type']] = (found[0], substitution)
    rows = {}
    for node in nsd.vnfs.values():
        if node.node_type not in by_type:
            raise _refuse('node %s is of type %s, which no imported VNFD '
                          'maps' % (node.name, node.node_type))
        row, substitution = by_type[node.node_type]
        unmapped = set(node.links) - set(substitution['requirements'])
        if unmapped:
            raise _refuse('node %s requires %s, which VNFD %s does not map'
                          % (node.name, ', '.join(sorted(unmapped)),
                             row['name']))
        rows[node.name] = row
    return nsd, rows


def nsd_view(row):
    return {
        'id': row['id'], 'tenant_id': row['project_id'],
        'name': row['name'], 'description': row['description'] or '',
        'attributes': {'nsd': row['template']},
        'template_source': row['template_source'],
        'vnfds': row['vnfds'],
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }


def ns_view(row):
    return {
        'id': row['id'], 'tenant_id': row['project_id'],
        'name': row['name'], 'description': row['description'] or '',
        'nsd_id': row['nsd_id'], 'vim_id': row['vim_id'],
        'status': row['status'], 'error_reason': row['error_reason'],
        'vnf_ids': views.json_text(row['vnf_ids']),
        'mgmt_ip_addresses': views.json_text(row['mgmt_ip_addresses']),
        'attributes': row['attributes'] or {},
        'created_at': wsgi.date_time(row['created_at']),
        'updated_at': wsgi.date_time(row['updated_at']),
    }


class NsdsController:

    @wsgi.responds(201)
    def create(self, req, body):
        nsd = body['nsd']
        template = _text(nsd['attributes']['nsd'])
        _, rows = checked_nsd(req.context, template)
        row = db_nsds.create(req.context, owning_project(req.context), {
            'name': nsd['name'], 'description': nsd.get('description'),
            'template_source': legacy_descriptors.ONBOARDED,
            'template': template,
            'vnfds': {node: vnfd['id'] for node, vnfd in rows.items()}})
        return wsgi.Result({'nsd': nsd_view(row)}, status=201)

    @wsgi.responds(200)
    def index(self, req):
        filters = dict(legacy_queries.filters(req, NSD_FILTERS),
                       template_source=legacy_descriptors.ONBOARDED)
        return {'nsds': [nsd_view(row) for row in db_nsds.list_nsds(
            req.context, project_scope(req.context), filters)]}

    @wsgi.responds(200)
    def show(self, req, id):
        return {'nsd': nsd_view(db_nsds.get(req.context, id,
                                            project_scope(req.context)))}

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        db_nsds.delete(req.context, id, project_scope(req.context))
        return wsgi.Result(status=204)


class NssController:

    @wsgi.responds(201, 503)
    def create(self, req, body):
        ns = body['ns']
        if ('nsd_id' in ns) == ('nsd_template' in ns):
            raise _refuse('give nsd_id or nsd_template, one of the two')
        vim = vnfs.resolve_vim(req.context, ns)
        if 'nsd_template' in ns:
            template, inline = _text(ns['nsd_template']), True
        else:
            template = db_nsds.get(req.context, ns['nsd_id'],
                                   project_scope(req.context))['template']
            inline = False
        nsd, rows = checked_nsd(req.context, template)
        params, params_text = vnfs.yaml_mapping(
            'param_values',
            (ns.get('attributes') or {}).get('param_values') or {})
        try:
            legacy_nsd.networks(nsd, params.get('nsd') or {})
        except ValueError as exc:
            raise _refuse(str(exc))
        for node, row in rows.items():
            vnfs.yaml_mapping('param_values.%s' % node,
                              params.get(node) or {})
            vnfds.check_drivers(req.context, row['template'],
                                params.get(node) or {})
        row = db_nss.create(req.context, {
            'project_id': owning_project(req.context), 'name': ns['name'],
            'description': ns.get('description'),
            'nsd_id': None if inline else ns['nsd_id'],
            'vim_id': vim['id'],
            'attributes': {'param_values': params_text} if params else {},
            'vnfds': {node: vnfd['id'] for node, vnfd in rows.items()}},
            template if inline else None)
        conductor_call.cast_task(req.context, 'run_legacy_ns_task',
                                 ns_id=row['id'])
        return wsgi.Result({'ns': ns_view(row)}, status=201)

    @wsgi.responds(200)
    def index(self, req):
        return {'nss': [ns_view(row) for row in db_nss.list_nss(
            req.context, project_scope(req.context),
            legacy_queries.filters(req, NS_FILTERS))]}

    @wsgi.responds(200)
    def show(self, req, id):
        return {'ns': ns_view(db_nss.get(req.context, id,
                                         project_scope(req.context)))}

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        db_nss.start_task(req.context, id, project_scope(req.context),
                          states.LEGACY_PENDING_DELETE, 'DELETE')
        conductor_call.cast_task(req.context, 'run_legacy_ns_task',
                                 ns_id=id)
        return wsgi.Result(status=204)
