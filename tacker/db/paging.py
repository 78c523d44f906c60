"""Reading one page of a list whose filter is partly SQL, partly Python."""
import functools

import sqlalchemy as sa

from tacker.common import sol013
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


@functools.lru_cache(maxsize=1024)
def _read_columns(table, unread):
    """The columns of ``table`` a page reads (all but ``unread``), and
    the None every unread one comes as; built once per shape of page."""
    return ([column for column in table.columns if column.key not in unread],
            dict.fromkeys(unread))


@functools.lru_cache(maxsize=1024)
def _page_select(table, unread, scope, marked, page_size):
    """The select of a page of one shape, built once with bind
    parameters (``scope_<column>`` for each column of ``scope``,
    ``key_<n>`` for the marker's key): building a select and its cache
    key cost more CPU than running it, and a select reused is found in
    SQLAlchemy's compiled cache at once."""
    order = creation_order(table)
    keys = [sa.bindparam('key_%d' % n, type_=column.type)
            for n, column in enumerate(order)] if marked else None
    return sol013.paged(
        sa.select(*_read_columns(table, unread)[0]).where(
            *(table.c[name] == sa.bindparam('scope_' + name)
              for name in scope)),
        order, keys, page_size)


def page_query(table, unread, scope, where, marker, page_size):
    """The statement and parameters that read a page (see ``list_page``)
    after ``marker``.

    :raises: InvalidPagingMarker when the marker does not fit the table.
    """
    params = {'scope_' + name: value for name, value in scope.items()}
    if marker is not None:
        params.update(
            ('key_%d' % n, value) for n, value in enumerate(
                sol013.marker_keys(creation_order(table), marker)))
    select = _page_select(table, unread, tuple(scope), marker is not None,
                          page_size)
    return (select.where(*where) if where else select), params


def list_page(context, table, scope, where, accept, marker, page_size,
              load=_no_children, unread=frozenset()):
    """One page, in creation order, of the rows of ``table`` whose
    columns have the values of ``scope`` (e.g. its project) and that
    match the SQL clauses ``where`` and ``accept`` also takes (None:
    every row they match).

    Rows are read as table columns through a Core connection, not ORM
    entities and a Session: a page is read constantly and those cost
    several times more. Columns named in ``unread`` (a frozenset), which
    its view will not show, are neither read nor decoded and come as
    None. Rows become plain dicts; ``load(connection, items)`` may add
    children to them. A page is read after the paging key ``marker``
    (None: from the start), at most page_size + 1 rows at a time (0 or
    None: all). Rows the SQL part lets through but ``accept`` rejects
    are skipped and more rows are read until the page is full, so a page
    is never short while more matches exist. Returns ``(items,
    last_key)``, last_key None at the end. Items are keyed by
    ``creation_key``.

    :raises: InvalidPagingMarker when the marker does not fit the table.
    """
    unread = frozenset(unread)
    blank = _read_columns(table, unread)[1]
    page = []
    with db_api.reader.connection.using(context) as connection:
        while True:
            result = connection.execute(*page_query(
                table, unread, scope, where, marker, page_size))
            keys = tuple(result.keys())
            rows = result.all()
            more = bool(page_size) and len(rows) > page_size
            chunk = load(connection, [
                {**blank, **dict(zip(keys, row))}
                for row in (rows[:page_size] if page_size else rows)])
            if accept is None:
                return chunk, creation_key(chunk[-1]) if more else None
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
