"""Reading one page of a list whose filter is partly SQL, partly Python."""
import functools

import sqlalchemy as sa

from tacker.common import sol013
from tacker.db import api as db_api
from tacker.db import lone_reads


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
    """The names of the columns of ``table`` a page reads (all but
    ``unread``), and the None every unread one comes as; built once per
    shape of page."""
    return (tuple(column.key for column in table.columns
                  if column.key not in unread),
            dict.fromkeys(unread))


@functools.lru_cache(maxsize=1024)
def _page_select(table, names, scope, marked, page_size):
    """The select of the columns ``names`` of a page of one shape, built
    once with bind parameters (``scope_<column>`` for each column of
    ``scope``, ``key_<n>`` for the marker's key): building a select and
    its cache key cost more CPU than running it, and a select reused is
    found in SQLAlchemy's compiled cache at once."""
    order = creation_order(table)
    keys = [sa.bindparam('key_%d' % n, type_=column.type)
            for n, column in enumerate(order)] if marked else None
    return sol013.paged(
        sa.select(*(table.c[name] for name in names)).where(
            *(table.c[name] == sa.bindparam('scope_' + name)
              for name in scope)),
        order, keys, page_size)


def _page_params(table, scope, marker):
    params = {'scope_' + name: value for name, value in scope.items()}
    if marker is not None:
        params.update(
            ('key_%d' % n, value) for n, value in enumerate(
                sol013.marker_keys(creation_order(table), marker)))
    return params


def page_query(table, unread, scope, where, marker, page_size):
    """The statement and parameters that read a page (see ``list_page``)
    after ``marker``.

    :raises: InvalidPagingMarker when the marker does not fit the table.
    """
    select = _page_select(table, _read_columns(table, unread)[0],
                          tuple(scope), marker is not None, page_size)
    return ((select.where(*where) if where else select),
            _page_params(table, scope, marker))


def list_page(context, table, scope, where, accept, marker, page_size,
              load=_no_children, unread=frozenset(), fingerprint=False):
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
    ``creation_key``. With ``fingerprint``, only the page's fingerprint
    is read and returned (see ``page_fingerprint``).

    :raises: InvalidPagingMarker when the marker does not fit the table.
    """
    if fingerprint:
        return page_fingerprint(context, table, scope, where, marker,
                                page_size)
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


# Pages of more rows get no fingerprint: MariaDB cuts a GROUP_CONCAT at
# group_concat_max_len, and a row takes an id (36), an updated_at (at most
# 32) and two separators.
FINGERPRINT_MAX_ROWS = db_api.GROUP_CONCAT_MAX_LEN // 70


def page_fingerprint(context, table, scope, where, marker, page_size):
    """What a page (see ``list_page``; no ``accept``) is made of, in one
    value, or None for a page of more than FINGERPRINT_MAX_ROWS rows.

    A row changes its updated_at with each of its changes and never its
    place in creation order, so the ids and updated_at of the rows a page
    reads (``page_size + 1``, so that a page that was the last one and
    no longer is differs) tell whether it changed: a list that answered
    it before may answer it again as it did. The database joins them
    into one value, so that only one row comes back (PyMySQL decodes
    each row in Python), and it is read on the driver's cursor:
    SQLAlchemy's execution and result objects cost more than the query.
    A filtered page's statement is built and compiled once for the same
    clause objects ``where`` (``tacker.api.listing`` parses each filter
    once).
    """
    if not page_size or page_size + 1 > FINGERPRINT_MAX_ROWS:
        return None
    rows = _page_select(table, ('id', 'updated_at'), tuple(scope),
                        marker is not None, page_size)
    params = _page_params(table, scope, marker)
    return lone_reads.select_rows(
        context, _fingerprint_of(rows, tuple(where)), params)[0]


@functools.lru_cache(maxsize=1024)
def _fingerprint_of(rows, where):
    """The select of a page's fingerprint, built once per select of its
    rows and filter clauses (selects and clauses compare by identity):
    how many rows ``rows`` selects and their ``id:updated_at``, joined in
    the database."""
    rows = (rows.where(*where) if where else rows).subquery()
    return sa.select(sa.func.count(), sa.func.aggregate_strings(
        # As text without a CAST: SQLite stores it so already, and
        # PostgreSQL and MariaDB concatenate a timestamp as text.
        rows.c.id + ':' + sa.type_coerce(rows.c.updated_at, sa.String),
        # Literal: SQLAlchemy renders a bound separator only at
        # execution, which a read on the driver's cursor skips.
        sa.literal_column("','")))
