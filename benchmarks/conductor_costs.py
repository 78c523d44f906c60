"""What one LCM operation costs the conductor with the noop driver: CPU
(``time.process_time``, median), SQL statements (by kind), transactions
and pool checkouts, per operation type, measured in-process on a SQLite
file, or a PostgreSQL or MariaDB database of the functional tests'
servers (--db).

The API's part (``lcm_ops.start``: the lock and the STARTING occurrence)
is left out; only the conductor's ``start`` workflow is counted, as the
RPC endpoint runs it. Each cycle is instantiate, scale out, scale in,
heal, terminate on one instance; the first cycle warms up:

    .venv/bin/python benchmarks/conductor_costs.py [--cycles 50]
        [--db sqlite|postgresql|mariadb]
"""
import argparse
import collections
import contextlib
import pathlib
import statistics
import sys
import tempfile
import time

import sqlalchemy as sa

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tacker.common import context as tacker_context  # noqa: E402
from tacker.common import csar  # noqa: E402
from tacker.common import states  # noqa: E402
from tacker.common import vnfd  # noqa: E402
from tacker.conductor import lcm  # noqa: E402
from tacker.conf import CONF  # noqa: E402
from tacker.db import api as db_api  # noqa: E402
from tacker.db import instances as db_instances  # noqa: E402
from tacker.db import lcm_ops  # noqa: E402
from tacker.db import migration  # noqa: E402
from tacker.db import packages as db_packages  # noqa: E402
from tests.functional import dbs  # noqa: E402
from tests import packages  # noqa: E402
from tests.unit import rows  # noqa: E402

PROJECT = 'project-a'
# --db choices -> the backend names of tests/functional/dbs.py.
BACKENDS = {'sqlite': 'sqlite', 'postgresql': 'postgresql',
            'mariadb': 'mysql'}
VIM = [{'id': 'vim-1', 'vimType': 'noop'}]


class Counter:
    """SQL statements, transactions and pool checkouts of the engine."""

    def __init__(self, engine):
        self.statements = collections.Counter()
        self.checkouts = 0
        sa.event.listen(engine, 'before_cursor_execute', self._statement)
        for end in ('commit', 'rollback'):
            sa.event.listen(engine, end, self._end)
        sa.event.listen(engine.pool, 'checkout', self._checkout)

    def _statement(self, conn, cursor, statement, *args):
        self.statements[statement.split(None, 1)[0].upper()] += 1

    def _end(self, conn):
        self.statements['transactions'] += 1

    def _checkout(self, *args):
        self.checkouts += 1

    def snapshot(self):
        return collections.Counter(self.statements), self.checkouts


def flavours(work):
    zip_path = packages.build_csar('two_flavours', work / 'pkg.zip')
    root = pathlib.Path(work, 'pkg')
    root.mkdir()
    csar.extract(zip_path, root, csar.Limits())
    return vnfd.parse(csar.load(root), str(packages.SOL001_DIR))['flavours']


def operations(context, instance_id):
    """(name, operationParams) of one cycle."""
    yield 'INSTANTIATE', {'flavourId': 'small', 'vimConnectionInfo': VIM}
    yield 'SCALE', {'type': 'SCALE_OUT', 'aspectId': 'worker_instance'}
    yield 'SCALE', {'type': 'SCALE_IN', 'aspectId': 'worker_instance'}
    info = db_instances.get(context, instance_id)['instantiated_vnf_info']
    yield 'HEAL', {'vnfcInstanceId': [info['vnfcResourceInfo'][0]['id']]}
    yield 'TERMINATE', {'terminationType': 'FORCEFUL'}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cycles', type=int, default=50)
    parser.add_argument('--db', choices=sorted(BACKENDS), default='sqlite')
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.db != 'sqlite':
            CONF([], project='tacker', default_config_files=[])
            CONF.set_override('connection', stack.enter_context(
                dbs.temporary_database(BACKENDS[args.db])),
                group='database')
        measure(args.cycles)


def measure(cycles):
    work = pathlib.Path(tempfile.mkdtemp(prefix='conductor-costs-'))
    CONF([], project='tacker', default_config_files=[])
    CONF.set_override('state_path', str(work))
    db_api.configure(CONF)
    migration.upgrade(CONF)
    context = tacker_context.get_admin_context()
    package = rows.onboarded_package(context, flavours(work), PROJECT)
    assert db_packages.get(context, package['id'])
    instance_id = rows.instance(context, package, PROJECT)['id']
    workflows = lcm.LcmWorkflows(CONF, 'costs-host')
    counter = Counter(db_api.get_engine())
    totals = collections.defaultdict(lambda: [0, [], collections.Counter(),
                                              0])
    for cycle in range(cycles + 1):
        for operation, params in operations(context, instance_id):
            op = lcm_ops.start(context, instance_id, PROJECT, operation,
                               params)
            before, checkouts = counter.snapshot()
            cpu = time.process_time()
            workflows.start(context, op['id'])
            cpu = time.process_time() - cpu
            after, checkouts_after = counter.snapshot()
            state = lcm_ops.get(context, op['id'])['operation_state']
            assert state == states.COMPLETED, (operation, state)
            if cycle:
                total = totals[operation]
                total[0] += 1
                total[1].append(cpu)
                total[2] += after - before
                total[3] += checkouts_after - checkouts
    print('%-12s %8s %6s %6s %6s %6s %6s %6s' % (
        'operation', 'cpu p50', 'stmts', 'SELECT', 'write', 'txns',
        'BEGIN', 'chkout'))
    for operation, (count, cpu, statements, checkouts) in totals.items():
        writes = sum(statements[kind] for kind in ('INSERT', 'UPDATE',
                                                   'DELETE'))
        begins = statements['BEGIN']
        data = writes + statements['SELECT']
        print('%-12s %8.2f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f' % (
            operation, statistics.median(cpu) * 1000, data / count,
            statements['SELECT'] / count, writes / count,
            statements['transactions'] / count, begins / count,
            checkouts / count))


if __name__ == '__main__':
    main()
