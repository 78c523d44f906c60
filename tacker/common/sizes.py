"""TOSCA scalar-unit.size values (TOSCA Simple Profile 3.3.6.4), as the
VNFD parser and packages' user-data scripts read them; kept free of heavy
imports, since user-data scripts load it in their own process."""
import decimal
import re

# TOSCA compares units case-insensitively.
_SIZE_UNITS = {'b': 1, 'kb': 10 ** 3, 'kib': 2 ** 10, 'mb': 10 ** 6,
               'mib': 2 ** 20, 'gb': 10 ** 9, 'gib': 2 ** 30,
               'tb': 10 ** 12, 'tib': 2 ** 40}
_SIZE = re.compile(r'^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$')


def in_bytes(value):
    """The bytes, as an exact Decimal, in a TOSCA scalar-unit.size such as
    "1 GB" or "512 MiB".

    :raises ValueError: ``value`` is no such size.
    """
    match = _SIZE.match(str(value)) if value is not None else None
    factor = match and _SIZE_UNITS.get(match.group(2).lower())
    if not factor:
        raise ValueError(f'{value!r} is not a size such as "1 GB" or '
                         '"512 MiB"')
    return decimal.Decimal(match.group(1)) * factor
