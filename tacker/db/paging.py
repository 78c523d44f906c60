"""Reading one page of a list whose filter is partly SQL, partly Python."""
import functools

import sqlalchemy as sa

from tacker.db import api as db_api


def as_dict(row):
    """An ORM row as a plain dict of its columns."""
    return {column.key: getattr(row, column.key)
            for column in sa.inspect(row).mapper.column_attrs}


def creation_order(table):
    """Every list pages in creation order, id breaking ties."""
    return (table.c.created_at, table.c.id)


def creation_key(item):
    """An item's paging key, in ``creation_order``."""
    return (item['created_at'], item['id'])


def _no_children(connection, items):
    return items


@functools.lru_cache(maxsize=None)
def _read_columns(table, unread):
    """The columns of ``table`` a page reads (all but ``unread``), and
    the None every unread one comes as; built once per shape of page."""
    return ([column for column in table.columns if column.key not in unread],
            dict.fromkeys(unread))


def list_page(context, table, where, accept, marker, page_size, page_query,
              load=_no_children, unread=frozenset()):
    """One page of the rows of ``table`` matching the SQL clauses
    ``where`` that ``accept`` also takes.

    Rows are read as table columns through a Core connection, not ORM
    entities and a Session: a page is read constantly and those cost
    several times more. Columns named in ``unread`` (a frozenset), which
    its view will not show, are neither read nor decoded and come as
    None. Rows become plain dicts; ``load(connection, items)`` may add
    children to them. ``page_query(select, marker)`` adds keyset paging,
    order and a limit of page_size + 1. Rows the SQL part lets through
    but ``accept`` rejects are skipped and more rows are read until the
    page is full, so a page is never short while more matches exist.
    Returns ``(items, last_key)``, last_key None at the end. Items are
    keyed by ``creation_key``.
    """
    columns, blank = _read_columns(table, frozenset(unread))
    select = sa.select(*columns).where(*where)
    page = []
    with db_api.reader.connection.using(context) as connection:
        while True:
            result = connection.execute(page_query(select, marker))
            keys = tuple(result.keys())
            rows = result.all()
            more = bool(page_size) and len(rows) > page_size
            chunk = load(connection, [
                {**blank, **dict(zip(keys, row))}
                for row in (rows[:page_size] if page_size else rows)])
            for position, item in enumerate(chunk, 1):
                if not accept(item):
                    continue
                page.append(item)
                if page_size and len(page) == page_size:
                    last = more or position < len(chunk)
                    return page, creation_key(item) if last else None
            if not more:
                return page, None
            marker = creation_key(chunk[-1])
