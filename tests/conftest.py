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
