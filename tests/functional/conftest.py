"""Functional-test fixtures: real processes, real RabbitMQ, real databases."""
import contextlib
import itertools

import pytest

from tests.functional import dbs
from tests.functional import deployment as deployment_lib


@pytest.fixture(params=dbs.backends())
def make_deployment(request, tmp_path):
    """Start deployments (server + conductor) on the parametrized database
    backend; each gets its own database and RabbitMQ vhost and is torn
    down after the test. Options go to ``[DEFAULT]`` of its config."""
    numbers = itertools.count()
    with contextlib.ExitStack() as stack:
        def make(**options):
            db_url = stack.enter_context(
                dbs.temporary_database(request.param))
            transport_url = stack.enter_context(
                deployment_lib.temporary_vhost())
            workdir = tmp_path / ('deployment%d' % next(numbers))
            workdir.mkdir()
            deploy = deployment_lib.Deployment(workdir, db_url,
                                               transport_url, **options)
            stack.callback(deploy.stop)
            deploy.start()
            return deploy
        yield make


@pytest.fixture
def deployment(make_deployment):
    return make_deployment()
