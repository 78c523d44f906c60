"""OpenStackClient plugin: the ``tacker`` commands as ``openstack ...``.

OpenStackClient finds this module through the ``openstack.cli.extension``
entry point and the commands through ``openstack.tackerclient.v<N>``
(see ``tackerclient.cli.entry_points``); commands reach the client as
``client_manager.tackerclient``, made here from OpenStackClient's session.
"""
import os

from tackerclient import client

API_NAME = 'tackerclient'
API_VERSION_OPTION = 'os_tacker_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = {version: 'tackerclient.client.TackerClient'
                for version in client.VNFLCM_APIS}


def make_client(instance):
    """The TackerClient of an OpenStackClient ClientManager."""
    return client.TackerClient(
        instance.session, interface=instance.interface,
        region_name=instance.region_name,
        api_version=instance._api_version[API_NAME])


def build_option_parser(parser):
    parser.add_argument(
        '--os-tacker-api-version', metavar='<tacker-api-version>',
        default=os.environ.get('OS_TACKER_API_VERSION', DEFAULT_API_VERSION),
        choices=tuple(API_VERSIONS),
        help='Major version of the Tacker API to use, 1 or 2: that of '
             'the VNF LCM API; the vnffm and vnfpm commands need 2 '
             '(default %s, env OS_TACKER_API_VERSION)' % DEFAULT_API_VERSION)
    return parser
