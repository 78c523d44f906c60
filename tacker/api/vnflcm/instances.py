"""``/vnflcm/v1/vnf_instances``: SOL003 v2.6.1 clause 5.4.2 - 5.4.3.

Creating and deleting the resource is simple DB work done here; the
lifecycle operations (task resources) are handed to the conductor.
"""
from tacker.api import listing
from tacker.api import validation
from tacker.api import wsgi
from tacker.api.vnflcm import schemas
from tacker.api.vnflcm import views
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.conf import CONF
from tacker.db import instances as db_instances

_C = db_instances.INSTANCE.c
FILTER_COLUMNS = {
    'id': _C.id,
    'vnfInstanceName': _C.vnf_instance_name,
    'vnfdId': _C.vnfd_id,
    'vnfProvider': _C.vnf_provider,
    'vnfProductName': _C.vnf_product_name,
    'vnfSoftwareVersion': _C.vnf_software_version,
    'vnfdVersion': _C.vnfd_version,
    'instantiationState': _C.instantiation_state,
}
FILTER_PATHS = set(FILTER_COLUMNS) | {
    'vnfInstanceDescription', 'vimConnectionInfo', 'instantiatedVnfInfo',
    'metadata', 'extensions', 'vnfConfigurableProperties'}


def _project(context):
    """Admins see every project's instances; others their own."""
    return None if context.is_admin else context.project_id


class VnfInstancesController:

    def create(self, req, body):
        body = validation.validate(body, schemas.create_vnf_request)
        base = links.base_url(req)
        instance = db_instances.create(
            req.context,
            {'project_id': req.context.project_id,
             'vnfd_id': body['vnfdId'],
             'vnf_instance_name': body.get('vnfInstanceName'),
             'vnf_instance_description': body.get('vnfInstanceDescription'),
             'metadata': body.get('metadata') or {},
             'api_version': '1'},
            lambda session, instance: lcm_notifications.instance_created(
                session, instance, base))
        info = views.vnf_instance(instance, base)
        return wsgi.Result(info, status=201, headers={
            'Location': info['_links']['self']['href']})

    def index(self, req):
        query = listing.ListQuery(req, FILTER_PATHS, FILTER_COLUMNS,
                                  views.DEFAULT_EXCLUDED,
                                  CONF.vnf_lcm.page_size,
                                  db_instances.ORDER)
        base = links.base_url(req)

        def accept(instance):
            instance['view'] = views.vnf_instance(instance, base)
            return query.matches(instance['view'])

        page, last_key = db_instances.list_page(
            req.context, _project(req.context), query.where, accept,
            query.marker, query.page_size, query.page_query)
        return query.result([instance['view'] for instance in page],
                            last_key)

    def show(self, req, id):
        return views.vnf_instance(
            db_instances.get(req.context, id, _project(req.context)),
            links.base_url(req))

    def delete(self, req, id):
        base = links.base_url(req)
        db_instances.delete(
            req.context, id, _project(req.context),
            lambda session, instance: lcm_notifications.instance_deleted(
                session, instance, base))
        return wsgi.Result(status=204)
