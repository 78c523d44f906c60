#!/usr/bin/env bash
# Run Tacker's whole test suite: unit tests, then functional tests against
# real tacker-server/tacker-conductor processes, RabbitMQ, SQLite, MariaDB
# and PostgreSQL. Installs and starts whatever of these is missing.
# Extra arguments go to pytest: a file or directory, -k healthcheck,
# --lf (the failures of the last run, from .pytest_cache). Without a path
# pytest runs setup.cfg's testpaths (tests/). A lint gate runs first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_venv
cd "$TOP"
# The lint gate: flake8 with OpenStack's hacking checks (settings in
# tox.ini) fails the run before any service starts or test runs.
log "lint: flake8"
"$VENV/bin/flake8" -j 2 || { log "lint failed: fix the lines above"; exit 1; }
ensure_rabbitmq
ensure_prometheus
ensure_sshd
ensure_ping
ensure_mariadb
ensure_postgresql
# Every backend was just made available: a test must not skip one.
export TACKER_TEST_REQUIRE_ALL_DBS=1

# loadscope keeps a module's tests on one worker: a deployment a module
# shares starts once, not on both.
"$VENV/bin/python" -m pytest -n 2 --dist loadscope "$@"
