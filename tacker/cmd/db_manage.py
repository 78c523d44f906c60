"""``tacker-db-manage``: create and upgrade Tacker's database schema."""
import sys

from oslo_config import cfg

from tacker.common import config
from tacker.conf import CONF
from tacker.db import migration


def _add_command_parsers(subparsers):
    parser = subparsers.add_parser(
        'upgrade', help='Upgrade the schema to a revision (default: head).')
    parser.add_argument('revision', nargs='?', default='head')
    parser.set_defaults(
        func=lambda: migration.upgrade(CONF, CONF.command.revision))

    parser = subparsers.add_parser(
        'current', help='Show the revision the database is at.')
    parser.set_defaults(func=lambda: migration.current(CONF))

    parser = subparsers.add_parser('history', help='List the revisions.')
    parser.set_defaults(func=lambda: migration.history(CONF))

    parser = subparsers.add_parser(
        'revision', help='Write a new migration script (developers).')
    parser.add_argument('-m', '--message', help='What it changes.')
    parser.add_argument('--autogenerate', action='store_true',
                        help='Fill it with what the models have and the '
                             'database lacks.')
    parser.set_defaults(func=lambda: migration.revision(
        CONF, CONF.command.message, CONF.command.autogenerate))

    parser = subparsers.add_parser(
        'stamp', help='Record a revision as applied without running it.')
    parser.add_argument('revision')
    parser.set_defaults(
        func=lambda: migration.stamp(CONF, CONF.command.revision))


command_opt = cfg.SubCommandOpt('command', title='Commands',
                                handler=_add_command_parsers,
                                help='Schema operation to run.')


def main():
    # Registered here, not at import, so that importing this module does
    # not make a sub-command mandatory for every other CONF user.
    CONF.register_cli_opt(command_opt)
    # stdout carries the answer (``current`` is used in scripts): log apart.
    CONF.set_default('use_stderr', True)
    config.parse_args(sys.argv)
    CONF.command.func()
