"""A page's fingerprint is made of the rows the page shows (plus the
next one), read on the driver with values converted as SQLAlchemy
converts them."""
import datetime

import sqlalchemy as sa

from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import paging

TABLE = db_instances.INSTANCE


def test_a_page_after_a_marker_on_a_whole_second_starts_after_it(
        make_instance, admin_context):
    """SQLite stores a datetime as text with microseconds, which its
    driver's own conversion of a marker key would leave out: the
    marker's row would then count as the page's."""
    ids = [make_instance('p1') for _ in range(3)]
    whole = datetime.datetime(2026, 1, 1, 12, 0, 0)
    with db_api.writing(admin_context) as session:
        for seconds, instance_id in enumerate(ids):
            session.execute(sa.update(TABLE).where(
                TABLE.c.id == instance_id).values(
                    created_at=whole + datetime.timedelta(seconds=seconds)))
    marker = (whole, ids[0])

    count, versions = paging.page_fingerprint(
        admin_context, TABLE, {'project_id': 'p1'}, (), marker, 1)

    assert count == 2
    assert [version.split(':')[0] for version in versions.split(',')] == \
        ids[1:]
