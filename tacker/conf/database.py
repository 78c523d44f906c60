"""The ``[database]`` group: oslo.db's own options (oslo.db namespace),
and the SQLite durability and MySQL driver choices Tacker adds.

``connection`` is left unset on purpose: the database layer then uses a
SQLite file under ``[DEFAULT] state_path`` (see ``tacker.db.api``).
"""
from oslo_config import cfg
from oslo_db import options as db_options

GROUP = 'database'

opts = [
    cfg.BoolOpt('sqlite_sync_every_commit', default=True,
                help='SQLite only: every write transaction is on the disk '
                     'before Tacker answers for it or acts on it (its '
                     'write-ahead log is synced after each commit, out of '
                     'the write lock, so that concurrent commits share a '
                     'sync). False syncs at checkpoints only: more writes '
                     'per second on a slow disk, and a crash of a Tacker '
                     'process still loses nothing, but a power loss or an '
                     'operating-system crash may lose the last commits '
                     '(the database stays consistent).'),
    cfg.BoolOpt('prefer_mysqlclient', default=True,
                help='MySQL and MariaDB only: the processes that do not '
                     'run on eventlet (tacker-conductor, and the API '
                     'under a WSGI server without eventlet workers) '
                     'connect through mysqlclient (MySQLdb) when it is '
                     'installed '
                     '(pip install tacker[mysqlclient]), also when '
                     '"connection" names PyMySQL (mysql+pymysql://): its C '
                     'code spends less CPU per statement, 0.5 ms less per '
                     'LCM operation of a conductor. tacker-server and '
                     'eventlet workers keep the driver "connection" names, '
                     'as eventlet makes '
                     'only the pure-Python PyMySQL cooperative. False: '
                     'every process uses that driver.'),
]


# Connections a pool keeps. A conductor runs many operations at once and
# an API worker serves many requests; with oslo.db's 5, each one above
# that opened a connection and closed it when done (a TCP and login
# handshake: at 8 concurrent LCM clients, 0.5 ms of conductor CPU per
# operation on MariaDB). A pool opens connections only as its process
# needs them; max_overflow still bounds bursts.
MAX_POOL_SIZE = 20


def set_defaults():
    """Tacker's defaults on oslo.db's option objects; also the
    ``oslo.config.opts.defaults`` hook, so the sample file shows them."""
    cfg.set_defaults(db_options.database_opts, max_pool_size=MAX_POOL_SIZE)


def register_opts(conf):
    db_options.set_defaults(conf)
    set_defaults()
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
