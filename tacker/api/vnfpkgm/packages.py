"""``/vnfpkgm/v1/vnf_packages``: SOL005 v2.6.1 clause 9.4.2 - 9.4.7.

Simple reads and writes happen here; uploading from a URI and onboarding
run in the conductor. A package's CSAR is added to the package store by
this process (PUT package_content) or the conductor (upload from a URI);
either reads it back through its own host's cache.
"""
from oslo_log import log as logging
import webob
from webob import static

from tacker.api import listing
from tacker.api.vnfpkgm import views
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import links
from tacker.common import merge_patch
from tacker.common import outbound
from tacker.common import package_files
from tacker.common import pkg_notifications
from tacker.common import states
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import outbox
from tacker.db import packages as db_packages

LOG = logging.getLogger(__name__)

ZIP = 'application/zip'
TEXT = 'text/plain'
# Seconds the API spends resolving addressInformation to refuse a denied
# address before the 202; the conductor checks again when it downloads.
ADDRESS_CHECK_TIMEOUT = 5

FILTER_COLUMNS = {
    'id': db_packages.PKG.id,
    'vnfdId': db_packages.PKG.vnfd_id,
    'vnfProvider': db_packages.PKG.vnf_provider,
    'vnfProductName': db_packages.PKG.vnf_product_name,
    'vnfSoftwareVersion': db_packages.PKG.vnf_software_version,
    'vnfdVersion': db_packages.PKG.vnfd_version,
    'onboardingState': db_packages.PKG.onboarding_state,
    'operationalState': db_packages.PKG.operational_state,
    'usageState': db_packages.PKG.usage_state,
}


class VnfPackagesController:

    @wsgi.responds(201)
    def create(self, req, body):
        package = db_packages.create(req.context,
                                     owning_project(req.context),
                                     body.get('userDefinedData'))
        info = views.vnf_pkg_info(package, links.base_url(req))
        return wsgi.Result(info, status=201,
                           headers={'Location': info['_links']['self']
                                    ['href']})

    @wsgi.responds(200)
    def index(self, req):
        query = listing.ListQuery(
            req, views.VNF_PKG_INFO, FILTER_COLUMNS,
            CONF.vnf_package.page_size, db_packages.ORDER)
        base = links.base_url(req)
        return query.respond(
            db_packages.list_page,
            lambda package: views.vnf_pkg_info(package, base),
            project_scope(req.context),
            children=query.wants('softwareImages', 'additionalArtifacts'),
            unread=query.unread(views.VNF_PKG_INFO_COLUMNS))

    @wsgi.responds(200)
    def show(self, req, id):
        package = db_packages.get(req.context, id, project_scope(req.context))
        return views.vnf_pkg_info(package, links.base_url(req))

    @wsgi.responds(200, 409)
    def update(self, req, id, body):
        operational_state = body.get('operationalState')
        user_data = body.get('userDefinedData')
        if user_data is not None:
            current = db_packages.get(req.context, id,
                                      project_scope(req.context))
            user_data = merge_patch.apply(
                current['user_defined_data'] or {}, user_data)
        notify = None
        if operational_state is not None:
            notify = outbox.notifier(pkg_notifications.package_changed,
                                     links.base_url(req),
                                     pkg_notifications.OP_STATE_CHANGE)
        db_packages.update(req.context, id, project_scope(req.context),
                           operational_state, user_data, notify)
        return views.vnf_pkg_info_modifications(operational_state,
                                                user_data)

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        package = db_packages.delete(
            req.context, id, project_scope(req.context),
            outbox.notifier(pkg_notifications.package_changed,
                            links.base_url(req),
                            pkg_notifications.PKG_DELETE))
        package_files.PackageFiles(CONF, id).remove(
            package['package_path'])
        return wsgi.Result(status=204)

    @wsgi.responds(202, 400, 409, 413, 415, 503)
    def upload_content(self, req, id):
        """PUT package_content: stream the CSAR to the package store,
        then onboard."""
        if req.content_type != ZIP:
            raise exceptions.UnsupportedMediaType(
                content_type=req.content_type or '(none)')
        limit = CONF.vnf_package.max_package_size
        if req.content_length is not None and req.content_length > limit:
            raise exceptions.PackageTooLarge(limit=limit)
        self._start_upload(req, id)
        files = package_files.PackageFiles(CONF, id)
        progress = db_packages.TaskProgress(req.context, id, None)
        location = None
        try:
            body = req.body_file
            size, checksum, location = files.store(
                iter(lambda: body.read(package_files.CHUNK_SIZE), b''),
                limit, progress)
            if req.content_length is not None and \
                    size != req.content_length:
                raise exceptions.ClientDisconnected(
                    reason='%d of %d bytes' % (size, req.content_length))
        except Exception as error:
            db_packages.fail_onboarding(req.context, id,
                                        exceptions.problem_details(
                                            error, 'Upload interrupted: %s'))
            files.remove(location)
            raise
        self._hand_over(req.context, id, size, checksum, location)
        return wsgi.Result(status=202)

    @wsgi.responds(202, 409)
    def upload_from_uri(self, req, id, body):
        address = body['addressInformation']
        try:
            outbound.Client(CONF, ADDRESS_CHECK_TIMEOUT).check_address(
                address)
        except (outbound.AddressDenied, outbound.InvalidUri) as error:
            raise exceptions.PackageAddressRefused(reason=error.reason)
        self._start_upload(req, id)
        try:
            rpcapi.conductor_api().upload_package_from_uri(
                req.context, id, address, body.get('userName'),
                body.get('password'))
        except Exception:
            # The stale-task sweep returns the package to CREATED.
            LOG.exception('Could not hand package %s to a conductor', id)
        return wsgi.Result(status=202)

    def _start_upload(self, req, package_id):
        package = db_packages.get(req.context, package_id,
                                  project_scope(req.context))
        if not db_packages.transition(
                req.context, package_id, states.UPLOADING,
                onboarding_failure_details=None, task_host=None):
            raise exceptions.PackageStateConflict(
                id=package_id, state=package['onboarding_state'],
                needed=states.CREATED)

    def _hand_over(self, context, package_id, size, checksum, location):
        if not db_packages.transition(context, package_id,
                                      states.PROCESSING, size=size,
                                      checksum=checksum,
                                      package_path=location,
                                      task_host=None):
            # Reset or deleted meanwhile: nothing refers to this CSAR.
            package_files.PackageFiles(CONF, package_id).remove(location)
            raise exceptions.PackageUploadInterrupted(id=package_id)
        try:
            rpcapi.conductor_api().onboard_package(context, package_id)
        except Exception:
            # The package stays PROCESSING and unclaimed; a conductor's
            # sweep takes it over, so the upload is not lost.
            LOG.exception('Could not hand package %s to a conductor',
                          package_id)

    def _onboarded(self, req, id):
        package = db_packages.get(req.context, id, project_scope(req.context))
        if package['onboarding_state'] != states.ONBOARDED:
            raise exceptions.PackageStateConflict(
                id=id, state=package['onboarding_state'],
                needed=states.ONBOARDED)
        return package

    @wsgi.responds(200, 206, 409, 416, 503)
    def get_content(self, req, id):
        package = self._onboarded(req, id)
        return _file_response(
            req, package_files.PackageFiles(CONF, id).csar(package), ZIP)

    @wsgi.responds(200, 406, 409, 503)
    def get_vnfd(self, req, id):
        package = self._onboarded(req, id)
        files = package_files.PackageFiles(CONF, id)
        vnfd_files = package['vnfd_files'] or []
        if len(vnfd_files) == 1 and req.accept.acceptable_offers([TEXT]):
            return _file_response(
                req, files.content_file(package, vnfd_files[0]), TEXT)
        if req.accept.acceptable_offers([ZIP]):
            return _file_response(req, files.vnfd_zip(package), ZIP)
        raise exceptions.NotAcceptable(
            'The VNFD has %d files; it is offered as application/zip%s.' % (
                len(vnfd_files),
                ' or text/plain' if len(vnfd_files) == 1 else ''))

    @wsgi.responds(200, 206, 409, 416, 503)
    def get_artifact(self, req, id, artifact_path):
        package = self._onboarded(req, id)
        known = {row['artifact_path'] for row in package['artifacts']}
        known.update(image['image_path']
                     for image in package['software_images'])
        path = package_files.PackageFiles(CONF, id).content_file(
            package, artifact_path) if artifact_path in known else None
        if path is None:
            raise exceptions.ArtifactNotFound(id=id, path=artifact_path)
        return _file_response(req, path, 'application/octet-stream')


def _file_response(req, path, content_type):
    """The file, or the byte range asked for (206), or 416."""
    fileobj = open(path, 'rb')
    size = fileobj.seek(0, 2)
    fileobj.seek(0)
    response = webob.Response(content_type=content_type,
                              conditional_response=False)
    response.headers['Accept-Ranges'] = 'bytes'
    if req.range is not None:
        span = req.range.range_for_length(size)
        if span is None:
            fileobj.close()
            error = exceptions.RangeNotSatisfiable(range=str(req.range),
                                                   size=size)
            problem = wsgi.problem_response(error)
            problem.headers['Content-Range'] = 'bytes */%d' % size
            return problem
        start, stop = span
        response.status = 206
        response.content_range = (start, stop, size)
        response.app_iter = static.FileIter(fileobj).app_iter_range(
            start, stop)
        response.content_length = stop - start
        return response
    response.app_iter = static.FileIter(fileobj)
    response.content_length = size
    return response
