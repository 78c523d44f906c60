"""Command-line and logging set-up shared by Tacker's console scripts."""
from oslo_config import cfg
from oslo_log import log as logging

from tacker.common import log_lines
from tacker.conf import CONF
from tacker.conf import opts as tacker_opts

logging.register_options(CONF)


def parse_args(argv, default_config_files=None):
    """Parse ``--config-file``/``--config-dir`` and options; set up logging.

    :raises: SystemExit naming an option whose configured value is not
        valid, so a typo stops the service at start rather than failing
        the first request that reads it.
    """
    CONF(argv[1:], project='tacker',
         default_config_files=default_config_files)
    check_values(CONF)
    logging.setup(CONF, 'tacker')
    log_lines.install()


def check_values(conf):
    """Read every option Tacker defines once: oslo.config converts (and
    so checks) a value only when it is first read."""
    for group, options in tacker_opts.list_opts():
        for option in options:
            try:
                getattr(conf[group] if group else conf, option.dest)
            except (cfg.ConfigFileValueError, ValueError) as error:
                raise SystemExit('Invalid value of [%s] %s: %s' % (
                    group or 'DEFAULT', option.name, error))
