"""Every figure of issue 12's goals, against SQLite, PostgreSQL or MariaDB.

Starts its own deployment (2 API workers, 1 conductor, a RabbitMQ vhost
of its own) on each database of --db, seeds it and prints, one line each:

 a) API server CPU (utime + stime of the server and its workers, from
    /proc) per list request of a page of 100 packages / instances / op
    occurrences at 8 keep-alive connections, and req/s;
 b) p50 / p95 at 1 connection of first pages, filtered pages and a deep
    page reached through ``nextpage_opaque_marker`` (page ~N/200);
 c) instance creates/s at 32 connections;
 d) conductor CPU (from /proc; after warm-up cycles, its idle CPU
    rate subtracted), SQL statements and transactions (a run with
    ``[database] connection_debug = 50``, its log counted) per LCM
    operation, noop driver;
 e) 5xx answers and spurious rollbacks at 32 concurrent LCM clients;

then all of them as a table, one column per database, with what this
machine takes for a fixed piece of Python work and for a round trip to
another process (figures of two machines compare only relative to
them).

Seeding creates --instances instances through the API (32 concurrent
POSTs); the same number of op occurrences is inserted with SQL, copies of
one the API made (through the API they would take hours). With --state
DIR the database (the SQLite file in DIR, or a server database named in
DIR/scale-state.json) and the package store are kept: a later run with
the same DIR, e.g. after an upgrade, runs ``tacker-db-manage upgrade
head`` and measures on the same data without seeding again (with --db
all, DIR/<db> per database). After seeding, PostgreSQL and MariaDB are
ANALYZEd, as autovacuum or InnoDB would soon do:

    .venv/bin/python benchmarks/scale.py [--db sqlite|postgresql|mariadb|all]
        [--instances 2000] [--state DIR] [--seconds 10] [--samples 200]
        [--creates 2000] [--cycles 100] [--sql-cycles 10] [--storm 128]
        [--figures abcde]

``--state DIR --drop-state`` removes a kept deployment (its server
database too).
"""
import argparse
import pathlib

import scale_deploy
import scale_figures
import scale_seed


def state_directory(db, args):
    """Where ``db``'s deployment is kept, or None."""
    if args.state and args.db == 'all':
        return pathlib.Path(args.state) / db
    return args.state


def measure(db, args):
    """Seed (unless kept) and measure one database: [(label, value)]."""
    state_dir = state_directory(db, args)
    with scale_deploy.deployment(db, state_dir) as (deploy, state):
        if state.seed is None:
            scale_seed.seed(deploy, state, args.instances)
        else:
            print('reusing the data seeded in %s: %d instances, %d op '
                  'occurrences' % (state_dir, state.seed['instances'],
                                   state.seed['op_occs']), flush=True)
        seed = state.seed
        figures = [('seeded instances / op occs (op occs by SQL)',
                    '%d / %d' % (seed['instances'], seed['op_occs']), '')]
        # Measured once the database server is idle (after seeding,
        # PostgreSQL and MariaDB work on for minutes).
        scale_deploy.checkpoint(deploy)
        for label, value, detail in scale_figures.machine_speed():
            print('%s: %s (%s)' % (label, value, detail), flush=True)
            figures.append((label, value, detail))
        steps = (
            ('a', lambda: scale_figures.list_cpu(deploy, args.seconds)),
            ('b', lambda: scale_figures.latencies(deploy, seed,
                                                  args.samples)),
            ('c', lambda: scale_figures.creates(deploy, seed, args.creates)),
            ('d', lambda: scale_figures.conductor_cpu(deploy, seed,
                                                      args.cycles)),
            ('d', lambda: scale_figures.conductor_sql(deploy, seed,
                                                      args.sql_cycles)),
            ('e', lambda: scale_figures.lcm_storm(deploy, seed, args.storm)))
        for letter, step in steps:
            if letter not in args.figures:
                continue
            scale_deploy.checkpoint(deploy)
            for label, value, detail in step():
                print('%s [%s]: %s%s' % (label, db, value, ' (%s)' % detail
                                         if detail else ''), flush=True)
                figures.append((label, value, detail))
        return figures


def table(results):
    """The figures of every database side by side."""
    dbs = list(results)
    values = {db: {label: value for label, value, _ in figures}
              for db, figures in results.items()}
    labels = list(dict.fromkeys(
        label for figures in values.values() for label in figures))
    width = max(len(label) for label in labels)
    widths = [max([len(db)] + [len(v) for v in values[db].values()])
              for db in dbs]
    print('\n%-*s | %s' % (width, 'figure', ' | '.join(
        '%-*s' % pair for pair in zip(widths, dbs))))
    print('-' * width + '-+-' + '-+-'.join('-' * w for w in widths))
    for label in labels:
        print('%-*s | %s' % (width, label, ' | '.join(
            '%-*s' % (w, values[db].get(label, '-'))
            for w, db in zip(widths, dbs))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--db', default='sqlite',
                        choices=[*scale_deploy.BACKENDS, 'all'])
    parser.add_argument('--instances', type=int, default=2000,
                        help='instances (and op occurrences) to seed')
    parser.add_argument('--state', help='keep (or reuse) the seeded '
                        'deployment in this directory')
    parser.add_argument('--seconds', type=float, default=10.0,
                        help='duration of each list load of a)')
    parser.add_argument('--samples', type=int, default=200,
                        help='requests per query of b)')
    parser.add_argument('--creates', type=int, default=2000,
                        help='instances created (then deleted) for c)')
    parser.add_argument('--cycles', type=int, default=100,
                        help='LCM cycles at 8 clients for d) CPU')
    parser.add_argument('--sql-cycles', type=int, default=10,
                        help='LCM cycles, one at a time, for d) SQL')
    parser.add_argument('--storm', type=int, default=128,
                        help='LCM cycles at 32 clients for e)')
    parser.add_argument('--figures', default='abcde',
                        help='which figures to measure, e.g. ad')
    parser.add_argument('--drop-state', action='store_true',
                        help='only remove the deployment kept in --state')
    args = parser.parse_args()

    dbs = scale_deploy.BACKENDS if args.db == 'all' else [args.db]
    if args.drop_state:
        for db in dbs:
            directory = state_directory(db, args)
            if (pathlib.Path(directory) / scale_deploy.STATE_FILE).exists():
                scale_deploy.drop(directory)
                print('dropped %s' % directory)
        return
    results = {}
    for db in dbs:
        if not scale_deploy.reachable(db):
            print('%s: server not reachable, skipped' % db)
            continue
        print('== %s' % db, flush=True)
        results[db] = measure(db, args)
    if results:
        table(results)


if __name__ == '__main__':
    main()
