"""``/v1.0/vnfds``: the VNFDs of the legacy Tacker VNFM API, TOSCA
templates of Tacker's NFV profile. Only DB work: a VNFD is checked
(``tacker.common.legacy_vnfd``) and stored here; nothing reaches a VIM
until a VNF uses it."""
import yaml

from tacker.api import conductor_call
from tacker.api import legacy_queries
from tacker.api.vnfm import views
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import legacy_vnfd
from tacker.db import legacy_vnfds as db_vnfds

# Query parameters of GET /v1.0/vnfds -> column they filter on.
FILTER_COLUMNS = {'name': 'name', 'template_source': 'template_source',
                  'tenant_id': 'project_id'}
# template_source=all lists inline VNFDs too; by default only onboarded
# ones are listed, as in Tacker.
ALL = 'all'


def template_text(template):
    """A VNFD's template as the YAML text to store, parsed (what needs
    no driver checked).

    :raises InvalidLegacyVnfd: naming what is wrong.
    """
    try:
        legacy_vnfd.parse(template)
    except ValueError as exc:
        raise exceptions.InvalidLegacyVnfd(reason=str(exc))
    if isinstance(template, str):
        return template
    return yaml.safe_dump(template, default_flow_style=False,
                          sort_keys=False)


def check_drivers(context, template, param_values=None, config=None):
    """A conductor's check of what the VNFD asks of the mgmt, monitor
    and policy drivers, which the API does not load.

    :raises InvalidLegacyVnfd; ConductorUnavailable.
    """
    conductor_call.call(context, 'check the VNFD', 'check_legacy_vnfd',
                        template=template, param_values=param_values,
                        config=config)


def _filters(req):
    filters = legacy_queries.filters(req, FILTER_COLUMNS)
    source = filters.get('template_source', db_vnfds.ONBOARDED)
    if source == ALL:
        del filters['template_source']
    else:
        filters['template_source'] = source
    return filters


class VnfdsController:

    @wsgi.responds(201, 503)
    def create(self, req, body):
        vnfd = body['vnfd']
        template = template_text(vnfd['attributes']['vnfd'])
        check_drivers(req.context, template)
        row = db_vnfds.create(
            req.context, owning_project(req.context), vnfd['name'],
            vnfd.get('description'), template,
            vnfd.get('template_source', db_vnfds.ONBOARDED))
        return wsgi.Result({'vnfd': views.vnfd(row)}, status=201)

    @wsgi.responds(200)
    def index(self, req):
        return {'vnfds': [views.vnfd(row) for row in db_vnfds.list_vnfds(
            req.context, project_scope(req.context), _filters(req))]}

    @wsgi.responds(200)
    def show(self, req, id):
        return {'vnfd': views.vnfd(db_vnfds.get(
            req.context, id, project_scope(req.context)))}

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        db_vnfds.delete(req.context, id, project_scope(req.context))
        return wsgi.Result(status=204)
