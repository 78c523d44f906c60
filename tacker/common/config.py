"""Command-line and logging set-up shared by Tacker's console scripts."""
from oslo_log import log as logging

from tacker.common import log_lines
from tacker.conf import CONF

logging.register_options(CONF)


def parse_args(argv, default_config_files=None):
    """Parse ``--config-file``/``--config-dir`` and options; set up logging."""
    CONF(argv[1:], project='tacker',
         default_config_files=default_config_files)
    logging.setup(CONF, 'tacker')
    log_lines.install()
