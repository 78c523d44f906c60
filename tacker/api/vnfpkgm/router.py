"""Routes of ``/vnfpkgm/v1`` (SOL005 v2.6.1 clause 9.2)."""
from tacker.api import listing
from tacker.api import subscriptions
from tacker.api.vnfpkgm import packages
from tacker.api.vnfpkgm import schemas
from tacker.api import wsgi
from tacker.common import pkg_notifications
from tacker.conf import CONF


def add_routes(router):
    pkgs = packages.VnfPackagesController()
    router.connect('/vnf_packages', pkgs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.create_vnf_pkg_info_request},
                   query={'GET': listing.PARAMS})
    router.connect('/vnf_packages/{id}', pkgs,
                   {'GET': 'show', 'PATCH': 'update', 'DELETE': 'delete'},
                   body_types=(wsgi.MERGE_PATCH_JSON, wsgi.JSON),
                   schemas={'PATCH': schemas.vnf_pkg_info_modifications})
    router.connect('/vnf_packages/{id}/package_content', pkgs,
                   {'GET': 'get_content', 'PUT': 'upload_content'},
                   body_types=())
    router.connect('/vnf_packages/{id}/package_content/upload_from_uri',
                   pkgs, {'POST': 'upload_from_uri'},
                   schemas={'POST': schemas.upload_vnf_pkg_from_uri_request})
    router.connect('/vnf_packages/{id}/vnfd', pkgs, {'GET': 'get_vnfd'})
    router.connect('/vnf_packages/{id}/artifacts/{artifact_path:.+}', pkgs,
                   {'GET': 'get_artifact'})
    subs = subscriptions.SubscriptionsController(
        pkg_notifications.API, router.prefix, CONF.vnf_package,
        subscriptions.attributes('PkgmSubscription',
                                 schemas.pkgm_subscription_request))
    router.connect('/subscriptions', subs,
                   {'GET': 'index', 'POST': 'create'},
                   schemas={'POST': schemas.pkgm_subscription_request},
                   query={'GET': listing.SUBSCRIPTION_PARAMS})
    router.connect('/subscriptions/{id}', subs,
                   {'GET': 'show', 'DELETE': 'delete'})
