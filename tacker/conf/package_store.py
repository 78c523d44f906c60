"""The ``[glance_store]`` group: where the packages' CSARs are kept.

The options are glance_store's own (``stores``, ``default_store``,
``filesystem_store_datadir``, ``s3_store_host``, ...), as in Tacker;
only the file store's directory defaults to Tacker's state directory, so
that with no configuration the CSARs stay on this host as before.
"""
import glance_store
from glance_store._drivers import filesystem
from oslo_config import cfg

DEFAULT_DATADIR = '$state_path/vnfpackage_store'


def set_defaults():
    """Tacker's defaults on glance_store's option objects; also the
    ``oslo.config.opts.defaults`` hook, so the sample file shows them."""
    cfg.set_defaults(filesystem.Store.OPTIONS,
                     filesystem_store_datadir=DEFAULT_DATADIR)


def register_opts(conf):
    set_defaults()
    glance_store.register_opts(conf)
