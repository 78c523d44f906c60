"""Functional-test fixtures: real processes, real RabbitMQ, real databases."""
import contextlib
import itertools

import pytest
import sqlalchemy as sa

from tests.functional import dbs
from tests.functional import deployment as deployment_lib
from tests.functional import http_servers
from tests.functional import legacy_deployment
from tests.functional import tcpproxy


@pytest.fixture(params=dbs.backends())
def backend(request):
    return request.param


@pytest.fixture
def make_deployment(backend, tmp_path):
    """Start deployments (server + conductor) on the parametrized database
    backend; each gets its own database and RabbitMQ vhost and is torn
    down after the test. Options go to ``[DEFAULT]`` of its config.

    With ``db_proxy=True`` the deployment reaches its database server
    through a ``TcpProxy`` (``deployment.db_proxy``) the test can cut.
    """
    numbers = itertools.count()
    with contextlib.ExitStack() as stack:
        def make(db_proxy=False, **options):
            db_url = stack.enter_context(dbs.temporary_database(backend))
            proxy = None
            if db_proxy:
                url = sa.engine.make_url(db_url)
                proxy = tcpproxy.TcpProxy(url.host, url.port)
                proxy.start()
                stack.callback(proxy.stop)
                db_url = url.set(host='127.0.0.1', port=proxy.port) \
                    .render_as_string(hide_password=False)
            transport_url = stack.enter_context(
                deployment_lib.temporary_vhost())
            workdir = tmp_path / ('deployment%d' % next(numbers))
            workdir.mkdir()
            deploy = deployment_lib.Deployment(workdir, db_url,
                                               transport_url, **options)
            deploy.db_proxy = proxy
            stack.callback(deploy.stop)
            deploy.start()
            return deploy
        yield make


@pytest.fixture
def deployment(make_deployment):
    return make_deployment()


@pytest.fixture(scope='session')
def legacy_stack(tmp_path_factory):
    """The sandbox OpenStack and deployment of the legacy API's test
    modules (legacy_deployment), started once for all of them."""
    with legacy_deployment.started(tmp_path_factory.mktemp('legacy')) \
            as stack:
        yield stack


@pytest.fixture
def consumer():
    """A real HTTP notification consumer on a free local port."""
    server = http_servers.NotificationConsumer().start()
    yield server
    server.stop()


@pytest.fixture
def server():
    """Start StreamServers; stopped at the end of the test."""
    started = []

    def start(*args, **kwargs):
        started.append(http_servers.StreamServer(*args, **kwargs).start())
        return started[-1]

    yield start
    for stream in started:
        stream.stop()
