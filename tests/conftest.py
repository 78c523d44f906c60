"""Checks of the whole session."""
import pytest

from tests import etsi


def pytest_sessionstart(session):
    """One clear error, not a failure per test, when ETSI's data files
    the tests validate against are missing or altered."""
    problems = etsi.check_data_files()
    if problems:
        pytest.exit('ETSI data files of the test suite are not usable:\n'
                    + '\n'.join(problems), returncode=4)


# The modules of a minute or more, as --durations showed them: collected
# first, so that the two workers of ``--dist loadscope`` (tools/test.sh)
# fill the rest of the run with short ones instead of ending it waiting
# on one of these.
SLOW_MODULES = (
    'tests/functional/test_test_sh.py',
    'tests/functional/test_ha_drill.py',
    'tests/functional/test_packaging.py',
    'tests/functional/test_official_client.py',
    'tests/functional/test_run_sh.py',
    'tests/functional/test_db_concurrency.py',
)


def pytest_collection_modifyitems(items):
    rank = {path: index for index, path in enumerate(SLOW_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split('::')[0],
                                         len(rank)))
