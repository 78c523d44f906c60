"""YAML from untrusted packages, bounded before it is built.

PyYAML composes documents recursively (in C with libyaml), so a few
hundred KB of ``[[[[...`` or ``- - - -`` overflow the process's C stack
and kill it outright. ``load`` first walks the document's event stream,
which the parser produces without recursion, and refuses it once it nests
deeper than allowed, before anything is composed. The constructor then
refuses integers that Python cannot print back (more than
``sys.get_int_max_str_digits()`` digits raise ValueError deep inside) or
that no 64-bit column or client holds.
"""
import yaml

_BASE_LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
_INT_TAG = 'tag:yaml.org,2002:int'
MAX_INT_BITS = 64

_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class Refused(yaml.MarkedYAMLError):
    """Well-formed YAML beyond a limit or using a refused feature;
    ``problem`` reads after the document's name ("nests deeper than...")
    and the mark is the place at fault."""

    def __init__(self, problem, mark):
        super().__init__(problem=problem, problem_mark=mark)


class TooDeep(Refused):
    """Nesting beyond the depth allowed."""


class _Loader(_BASE_LOADER):
    pass


def _construct_int(loader, node):
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(
            loader, node)
    except ValueError:
        value = None
    if value is None or abs(value).bit_length() > MAX_INT_BITS:
        raise Refused(f'holds an integer larger than {MAX_INT_BITS} bits',
                      node.start_mark)
    return value


_Loader.add_constructor(_INT_TAG, _construct_int)


def check_structure(data, max_depth, aliases=True):
    """Walk ``data``'s YAML events, refusing nesting deeper than
    ``max_depth`` mappings/sequences (and aliases unless ``aliases``).

    :raises TooDeep: at the node nested too deep.
    :raises Refused: at a refused alias.
    :raises yaml.YAMLError: ``data`` is not YAML.
    """
    depth = 0
    for event in yaml.parse(data, Loader=_BASE_LOADER):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > max_depth:
                raise TooDeep(f'nests deeper than {max_depth} levels',
                              event.start_mark)
        elif isinstance(event, _CLOSING):
            depth -= 1
        elif not aliases and isinstance(event, yaml.AliasEvent):
            raise Refused(f'uses a YAML alias (*{event.anchor})',
                          event.start_mark)


def load(data, max_depth, aliases=True):
    """The one document in ``data`` (bytes or str), once
    ``check_structure`` accepted it.

    :raises Refused: it nests too deep, uses a refused alias or holds an
        integer out of bounds.
    :raises yaml.YAMLError: it is not YAML.
    """
    check_structure(data, max_depth, aliases)
    return yaml.load(data, Loader=_Loader)


def load_all(data, max_depth, aliases=True):
    """Every document in ``data`` (a multi-document stream), once
    ``check_structure`` accepted the whole stream.

    :raises Refused, yaml.YAMLError: as ``load``.
    """
    check_structure(data, max_depth, aliases)
    return list(yaml.load_all(data, Loader=_Loader))
