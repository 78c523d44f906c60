"""Package onboarding in the conductor (SOL005 9.4.5, ARCHITECTURE rule 5).

``onboard`` turns a PROCESSING package's stored CSAR into an ONBOARDED,
ENABLED package: safe extraction, manifest hashes, VNFD parsing, rows for
images and artifacts, and the onboarding notification, all or nothing.
Any failure returns the package to CREATED with the reason recorded, so
the user can upload again. ``sweep`` finishes what dead processes left.
"""
import contextlib
import datetime
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.common import csar
from tacker.common import exceptions
from tacker.common import links
from tacker.common import outbound
from tacker.common import package_files
from tacker.common import package_reader
from tacker.common import pkg_notifications
from tacker.common import states
from tacker.db import api as db_api
from tacker.db import outbox
from tacker.db import packages as db_packages

LOG = logging.getLogger(__name__)

IMAGE_COLUMNS = {'id': 'image_id', 'name': 'name', 'provider': 'provider',
                 'version': 'version', 'checksum': 'checksum',
                 'containerFormat': 'container_format',
                 'diskFormat': 'disk_format', 'minDisk': 'min_disk',
                 'minRam': 'min_ram', 'size': 'size',
                 'imagePath': 'image_path', 'userMetadata': 'user_metadata'}


def _problem(error):
    return exceptions.problem_details(
        error, 'Onboarding failed on an internal error (%s); see the '
        'conductor log.')


class PackageWorkflows:

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host

    def _liveness(self, context):
        live = [c['hostname'] for c in db_api.list_live_conductors(
            context, self.conf.service_down_time)]
        stale_before = timeutils.utcnow() - datetime.timedelta(
            seconds=self.conf.vnf_package.stale_task_timeout)
        return live, stale_before

    def onboard(self, context, package_id):
        """Onboard a PROCESSING package nobody else works on. Each claim
        counts as an attempt: a package whose onboarding never ended
        ``max_onboarding_attempts`` times (its conductors died or
        stalled) fails instead of being taken over again for ever."""
        live, stale_before = self._liveness(context)
        attempts = db_packages.claim_processing(context, package_id,
                                                self.host, live,
                                                stale_before)
        if not attempts:
            LOG.info('Package %s is not waiting for onboarding here',
                     package_id)
            return
        location = None
        try:
            package = db_packages.get(context, package_id)
            location = package['package_path']
            if attempts > self.conf.vnf_package.max_onboarding_attempts:
                raise exceptions.OnboardingAttemptsExhausted(
                    attempts=attempts - 1)
            with self._claim_kept(context, package_id):
                self._onboard_claimed(context, package)
        except Exception as error:
            if not isinstance(error, exceptions.TackerException):
                LOG.exception('Onboarding of package %s failed',
                              package_id)
            else:
                LOG.warning('Onboarding of package %s failed: %s',
                            package_id, error)
            db_packages.fail_onboarding(context, package_id,
                                        _problem(error))
            package_files.PackageFiles(self.conf, package_id).remove(
                location)

    @contextlib.contextmanager
    def _claim_kept(self, context, package_id):
        """Refresh this host's claim while onboarding runs, so that the
        sweep takes over only work whose conductor died or stalled, not
        a big package still being read."""
        stop = threading.Event()
        interval = self.conf.vnf_package.stale_task_timeout / 4

        def refresh():
            while not stop.wait(interval):
                try:
                    db_packages.touch_processing(context, package_id,
                                                 self.host)
                except Exception:
                    LOG.exception('Could not refresh the claim on '
                                  'package %s', package_id)

        thread = threading.Thread(target=refresh, daemon=True,
                                  name=f'claim-{package_id}')
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def _onboard_claimed(self, context, package):
        package_id = package['id']
        files = package_files.PackageFiles(self.conf, package_id)
        limits = package_files.limits(self.conf)
        csar_path = files.csar(package)
        content_dir = files.fresh_content_dir(package)
        csar.extract(csar_path, content_dir, limits)
        contents = package_reader.read(
            content_dir, self.conf.vnf_package.tosca_definitions_dir, limits)
        info = contents['vnfd']
        files.write_vnfd_zip(package, info['vnfd_files'])
        images_info = info['software_images']
        images = [{column: image.get(key)
                   for key, column in IMAGE_COLUMNS.items()}
                  for image in images_info]
        # SOL005 additionalArtifacts: everything but the images.
        image_paths = {image['imagePath'] for image in images_info}
        artifacts = [{'artifact_path': item['artifactPath'],
                      'checksum': item['checksum'],
                      'metadata_': item.get('metadata') or None}
                     for item in contents['artifacts']
                     if item['artifactPath'] not in image_paths]
        columns = {'vnfd_id': info['vnfdId'],
                   'vnf_provider': info['vnfProvider'],
                   'vnf_product_name': info['vnfProductName'],
                   'vnf_software_version': info['vnfSoftwareVersion'],
                   'vnfd_version': info['vnfdVersion'],
                   'deployment_flavours': info['flavours'],
                   'vnfd_files': info['vnfd_files']}
        package = db_packages.save_onboarded(
            context, package_id, self.host, columns, images, artifacts,
            outbox.notifier(pkg_notifications.package_onboarded,
                            links.base_url()))
        if package is not None:
            LOG.info('Package %s onboarded (vnfdId %s)', package_id,
                     info['vnfdId'])

    def upload_from_uri(self, context, package_id, address, user_name,
                        password):
        """Download the CSAR (bounded in size and time), then onboard.

        The download stops when the package is reset or deleted
        meanwhile; the package is then left as it is now, and the CSAR
        is not kept.
        """
        files = package_files.PackageFiles(self.conf, package_id)
        progress = db_packages.TaskProgress(context, package_id, self.host)
        try:
            progress()
            with contextlib.closing(self._download(
                    address, user_name, password)) as chunks:
                size, checksum, location = files.store(
                    chunks, self.conf.vnf_package.max_package_size,
                    progress)
        except exceptions.PackageUploadCancelled as error:
            LOG.info('%s', error)
            return
        except Exception as error:
            LOG.warning('Download of package %s failed: %s',
                        package_id, error)
            db_packages.fail_onboarding(context, package_id,
                                        _problem(error))
            files.remove()
            return
        if db_packages.transition(context, package_id, states.PROCESSING,
                                  size=size, checksum=checksum,
                                  package_path=location,
                                  task_host=self.host):
            self.onboard(context, package_id)
        else:
            # Reset or deleted meanwhile: nothing refers to this CSAR.
            files.remove(location)

    def _download(self, address, user_name, password):
        """The CSAR at ``address`` in chunks, within
        ``upload_from_uri_timeout`` in all and ``max_package_size``
        bytes, through the outbound address policy.

        :raises: PackageDownloadFailed (502) or PackageDownloadTimedOut
            (504) when the remote side fails, saying nothing of what the
            peer answered (an API client must not scan ports through
            it); PackageAddressRefused (400) for an address Tacker does
            not call; PackageTooLarge (413), as an upload by PUT.
        """
        opts = self.conf.vnf_package
        auth = (user_name, password or '') if user_name else None
        client = outbound.Client(self.conf, opts.upload_from_uri_timeout)
        failed = exceptions.PackageDownloadFailed(
            reason='the address could not be reached, broke off or did '
                   'not answer 200 OK')
        try:
            with client.request('GET', address, auth=auth) as answer:
                if answer.status_code != 200:
                    LOG.warning('Downloading %s answered %s',
                                outbound.loggable(address),
                                answer.describe())
                    raise failed
                yield from answer.chunks(opts.max_package_size,
                                         package_files.CHUNK_SIZE)
        except outbound.AnswerTooLarge:
            raise exceptions.PackageTooLarge(limit=opts.max_package_size)
        except outbound.OutboundError as error:
            LOG.warning('Downloading %s failed: %s',
                        outbound.loggable(address), error.detail)
            if isinstance(error, (outbound.AddressDenied,
                                  outbound.InvalidUri)):
                raise exceptions.PackageAddressRefused(reason=error.reason)
            if isinstance(error, outbound.DeadlineExceeded):
                raise exceptions.PackageDownloadTimedOut(
                    reason='the whole package did not arrive within %d s'
                    % opts.upload_from_uri_timeout)
            raise failed

    def sweep(self, context):
        """Return interrupted uploads to CREATED and take over onboarding
        that a dead conductor (or a lost cast) left in PROCESSING."""
        live, stale_before = self._liveness(context)
        for package_id, state in db_packages.find_abandoned(
                context, live, stale_before):
            if state == states.UPLOADING:
                LOG.warning('Upload of package %s was interrupted',
                            package_id)
                db_packages.fail_onboarding(
                    context, package_id, exceptions.PackageUploadInterrupted(
                        id=package_id).to_problem_details())
                package_files.PackageFiles(self.conf, package_id).remove()
            else:
                LOG.warning('Taking over onboarding of package %s',
                            package_id)
                self.onboard(context, package_id)
