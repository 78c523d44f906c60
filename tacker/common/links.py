"""Absolute URLs of Tacker's resources, for ``_links``, Location headers,
notifications and grant requests: the one place that knows where each
resource lives (SOL003 v2.6.1 5.2 and 9.2, SOL005 v2.6.1 9.2). The VNF
LCM resources live under both API roots, v1 (SOL003 v2.6.1) and v2
(SOL003 v3.3.1): each view links within its own."""
from tacker.conf import CONF

# API roots (SOL013 v2.6.1 4.1: {apiRoot}/{apiName}/{apiMajorVersion}).
VNFLCM = '/vnflcm/v1'
VNFLCM_V2 = '/vnflcm/v2'
VNFPKGM = '/vnfpkgm/v1'
GRANT = '/grant/v1'
VNFFM = '/vnffm/v1'
VNFPM = '/vnfpm/v2'


def base_url(req=None):
    """``[DEFAULT] public_endpoint``, else the URL the request came to,
    else this host's bind port, https when the API serves it (for
    notifications built by conductors)."""
    if CONF.public_endpoint:
        return CONF.public_endpoint.rstrip('/')
    if req is not None:
        return req.host_url
    return '%s://%s:%d' % ('https' if CONF.use_ssl else 'http', CONF.host,
                           CONF.bind_port)


def _url(base, root, *path):
    return '/'.join((base + root, *path))


def vnf_package(base, package_id, *sub):
    """An individual VNF package, or ``sub`` resource of it
    (``package_content``, ``vnfd``)."""
    return _url(base, VNFPKGM, 'vnf_packages', package_id, *sub)


def vnf_instance(base, instance_id, *task, root=VNFLCM):
    """An individual VNF instance, or a ``task`` resource of it
    (``instantiate``, ``change_ext_conn``...)."""
    return _url(base, root, 'vnf_instances', instance_id, *task)


def vnf_lcm_op_occ(base, op_id, *task, root=VNFLCM):
    """An individual VNF LCM operation occurrence, or a ``task`` resource
    of it (``retry``, ``rollback``, ``fail``, ``cancel``)."""
    return _url(base, root, 'vnf_lcm_op_occs', op_id, *task)


def grants(base):
    """The grants of the Grant API at ``base`` (ours or an NFVO's)."""
    return _url(base, GRANT, 'grants')


def grant(base, grant_id):
    return '%s/%s' % (grants(base), grant_id)


def alarms(base):
    """The alarm list (SOL003 v3.3.1 7.4.2)."""
    return _url(base, VNFFM, 'alarms')


def alarm(base, alarm_id):
    """An individual alarm (SOL003 v3.3.1 7.4.3)."""
    return _url(base, VNFFM, 'alarms', alarm_id)


def pm_job(base, job_id):
    """An individual PM job (SOL003 v3.3.1 6.4.3)."""
    return _url(base, VNFPM, 'pm_jobs', job_id)


def pm_report(base, job_id, report_id):
    """An individual performance report (SOL003 v3.3.1 6.4.4)."""
    return _url(base, VNFPM, 'pm_jobs', job_id, 'reports', report_id)


def pm_threshold(base, threshold_id):
    """An individual threshold (SOL003 v3.3.1 6.4.6)."""
    return _url(base, VNFPM, 'thresholds', threshold_id)


def subscription(base, root, subscription_id):
    """An individual subscription of the API at ``root``."""
    return _url(base, root, 'subscriptions', subscription_id)
