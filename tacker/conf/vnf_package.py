"""The ``[vnf_package]`` group: where packages live and how much of an
untrusted upload Tacker accepts."""
from oslo_config import cfg

from tacker import data

GROUP = 'vnf_package'

opts = [
    cfg.StrOpt('vnf_package_csar_path', default='$state_path/vnfpackages',
               help='This host\'s cache of the packages it reads: each '
                    'CSAR and its extracted content, rebuilt on demand '
                    'from the package store ([glance_store]), so hosts '
                    'need not share it.'),
    cfg.IntOpt('max_package_size', default=10 * 1024 ** 3, min=1,
               help='Largest CSAR accepted, in bytes, by upload or from a '
                    'URI: a download stops as soon as it passes this (or '
                    'at once when Content-Length announces more) and the '
                    'package returns to CREATED with the reason.'),
    cfg.IntOpt('max_uncompressed_size', default=20 * 1024 ** 3, min=1,
               help='Largest total size of a CSAR\'s extracted files, in '
                    'bytes (zip bomb guard).'),
    cfg.IntOpt('max_entries', default=10000, min=1,
               help='Most files and directories a CSAR may hold.'),
    cfg.IntOpt('max_compression_ratio', default=1000, min=1,
               help='Highest uncompressed/compressed ratio of one CSAR '
                    'entry (zip bomb guard).'),
    cfg.IntOpt('max_path_depth', default=32, min=1,
               help='Most directory levels in the path of one CSAR entry.'),
    cfg.IntOpt('max_yaml_depth', default=64, min=1, max=1000,
               help='Most levels of nested mappings and sequences in one '
                    'VNFD YAML file, checked before the file is parsed '
                    '(deeper nesting would overflow the parser\'s stack).'),
    cfg.IntOpt('max_vnfd_yaml_bytes', default=10 * 1024 ** 2, min=1,
               help='Most bytes of YAML in all of a package\'s VNFD files '
                    '(the entry definitions and every package file it '
                    'imports) together; the operator\'s type definitions '
                    'in tosca_definitions_dir do not count.'),
    cfg.IntOpt('vnfd_parser_memory', default=1024 ** 3,
               min=256 * 1024 ** 2,
               help='Address space, in bytes, of the child process that '
                    'reads a package\'s manifest and VNFD during '
                    'onboarding; a package needing more fails to '
                    'onboard.'),
    cfg.IntOpt('vnfd_parser_timeout', default=120, min=5,
               help='Seconds (wall clock, and CPU) that child process may '
                    'take; keep it below stale_task_timeout, or a slow '
                    'package is taken over while it is still read.'),
    cfg.IntOpt('max_onboarding_attempts', default=3, min=1,
               help='How many times onboarding of one package may be '
                    'started (first by the conductor the upload went to, '
                    'then by conductors taking over from one that died or '
                    'stalled) before the package fails to onboard with '
                    'the reason, instead of being retried for ever.'),
    cfg.BoolOpt('require_manifest', default=False,
                help='Refuse to onboard a package without a SOL004 '
                     'manifest (SOL004 4.3.2 requires one; Tacker\'s own '
                     'sample packages have none). A manifest present is '
                     'always read and its digests checked.'),
    cfg.StrOpt('tosca_definitions_dir',
               default=str(data.TOSCA_DEFINITIONS_DIR),
               sample_default='<the tacker package>/data/tosca-definitions',
               help='Directory of TOSCA type files that VNFDs import by '
                    'URL, looked up by file name; Tacker never fetches '
                    'imports from the network. The default holds ETSI\'s '
                    'SOL001 v2.6.1 etsi_nfv_sol001_common_types.yaml and '
                    'etsi_nfv_sol001_vnfd_types.yaml, shipped with '
                    'Tacker.'),
    cfg.IntOpt('page_size', default=100, min=0,
               help='Packages per page of GET /vnf_packages; 0 returns '
                    'all at once.'),
    cfg.IntOpt('upload_from_uri_timeout', default=600, min=1,
               help='Total deadline, in seconds, of a download from '
                    'addressInformation: connecting and receiving the '
                    'whole package included, however slowly the peer '
                    'sends. A download also stops when its package is '
                    'reset or deleted meanwhile.'),
    cfg.IntOpt('stale_task_timeout', default=300, min=10,
               help='Seconds without progress after which an upload is '
                    'considered interrupted (its package returns to '
                    'CREATED) and unclaimed onboarding is taken over.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
