"""The query parameters of the legacy API's lists (/v1.0): each takes its
filters on columns, and ``id`` and ``fields`` as python-tackerclient
sends them (it finds a resource by ``?id=`` or ``?name=``, asking
``fields=id`` of which only the ids are read; every attribute is shown
anyway)."""
from tacker.api import validation

ID = 'id'
FIELDS = 'fields'


def params(columns):
    """The parameters of a list filtering on ``columns`` (parameter ->
    column)."""
    return (*columns, ID, FIELDS)


def filters(req, columns):
    """{column: value} of the request's filters; ``id`` filters on the
    id column."""
    wanted = {}
    for name in req.GET:
        if name == FIELDS:
            continue
        wanted[columns.get(name, name)] = validation.query_value(req, name)
    return wanted
