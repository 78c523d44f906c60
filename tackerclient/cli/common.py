"""What the command groups share: output columns, list options, request
files and waiting with progress.

Commands reach the API through ``self.app.client_manager.tackerclient``,
which the ``tacker`` shell and the OpenStackClient plugin both provide.
"""
import argparse
import contextlib
import json
import os

from cliff import columns
from cliff import command
from cliff import lister
from cliff import show

from tackerclient.cli import progress
from tackerclient import exceptions

DEFAULT_WAIT_TIMEOUT = 3600


class JsonColumn(columns.FormattableColumn):
    """Nested data: indented JSON text in a table, the data itself with
    ``-f json`` or ``-f yaml``."""

    def human_readable(self):
        return json.dumps(self._value, indent=2, sort_keys=True)

    def machine_readable(self):
        return self._value


def _cell(value):
    if isinstance(value, (dict, list)):
        return JsonColumn(value)
    return '' if value is None else value


def row(item, keys):
    """The cells of ``item``'s attributes ``keys``, for a Lister."""
    return tuple(_cell(item.get(key)) for key in keys)


def show_data(obj, labels, every_label=False):
    """``(labels, values)`` of a ShowOne, sorted by label: known
    attributes under the names in ``labels``, others under their own;
    with ``every_label`` the absent known ones too, blank."""
    if every_label:
        obj = {**dict.fromkeys(labels), **obj}
    rows = sorted(((labels.get(key, key), _cell(value))
                   for key, value in obj.items()), key=lambda row: row[0])
    return (tuple(label for label, _ in rows),
            tuple(value for _, value in rows))


def client(cmd):
    return cmd.app.client_manager.tackerclient


def usage_error(cmd, message):
    """Exit 2 with the command's usage, as argparse does."""
    cmd.parser.error(message)


class Command(command.Command):
    """Keeps its parser so that take_action can report usage errors."""

    def get_parser(self, prog_name):
        self.parser = super().get_parser(prog_name)
        return self.parser


class ShowCommand(show.ShowOne, Command):
    """Shows one resource; ``labels`` maps attributes to column names."""

    labels = {}
    # Whether every attribute in labels is a row, blank when absent, as
    # python-tackerclient shows them.
    every_label = False

    def show(self, obj):
        return show_data(obj, self.labels, self.every_label)


class ListCommand(lister.Lister, Command):
    """Lists a collection, following paging to the end.

    ``columns`` are (attribute, label) pairs shown by default; attribute
    selectors add a column for every other attribute the items have.
    """

    columns = ()
    # Column names of the other attributes, for when selectors add them.
    labels = {}
    resource = 'items'
    # Whether the list takes SOL013 attribute selectors (lists of
    # subscriptions do not).
    attribute_selectors = True
    # For the help of --filter.
    filter_example = '(eq,onboardingState,ONBOARDED);(neq,usageState,IN_USE)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--filter', metavar='<filter>',
            help='SOL013 attribute filter, e.g. "%s"' % self.filter_example)
        if self.attribute_selectors:
            self._add_selectors(parser)
        return parser

    def _add_selectors(self, parser):
        selectors = parser.add_mutually_exclusive_group()
        selectors.add_argument(
            '--all-fields', '--all_fields', action='store_true',
            help='Include all complex attributes, also those left out by '
                 'default.')
        selectors.add_argument(
            '--fields', metavar='<fields>',
            help='Comma-separated complex attributes to include.')
        selectors.add_argument(
            '--exclude-fields', '--exclude_fields', metavar='<fields>',
            help='Comma-separated complex attributes to leave out.')
        parser.add_argument(
            '--exclude-default', '--exclude_default', action='store_true',
            help='Leave out the attributes %s leaves out by default '
                 '(the default unless another selector is given; may '
                 'be combined with --fields).' % self.resource)

    def fetch(self, parsed_args, selectors):
        raise NotImplementedError

    def take_action(self, parsed_args):
        selectors = {name: getattr(parsed_args, name, None) for name in (
            'filter', 'fields', 'exclude_fields', 'all_fields',
            'exclude_default')}
        items = self.fetch(parsed_args, selectors)
        keys = [key for key, _ in self.columns]
        if selectors['all_fields'] or selectors['fields'] \
                or selectors['exclude_fields']:
            for item in items:
                keys.extend(key for key in item if key not in keys)
        labels = {**self.labels, **dict(self.columns)}
        return (tuple(labels.get(key, key) for key in keys),
                (row(item, keys) for item in items))


class KeyValueAction(argparse.Action):
    """``--opt KEY=VALUE``, repeatable, collected into a dict."""

    def __call__(self, parser, namespace, value, option_string=None):
        key, sep, item = value.partition('=')
        if not sep or not key:
            parser.error('%s expects KEY=VALUE, not %r' % (option_string,
                                                           value))
        pairs = dict(getattr(namespace, self.dest) or {})
        pairs[key] = item
        setattr(namespace, self.dest, pairs)


def read_file(path, what):
    """The text of the ``what`` file ``path``."""
    try:
        with open(path, encoding='utf-8') as stream:
            return stream.read()
    except OSError as error:
        raise exceptions.ClientError('Cannot read %s file %s: %s' % (
            what, path, error.strerror or error))
    except UnicodeDecodeError as error:
        raise exceptions.ClientError('%s file %s is not UTF-8 text: %s' % (
            what.capitalize(), path, error.reason))


def load_json_file(path, what='request'):
    """The JSON object in ``path`` (a request body)."""
    text = read_file(path, what)
    try:
        body = json.loads(text)
    except ValueError as error:
        raise exceptions.ClientError('%s file %s is not valid JSON: %s' % (
            what.capitalize(), path, error))
    if not isinstance(body, dict):
        raise exceptions.ClientError('%s file %s does not hold a JSON '
                                     'object' % (what.capitalize(), path))
    return body


def add_wait_arguments(parser, what):
    parser.add_argument(
        '--wait', action='store_true',
        help='Wait until %s ends, showing its progress on stderr; exit '
             'non-zero if it fails.' % what)
    parser.add_argument(
        '--wait-timeout', metavar='<seconds>', type=float,
        default=DEFAULT_WAIT_TIMEOUT,
        help='Give up waiting after this many seconds (default %d).'
             % DEFAULT_WAIT_TIMEOUT)


def note(cmd, message):
    """A message for the user that is not the command's output."""
    cmd.app.stderr.write(message + '\n')
    cmd.app.stderr.flush()


def delete_each(cmd, ids, delete, what):
    """Delete every id, reporting each failure; fail if any failed (with
    the error itself when there was one id)."""
    failed = 0
    for resource_id in ids:
        try:
            delete(resource_id)
        except exceptions.ClientError as error:
            if len(ids) == 1:
                raise
            failed += 1
            note(cmd, 'Cannot delete %s %s: %s' % (what, resource_id, error))
        else:
            note(cmd, '%s %s deleted.' % (what, resource_id))
    if failed:
        raise exceptions.ClientError('Failed to delete %d of %d %s(s).' % (
            failed, len(ids), what))


def wait_for_op(cmd, parsed_args, op_id, after=None, success='COMPLETED'):
    """Follow the occurrence until it rests; return it when it rests in
    ``success``.

    :raises OperationFailed: it rests in another state.
    """
    with progress.StatusLine(cmd.app.stderr) as status:
        op = client(cmd).op_occs.wait(
            op_id, after=after, timeout=parsed_args.wait_timeout,
            on_poll=lambda op: status.update(
                '%s %s' % (op['operation'], op_id), op['operationState']))
    if op['operationState'] != success:
        raise exceptions.OperationFailed(op, None if op.get('error') else (
            'Operation %s (%s) ended %s, not %s' % (
                op_id, op['operation'], op['operationState'], success)))
    return op


@contextlib.contextmanager
def binary_output(cmd, path, allow_terminal=False):
    """A binary file to download into: ``path`` (written in full or not
    at all), else stdout when redirected (or ``allow_terminal``)."""
    if path is None:
        stdout = cmd.app.stdout
        if stdout.isatty() and not allow_terminal:
            usage_error(cmd, 'give --file or redirect stdout; not writing '
                             'binary data to a terminal')
        stdout.flush()
        yield getattr(stdout, 'buffer', stdout)
        stdout.flush()
        return
    partial = '%s.part' % path
    try:
        with open(partial, 'wb') as stream:
            yield stream
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise
